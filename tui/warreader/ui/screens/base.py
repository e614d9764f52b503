"""What the workbench screens share."""

from __future__ import annotations

from textual.screen import Screen

from warreader.library import Library
from warreader.ui.desk import Desk, desk_of
from warreader.ui.team import Sheltered


class LibraryScreen(Sheltered, Screen[None]):
    """A full screen over the app's loaded library (opened only once a library is loaded)."""

    @property
    def desk(self) -> Desk:
        """What the screen may ask of the app."""
        return desk_of(self)

    @property
    def library(self) -> Library:
        library = self.desk.library
        assert library is not None
        return library
