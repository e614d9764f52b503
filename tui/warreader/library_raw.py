"""The raw data a library and its corrected views share, and how the views hand it out.

:class:`Raw` holds the articles, groups and index as extraction and grouping left them, and what
corrections read from them (raw walks, spellings, the raw mentions of a few groups in a few
articles): each read is an indexed query, never a scan of the corpus. :class:`CorrectedArticles`
hands out the raw articles, and copies with their effective mentions of those a correction changed.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple, overload

from warreader.model import Article, ArticleSequence, Group, Mention

if TYPE_CHECKING:
    from warreader.library_walk import Members, Walk
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
    """A group's article paths: the count is known, the paths are read when asked."""

    __slots__ = ("_count", "_load_paths", "_name", "_paths")

    def __init__(self, name: str, count: int, load: Callable[[], list[str]]) -> None:
        self._name, self._count, self._load_paths = name, count, load
        self._paths: list[str] | None = None

    @classmethod
    def of_index(cls, index: Index, group_id: str, count: int) -> GroupPaths:
        return cls(group_id, count, lambda: index.group_paths(group_id))

    def _load(self) -> list[str]:
        if self._paths is None:
            self._paths = self._load_paths()
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
        return f"GroupPaths({self._name!r}, {self._count})"


Row = tuple[int, str, str, str, str, str]


class IndexedArticles(ArticleSequence):
    """The articles of an index in reading order, read when asked and kept in a small LRU cache."""

    def __init__(self, index: Index, count: int, cache: int = CACHE_ARTICLES) -> None:
        self.store = index
        self._count = count
        self._cache: OrderedDict[int, Article] = OrderedDict()
        self._size = cache
        self._lock = threading.Lock()
        """Screens read articles in threads (who said what, the entity view) while the reader reads too."""

    def __len__(self) -> int:
        return self._count

    def _article(self, index: int) -> Article:
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

    def rows(self, start: int, stop: int) -> list[Row]:
        """(index, date, title, language, source, path) for a list, without reading bodies."""
        return self.store.rows(max(0, start), min(stop, self._count))


def _row(index: int, article: Article) -> Row:
    date = article.date.isoformat() if article.date else ""
    return (index, date, article.title, article.language, article.source, article.path)


Stop = tuple[int, int, int]  # article, start, raw mention index


class Member(NamedTuple):
    """One raw mention of a group (nested ones too), as extraction and grouping left it."""

    article: int
    idx: int
    start: int
    end: int
    kind: str
    text: str
    group: str


