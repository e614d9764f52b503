"""Stories of a library: the articles that tell one wire story, worked out once and cached.

The clustering itself is :mod:`warreader.nlp.duplicates` (pure); this module feeds it a library's
bodies, dates and sources and answers what a list needs: which article stands for its story, the
others that tell it, and in how many sources. Corrected views of one corpus share the raw bodies,
so they share one :class:`Stories` (computed on first use, in any thread).
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from warreader.library import Library
from warreader.model import parse_iso
from warreader.nlp.duplicates import clusters


@dataclass(frozen=True)
class Stories:
    """Clusters of articles (library indexes) that tell one story, each with its representative first
    (the earliest dated), and each article's source."""

    clusters: list[list[int]]
    sources: Sequence[str]
    _of: dict[int, int] = field(default_factory=dict, repr=False)
    _counts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        for number, members in enumerate(self.clusters):
            for index in members:
                self._of[index] = number
            # counted once per story: the list asks for every row, and one story may have thousands
            named = {self.sources[i] for i in members if self.sources[i]}
            self._counts.append(len(named) + sum(1 for i in members if not self.sources[i]))

    def members(self, index: int) -> list[int]:
        """The articles that tell article ``index``'s story, the representative first ([index] alone)."""
        number = self._of.get(index)
        return [index] if number is None else self.clusters[number]

    def representative(self, index: int) -> int:
        """The article that stands for ``index``'s story (``index`` itself when it is alone)."""
        return self.members(index)[0]

    def others(self, index: int) -> list[int]:
        """The other articles that tell ``index``'s story, in library order."""
        return [i for i in self.members(index) if i != index]

    def source_names(self, index: int) -> list[str]:
        """The distinct sources of ``index``'s story, in the order of :meth:`members` ("" when unknown)."""
        return list(dict.fromkeys(self.sources[i] for i in self.members(index)))

    def source_count(self, index: int) -> int:
        """In how many sources ``index``'s story was published (1 alone; articles without a source
        count as one source each)."""
        number = self._of.get(index)
        return 1 if number is None else self._counts[number]

    def also_in(self, index: int) -> int:
        """For "also in N sources": the story's sources other than article ``index``'s own."""
        return self.source_count(index) - 1

    def collapse(self, order: Iterable[int]) -> list[int]:
        """``order`` with each story shown once: at the place of its representative when the
        representative is in ``order``, else of its first member there."""
        order = list(order)
        if not self.clusters:
            return order
        present = set(order)
        shown: set[int] = set()
        kept = []
        for index in order:
            number = self._of.get(index)
            if number is None:
                kept.append(index)
                continue
            if number in shown:
                continue
            head = self.clusters[number][0]
            if head in present and head != index:
                continue  # the representative comes later in the order: shown there
            shown.add(number)
            kept.append(index)
        return kept

    def count(self, articles: Iterable[int]) -> int:
        """In how many stories ``articles`` fall (each article alone a story of its own)."""
        chosen = set(articles)
        inside = self._of.keys() & chosen  # only these need a look-up: usually few
        return len(chosen) - len(inside) + len({self._of[i] for i in inside})


def _meta(library: Library) -> tuple[list[dt.date | None], list[str]]:
    """Dates and sources of every article, without reading bodies when the index can list rows."""
    rows = getattr(library.articles, "rows", None)
    if callable(rows):
        listed = rows(0, len(library.articles))
        return [parse_iso(r[1]) for r in listed], [r[4] or "" for r in listed]
    articles = list(library.articles)
    return [a.date for a in articles], [a.source or "" for a in articles]


_CACHE: weakref.WeakKeyDictionary[object, Stories] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def compute_stories(library: Library) -> Stories:
    """The stories of ``library``, worked out now (no cache)."""
    dates, sources = _meta(library)
    bodies = [body for _index, body in library.texts()]
    return Stories(clusters(bodies, dates), sources)


def stories(library: Library) -> Stories:
    """The stories of ``library``: computed on the first call for its corpus, then the same object
    (for the library and every corrected view of it)."""
    key = library.raw
    with _LOCK:
        found = _CACHE.get(key)
        if found is None:
            found = _CACHE[key] = compute_stories(library)
    return found


def also_in(library: Library, index: int) -> int:
    """How many other sources publish article ``index``'s story (0: none; for "also in N sources")."""
    return stories(library).also_in(index)


def source_count(library: Library, index: int) -> int:
    """In how many sources article ``index``'s story was published (1: only its own)."""
    return stories(library).source_count(index)


def story_counter(library: Library, found: Stories) -> Callable[[str], int]:
    """``count(group_id)``: in how many stories of ``found`` the group's articles fall (a story
    republished by several outlets counted once), worked out once per group."""
    counted: dict[str, int] = {}

    def count(group_id: str) -> int:
        if group_id not in counted:
            counted[group_id] = found.count(ref.article for ref in library.mentions_of(group_id))
        return counted[group_id]

    return count
