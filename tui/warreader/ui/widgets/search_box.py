"""The search field of the reader."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input

from warreader.ui import keymap


class SearchBox(Input):
    """The search field; Enter finds the next match, Escape closes it."""

    BINDINGS = keymap.SEARCH

    class Closed(Message):
        """Escape in the search box."""

    def action_close(self) -> None:
        self.post_message(self.Closed())
