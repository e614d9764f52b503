"""Which library article each row of the article list shows (filter, bookmarks, sort), and its marks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from warreader.ui.article_order import SORT_NAMES, ArticleView, article_order, article_rows
from warreader.ui.highlight import inert_line

if TYPE_CHECKING:
    from warreader.library import Library
    from warreader.ui.desk import Desk
    from warreader.ui.widgets.article_list import ArticleList

READ_MARK, BOOKMARK_MARK = "✓", "★"


class Listing:
    """The rows of ``widget`` over a library, and the read / bookmark marks drawn in them."""

    def __init__(self, widget: ArticleList, desk: Desk) -> None:
        self.widget = widget
        self.desk = desk
        self.rows: list[int] | None = None
        """Library index of each row (None: every article, in corpus order)."""
        self._row_by_index: dict[int, int] = {}

    def fill(self, library: Library, *, group: str | None, bookmarks_only: bool, sort: str) -> None:
        """List the articles mentioning ``group`` (None: all), bookmarked only or not, in ``sort`` order."""
        meta = None
        if group is not None or bookmarks_only or sort != "corpus":
            meta = article_rows(library)
        bookmarks = None
        marks = self.desk.reading_marks()
        if bookmarks_only and meta is not None and marks is not None:
            bookmarks = {m[5] for m in meta if marks.has("bookmarks", m[0], m[5])}
        self.rows = article_order(library, group=group, bookmarks=bookmarks, sort=sort, rows=meta)
        self._row_by_index = {index: row for row, index in enumerate(self.rows or [])}
        listing = self.widget
        listing.marker = self.marker
        if self.rows is None or meta is None:
            listing.fill(library.articles)
        else:
            listing.fill(ArticleView(library.articles, self.rows, {m[0]: m for m in meta}))
        shown, total = listing.row_count, len(library.articles)
        notes = []
        if group is not None:
            notes.append("mentioning " + inert_line(library.groups[group].name))
        if bookmarks is not None:
            notes.append("bookmarked")
        if sort != "corpus":
            notes.append(SORT_NAMES[sort])
        if notes:
            listing.border_title = Text(f"Articles ({shown:,} of {total:,}) · " + " · ".join(notes))

    def article_at_row(self, row: int) -> int:
        return row if self.rows is None else self.rows[row]

    def row_of(self, index: int) -> int | None:
        if self.rows is None:
            return index
        return self._row_by_index.get(index)

    def mark_open(self, index: int) -> None:
        """Show which article is open (its row, when the list shows it)."""
        row = self.row_of(index)
        self.widget.mark_open(-1 if row is None else row)

    def marker(self, row: int, path: str) -> Text | None:
        """The list's marker cell for the article on ``row``: bookmarked, read, or nothing."""
        marks = self.desk.reading_marks()
        if marks is None:
            return None
        index = self.article_at_row(row)
        bookmarked, read = marks.has("bookmarks", index, path), marks.has("read", index, path)
        mark = None
        if bookmarked:
            mark = Text(BOOKMARK_MARK, style="bold", end="")
        elif read:
            mark = Text(READ_MARK, style="dim", end="")
        if marks.moved:  # found at another path than it was saved with: save the new path
            marks.moved = False
            self.desk.save_soon()
        return mark
