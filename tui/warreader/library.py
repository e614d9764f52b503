"""The loaded corpus: articles with mentions, variant groups, and the problems met on the way.

This is the one object the UI and the CLI consume. It knows nothing of Textual.

A library lives either in memory (built from a list of articles, as tests do) or over the
persistent index (:mod:`warreader.store.index`), where articles are read on demand (the
last few hundred kept) and stepping through mentions is an indexed query. Articles that
someone changed in memory (corrections) and then called :meth:`Library.reindex` are kept
("pinned") and take precedence over the index.

What corrections cost is proportional to the groups they touch: :meth:`Library.reindex` is told
which groups' mentions changed (``touched``); only their walks are worked out in memory (once,
then kept). Every other group is counted and stepped through the index as if nothing had been
corrected (its stops in a pinned article are only renumbered there).

Counting: :meth:`Library.mention_count` is the one count of a group's mentions that every view
shows (the entity panel, the status line, the entity view, who said what, the map, exports).
"""

from __future__ import annotations

import os
import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, overload

from warreader.corpus.problem import Problem
from warreader.model import Article, Group, Mention, MentionRef

if TYPE_CHECKING:
    from warreader.ingest.progress import Progress
    from warreader.store.index import Index

CACHE_ARTICLES = 256
"""Articles read from the index and kept in memory (least recently used go first)."""


def step_flags(mentions: Sequence[Mention]) -> list[bool]:
    """For each mention: does n / N stop at it (it is not nested in a longer mention of its group)?"""
    reach: dict[str, int] = {}
    flags = []
    for mention in mentions:
        if not mention.group or mention.start < reach.get(mention.group, -1):
            flags.append(False)
            continue  # nested in a longer mention of the same entity ("Putin" in "Vladimir Putin")
        reach[mention.group] = mention.end
        flags.append(True)
    return flags


class GroupPaths(Sequence[str]):
    """A group's article paths: the count is known, the paths are read from the index when asked."""

    __slots__ = ("_count", "_group", "_index", "_paths")

    def __init__(self, index: Index, group_id: str, count: int) -> None:
        self._index, self._group, self._count = index, group_id, count
        self._paths: list[str] | None = None

    def _load(self) -> list[str]:
        if self._paths is None:
            self._paths = self._index.group_paths(self._group)
        return self._paths

    def __len__(self) -> int:
        return self._count if self._paths is None else len(self._paths)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        return self._load()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __contains__(self, value: object) -> bool:
        return value in self._load()

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    def __repr__(self) -> str:
        return f"GroupPaths({self._group!r}, {self._count})"


class IndexedArticles(Sequence[Article]):
    """The articles of an index in reading order, read when asked and kept in a small LRU cache."""

    def __init__(self, index: Index, count: int, cache: int = CACHE_ARTICLES) -> None:
        self.store = index
        self._count = count
        self._cache: OrderedDict[int, Article] = OrderedDict()
        self._size = cache
        self._lock = threading.Lock()
        """Screens read articles in threads (who said what, the entity view) while the reader reads too."""
        self.pinned: dict[int, Article] = {}
        """Articles that may have been changed in memory: never dropped, never read again."""

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Article: ...
    @overload
    def __getitem__(self, index: slice) -> list[Article]: ...
    def __getitem__(self, index: int | slice) -> Article | list[Article]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("article index out of range")
        pinned = self.pinned.get(index)
        if pinned is not None:
            return pinned
        with self._lock:
            article = self._cache.get(index)
            if article is not None:
                self._cache.move_to_end(index)
                return article
        article = self.store.article(index)
        if article is None:
            raise IndexError(f"article {index} is not in the index (changed by another process?)")
        with self._lock:
            known = self._cache.setdefault(index, article)
            if len(self._cache) > self._size:
                self._cache.popitem(last=False)
        return known

    def __iter__(self) -> Iterator[Article]:
        for index in range(self._count):
            yield self[index]

    def pin_loaded(self) -> None:
        """Keep every article read so far (it may have been changed in memory)."""
        with self._lock:
            self.pinned.update(self._cache)
            self._cache.clear()

    def rows(self, start: int, stop: int) -> list[tuple[int, str, str, str, str, str]]:
        """(index, date, title, language, source, path) for a list, without reading bodies."""
        rows = self.store.rows(max(0, start), min(stop, self._count))
        if self.pinned:
            rows = [_row(i, self.pinned[i]) if i in self.pinned else row for row in rows for i in (row[0],)]
        return rows


