"""The loaded corpus: articles with mentions, variant groups, and the problems met on the way.

This is the one object the UI and the CLI consume. It knows nothing of Textual.

A library lives either in memory (built from a list of articles, as tests do) or over the
persistent index (:mod:`warreader.store.index`), where articles are read on demand (the
last few hundred kept) and stepping through mentions is an indexed query.

A library is read-only. The analyst's corrections are :class:`~warreader.model.Overrides` of the
raw grouping: :meth:`Library.overridden` (used by :func:`warreader.corrections.corrected`) gives a
new view of the same raw data and caches with one correction more; the view it came from is never
changed, so undoing a correction is taking the view before it (or the base view with the
correction left out). What a correction costs is proportional to the groups it touches: their
mentions (nested ones too) in the articles where they may change are read by indexed queries as
arrays (a merge: only where both groups are), their walks (:class:`~warreader.library_walk.Walk`)
and records worked out once in the view from the view before; every other group is counted and
stepped through the raw walks as before (the same objects). An article whose mentions the
overrides change is handed out as a copy with its effective mentions, worked out when it is
asked; every other article is the raw one.

Counting: :meth:`Library.mention_count` is the one count of a group's mentions that every view
shows (the entity panel, the status line, the entity view, who said what, the map, exports).
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from warreader.corpus.problem import Problem
from warreader.library_raw import (
    CACHE_ARTICLES as CACHE_ARTICLES,
)
from warreader.library_raw import (
    CorrectedArticles,
    GroupPaths,
    IndexedArticles,
    Raw,
    Stop,
    display_name,
)
from warreader.library_raw import step_flags as step_flags
from warreader.model import (
    REJECT_KIND,
    Article,
    Correction,
    Group,
    Mention,
    MentionRef,
    Overrides,
    split_id,
)

if TYPE_CHECKING:
    from warreader.ingest.progress import Progress
    from warreader.library_walk import Walk
    from warreader.store.index import Index
    from warreader.store.pg.location import Location


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
        self.raw = Raw(articles, groups, index, steps or {})
        self.articles: Sequence[Article] = articles
        self.groups = groups
        self.problems: list[Problem] = problems if problems is not None else []
        self.index = index
        """The index this library reads from (None: everything is in memory)."""
        self.overrides = Overrides()
        self.base = self
        """The uncorrected view of the same raw data."""
        self.changed = 0
        """How many mentions the last correction moved or removed (0 in a base view)."""
        self._walks: dict[str, Walk] = {}
        """Walks of the groups corrections touched (raw mention indexes; [] for a group emptied)."""
        self._counts: dict[str, Counter[str]] = {}
        """Spellings of the touched groups and how often each occurs."""
        self._from: dict[str, frozenset[str]] = {}
        """Touched group → the raw groups whose mentions may be its mentions here."""
        self._rejected: dict[int, list[int]] = {}
        """Article → raw indexes of its mentions that are no highlights (sorted)."""
        self._memo: dict[tuple[str | None, str, str, str], str | None] = {}
        """(raw group, kind, spelling, path) → the group a mention is shown in here."""
        self._refs: dict[str, list[MentionRef]] = {}

    @classmethod
    def from_index(cls, index: Index, problems: list[Problem] | None = None) -> Library:
        """A library that reads ``index`` on demand."""
        groups: dict[str, Group] = {}
        steps: dict[str, int] = {}
        for gid, kind, name, variants, mentions, walk, count, detail in index.groups():
            groups[gid] = Group(
                gid, kind, name, variants, mentions, GroupPaths.of_index(index, gid, count), detail
            )
            steps[gid] = walk
        return cls(IndexedArticles(index, index.article_count()), groups, problems, index=index, steps=steps)

    # -- corrected views ------------------------------------------------------------------

    def spellings(self, group_id: str) -> Counter[str]:
        """How often each spelling occurs among the mentions of ``group_id`` here (nested ones too)."""
        counts = self._counts.get(group_id)
        if counts is None:
            return self.raw.counts(group_id) if group_id in self.raw.groups else Counter()
        return counts

    def _sources(self, group_id: str) -> frozenset[str]:
        """The raw groups whose mentions may be ``group_id``'s here."""
        return self._from.get(group_id, frozenset((group_id,)))

    def path_of(self, article: int) -> str:
        return self.raw.path(article)

    def overridden(self, rule: Correction, moved: Iterable[str] = ()) -> Library:
        """A new view of the same raw data with this view's overrides and ``rule`` (resolved to the
        group ids of this view), which may move or remove the mentions of the groups ``moved``.
        This view is not changed. The new view's :attr:`changed` says how many mentions moved."""
        import numpy as np  # not at import: the app starts without it

        from warreader.library_walk import Walk, distinct

        view = Library.__new__(Library)
        vars(view).update(vars(self))
        view.overrides = self.overrides.plus([rule])
        view.groups, view._refs, view.changed, view._memo = dict(self.groups), {}, 0, {}
        view.articles = CorrectedArticles(self.raw.articles, view._effective_groups)
        view._walks, view._counts, view._from = dict(self._walks), dict(self._counts), dict(self._from)
        moved = list(dict.fromkeys(moved))
        target = {"merge": rule.into, "split": split_id(rule.group, rule.spelling)}.get(rule.action)
        involved = [*moved, *([target] if target and target not in moved else [])]
        sources = frozenset().union(*(self._sources(g) for g in involved))
        if rule.action == "rename":
            if rule.group in view.groups:
                view.groups[rule.group] = replace(view.groups[rule.group], name=rule.name)
            return view
        if rule.action == "merge":
            # Only the articles where both groups are need their mentions read: elsewhere the
            # stops of the one merged move as they are (at 100k, a merge into the most mentioned
            # entity reads 12,000 articles instead of 19,000, and none of the 640,000 stops one by one).
            merged, into = self._walk(rule.group), self._walk(rule.into)
            articles = np.intersect1d(
                distinct(merged.articles()), distinct(into.articles()), assume_unique=True
            )
            walks, _ = view._moved(self, articles, involved, sources)
            walks[rule.into] = walks[rule.into].plus(merged.without(articles))
            walks[rule.group] = Walk.empty()
            counts = {
                rule.into: self.spellings(rule.into) + self.spellings(rule.group),
                rule.group: Counter(),
            }
            view.changed = sum(self.spellings(rule.group).values())
        else:
            kind = REJECT_KIND.get(rule.action) or self.groups[rule.group].kind
            found = self.raw.spelled(sources, kind, rule.spelling.casefold())
            if rule.article:
                found = {a for a in found if self.path_of(a) == rule.article}
            articles = np.array(sorted(found), dtype=np.int64)
            walks, counts = view._moved(self, articles, involved, sources)
        for group in involved:
            walk = view._walks[group] = walks[group]
            view._counts[group] = counts[group]
            if not len(walk):
                view.groups.pop(group, None)
                continue
            view._from[group] = sources if group == target else self._sources(group)
            view.groups[group] = view._record(
                group, walk, counts[group], self.groups.get(group) or self.groups.get(rule.group)
            )
        return view

    def _moved(
        self, before: Library, articles: Any, involved: list[str], sources: frozenset[str]
    ) -> tuple[dict[str, Walk], dict[str, Counter[str]]]:
        """The walks and spellings of ``involved`` here, from ``before`` (the view this one is made
        from) and the raw mentions of ``sources`` in ``articles`` (sorted), the only articles where
        they may differ; counts :attr:`changed` and the mentions that are no highlights any more."""
        import numpy as np

        from warreader.library_walk import Members, spelled_in, stops_among

        members = self.raw.members(articles.tolist(), sources) if len(articles) else Members.empty()
        combos = members.combos
        code = {g: n for n, g in enumerate(involved)}
        if any(path for _, _, path in self.overrides.rejected):  # some depend on the article too
            paths = {a: self.path_of(a) for a in np.unique(members.article).tolist()}
            pairs = [
                (c, paths[a]) for c, a in zip(members.combo.tolist(), members.article.tolist(), strict=True)
            ]
            seen = {
                (c, path): (
                    before.overrides.effective(g, k, t, path),
                    self.overrides.effective(g, k, t, path),
                )
                for c, path in set(pairs)
                for g, k, t in (combos[c],)
            }
            was_g = [seen[pair][0] for pair in pairs]
            now_g = [seen[pair][1] for pair in pairs]
            was = np.array([code.get(g, -1) if g else -2 for g in was_g], dtype=np.int64)
            now = np.array([code.get(g, -1) if g else -2 for g in now_g], dtype=np.int64)
            moved = np.array([a != b for a, b in zip(was_g, now_g, strict=True)], dtype=bool)
        else:
            was_g = [before.overrides.effective(*combo) for combo in combos]
            now_g = [self.overrides.effective(*combo) for combo in combos]
            pick = members.combo
            was = np.array([code.get(g, -1) if g else -2 for g in was_g], dtype=np.int64)[pick]
            now = np.array([code.get(g, -1) if g else -2 for g in now_g], dtype=np.int64)[pick]
            moved = np.array([a != b for a, b in zip(was_g, now_g, strict=True)], dtype=bool)[pick]
        self.changed = int(moved.sum())
        gone = np.flatnonzero((now == -2) & (was != -2))
        if len(gone):
            added: dict[int, set[int]] = {}
            for article, idx in zip(members.article[gone].tolist(), members.idx[gone].tolist(), strict=True):
                added.setdefault(article, set()).add(idx)
            self._rejected = dict(self._rejected)
            for article, idxs in added.items():  # the lists of the view before are not changed
                self._rejected[article] = sorted(idxs.union(self._rejected.get(article, ())))
        walks: dict[str, Walk] = {}
        counts: dict[str, Counter[str]] = {}
        for group, n in code.items():
            mine = now == n
            stops = stops_among(*(column[mine] for column in members[:4]))
            walks[group] = before._walk(group).without(articles).plus(stops)
            spelled = before.spellings(group) - spelled_in(members, was == n)
            spelled.update(spelled_in(members, mine))
            counts[group] = spelled
        return walks, counts

    def _effective_groups(self, article: Article) -> list[str | None] | None:
        """The group of each mention of the raw ``article`` here (None: no highlight), or None when
        every mention is in its raw group."""
        overrides = self.overrides
        moves, rejected = overrides.moves, bool(overrides.rejected)
        path = article.path if any(p for _, _, p in overrides.rejected) else ""
        memo, groups, changed = self._memo, [], False
        for m in article.mentions:
            group: str | None = m.group
            if rejected or group in moves:  # else a mention stays where it is
                key = (group, m.kind, m.text, path)
                if key in memo:
                    group = memo[key]
                else:
                    group = memo[key] = overrides.effective(m.group, m.kind, m.text, path)
                changed = changed or group != m.group
            groups.append(group)
        return groups if changed else None

    def _record(self, group: str, walk: Walk, forms: Counter[str], before: Group | None) -> Group:
        """The record of a touched group, from its walk and spellings here."""
        if before is None or before.id != group:  # a group a split makes: named after its first mention
            first = walk[0]
            kind, detail = (before.kind, before.detail) if before else (group.partition(":")[0], "")
            name = self.raw.articles[first[0]].mentions[first[2]].text
        else:
            kind, name, detail = before.kind, before.name, before.detail
            if name in before.variants and name not in forms:  # else a name chosen by a rename: kept
                name = display_name(kind, forms)
        name = self.overrides.name(group) or name
        articles = walk.distinct_articles()
        paths = GroupPaths(group, len(articles), lambda: [self.raw.path(a) for a in articles])
        return Group(group, kind, name, [f for f, _ in forms.most_common()], len(walk), paths, detail)

    # -- queries -------------------------------------------------------------------------

    def _walk(self, group_id: str) -> Walk:
        """The stops of a group in reading order (raw mention indexes)."""
        walk = self._walks.get(group_id)
        return self.raw.walk(group_id) if walk is None else walk

    def _ref(self, article: int, idx: int) -> MentionRef:
        """A stop's raw mention index as an index into the article this view hands out."""
        rejected = self._rejected.get(article)
        return MentionRef(article, idx - bisect_left(rejected, idx) if rejected else idx)

    def _stepped(self, group_id: str) -> bool:
        """True when the walk of ``group_id`` is stepped through the index (an untouched group)."""
        return self.index is not None and group_id not in self._walks

    def mentions_of(self, group_id: str) -> list[MentionRef]:
        """All mentions of a group that n / N stop at, ordered by article then position."""
        refs = self._refs.get(group_id)
        if refs is None:
            refs = [self._ref(a, m) for a, _, m in self._walk(group_id)]
            with self.raw.lock:
                self._refs[group_id] = refs
                while len(self._refs) > 8:
                    self._refs.pop(next(iter(self._refs)))
        return refs

    def mentions_after(self, group_id: str, after: tuple[int, int] | None, limit: int) -> list[MentionRef]:
        """The next ``limit`` stops of ``group_id`` after (article, start) ``after`` (None: from the
        first), in reading order: a page of :meth:`mentions_of` that reads only that page from the
        index (a place of 100,000 articles has hundreds of thousands of stops)."""
        if not self._stepped(group_id):
            stops = self._walk(group_id)
            first = 0 if after is None else stops.after(after[0], after[1])
            return [self._ref(a, m) for a, _, m in stops[first : first + limit]]
        found: list[MentionRef] = []
        article, offset = after if after is not None else (-1, 0)
        while len(found) < limit:
            stop = self._nearest(group_id, article, offset, True)
            if stop is None:
                break
            article, offset = stop[0], stop[1]
            found.append(self._ref(stop[0], stop[2]))
        return found

    def stops_per_article(self, group_id: str) -> Counter[int]:
        """How many stops of ``group_id`` each article holds, from the walk alone (no article read;
        not kept: a big place's walk at 100,000 articles is hundreds of thousands of rows)."""
        if self._stepped(group_id):
            assert self.index is not None
            # one row per article (the most quoted speaker's 640,000 stops at 100,000 articles,
            # read as single stops, took 112 MB and 0.9 s)
            return Counter(self.index.stops_per_article(group_id))
        return Counter(self._walk(group_id).per_article())

    def mention(self, ref: MentionRef) -> Mention:
        return self.articles[ref.article].mentions[ref.mention]

    def mention_count(self, group_id: str) -> int:
        """How many mentions ``group_id`` has: the stops n / N walk through (a mention nested in a
        longer one of the same group is not counted). The one count every view and export shows."""
        if self._stepped(group_id):
            return self.raw.steps.get(group_id, 0)
        return len(self._walk(group_id))

    walk_count = mention_count
    """The former name of :meth:`mention_count` (the same function)."""

    def mention_number(self, ref: MentionRef) -> tuple[int, int]:
        """(position from 1, total) of ``ref`` among the mentions of its group (0 if it is not a stop)."""
        mention = self.mention(ref)
        group = mention.group or ""
        total = self.mention_count(group)
        if self._stepped(group):
            return self._indexed_number(group, ref, mention.start), total
        stops = self._walk(group)
        i = stops.before(ref.article, mention.start)
        found = i < len(stops) and stops[i][:2] == (ref.article, mention.start)
        return (i + 1 if found and self._ref(ref.article, stops[i][2]) == ref else 0), total

    def _indexed_number(self, group: str, ref: MentionRef, start: int) -> int:
        """The position of a stop from the index: one step from the last one asked, else counted."""
        index = self.index
        assert index is not None
        here = (ref.article, start)
        numbers = self.raw.numbers

        def at(found: tuple[int, int, int] | None) -> tuple[int, int] | None:
            return (found[0], found[2]) if found else None  # (article, start): the idx may be renumbered

        if at(index.next_mention(group, ref.article, start - 1)) != here:
            return 0  # not a stop (nested in a longer mention)
        last = numbers.get(group)
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
        numbers[group] = (ref.article, start, number)
        return number

    def _nearest(self, group_id: str, article: int, offset: int, forward: bool) -> Stop | None:
        """The first stop after (article, offset), or the last before it, without wrapping."""
        if self._stepped(group_id):
            assert self.index is not None
            found = self.index.next_mention(group_id, article, offset, forward)
            return (found[0], found[2], found[1]) if found else None
        stops = self._walk(group_id)
        if forward:
            i = stops.after(article, offset)
            return stops[i] if i < len(stops) else None
        i = stops.before(article, offset) - 1
        return stops[i] if i >= 0 else None

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
        return self._ref(found[0], found[2]) if found else None

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
        return self.index.search(query)

    def search_from(self, query: str, article: int, limit: int, forward: bool = True) -> list[int] | None:
        """The first ``limit`` articles of :meth:`search` after ``article`` (before it, nearest
        first, when not ``forward``), or None when :meth:`search` gives None."""
        if self.index is None or not any(ch.isalnum() for ch in query):
            return None
        return self.index.search_from(query, article, limit, forward)

    def texts(self, indexes: Iterable[int] | None = None) -> Iterator[tuple[int, str]]:
        """(index, body) of the articles ``indexes`` (None: every article), without their mentions."""
        if self.index is None:
            chosen = range(len(self.articles)) if indexes is None else indexes
            for index in chosen:
                yield index, self.raw.articles[index].body
            return
        yield from self.index.bodies(None if indexes is None else sorted(set(indexes)))

    def position(self, path: str) -> int | None:
        """The index of the first article read from ``path``, if any."""
        if self.index is not None:
            return self.index.position(path)
        return next((i for i, a in enumerate(self.raw.articles) if a.path == path), None)

    def close(self) -> None:
        if self.index is not None:
            self.index.close()


