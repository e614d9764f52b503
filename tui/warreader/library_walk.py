"""A group's walk (the stops n / N go through, in reading order) as two numpy arrays, and the raw
mentions corrections read, as arrays too.

A walk of the most mentioned entity at 100,000 articles has 640,000 stops: as a list of tuples
it took 60 MB and a correction that touched it rebuilt it stop by stop (about a second). Here a
stop is one int64 key (article << 32 | start, so the order of the keys is reading order) and the
raw index of its mention; taking a few thousand articles out of a walk and putting their new
stops in is a few vectorised passes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple, overload

import numpy as np

Stop = tuple[int, int, int]  # article, start, raw mention index
SHIFT = 32
LOW = (1 << SHIFT) - 1


def key(article: int, offset: int) -> int:
    """The key of (article, offset) among the keys of a walk (an offset may be -1 or past the end)."""
    return (article << SHIFT) + offset


class Walk(Sequence[Stop]):
    """The stops of one group, sorted: (article, start, raw mention index) each."""

    __slots__ = ("idx", "keys")

    def __init__(self, keys: Any, idx: Any) -> None:
        self.keys, self.idx = keys, idx

    @classmethod
    def empty(cls) -> Walk:
        return cls(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))

    @classmethod
    def of(cls, stops: Iterable[Stop]) -> Walk:
        """A walk of ``stops`` (any order)."""
        rows = sorted(stops)
        if not rows:
            return cls.empty()
        table = np.array(rows, dtype=np.int64)
        return cls((table[:, 0] << SHIFT) + table[:, 1], table[:, 2].copy())

    @classmethod
    def from_arrays(cls, articles: Any, starts: Any, idx: Any) -> Walk:
        """A walk of stops given as arrays (any order)."""
        keys = (np.asarray(articles, dtype=np.int64) << SHIFT) + np.asarray(starts, dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        return cls(keys[order], np.asarray(idx, dtype=np.int64)[order])

    def __len__(self) -> int:
        return len(self.keys)

    def _stop(self, i: int) -> Stop:
        k = int(self.keys[i])
        return (k >> SHIFT, k & LOW, int(self.idx[i]))

    @overload
    def __getitem__(self, i: int) -> Stop: ...
    @overload
    def __getitem__(self, i: slice) -> list[Stop]: ...
    def __getitem__(self, i: int | slice) -> Stop | list[Stop]:
        if isinstance(i, slice):
            return Walk(self.keys[i], self.idx[i]).stops()
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        return self._stop(i)

    def stops(self) -> list[Stop]:
        keys = self.keys.tolist()
        return [(k >> SHIFT, k & LOW, i) for k, i in zip(keys, self.idx.tolist(), strict=True)]

    def __iter__(self) -> Iterator[Stop]:
        return iter(self.stops())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Walk):
            return bool(np.array_equal(self.keys, other.keys) and np.array_equal(self.idx, other.idx))
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Walk({len(self)} stops)"

    def articles(self) -> Any:
        """The articles of the stops, one per stop (sorted)."""
        return self.keys >> SHIFT

    def distinct_articles(self) -> list[int]:
        """The articles with a stop, in reading order."""
        return distinct(self.articles()).tolist()

    def per_article(self) -> dict[int, int]:
        """Article → how many stops it holds."""
        found, counts = np.unique(self.articles(), return_counts=True)
        return dict(zip(found.tolist(), counts.tolist(), strict=True))

    def after(self, article: int, offset: int) -> int:
        """How many stops are at or before (article, offset) (``bisect_right``)."""
        return int(np.searchsorted(self.keys, key(article, offset), side="right"))

    def before(self, article: int, offset: int) -> int:
        """How many stops are before (article, offset) (``bisect_left``)."""
        return int(np.searchsorted(self.keys, key(article, offset), side="left"))

    def without(self, articles: Any) -> Walk:
        """This walk without the stops in ``articles`` (a sorted int64 array)."""
        if not len(articles) or not len(self):
            return self
        mine = self.articles()
        at = np.minimum(np.searchsorted(articles, mine), len(articles) - 1)
        keep = articles[at] != mine
        return self if bool(keep.all()) else Walk(self.keys[keep], self.idx[keep])

    def only(self, articles: Any) -> Walk:
        """The stops of this walk in ``articles`` (a sorted int64 array)."""
        if not len(articles) or not len(self):
            return Walk.empty()
        mine = self.articles()
        at = np.minimum(np.searchsorted(articles, mine), len(articles) - 1)
        keep = articles[at] == mine
        return Walk(self.keys[keep], self.idx[keep])

    def plus(self, *others: Walk) -> Walk:
        """This walk and ``others`` as one (they hold stops of different articles)."""
        parts = [w for w in (self, *others) if len(w)]
        if len(parts) <= 1:
            return parts[0] if parts else self
        keys = np.concatenate([w.keys for w in parts])
        order = np.argsort(keys, kind="stable")  # sorted runs: merged, not sorted afresh
        return Walk(keys[order], np.concatenate([w.idx for w in parts])[order])


class Members(NamedTuple):
    """Raw mentions (nested ones too) as arrays, sorted by article then mention index; ``combo``
    points into ``combos``: (raw group, kind, text) of each."""

    article: Any
    idx: Any
    start: Any
    end: Any
    combo: Any
    combos: list[tuple[str, str, str]]

    @classmethod
    def empty(cls) -> Members:
        nothing = np.zeros(0, dtype=np.int64)
        return cls(nothing, nothing, nothing, nothing, nothing, [])

    @classmethod
    def of(cls, rows: Sequence[tuple[int, int, int, int, str, str, str]]) -> Members:
        """From (article, idx, start, end, kind, text, group) rows (any order)."""
        rows = sorted(rows)
        codes: dict[tuple[str, str, str], int] = {}
        combo = [codes.setdefault((g, kind, text), len(codes)) for _, _, _, _, kind, text, g in rows]
        ints = np.array([r[:4] for r in rows], dtype=np.int64).reshape(-1, 4)
        return cls(
            ints[:, 0], ints[:, 1], ints[:, 2], ints[:, 3], np.array(combo, dtype=np.int64), list(codes)
        )


def stops_among(article: Any, idx: Any, start: Any, end: Any) -> Walk:
    """Where n / N stop among the mentions of one group given as arrays sorted by (article, idx):
    those not nested in a longer one before them (the rule of :func:`step_flags`)."""
    if not len(article):
        return Walk.empty()
    # A mention is a stop when it starts at or after the end of every mention before it in its
    # article (keys carry the article, so the running maximum starts afresh in each one) ...
    ends = np.maximum.accumulate((article << SHIFT) + end)
    reach = np.concatenate(([-1], ends[:-1]))
    chosen = (article << SHIFT) + start >= reach
    if bool(((end > (reach & LOW)) & ~chosen & (reach >> SHIFT == article)).any()):
        # ... which is the rule as long as no mention passed over ends past the one it is in
        chosen = np.array(_stops_one_by_one(article, start, end), dtype=bool)
    return Walk.from_arrays(article[chosen], start[chosen], idx[chosen])


def _stops_one_by_one(article: Any, start: Any, end: Any) -> list[bool]:
    keep: list[bool] = []
    current, reach = -1, -1
    for a, s, e in zip(article.tolist(), start.tolist(), end.tolist(), strict=True):
        if a != current:
            current, reach = a, -1
        if s >= reach:
            reach = e
            keep.append(True)
        else:
            keep.append(False)
    return keep


def distinct(values: Any) -> Any:
    """The distinct values of a sorted array."""
    if not len(values):
        return values
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def spelled_in(members: Members, chosen: Any) -> Counter[str]:
    """How often each spelling occurs among the ``chosen`` (a mask) of ``members``."""
    found: Counter[str] = Counter()
    per_combo = np.bincount(members.combo[chosen], minlength=len(members.combos)).tolist()
    for (_, _, text), n in zip(members.combos, per_combo, strict=True):
        if n:
            found[text] += n
    return found