def _row(index: int, article: Article) -> tuple[int, str, str, str, str, str]:
    date = article.date.isoformat() if article.date else ""
    return (index, date, article.title, article.language, article.source, article.path)


Stop = tuple[int, int, int]  # article, start, mention index


class Library:
    """Articles, groups and problems, with the queries the reader needs (mention stepping, counts)."""

    def __init__(
        self,
        articles: Sequence[Article],
        groups: dict[str, Group],
        problems: list[Problem] | None = None,
        *,
        index: Index | None = None,
        steps: dict[str, int] | None = None,
    ) -> None:
        self.articles = articles
        self.groups = groups
        self.problems: list[Problem] = problems if problems is not None else []
        self.index = index
        """The index this library reads from (None: everything is in memory)."""
        self._steps = steps or {}
        self._by_group: dict[str, list[Stop]] = {}
        """Stops of the articles held in memory: all of them, or (over an index) the pinned ones."""
        self._walk_cache: OrderedDict[str, list[MentionRef]] = OrderedDict()
        self._lock = threading.Lock()
        self._numbers: dict[str, tuple[int, int, int]] = {}
        """Group → (article, start, position) of the stop whose position was last asked."""
        self.touched: set[str] = set()
        """Groups whose mentions were changed in memory (their walks differ from the index's)."""
        self._walks: dict[str, list[Stop]] = {}
        """Whole walks of the touched groups (index and memory merged), worked out when first asked."""
        self._held_stops: dict[tuple[str, int, int], int] = {}
        """(group, article, start) → mention index of the stops in pinned articles."""
        self.reindex()

    @classmethod
    def from_index(cls, index: Index, problems: list[Problem] | None = None) -> Library:
        """A library that reads ``index`` on demand."""
        groups: dict[str, Group] = {}
        steps: dict[str, int] = {}
        for gid, kind, name, variants, mentions, walk, count, detail in index.groups():
            groups[gid] = Group(gid, kind, name, variants, mentions, GroupPaths(index, gid, count), detail)
            steps[gid] = walk
        return cls(IndexedArticles(index, index.article_count()), groups, problems, index=index, steps=steps)

    # -- the in-memory part --------------------------------------------------------------

    @property
    def _held(self) -> dict[int, Article] | None:
        """Articles whose mentions live in memory (None: all of them)."""
        return self.articles.pinned if isinstance(self.articles, IndexedArticles) else None

    def reindex(self, touched: Iterable[str] = (), *, reset: bool = False) -> None:
        """Rebuild the group → mentions index from the articles in memory (after changing mentions).

        ``touched``: the groups whose mentions changed (over an index, only they are read again);
        ``reset``: every article is as the index has it again (after undoing every change).
        """
        if reset:
            self.touched.clear()
        self.touched.update(touched)
        if isinstance(self.articles, IndexedArticles):
            self.articles.pin_loaded()
            held: Iterable[tuple[int, Article]] = sorted(self.articles.pinned.items())
        else:
            held = enumerate(self.articles)
        self._by_group = {}
        self._walk_cache.clear()
        self._walks.clear()
        self._numbers.clear()
        for ai, article in held:
            for mi, (mention, stop) in enumerate(
                zip(article.mentions, step_flags(article.mentions), strict=True)
            ):
                if stop and mention.group:
                    self._by_group.setdefault(mention.group, []).append((ai, mention.start, mi))
        for stops in self._by_group.values():
            stops.sort()
        self._held_stops = (
            {(g, a, start): m for g, stops in self._by_group.items() for a, start, m in stops}
            if self.index is not None
            else {}
        )

    # -- queries -------------------------------------------------------------------------

    def _corrected(self, group_id: str) -> bool:
        """True when the walk of ``group_id`` is read from memory (no index, or a touched group)."""
        return self.index is None or group_id in self.touched

    def _walk(self, group_id: str) -> list[Stop]:
        """The stops of a touched group (or of any group without an index), in reading order."""
        if self.index is None:
            return self._by_group.get(group_id, [])
        walk = self._walks.get(group_id)
        if walk is None:
            held = self._held or {}
            stored = [(a, s, m) for a, m, s in self.index.walk(group_id) if a not in held]
            walk = self._walks[group_id] = sorted(stored + self._by_group.get(group_id, []))
        return walk

    def _renumbered(self, group_id: str, stop: tuple[int, int, int]) -> Stop:
        """A stop read from the index, (article, idx, start), as (article, start, mention index) in memory."""
        article, idx, start = stop
        return (article, start, self._held_stops.get((group_id, article, start), idx))

    def mentions_of(self, group_id: str) -> list[MentionRef]:
        """All mentions of a group that n / N stop at, ordered by article then position."""
        if self._corrected(group_id):
            return [MentionRef(a, m) for a, _, m in self._walk(group_id)]
        assert self.index is not None
        cached = self._walk_cache.get(group_id)
        if cached is None:
            stops = (self._renumbered(group_id, stop) for stop in self.index.walk(group_id))
            cached = [MentionRef(a, m) for a, _, m in stops]
            with self._lock:
                self._walk_cache[group_id] = cached
                while len(self._walk_cache) > 8:
                    self._walk_cache.popitem(last=False)
        return cached

    def mention(self, ref: MentionRef) -> Mention:
        return self.articles[ref.article].mentions[ref.mention]

    def mention_count(self, group_id: str) -> int:
        """How many mentions ``group_id`` has: the stops n / N walk through (a mention nested in a
        longer one of the same group is not counted). The one count every view and export shows."""
        if self._corrected(group_id):
            return len(self._walk(group_id))
        return self._steps.get(group_id, 0)

    walk_count = mention_count
    """The former name of :meth:`mention_count` (the same function)."""

    def mention_number(self, ref: MentionRef) -> tuple[int, int]:
        """(position from 1, total) of ``ref`` among the mentions of its group (0 if it is not a stop)."""
        mention = self.mention(ref)
        group = mention.group or ""
        total = self.mention_count(group)
        if not self._corrected(group):
            return self._indexed_number(group, ref, mention.start), total
        stops = self._walk(group)
        here = (ref.article, mention.start, ref.mention)
        i = bisect_left(stops, here)
        return (i + 1 if i < len(stops) and stops[i] == here else 0), total

    def _indexed_number(self, group: str, ref: MentionRef, start: int) -> int:
        """The position of a stop from the index: one step from the last one asked, else counted."""
        index = self.index
        assert index is not None
        here = (ref.article, start)

        def at(found: tuple[int, int, int] | None) -> tuple[int, int] | None:
            return (found[0], found[2]) if found else None  # (article, start): the idx may be renumbered

        if at(index.next_mention(group, ref.article, start - 1)) != here:
            return 0  # not a stop (nested in a longer mention)
        last = self._numbers.get(group)
        number = None
        if last is not None:
            (article, offset, known) = last
            if (article, offset) == (ref.article, start):
                number = known
            elif at(index.next_mention(group, article, offset)) == here:
                number = known + 1
            elif at(index.next_mention(group, article, offset, forward=False)) == here:
                number = known - 1
        if number is None:
            # Counting the stops before this one reads a range of the index: at 100,000 articles,
            # the most mentioned entity has hundreds of thousands of them.
            number = index.count_before(group, ref.article, start) + 1
        self._numbers[group] = (ref.article, start, number)
        return number

    def _nearest(self, group_id: str, article: int, offset: int, forward: bool) -> Stop | None:
        """The first stop after (article, offset), or the last before it, without wrapping."""
        if self._corrected(group_id):
            stops = self._walk(group_id)
            if forward:
                i = bisect_right(stops, (article, offset, 1 << 62))
                return stops[i] if i < len(stops) else None
            i = bisect_left(stops, (article, offset, -1)) - 1
            return stops[i] if i >= 0 else None
        assert self.index is not None
        found = self.index.next_mention(group_id, article, offset, forward)
        return self._renumbered(group_id, found) if found else None

    def step(self, group_id: str, article: int, offset: int, forward: bool = True) -> MentionRef | None:
        """The next (or previous) mention of ``group_id`` after (before) ``offset`` in ``article``.

        Wraps around the corpus; returns None when the group has no mentions.
        """
        found = self._nearest(group_id, article, offset, forward)
        if found is None:
            found = (
                self._nearest(group_id, -1, 0, True)
                if forward
                else self._nearest(group_id, len(self.articles), 0, False)
            )
        return MentionRef(found[0], found[2]) if found else None

    def refs_in(self, index: int) -> list[MentionRef]:
        """Mentions of article ``index`` that n / N stop at."""
        article = self.articles[index]
        flags = step_flags(article.mentions)
        return [
            MentionRef(index, mi)
            for mi, (mention, stop) in enumerate(zip(article.mentions, flags, strict=True))
            if stop and mention.group
        ]

    def groups_in(self, article: Article) -> list[Group]:
        ids = dict.fromkeys(m.group for m in article.mentions if m.group)
        return [self.groups[g] for g in ids if g in self.groups]

    def search(self, query: str) -> list[int] | None:
        """Articles that may contain ``query`` (from the full-text index), or None: look in every article."""
        if self.index is None or not any(ch.isalnum() for ch in query):
            return None
        found = self.index.search(query)
        held, listed = self._held or {}, set(found)
        extra = [i for i in held if i not in listed]
        return sorted(found + extra) if extra else found

    def texts(self, indexes: Iterable[int] | None = None) -> Iterator[tuple[int, str]]:
        """(index, body) of the articles ``indexes`` (None: every article), without their mentions."""
        held = self._held
        if self.index is None or held is None:
            chosen = range(len(self.articles)) if indexes is None else indexes
            for index in chosen:
                yield index, self.articles[index].body
            return
        wanted = None if indexes is None else sorted(set(indexes))
        for index, body in self.index.bodies(wanted):
            yield index, held[index].body if index in held else body

    def position(self, path: str) -> int | None:
        """The index of the first article read from ``path``, if any."""
        if self.index is not None:
            return self.index.position(path)
        return next((i for i, a in enumerate(self.articles) if a.path == path), None)

    def close(self) -> None:
        if self.index is not None:
            self.index.close()


