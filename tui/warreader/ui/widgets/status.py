"""The status line: one row of text that redraws without a layout pass."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


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