class Raw:
    """What a library and all its corrected views share: the raw articles, groups and index, and
    what was read from them (raw walks, raw mentions of groups, article paths)."""

    def __init__(
        self,
        articles: Sequence[Article],
        groups: dict[str, Group],
        index: Index | None,
        steps: dict[str, int],
    ) -> None:
        self.articles, self.groups, self.index, self.steps = articles, groups, index, steps
        self.lock = threading.Lock()
        self.walks: OrderedDict[str, Walk] = OrderedDict()
        """Raw walks read from the index (the last few groups asked)."""
        self.numbers: dict[str, tuple[int, int, int]] = {}
        """Group → (article, start, position) of the stop whose position was last asked."""
        self.counted: dict[str, Counter[str]] = {}
        self._form_rows: dict[int, tuple[str, str]] | None = None
        self.paths: dict[int, str] = {}
        self.by_group: dict[str, list[Stop]] = {}
        """Without an index: the stops of every group, from the articles in memory."""
        self._by_group: dict[str, Walk] = {}
        self._all_members: dict[str, list[Member]] | None = None
        if index is None:
            for ai, article in enumerate(articles):
                for mi, (mention, stop) in enumerate(
                    zip(article.mentions, step_flags(article.mentions), strict=True)
                ):
                    if stop and mention.group:
                        self.by_group.setdefault(mention.group, []).append((ai, mention.start, mi))

    def walk(self, group_id: str) -> Walk:
        """The raw stops of ``group_id`` in reading order."""
        from warreader.library_walk import Walk  # numpy: not at import, the app starts without it

        if self.index is None:
            walk = self._by_group.get(group_id)
            if walk is None:
                walk = self._by_group[group_id] = Walk.of(self.by_group.get(group_id, ()))
            return walk
        walk = self.walks.get(group_id)
        if walk is None:
            ords, idx, starts = self.index.walk_arrays(group_id)
            walk = Walk.from_arrays(ords, starts, idx)
            with self.lock:
                self.walks[group_id] = walk
                while len(self.walks) > 8:
                    self.walks.popitem(last=False)
        return walk

    def _members(self) -> dict[str, list[Member]]:
        """Without an index: every raw mention (nested ones too) by group, read once."""
        if self._all_members is None:
            found: dict[str, list[Member]] = {}
            for ai, article in enumerate(self.articles):
                for mi, m in enumerate(article.mentions):
                    if m.group:
                        member = Member(ai, mi, m.start, m.end, m.kind, m.text, m.group)
                        found.setdefault(m.group, []).append(member)
            self._all_members = found
        return self._all_members

    def _forms(self) -> dict[int, tuple[str, str]]:
        """Form id → (kind, text) of the index's forms (a few thousand), read once."""
        if self._form_rows is None:
            assert self.index is not None
            rows = self.index.conn.execute("SELECT id, kind, text FROM forms").fetchall()
            self._form_rows = {fid: (kind, text) for fid, kind, text in rows}
        return self._form_rows

    def counts(self, group_id: str) -> Counter[str]:
        """How often each spelling occurs among the raw mentions of ``group_id`` (nested ones too)."""
        if self.index is None:
            return Counter(m.text for m in self._members().get(group_id, ()))
        counts = self.counted.get(group_id)
        if counts is None:
            kind = self.groups[group_id].kind if group_id in self.groups else group_id.partition(":")[0]
            forms = self._forms()
            counts = Counter()
            for fid, number in self.index.form_counts(group_id):
                if fid in forms and forms[fid][0] == kind:
                    counts[forms[fid][1]] += number
            self.counted[group_id] = counts
        return counts

    def spelled(self, groups: Iterable[str], kind: str, folded: str) -> set[int]:
        """Articles with a raw mention of one of ``groups`` of ``kind`` spelled ``folded``."""
        groups = list(groups)
        if self.index is None:
            everything = self._members()
            return {
                m.article
                for g in groups
                for m in everything.get(g, ())
                if m.kind == kind and m.text.casefold() == folded
            }
        ids = [fid for fid, (k, text) in self._forms().items() if k == kind and text.casefold() == folded]
        if not ids or not groups:
            return set()
        return self.index.articles_with(ids, groups)

    def members(self, articles: Iterable[int], groups: Iterable[str]) -> Members:
        """The raw mentions (nested ones too) of ``groups`` in ``articles``, sorted."""
        from warreader.library_walk import Members

        wanted, ordered = set(groups), sorted(set(articles))
        if self.index is None:
            everything, chosen = self._members(), set(ordered)
            return Members.of([m for g in wanted for m in everything.get(g, ()) if m.article in chosen])
        return Members(*self.index.member_arrays(ordered, sorted(wanted)))

    def path(self, article: int) -> str:
        path = self.paths.get(article)
        if path is None:
            rows = getattr(self.articles, "rows", None)
            path = rows(article, article + 1)[0][5] if rows else self.articles[article].path
            self.paths[article] = path
        return path


class CorrectedArticles(ArticleSequence):
    """The articles of a corrected view: the raw ones, and copies with effective mentions of those
    where a correction changed some (worked out when an article is asked: ``effective`` gives the
    group of each mention here, None when no mention changed)."""

    def __init__(
        self, raw: Sequence[Article], effective: Callable[[Article], list[str | None] | None]
    ) -> None:
        self._raw, self._effective = raw, effective
        self._copies: OrderedDict[int, Article] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._raw)

    def _article(self, index: int) -> Article:
        article = self._raw[index]
        with self._lock:
            copy = self._copies.get(index)
        if copy is not None:
            return copy
        groups = self._effective(article)
        if groups is None:
            copy = article  # kept too: no need to look at its mentions again
        else:
            mentions = [
                m if g == m.group else replace(m, group=g)
                for m, g in zip(article.mentions, groups, strict=True)
                if g is not None
            ]
            copy = replace(article, mentions=mentions)
        with self._lock:
            self._copies[index] = copy
            while len(self._copies) > CACHE_ARTICLES:
                self._copies.popitem(last=False)
        return copy

    def rows(self, start: int, stop: int) -> list[Row]:
        """(index, date, title, language, source, path) for a list (corrections change none of them)."""
        rows = getattr(self._raw, "rows", None)
        if rows is not None:
            return list(rows(start, stop))
        return [_row(i, self._raw[i]) for i in range(max(0, start), min(stop, len(self._raw)))]


def display_name(kind: str, forms: Counter[str]) -> str:
    ranked = [form for form, _ in forms.most_common()]
    if kind == "speaker":
        full = [form for form in ranked if " " in form]
        if full:
            return full[0]
    return ranked[0]
