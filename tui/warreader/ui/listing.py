"""Which library article each row of the article list shows (filter, bookmarks, sort), and its marks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text

from warreader.ui.article_order import SORT_NAMES, ArticleView, Meta, article_order, article_rows
from warreader.ui.highlight import inert_line
from warreader.ui.list_filters import ListFilter, keeps, killer
from warreader.ui.watching import WATCH_MARK
from warreader.wording import counted

if TYPE_CHECKING:
    from warreader.library import Library
    from warreader.stories import Stories
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
        self._meta: list[Meta] | None = None
        self._by_index: dict[int, Meta] = {}
        self._sorted: dict[str, list[Meta]] = {}
        self._mentioning: dict[str, set[int]] = {}
        self._meta_for: Library | None = None
        self._read: set[int] | None = None
        self.notes: list[str] = []
        """Why the list shows what it shows ("mentioning Kharkiv", "source dpa", …)."""
        self.watched: set[int] = set()
        """Unread articles a watch matches (marked ◉)."""
        self.only: tuple[set[int], str] | None = None
        """Just these articles, and why (a watch chosen in the Watched view)."""
        self.stories: Stories | None = None
        """Each story once: republications folded into their first article ("also in N sources")."""
        self.kill: list[dict[str, str]] = []
        """The killfile's rules (config.toml [[kill]]): articles they match are never listed."""

    def all_rows(self, library: Library) -> list[Meta]:
        """The columns of every article of ``library`` (read once per library)."""
        if self._meta is None or self._meta_for is not library:
            self._meta, self._meta_for, self._read = article_rows(library), library, None
            self._sorted, self._mentioning = {}, {}
            self._by_index = {m[0]: m for m in self._meta}
        return self._meta

    def sorted_rows(self, library: Library, sort: str) -> list[Meta]:
        """Every article's row in ``sort`` order (sorted once per library and order: s cycles
        through them without sorting the corpus again)."""
        rows = self.all_rows(library)
        if sort == "corpus":
            return rows
        if sort not in self._sorted:
            order = article_order(library, sort=sort, rows=rows) or []
            self._sorted[sort] = [self._by_index[i] for i in order]
        return self._sorted[sort]

    def mentioning(self, library: Library, group: str) -> set[int]:
        """The articles that mention ``group`` (found once per library and group)."""
        self.all_rows(library)
        if group not in self._mentioning:
            from warreader import analysis

            self._mentioning[group] = set(analysis.articles_mentioning(library, group))
        return self._mentioning[group]

    def read(self, library: Library) -> set[int]:
        """Which articles of ``library`` are read (worked out once per library, then kept up to date)."""
        meta = self.all_rows(library)
        if self._read is None:
            marks = self.desk.reading_marks()
            self._read = marks.marked("read", ((m[0], m[5]) for m in meta)) if marks is not None else set()
        return self._read

    def note_read(self, indexes: Iterable[int], now: bool) -> None:
        """Articles were marked read (``now``) or unread: the counts follow."""
        if self._read is not None:
            if now:
                self._read.update(indexes)
            else:
                self._read.difference_update(indexes)

    def unread(self, library: Library) -> int:
        return len(library.articles) - len(self.read(library))

    def fill(
        self,
        library: Library,
        *,
        group: str | None,
        bookmarks_only: bool,
        sort: str,
        chosen: ListFilter | None = None,
    ) -> None:
        """List the articles mentioning ``group`` (None: all), bookmarked only or not, passing
        ``chosen`` (source, language, dates, unread), in ``sort`` order."""
        chosen = chosen or ListFilter()
        killed = killer(self.kill)
        meta = None
        only = self.only
        if only is not None:
            chosen_rows = only[0]
            passes_first = killed

            def killed(m: Meta) -> bool:
                return m[0] not in chosen_rows or (passes_first is not None and passes_first(m))

        if group is not None or bookmarks_only or sort != "corpus" or chosen.active or killed or self.stories:
            meta = self.sorted_rows(library, sort)
        bookmarks = None
        marks = self.desk.reading_marks()
        if bookmarks_only and meta is not None and marks is not None:
            bookmarks = {m[5] for m in meta if marks.has("bookmarks", m[0], m[5])}
        keep = keeps(chosen, self.read(library)) if chosen.active else None
        hidden = 0
        if killed is not None and meta is not None:
            hidden = sum(1 for m in meta if killed(m)) if only is None else 0
            passes = keep
            keep = (
                (lambda m: not killed(m) and passes(m)) if passes is not None else (lambda m: not killed(m))
            )
        if group is not None:
            wanted, before = self.mentioning(library, group), keep
            keep = (
                (lambda m: m[0] in wanted and before(m)) if before is not None else (lambda m: m[0] in wanted)
            )
        self.rows = article_order(library, bookmarks=bookmarks, rows=meta, keep=keep)
        if self.rows is None and meta is not None and sort != "corpus":
            self.rows = [m[0] for m in meta]
        folded = 0
        if self.stories is not None and meta is not None:
            order = self.rows if self.rows is not None else [m[0] for m in meta]
            self.rows = self.stories.collapse(order)
            folded = len(order) - len(self.rows)
            meta = [self._also_in(m) for m in meta]
        self._row_by_index = {index: row for row, index in enumerate(self.rows or [])}
        listing = self.widget
        listing.marker = self.marker
        if self.rows is None or meta is None:
            listing.fill(library.articles)
        else:
            by_index = self._by_index if self.stories is None else {m[0]: m for m in meta}
            listing.fill(ArticleView(library.articles, self.rows, by_index))
        notes = []
        if group is not None:
            notes.append("mentioning " + inert_line(library.groups[group].name))
        if bookmarks is not None:
            notes.append("bookmarked")
        notes += chosen.describe()
        if folded:
            notes.append(f"each story once ({folded:,} republications folded)")
        if only is not None:
            notes.append(inert_line(only[1]))
        if hidden:
            notes.append(f"{hidden:,} hidden by the killfile")
        if sort != "corpus":
            notes.append(SORT_NAMES[sort])
        self.retitle(library, notes)

    def retitle(self, library: Library, notes: list[str] | None = None) -> None:
        """The list's title: how many articles it shows, how many are unread, and why."""
        if notes is not None:
            self.notes = notes
        shown, total = self.widget.row_count, len(library.articles)
        count = f"{shown:,} of {total:,}" if self.notes or shown != total else f"{total:,}"
        unread = self.unread(library)
        counts = [f"{unread:,} unread"] if unread != total else []
        self.widget.border_title = Text(" · ".join([f"Articles ({count})", *self.notes, *counts]))

    def _also_in(self, row: Meta) -> Meta:
        """``row`` with "also in N sources" after its title when other outlets published its story."""
        stories = self.stories
        others = stories.also_in(row[0]) if stories is not None else 0
        if not others:
            return row
        index, date, title, language, source, path = row
        return (index, date, f"{title}  · also in {counted(others, 'source')}", language, source, path)

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
        elif index in self.watched and not read:
            mark = Text(WATCH_MARK, style="bold", end="")
        elif read:
            mark = Text(READ_MARK, style="dim", end="")
        if marks.moved:  # found at another path than it was saved with: save the new path
            marks.moved = False
            self.desk.save_soon()
        return mark
