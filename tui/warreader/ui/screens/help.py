"""The help screen: every key of the reader, from :mod:`warreader.ui.keymap`."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from warreader.ui import keymap

INTRO = (
    "warreader shows a corpus of war news. Places are underlined, speakers are bold, "
    "each in its own colour. The Entities panel groups the spellings of one place or "
    "person across articles and languages: select one, then press n / N to walk "
    "through its mentions in every article."
)


def help_table() -> Table:
    """The key table shown on the help screen."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for section, rows in keymap.HELP:
        table.add_row(Text(section, style="bold underline"), Text())
        for keys, description in rows:
            table.add_row(Text(keys), Text(description))
        table.add_row(Text(), Text())
    return table


class HelpScreen(ModalScreen[None]):
    """Modal list of keys; Escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "warreader — keys"
            box.border_subtitle = "Escape closes"
            yield Static(Text(INTRO), id="help-intro")
            yield Static(help_table(), id="help-keys")
