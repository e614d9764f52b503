"""The status line: one row of text that redraws without a layout pass."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widget import Widget

from warreader.ui.highlight import inert_line
from warreader.ui.widgets.entity_panel import MARKERS, plural

if TYPE_CHECKING:
    from warreader.model import Group
    from warreader.ui.search import TextSearch


class StatusLine(Widget):
    """Shows one line (a Rich ``Text``, never markup). Updating it repaints this row only:
    a Static's update asks for a new layout of the whole screen, one more frame per key."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text(end="")

    def update(self, text: Text) -> None:
        """Show ``text``; the same text again costs nothing (each key press sets the status)."""
        if text != self._text:
            self._text = text
            self.refresh()

    @property
    def text(self) -> Text:
        """The line shown."""
        return self._text

    def render(self) -> Text:
        line = self._text.copy()
        line.no_wrap, line.overflow = True, "ellipsis"
        return line


# -- what the reader's status line says --------------------------------------------------------

IDLE_STATUS = (
    "Select an entity (Enter or click in the Entities panel), then n / N walks its mentions"
    " across all articles · / search · ? help"
)


def search_status(query: str, search: TextSearch | None, match_index: int | None, on_match: bool) -> Text:
    """ "Search “query”: match 3/41": where n / N are in the search's matches."""
    status = Text(end="")
    status.append("Search ", style="bold")
    status.append("“" + inert_line(query) + "”")
    counting = search is not None and not search.complete
    total = f"{search.total:,}{'+ (counting…)' if counting else ''}" if search else "0"
    if match_index is not None:
        status.append(f": match {match_index + 1}/{total}")
    elif on_match and search is not None:
        status.append(f": a match of {total}")
    else:
        status.append(f": {total} matches")
    status.append("   n next · N previous · Esc stop", style="dim")
    return status


def entity_status(group: Group, position: tuple[int, int] | int) -> Text:
    """ "● mention 3/17 of Oleh Syniehubov (speaker)", or "17 mentions of …" before the first jump."""
    status = Text(end="")
    status.append(MARKERS.get(group.kind, "?") + " ", style="bold")
    if isinstance(position, tuple):
        number, count = position
        status.append(f"mention {number:,}/{count:,} of ")
    else:
        status.append(plural(position, "mention") + " of ")
    status.append(inert_line(group.name), style="bold")
    status.append(f" ({group.kind})")
    status.append("   n next · N previous · Esc stop following", style="dim")
    return status
