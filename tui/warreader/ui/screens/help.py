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


WIDE = 130
"""Terminals at least this wide show the keys in two columns."""


def _sections_table(sections: list[tuple[str, list[tuple[str, str]]]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for section, rows in sections:
        table.add_row(Text(section, style="bold underline"), Text())
        for keys, description in rows:
            table.add_row(Text(keys), Text(description))
        table.add_row(Text(), Text())
    return table


def help_table(columns: int = 1) -> Table:
    """The key table shown on the help screen, its sections in one or two columns."""
    sections = list(keymap.HELP)
    if columns < 2:
        return _sections_table(sections)
    sizes = [len(rows) + 2 for _, rows in sections]
    split, running = len(sections), 0
    for index, size in enumerate(sizes):
        if running + size > sum(sizes) / 2:
            split = max(1, index)
            break
        running += size
    grid = Table.grid(padding=(0, 4))
    grid.add_column()
    grid.add_column()
    grid.add_row(_sections_table(sections[:split]), _sections_table(sections[split:]))
    return grid


def settings_note() -> Text:
    """Where the settings and the saved state live (in general terms: the screen is the same everywhere)."""
    return Text(
        "Settings (theme, default paths, [keys] by binding id) are read from config.toml in your config "
        "folder; read marks, bookmarks and corrections are kept in your data folder. "
        "Ctrl+P → “Where are my settings?” shows both.",
        style="dim",
    )


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
            yield Static(help_table(2 if self.app.size.width >= WIDE else 1), id="help-keys")
            yield Static(settings_note(), id="help-settings")
