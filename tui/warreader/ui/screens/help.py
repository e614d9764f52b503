"""The help screen: every key of the reader, from :mod:`warreader.ui.keymap`."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
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


def help_table(columns: int = 1, keys: dict[str, str] | None = None) -> Table:
    """The key table shown on the help screen, its sections in one or two columns.

    ``keys`` (binding id → key, :func:`warreader.ui.keymap.live_keys`) are the keys as bound now;
    default: the default keys."""
    sections = keymap.help_sections(keys if keys is not None else keymap.bound_keys())
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
    """Modal list of keys as bound now (after config.toml's [keys]); Escape, q or ? closes it,
    j / k, the arrows, PgDn / PgUp and g / G scroll it."""

    BINDINGS: ClassVar[list[BindingType]] = list(keymap.HELP_SCREEN)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "warreader — keys"
            box.border_subtitle = "j / k, PgDn / PgUp, g / G scroll · Escape closes"
            yield Static(Text(INTRO), id="help-intro")
            columns = 2 if self.app.size.width >= WIDE else 1
            yield Static(help_table(columns, keymap.live_keys(self.app)), id="help-keys")
            yield Static(settings_note(), id="help-settings")

    def action_scroll(self, where: str) -> None:
        """Scroll the help: "up", "down", "page_up", "page_down", "home" or "end" (no animation)."""
        box = self.query_one("#help-box", VerticalScroll)
        page = max(1, box.scrollable_content_region.height - 1)
        step = {"up": -1, "down": 1, "page_up": -page, "page_down": page}
        if where == "home":
            box.scroll_to(y=0, animate=False)
        elif where == "end":
            box.scroll_to(y=box.max_scroll_y, animate=False)
        else:
            box.scroll_to(y=box.scroll_y + step[where], animate=False)
