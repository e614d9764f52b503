"""What a screen may ask of the app: the one typed way screens reach the library and each other.

Screens never call ``self.app.<something>`` for the reader's own work; they ask :func:`desk_of`
for the :class:`Desk` (the running :class:`warreader.ui.app.WarReaderApp` implements it) and
mypy checks every call against this protocol.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from warreader.library import Library
    from warreader.model import MentionRef
    from warreader.reading_marks import Marks


class Desk(Protocol):
    """The library on screen and the actions that span screens."""

    @property
    def library(self) -> Library | None:
        """The loaded library (None while loading); read-only for screens."""
        ...

    def reader_mounted(self) -> None:
        """The reader screen's widgets are mounted: show the corpus (or that it is loading)."""
        ...

    def reading_marks(self) -> Marks | None:
        """Read marks and bookmarks over the loaded library."""
        ...

    def save_soon(self) -> None:
        """Write the reading state shortly (many marks in a row write once)."""
        ...

    def save_now(self) -> None:
        """Write the reading state now."""
        ...

    def show_unread(self, unread: int) -> None:
        """How many articles of the library are unread (the title bar says it)."""
        ...

    def save_watches(self, watches: list[dict[str, str]]) -> None:
        """Keep the watched entities and saved searches in the config file."""
        ...

    def remember(self, name: str, value: object) -> None:
        """A view setting changed (sort, bookmarks-only): keep it in the config file."""
        ...

    def select_entity(self, group_id: str | None, *, jump: bool = True) -> None:
        """Follow ``group_id`` in the reader (n / N walk its mentions)."""
        ...

    def show_mention(self, group_id: str, ref: MentionRef) -> None:
        """Follow ``group_id`` and show mention ``ref`` in the reader."""
        ...

    def copy_sentence(self, text: str) -> None:
        """Put ``text`` on the clipboard, on one line, and say so."""
        ...

    def open_link(self, url: str) -> None:
        """Open a web link in the browser (in a thread), saying so or why not."""
        ...

    def export_entity(self, group_id: str) -> None:
        """Ask for a format and a file, and export one entity."""
        ...

    def open_corrections(self, group_id: str | None) -> None:
        """The corrections menu for ``group_id`` (or the general one)."""
        ...

    def open_who_said(self, group_id: str | None = None) -> None:
        """Who said what, for one speaker or all of them."""
        ...


def desk_of(node: DOMNode) -> Desk:
    """The desk of the app ``node`` runs in."""
    return cast("Desk", node.app)
