"""What the workbench screens share."""

from __future__ import annotations

from textual.screen import Screen

from warreader.library import Library


class LibraryScreen(Screen[None]):
    """A full screen over the app's loaded library (opened only once a library is loaded)."""

    @property
    def library(self) -> Library:
        library = self.app.library  # type: ignore[attr-defined]
        assert library is not None
        return library