def load_library(
    paths: Sequence[str | os.PathLike[str]] | Iterable[str | os.PathLike[str]],
    *,
    rebuild: bool = False,
    progress: Callable[[Progress], None] | None = None,
    workers: int | None = None,
    location: Location | None = None,
) -> Library:
    """Read, extract and group a corpus, through its index in the cache folder (updated first), or
    in the PostgreSQL database at ``location``."""
    import sqlite3

    from warreader.ingest.sync import sync
    from warreader.store.files import is_damage
    from warreader.store.index import Index

    paths = list(paths)
    try:
        if location is not None:
            from warreader.store.pg.index import PgIndex

            index: Index = PgIndex(location, rebuild=rebuild, paths=paths)
        else:
            index = Index.for_paths(paths, rebuild=rebuild)
    except (OSError, sqlite3.OperationalError) as error:  # a cache folder that cannot be written
        return read_without_index(paths, f"the index cannot be written ({error}): reading without one")
    if getattr(index, "read_only", False):  # a PostgreSQL role that may not write: no sync
        return Library.from_index(index, [Problem(index.where, index.message), *index.problems()])
    for attempt in (1, 2):
        report = sync(index, paths, progress=progress, workers=workers)
        problems = ([Problem(index.where, index.message)] if index.message else []) + report.problems
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
