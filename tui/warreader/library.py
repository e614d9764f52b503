"""The loaded corpus: articles with mentions, variant groups, and the problems met on the way.

This is the one object the UI and the CLI consume. It knows nothing of Textual.

A library lives either in memory (built from a list of articles, as tests do) or over the
persistent index (:mod:`warreader.store.index`), where articles are read on demand (the
last few hundred kept) and stepping through mentions is an indexed query. Articles that
someone changed in memory (corrections) and then called :meth:`Library.reindex` are kept
("pinned") and take precedence over the index.
"""

from __future__ import annotations

import os
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

from warreader.corpus.article import Article, Mention
from warreader.corpus.problem import Problem

if TYPE_CHECKING:
    from warreader.store.index import Index, Progress

CACHE_ARTICLES = 256
"""Articles read from the index and kept in memory (least recently used go first)."""


@dataclass(slots=True)
class Group:
    """Surface forms of one place or person, across articles and languages."""

    id: str
    kind: str
    name: str
    variants: list[str]
    mentions: int
    articles: Sequence[str]
    """Paths of the articles that mention the group (read from the index on first use)."""
    detail: str = ""


@dataclass(slots=True, frozen=True)
class MentionRef:
    """Where one mention sits: the article's position in the library and the mention's index in it."""

    article: int
    mention: int


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
        article = self._cache.get(index)
        if article is not None:
            self._cache.move_to_end(index)
            return article
        article = self.store.article(index)
        if article is None:
            raise IndexError(f"article {index} is not in the index (changed by another process?)")
        self._cache[index] = article
        if len(self._cache) > self._size:
            self._cache.popitem(last=False)
        return article

    def __iter__(self) -> Iterator[Article]:
        for index in range(self._count):
            yield self[index]

    def pin_loaded(self) -> None:
        """Keep every article read so far (it may have been changed in memory)."""
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
        self._numbers: dict[str, tuple[int, int, int]] = {}
        """Group → (article, start, position) of the stop whose position was last asked."""
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

    def reindex(self) -> None:
        """Rebuild the group → mentions index from the articles in memory (after changing mentions)."""
        if isinstance(self.articles, IndexedArticles):
            self.articles.pin_loaded()
            held: Iterable[tuple[int, Article]] = sorted(self.articles.pinned.items())
        else:
            held = enumerate(self.articles)
        self._by_group = {}
        self._walk_cache.clear()
        for ai, article in held:
            for mi, (mention, stop) in enumerate(
                zip(article.mentions, step_flags(article.mentions), strict=True)
            ):
                if stop and mention.group:
                    self._by_group.setdefault(mention.group, []).append((ai, mention.start, mi))
        for stops in self._by_group.values():
            stops.sort()

    # -- queries -------------------------------------------------------------------------

    def mentions_of(self, group_id: str) -> list[MentionRef]:
        """All mentions of a group that n / N stop at, ordered by article then position."""
        held = self._held
        memory = [MentionRef(a, m) for a, _, m in self._by_group.get(group_id, [])]
        if held is None or self.index is None:
            return memory
        cached = self._walk_cache.get(group_id)
        if cached is None:
            stored = [(a, s, m) for a, m, s in self.index.walk(group_id) if a not in held]
            merged = sorted(stored + self._by_group.get(group_id, []))
            cached = [MentionRef(a, m) for a, _, m in merged]
            self._walk_cache[group_id] = cached
            if len(self._walk_cache) > 8:
                self._walk_cache.popitem(last=False)
        return cached

    def mention(self, ref: MentionRef) -> Mention:
        return self.articles[ref.article].mentions[ref.mention]

    def walk_count(self, group_id: str) -> int:
        """How many mentions of ``group_id`` n / N walk through."""
        if self.index is None:
            return len(self._by_group.get(group_id, ()))
        if not self._held:
            return self._steps.get(group_id, 0)
        return len(self.mentions_of(group_id))

    def mention_number(self, ref: MentionRef) -> tuple[int, int]:
        """(position from 1, total) of ``ref`` among the mentions of its group (0 if it is not a stop)."""
        mention = self.mention(ref)
        group = mention.group or ""
        total = self.walk_count(group)
        if self.index is not None and not self._held:
            return self._indexed_number(group, ref, mention.start), total
        refs = self.mentions_of(group)
        keys = [(r.article, r.mention) for r in refs]
        number = keys.index((ref.article, ref.mention)) + 1 if (ref.article, ref.mention) in keys else 0
        return number, total

    def _indexed_number(self, group: str, ref: MentionRef, start: int) -> int:
        """The position of a stop from the index: one step from the last one asked, else counted."""
        index = self.index
        assert index is not None
        here = (ref.article, ref.mention, start)
        if index.next_mention(group, ref.article, start - 1) != here:
            return 0  # not a stop (nested in a longer mention)
        last = self._numbers.get(group)
        number = None
        if last is not None:
            (article, offset, known) = last
            if (article, offset) == (ref.article, start):
                number = known
            elif index.next_mention(group, article, offset) == here:
                number = known + 1
            elif index.next_mention(group, article, offset, forward=False) == here:
                number = known - 1
        if number is None:
            # Counting the stops before this one reads a range of the index: at 100,000 articles,
            # the most mentioned entity has hundreds of thousands of them.
            number = index.count_before(group, ref.article, start) + 1
        self._numbers[group] = (ref.article, start, number)
        return number

    def _nearest(self, group_id: str, article: int, offset: int, forward: bool) -> Stop | None:
        """The first stop after (article, offset), or the last before it, without wrapping."""
        stops = self._by_group.get(group_id, [])
        if forward:
            i = bisect_right(stops, (article, offset, 1 << 62))
            memory = stops[i] if i < len(stops) else None
        else:
            i = bisect_left(stops, (article, offset, -1)) - 1
            memory = stops[i] if i >= 0 else None
        held = self._held
        if self.index is None or held is None:
            return memory
        a, o = article, offset
        while True:
            found = self.index.next_mention(group_id, a, o, forward)
            if found is None or found[0] not in held:
                break
            a, o = (found[0], 1 << 62) if forward else (found[0], -1)  # skip the pinned article
        stored = (found[0], found[2], found[1]) if found else None
        candidates = [s for s in (memory, stored) if s is not None]
        if not candidates:
            return None
        return min(candidates) if forward else max(candidates)

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
    from warreader.store.index import Index

    paths = list(paths)
    index = Index.for_paths(paths, rebuild=rebuild)
    report = index.sync(paths, progress=progress, workers=workers)
    problems = ([Problem(str(index.path), index.message)] if index.message else []) + report.problems
    return Library.from_index(index, problems + index.problems())
