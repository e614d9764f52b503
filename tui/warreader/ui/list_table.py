"""The article list's tables for one library, worked out once: every article's row, each sort order
as a list of indexes with its ranks, the articles of each source and language and their counts.

Everything here is a pure function of the rows, which never change for a library: :func:`warm`
can run in a thread and return fresh objects, which :meth:`RowTable.install` takes in on the
event loop's thread (the table itself is only ever changed there)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from warreader.ui.article_order import Meta, sort_order

SORTED = ("date", "source", "title")
"""The orders other than the corpus's, worked out in :func:`warm`."""
COLUMNS = (3, 4)
"""Row columns whose values the list can be narrowed to: language, source."""


def ranks(order: Sequence[int], size: int) -> list[int]:
    """Row of each index in ``order`` (indexes 0 … ``size`` - 1)."""
    rank = [0] * size
    for row, index in enumerate(order):
        rank[index] = row
    return rank


@dataclass(frozen=True)
class Warmed:
    """What :func:`warm` works out: orders, their ranks, indexes and counts by column value."""

    orders: dict[str, list[int]]
    ranks: dict[str, list[int]]
    having: dict[int, dict[str, list[int]]]
    counts: dict[int, Counter[str]]


def by_value(rows: Sequence[Meta], column: int) -> tuple[dict[str, list[int]], Counter[str]]:
    """Indexes (library order) of each value of ``column``, and how many, first seen first."""
    having: dict[str, list[int]] = {}
    for m in rows:
        having.setdefault(str(m[column]), []).append(m[0])
    return having, Counter({value: len(indexes) for value, indexes in having.items()})


def warm(rows: tuple[Meta, ...], sorts: Sequence[str] = SORTED) -> Warmed:
    """Every table :class:`RowTable` would otherwise work out on a key press (pure: ``rows`` are
    only read, the result is new)."""
    orders = {sort: sort_order(rows, sort) for sort in sorts}
    found = Warmed(orders, {sort: ranks(order, len(rows)) for sort, order in orders.items()}, {}, {})
    for column in COLUMNS:
        found.having[column], found.counts[column] = by_value(rows, column)
    return found


@dataclass
class RowTable:
    """One library's rows (``rows[i]`` is article ``i``'s) and what was worked out from them."""

    rows: tuple[Meta, ...]
    orders: dict[str, list[int]] = field(default_factory=dict)
    ranks: dict[str, list[int]] = field(default_factory=dict)
    having: dict[int, dict[str, list[int]]] = field(default_factory=dict)
    counts: dict[int, Counter[str]] = field(default_factory=dict)
    warming: bool = False
    """A thread is working out :func:`warm` for this table."""

    def install(self, found: Warmed) -> None:
        """Take in what a thread worked out (event loop's thread only); what a key press worked
        out meanwhile stays."""
        self.warming = False
        for sort, order in found.orders.items():
            self.orders.setdefault(sort, order)
            self.ranks.setdefault(sort, found.ranks[sort])
        for column, having in found.having.items():
            self.having.setdefault(column, having)
            self.counts.setdefault(column, found.counts[column])

    @property
    def warm(self) -> bool:
        return all(sort in self.orders for sort in SORTED) and all(c in self.having for c in COLUMNS)

    def order(self, sort: str) -> list[int]:
        """Every index in ``sort`` order (worked out now if no thread did it before)."""
        found = self.orders.get(sort)
        if found is None:
            every = sort == "corpus"  # rows[i] is article i's
            found = self.orders[sort] = list(range(len(self.rows))) if every else sort_order(self.rows, sort)
        return found

    def rank(self, sort: str) -> list[int]:
        """Row of each index in ``sort`` order."""
        found = self.ranks.get(sort)
        if found is None:
            found = self.ranks[sort] = ranks(self.order(sort), len(self.rows))
        return found

    def _column(self, column: int) -> None:
        if column not in self.having:
            self.having[column], self.counts[column] = by_value(self.rows, column)

    def with_value(self, column: int, value: str) -> list[int]:
        """Indexes (library order) of the articles whose ``column`` is ``value``."""
        self._column(column)
        return self.having[column].get(value, [])

    def counts_by(self, column: int, read: set[int]) -> list[tuple[str, int, int]]:
        """(value, articles, unread) for each value of ``column``, most first (as
        :func:`warreader.ui.list_filters.counts_by`, counting only the read articles)."""
        self._column(column)
        rows = self.rows
        total = self.counts[column]
        seen = Counter(str(rows[i][column]) for i in read if 0 <= i < len(rows))
        return [(value, count, count - seen[value]) for value, count in total.most_common()]
