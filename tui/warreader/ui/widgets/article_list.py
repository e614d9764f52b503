"""The article list: a virtualised table of date, title, language and source."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from warreader.corpus.article import Article
from warreader.ui import keymap
from warreader.ui.highlight import inert_line

OPEN_MARK = "▶"
FIXED_COLUMNS = (1, 10, 4, 20)  # open marker, date, language, source
MIN_TITLE = 24


def _cell(value: str, style: str = "") -> Text:
    """A table cell that is never parsed as markup (a plain ``str`` cell would be)."""
    return Text(inert_line(value), style=style, no_wrap=True, overflow="ellipsis", end="")


class ArticleList(DataTable[Text]):
    """One row per article; Enter or a click opens it (the app handles ``RowSelected``)."""

    BINDINGS = keymap.LIST

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            id=id, cursor_type="row", zebra_stripes=True, cursor_foreground_priority="renderable"
        )
        self._open: int | None = None
        self._articles: Sequence[Article] = ()
        self._title_width = 0

    def _fitted_title_width(self) -> int:
        """The title column takes the width the other columns leave (each cell has 1 cell of padding)."""
        available = self.scrollable_content_region.width or self.app.size.width - 4
        return max(MIN_TITLE, available - sum(FIXED_COLUMNS) - 2 * (len(FIXED_COLUMNS) + 1))

    def _add_columns(self) -> None:
        self._title_width = self._fitted_title_width()
        self.add_column(_cell(""), key="open", width=FIXED_COLUMNS[0])
        self.add_column(_cell("Date"), key="date", width=FIXED_COLUMNS[1])
        self.add_column(_cell("Title"), key="title", width=self._title_width)
        self.add_column(_cell("Lang"), key="language", width=FIXED_COLUMNS[2])
        self.add_column(_cell("Source"), key="source", width=FIXED_COLUMNS[3])

    def on_mount(self) -> None:
        self._add_columns()

    def on_resize(self) -> None:
        """Refit the title column to the new width (rebuilding the rows, keeping the cursor)."""
        if self._fitted_title_width() != self._title_width:
            cursor, opened = self.cursor_row, self._open
            self.fill(self._articles)
            if opened is not None:
                self.mark_open(opened)
            if 0 <= cursor < self.row_count:
                self.move_cursor(row=cursor)

    def on_click(self, event: events.Click) -> None:
        """One click opens an article (DataTable alone would only move the cursor to it)."""
        row = event.style.meta.get("row")
        if isinstance(row, int) and row >= 0 and row != self.cursor_row:
            self.call_later(self.action_select_cursor)  # after DataTable has moved the cursor

    def fill(self, articles: Sequence[Article]) -> None:
        """Replace the rows with ``articles`` (row keys are their indexes as strings)."""
        self.clear(columns=True)
        self._add_columns()
        self._articles = articles
        self._open = None
        for index, article in enumerate(articles):
            self.add_row(
                _cell(""),
                _cell(article.date.isoformat() if article.date else ""),
                _cell(article.title or "(untitled)"),
                _cell(article.language or ""),
                _cell(article.source or "", "dim"),
                key=str(index),
            )
        self.border_title = f"Articles ({len(articles)})"

    def mark_open(self, index: int) -> None:
        """Show which article is in the reading pane and put the cursor on it."""
        if self._open is not None and self._open < self.row_count:
            self.update_cell(str(self._open), "open", _cell(""))
        if 0 <= index < self.row_count:
            self.update_cell(str(index), "open", _cell(OPEN_MARK, "bold"))
            self.move_cursor(row=index)
            self._open = index
