"""Which library article each row of the article list shows (filter, bookmarks, sort), and its marks."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from contextlib import suppress
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text

from warreader.ui import collector
from warreader.ui.article_order import SORT_NAMES, ArticleView, Meta, article_rows
from warreader.ui.highlight import inert_line
from warreader.ui.list_filters import ListFilter, keeps, killer
from warreader.ui.list_table import RowTable, Warmed, warm
from warreader.ui.watching import WATCH_MARK
from warreader.wording import counted

if TYPE_CHECKING:
    from warreader.library import Library
    from warreader.stories import Stories
    from warreader.ui.desk import Desk
    from warreader.ui.widgets.article_list import ArticleList

READ_MARK, BOOKMARK_MARK = "✓", "★"
WARM_FROM = 2000
"""Libraries with at least this many articles get their sort orders worked out in a thread."""


class Listing:
    """The rows of ``widget`` over a library, and the read / bookmark marks drawn in them."""

    def __init__(self, widget: ArticleList, desk: Desk) -> None:
        self.widget = widget
        self.desk = desk
        self.rows: list[int] | None = None
        """Library index of each row (None: every article, in corpus order)."""
        self._row_by_index: dict[int, int] | None = None
        self._row_asked = 0
        self._rank: list[int] | None = None
        """Row of each index when the list shows every article in a sort order."""
        self._table: RowTable | None = None
        self._reading: Library | None = None
        """The library whose rows a thread is reading (see :meth:`read_rows_soon`)."""
        self._filled: Library | None = None
        """The library the list was last filled with."""
        self._mentioning: dict[str, frozenset[int]] = {}
        self._killed_by: tuple[str, frozenset[int]] | None = None
        self._killed_for: RowTable | None = None
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

    def table(self, library: Library) -> RowTable:
        """The rows of every article of ``library`` and what is worked out from them (read once per
        library; the sort orders and the articles of each source and language are then worked out
        in a thread, so that no key press sorts 57k rows)."""
        table = self._table
        if table is None or self._meta_for is not library:
            table = self._take_rows(library, tuple(article_rows(library)))  # rows[i]: article i's
        return table

    def _take_rows(self, library: Library, rows: tuple[Meta, ...], warmed: Warmed | None = None) -> RowTable:
        table = self._table = RowTable(rows)
        self._meta_for, self._read, self._mentioning = library, None, {}
        if warmed is None:
            self._warm(table)
        else:
            table.install(warmed)
        return table

    def has_rows(self, library: Library) -> bool:
        """Whether every row of ``library`` has been read (its table is there)."""
        return self._table is not None and self._meta_for is library

    def read_rows_soon(self, library: Library) -> None:
        """Read every row of a large ``library`` (and work out its orders) in a thread.

        A list of every article in corpus order draws only the rows on screen, a page at a time,
        so the first frame does not wait for 100k rows (0.24 s at 100k, 2.4 s at 1M); the counts
        that need every row (unread) follow when they are read. A key that needs them first
        reads them itself (:meth:`table`)."""
        widget = self.widget
        if self.has_rows(library) or self._reading is library or not widget.is_attached:
            return
        self._reading = library
        app = widget.app

        def take(found: tuple[tuple[Meta, ...], Warmed]) -> None:
            if self._reading is library:
                self._reading = None
            if self._filled is not library or self.has_rows(library):
                return  # another library is listed now, or a key read the rows meanwhile
            self._take_rows(library, *found)
            collector.settle()  # 100k rows are long-lived: kept out of later collections
            self.retitle(library)
            self.show_unread(library)

        def work() -> None:
            rows = tuple(article_rows(library))
            found = rows, warm(rows)
            with suppress(RuntimeError):  # the app has closed
                app.call_from_thread(take, found)

        widget.run_worker(work, name="list rows", group="list-rows", thread=True, exit_on_error=False)

    def _warm(self, table: RowTable) -> None:
        """Work out ``table``'s orders in a thread (pure, over rows that never change) and install
        them on the event loop's thread."""
        widget = self.widget
        if len(table.rows) < WARM_FROM or not widget.is_attached:
            return
        table.warming = True
        app = widget.app

        def work() -> None:
            found = warm(table.rows)
            with suppress(RuntimeError):  # the app has closed
                app.call_from_thread(table.install, found)

        widget.run_worker(work, name="list orders", group="list-orders", thread=True, exit_on_error=False)

    def all_rows(self, library: Library) -> tuple[Meta, ...]:
        """The columns of every article of ``library`` (read once per library)."""
        return self.table(library).rows

    def counts_by(self, library: Library, column: int) -> list[tuple[str, int, int]]:
        """(value, articles, unread) of each source (``column`` 4) or language (3), most first."""
        return self.table(library).counts_by(column, self.read(library))

    def mentioning(self, library: Library, group: str) -> frozenset[int]:
        """The articles that mention ``group`` (found once per library and group)."""
        self.table(library)
        found = self._mentioning.get(group)
        if found is None:
            from warreader import analysis

            found = self._mentioning[group] = frozenset(analysis.articles_mentioning(library, group))
        return found

    def prefetch(self, library: Library, group: str | None) -> None:
        """Find the articles mentioning ``group`` in a thread (f then lists them at once)."""
        self.table(library)
        widget = self.widget
        if group is None or group in self._mentioning or not widget.is_attached:
            return
        app, mentioning = widget.app, self._mentioning

        def install(found: frozenset[int]) -> None:
            if self._mentioning is mentioning:  # still the same library
                mentioning.setdefault(group, found)

        def work() -> None:
            from warreader import analysis

            found = frozenset(analysis.articles_mentioning(library, group))
            with suppress(RuntimeError):  # the app has closed
                app.call_from_thread(install, found)

        widget.run_worker(work, name="mentioning", group="list-mentioning", thread=True, exit_on_error=False)

    def read(self, library: Library) -> set[int]:
        """Which articles of ``library`` are read (worked out once per library, then kept up to date)."""
        if self._read is None:
            marks = self.desk.reading_marks()
            if marks is None or not marks.any_marked("read"):
                return set()  # nothing read yet: no row is needed (not kept: a mark may come)
            meta = self.all_rows(library)
            self._read = marks.marked("read", ((m[0], m[5]) for m in meta))
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

    def show_unread(self, library: Library) -> None:
        """The unread count in the title bar (once the rows it needs are read)."""
        unread = self.unread_now(library)
        if unread is not None:
            self.desk.show_unread(unread)

    def unread_now(self, library: Library) -> int | None:
        """The unread count when it needs no row not yet read (None: it follows, see
        :meth:`read_rows_soon`)."""
        if self._read is None and not self.has_rows(library):
            marks = self.desk.reading_marks()
            if marks is not None and marks.any_marked("read"):
                return None
        return self.unread(library)

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
        self._filled, only = library, self.only
        every = (
            only is None
            and group is None
            and not bookmarks_only
            and not chosen.active
            and not self.kill
            and self.stories is None
            and sort == "corpus"
        )
        if every and not self.has_rows(library) and len(library.articles) >= WARM_FROM:
            self.rows, self._row_by_index, self._row_asked, self._rank = None, None, 0, None
            self.widget.marker = self.marker
            self.widget.fill(library.articles)  # rows are read a page at a time as they are drawn
            # once the first frame is out: the thread holds the GIL about half the time it runs
            self.widget.call_after_refresh(self.read_rows_soon, library)
            self.retitle(library, [])
            return
        table, marks = self.table(library), self.desk.reading_marks()
        meta = table.rows
        killed = self._killed(table)
        bookmarks = None
        if bookmarks_only and marks is not None:
            bookmarks = {m[5] for m in meta if marks.has("bookmarks", m[0], m[5])}
        within: list[Collection[int]] = []  # the list shows only indexes in each of these
        if only is not None:
            within.append(only[0])
        if group is not None:
            within.append(self.mentioning(library, group))
        if chosen.source:
            within.append(table.with_value(4, chosen.source))
        if chosen.language:
            within.append(table.with_value(3, chosen.language))
        keep = keeps(replace(chosen, source="", language=""), self.read(library))
        if bookmarks is not None:
            keep = _and_bookmarked(keep, bookmarks)
        hidden = len(killed) if killed and only is None else 0
        if within or keep is not None or killed:
            self.rows = self._narrowed(table, sort, within, killed, keep)
        else:
            self.rows = None if sort == "corpus" else table.order(sort)
        folded = 0
        view_meta: Sequence[Meta] | dict[int, Meta] = meta
        if self.stories is not None:
            order = self.rows if self.rows is not None else table.order("corpus")
            self.rows = self.stories.collapse(order)
            folded = len(order) - len(self.rows)
            view_meta = {m[0]: self._also_in(m) for m in meta}
        self._row_by_index, self._row_asked = None, 0
        full = self.stories is None and self.rows is not None and self.rows is table.orders.get(sort)
        self._rank = table.ranks.get(sort) if full else None
        listing = self.widget
        listing.marker = self.marker
        if self.rows is None:
            listing.fill(library.articles)
        else:
            listing.fill(ArticleView(library.articles, self.rows, view_meta))
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

    def _killed(self, table: RowTable) -> frozenset[int]:
        """The articles the killfile's rules hide (found once per library and rules)."""
        if not self.kill:
            return frozenset()
        rules = repr(self.kill)
        if self._killed_by is None or self._killed_by[0] != rules or self._killed_for is not table:
            killed = killer(self.kill)
            assert killed is not None
            self._killed_by = rules, frozenset(m[0] for m in table.rows if killed(m))
            self._killed_for = table
        return self._killed_by[1]

    @staticmethod
    def _narrowed(
        table: RowTable,
        sort: str,
        within: list[Collection[int]],
        killed: frozenset[int],
        keep: Callable[[Meta], bool] | None,
    ) -> list[int]:
        """The indexes in ``sort`` order that are in each of ``within``, not ``killed`` and that
        ``keep`` keeps: from the smallest of ``within`` when it is small (sorted by rank), else
        by one pass over the sort order."""
        size = len(table.rows)
        if within:
            smallest = min(within, key=len)
            others = [w if isinstance(w, (set, frozenset)) else set(w) for w in within if w is not smallest]
            if len(smallest) * 8 < size:
                found = [i for i in smallest if 0 <= i < size]
                if sort == "corpus":
                    found.sort()
                else:
                    found.sort(key=table.rank(sort).__getitem__)
            else:
                chosen = smallest if isinstance(smallest, (set, frozenset)) else set(smallest)
                found = [i for i in table.order(sort) if i in chosen]
            for other in others:
                found = [i for i in found if i in other]
        else:
            found = table.order(sort)
        if killed:
            found = [i for i in found if i not in killed]
        if keep is not None:
            rows = table.rows
            found = [i for i in found if keep(rows[i])]
        return found if found is not table.orders.get(sort) else list(found)

    def retitle(self, library: Library, notes: list[str] | None = None) -> None:
        """The list's title: how many articles it shows, how many are unread, and why."""
        if notes is not None:
            self.notes = notes
        shown, total = self.widget.row_count, len(library.articles)
        count = f"{shown:,} of {total:,}" if self.notes or shown != total else f"{total:,}"
        unread = self.unread_now(library)
        counts = [f"{unread:,} unread"] if unread is not None and unread != total else []
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
        rows = self.rows
        if rows is None:
            return index
        if self._rank is not None:
            return self._rank[index] if 0 <= index < len(self._rank) else None
        if self._row_by_index is None:
            self._row_asked += 1
            if self._row_asked == 1:  # once per fill (the open article): no table of every row
                with suppress(ValueError):
                    return rows.index(index)
                return None
            self._row_by_index = {index: row for row, index in enumerate(rows)}
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


def _and_bookmarked(keep: Callable[[Meta], bool] | None, bookmarks: set[str]) -> Callable[[Meta], bool]:
    """``keep``, and the row's path is bookmarked."""
    if keep is None:
        return lambda m: m[5] in bookmarks
    return lambda m: m[5] in bookmarks and keep(m)