def load_library(
    paths: Sequence[str | os.PathLike[str]] | Iterable[str | os.PathLike[str]],
    *,
    rebuild: bool = False,
    progress: Callable[[Progress], None] | None = None,
    workers: int | None = None,
) -> Library:
    """Read, extract and group a corpus, through its index in the cache folder (updated first)."""
    import sqlite3

    from warreader.ingest.sync import sync
    from warreader.store.files import is_damage
    from warreader.store.index import Index

    paths = list(paths)
    try:
        index = Index.for_paths(paths, rebuild=rebuild)
    except (OSError, sqlite3.OperationalError) as error:  # a cache folder that cannot be written
        return read_without_index(paths, f"the index cannot be written ({error}): reading without one")
    for attempt in (1, 2):
        report = sync(index, paths, progress=progress, workers=workers)
        problems = ([Problem(str(index.path), index.message)] if index.message else []) + report.problems
        try:
            return Library.from_index(index, problems + index.problems())
        except sqlite3.DatabaseError as error:  # damage that only reading found: rebuilt, once
            if attempt == 2 or not is_damage(error):
                raise
            index.recover(str(error))
    raise AssertionError("unreachable")


def read_without_index(paths: Sequence[str | os.PathLike[str]], why: str) -> Library:
    """Read and extract ``paths`` in memory (no index can be kept); ``why`` is the first problem."""
    from warreader.corpus.reader import read_articles
    from warreader.nlp.pipeline import extract_all
    from warreader.store.files import cache_dir

    problems = [Problem(str(cache_dir()), why)]
    articles = list(read_articles([os.fspath(p) for p in paths], problems))
    return Library(articles, extract_all(articles), problems)
