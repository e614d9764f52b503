"""The article list: date, title, language and source, one row per article, drawn only where visible.

A corpus can hold 100,000 articles, so the list never builds its rows up front (a DataTable
with 100,000 rows takes seconds to fill and to lay out): it knows how many rows there are and
reads the few it shows from the article sequence — through ``rows(start, stop)`` when the
sequence offers it (the index does, without reading bodies), else article by article.

It keeps the parts of the DataTable interface the app uses: ``row_count``, ``cursor_row``,
``move_cursor``, ``get_row_at``; it posts :class:`ArticleList.Chosen` when a row is chosen.
The marker column shows the open article (▶) and beside it the row's own mark (read ✓,
bookmarked ★), on the open row too; the marks come from :attr:`marker`, asked for each row as
it is drawn, so marking thousands of articles costs nothing until they scroll into view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from warreader.model import Article
from warreader.ui import keymap
from warreader.ui.highlight import inert_line
from warreader.ui.widgets.scrolling import LineView, text_strip

OPEN_MARK = "▶"
FIXED_COLUMNS = (2, 10, 4, 20)  # open marker and read / bookmark mark, date, language, source
MIN_TITLE = 24
COLUMNS = ("open", "date", "title", "language", "source")
HEADERS = ("", "Date", "Title", "Lang", "Source")
PAGE = 64
"""Rows read from the article sequence at a time."""

Row = tuple[str, str, str, str, str]  # date, title, language, source, path
Marker = Callable[[int, str], Text | None]
"""The mark (read, bookmarked) of the article on a row, read from a path (None: no mark)."""


def _cell(value: str, style: str = "") -> Text:
    """A cell that is never parsed as markup."""
    return Text(inert_line(value), style=style, no_wrap=True, overflow="ellipsis", end="")


class ArticleList(LineView, can_focus=True):
    """One row per article; Enter or a click opens it (the app handles :class:`ArticleList.Chosen`)."""

    @dataclass
    class Chosen(Message):
        """The user chose the article on row ``row`` (Enter or a click)."""

        article_list: ArticleList
        row: int

        @property
        def control(self) -> ArticleList:
            return self.article_list

    BINDINGS: ClassVar[list[BindingType]] = [
        *keymap.CURSOR,
        Binding("enter", "select_cursor", "Open", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "datatable--header",
        "datatable--cursor",
        "datatable--even-row",
        "datatable--odd-row",
    }
    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        overflow-x: hidden;
        overflow-y: auto;
        &:focus {
            background-tint: $foreground 5%;
            & > .datatable--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .datatable--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .datatable--even-row {
            background: $surface-darken-1 40%;
        }
        & > .datatable--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .datatable--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .datatable--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .datatable--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._articles: Sequence[Article] = ()
        self._count = 0
        self._cursor = 0
        self._open: int | None = None
        self._rows: dict[int, Row] = {}
        self._title_width = MIN_TITLE
        self.marker: Marker = lambda _row, _path: None
        """Gives the read / bookmark mark of a row (shown beside the open marker)."""

    # -- the DataTable-like interface --------------------------------------------------

    @property
    def row_count(self) -> int:
        return self._count

    @property
    def cursor_row(self) -> int:
        return self._cursor

    def fill(self, articles: Sequence[Article]) -> None:
        """Show ``articles`` (row ``i`` is ``articles[i]``); rows are read when they come into view."""
        grown = self._count > 0 and len(articles) >= self._count and articles is not self._articles
        self._articles = articles
        self._count = len(articles)
        self._rows = {}
        if not grown:
            self._open = None
            self._cursor = 0
            self.scroll_to(y=0, animate=False, immediate=True)
        else:
            self._cursor = min(self._cursor, max(0, self._count - 1))
        self._title_width = self._fitted_title_width()
        self.virtual_size = Size(self._line_width(), self._count + 1)
        self.border_title = f"Articles ({self._count:,})"
        self.refresh()

    def move_cursor(
        self, *, row: int | None = None, column: int | None = None, animate: bool = False
    ) -> None:
        if row is None or not self._count:
            return
        row = max(0, min(row, self._count - 1))
        if row != self._cursor:
            self._cursor = row
            self.refresh()
        self._scroll_cursor_visible()

    def get_row_at(self, row: int) -> list[Text]:
        """The cells of ``row``: marker, date, title, language, source."""
        if not 0 <= row < self._count:
            raise IndexError(f"row {row} is not in the list")
        date, title, language, source, path = self._row(row)
        marker = _cell(OPEN_MARK if row == self._open else " ", "bold")
        marker.append_text(self.marker(row, path) or _cell(" "))
        marker.rstrip()
        return [
            marker,
            _cell(date),
            _cell(title or "(untitled)"),
            _cell(language),
            _cell(source, "dim"),
        ]

    def mark_open(self, index: int) -> None:
        """Show which article is in the reading pane and put the cursor on it (-1: none shown)."""
        shown = index if 0 <= index < self._count else None
        if shown != self._open:
            self._open = shown
            self.refresh()
        if shown is not None:
            self.move_cursor(row=index)

    # -- rows ---------------------------------------------------------------------------

    def _row(self, row: int) -> Row:
        found = self._rows.get(row)
        if found is not None:
            return found
        if len(self._rows) > 4 * PAGE * 8:
            self._rows.clear()
        start = row - row % PAGE
        stop = min(self._count, start + PAGE)
        reader = getattr(self._articles, "rows", None)
        if callable(reader):
            for index, date, title, language, source, path in reader(start, stop):
                self._rows[index] = (date, title, language, source, path)
        else:
            for index in range(start, stop):
                article = self._articles[index]
                date = article.date.isoformat() if article.date else ""
                self._rows[index] = (
                    date,
                    article.title,
                    article.language or "",
                    article.source or "",
                    article.path,
                )
        return self._rows.get(row, ("", "", "", "", ""))

    # -- layout and drawing ----------------------------------------------------------------

    def _widths(self) -> tuple[int, ...]:
        marker, date, language, source = FIXED_COLUMNS
        return (marker, date, self._title_width, language, source)

    def _line_width(self) -> int:
        return sum(self._widths()) + 2 * len(COLUMNS) - 1

    def _fitted_title_width(self) -> int:
        """The title column takes the width the other columns leave (each cell has 1 cell of padding
        on either side, the marker column on its left only)."""
        available = self.scrollable_content_region.width or self.app.size.width - 4
        return max(MIN_TITLE, available - sum(FIXED_COLUMNS) - 2 * (len(FIXED_COLUMNS) + 1) + 1)

    def on_resize(self) -> None:
        width = self._fitted_title_width()
        if width != self._title_width:
            self._title_width = width
            self.virtual_size = Size(self._line_width(), self._count + 1)
            self.refresh()

    def _line(self, cells: Sequence[Text], style: Style, width: int) -> Strip:
        line = Text(end="", no_wrap=True)
        for column, (cell, cell_width) in enumerate(zip(cells, self._widths(), strict=True)):
            part = cell.copy()
            part.truncate(cell_width, overflow="ellipsis", pad=True)
            line.append(" ")
            line.append_text(part)
            if column:  # the marker's two cells sit against the date's padding
                line.append(" ")
        return text_strip(line, width, style, self.app.console)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("datatable--header")
            return self._line([_cell(h) for h in HEADERS], style, width)
        row = int(self.scroll_offset.y) + y - 1
        if not 0 <= row < self._count:
            return Strip.blank(width, base)
        if row == self._cursor:
            kind = "datatable--cursor"
        else:
            kind = "datatable--even-row" if row % 2 == 0 else "datatable--odd-row"
        return self._line(self.get_row_at(row), base + self.get_component_rich_style(kind), width)

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_cursor_visible(self) -> None:
        top = int(self.scroll_offset.y)
        visible = self._visible_rows()
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, immediate=True)
        elif self._cursor >= top + visible:
            self.scroll_to(y=self._cursor - visible + 1, animate=False, immediate=True)

    # -- keys and mouse ----------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self._cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self._cursor - 1)

    def action_page_down(self) -> None:
        self.move_cursor(row=self._cursor + self._visible_rows())

    def action_page_up(self) -> None:
        self.move_cursor(row=self._cursor - self._visible_rows())

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=self._count - 1)

    def action_select_cursor(self) -> None:
        if 0 <= self._cursor < self._count:
            row = self._cursor
            self.post_message(self.Chosen(self, row))

    def on_click(self, event: events.Click) -> None:
        """One click opens an article."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        row = int(self.scroll_offset.y) + offset.y - 1
        if 0 <= row < self._count:
            self.move_cursor(row=row)
            self.action_select_cursor()
