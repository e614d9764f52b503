"""A corrected view is worked out from the view before it (only the groups and articles a
correction touches); it must equal the corrections done from scratch on copies of the articles,
after every merge, split and undo, over the index and in memory."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from test_overrides import reference

from pg_server import Backend
from warreader.corpus.reader import read_articles
from warreader.corrections import corrected
from warreader.library import Library
from warreader.library_walk import Walk, stops_among
from warreader.model import Correction, split_id
from warreader.nlp.pipeline import extract_all

GENERATED = Path(__file__).resolve().parents[1] / "data" / "generated"


def agrees(view: Library, articles: list, rules: list[Correction]) -> None:
    """``view`` shows what the corrections ``rules`` done from scratch show."""
    expected = reference(articles, rules)
    assert [[(m.start, m.end, m.group) for m in a.mentions] for a in view.articles] == [
        [(m.start, m.end, m.group) for m in a.mentions] for a in expected.articles
    ]
    groups = {m.group for a in expected.articles for m in a.mentions if m.group}
    assert set(view.groups) == groups
    for group in groups:
        refs = expected.mentions_of(group)
        assert view.mentions_of(group) == refs, group
        assert view.mention_count(group) == len(refs) == view.groups[group].mentions, group
        assert view.spellings(group) == Counter(
            m.text for a in expected.articles for m in a.mentions if m.group == group
        ), group  # nested mentions too
        assert sorted(view.groups[group].articles) == sorted(
            {expected.articles[r.article].path for r in refs}
        ), group
        assert view.stops_per_article(group) == Counter(r.article for r in refs), group
        for number, ref in list(enumerate(refs, 1))[:: max(1, len(refs) // 4)]:
            assert view.mention_number(ref) == (number, len(refs)), group
            start = view.mention(ref).start
            assert view.step(group, ref.article, start - 1) == ref, group
            assert view.step(group, ref.article, start + 1, forward=False) == ref, group
        assert view.mentions_after(group, None, 3) == refs[:3], group


@pytest.fixture(scope="module")
def in_memory() -> tuple[list, Library]:
    articles = list(read_articles([str(GENERATED)], []))
    return articles, Library(articles, extract_all(articles))


@pytest.fixture
def corpus(in_memory: tuple[list, Library], backend: Backend) -> Iterator[tuple[list, dict[str, Library]]]:
    """The articles, and the library over the index (on ``backend``) and in memory."""
    articles, memory = in_memory
    indexed = backend.load([str(GENERATED)])
    yield articles, {"index": indexed, "memory": memory}
    indexed.close()


@pytest.mark.parametrize("where", ["index", "memory"])
def test_each_merge_split_and_undo_equals_doing_them_from_scratch(corpus, where: str, backend) -> None:  # type: ignore[no-untyped-def]
    if where == "memory" and backend.name != "sqlite":
        pytest.skip("in memory: no backend (run once, with sqlite)")
    articles, libraries = corpus
    base = libraries[where]
    ranked = sorted(base.groups.values(), key=lambda g: (-base.mention_count(g.id), g.id))
    speakers = [g for g in ranked if g.kind == "speaker"]
    places = [g for g in ranked if g.kind == "place"]
    several = [g for g in ranked if len(g.variants) > 1]
    top, second, third = speakers[0], speakers[1], speakers[2]
    steps: list[Correction | int] = [
        Correction("merge", group=second.id, into=top.id),  # the two most mentioned: shared articles
        Correction("split", group=top.id, spelling=second.variants[0]),  # what the merge brought
        Correction("merge", group=third.id, into=split_id(top.id, second.variants[0])),
        Correction("split", group=several[0].id, spelling=several[0].variants[-1]),
        0,  # undo the first merge
        Correction("merge", group=places[1].id, into=places[0].id),
        Correction("split", group=places[0].id, spelling=places[1].variants[0]),
        Correction("merge", group=split_id(places[0].id, places[1].variants[0]), into=places[0].id),
        Correction("not-a-speaker", spelling=top.variants[-1]),
        Correction("merge", group=speakers[3].id, into=top.id),
        2,  # undo one in the middle
    ]
    view, rules, applied = base, [], []
    for step in steps:
        if isinstance(step, int):  # undo: the others, on the uncorrected view (as the app does)
            rules.pop(step)
            view, skipped = corrected(base, rules)
            # what rested on the one undone does not apply any more
            applied = [r for r in rules if r not in [c for c, _ in skipped]]
        else:
            view, skipped = corrected(view, [step])
            assert skipped == [], step
            rules.append(step)
            applied.append(step)
        agrees(view, articles, applied)
    assert len(applied) < len(rules)


def test_a_merge_reads_only_the_articles_both_groups_are_in(corpus) -> None:  # type: ignore[no-untyped-def]
    """The stops of the merged group move as they are where the other group is not: at 100k a
    merge into the most mentioned entity read all 19,000 articles of the merged one."""
    articles, libraries = corpus
    base = libraries["index"]
    speakers = sorted(
        (g for g in base.groups.values() if g.kind == "speaker"), key=lambda g: -base.mention_count(g.id)
    )
    pairs = [(a, b) for a in speakers for b in speakers if a.id != b.id]
    a, b = next(
        (a, b)
        for a, b in pairs
        if 0 < len(set(a.articles) & set(b.articles)) < len(set(a.articles))  # some shared, not all
    )
    read: list[list[int]] = []
    members = base.raw.members
    base.raw.members = lambda ords, groups: (read.append(sorted(ords)), members(ords, groups))[1]  # type: ignore[method-assign]
    try:
        view, _ = corrected(base, [Correction("merge", group=a.id, into=b.id)])
    finally:
        del base.raw.members
    shared = sorted(base.position(p) for p in set(a.articles) & set(b.articles))
    assert read == [shared]
    agrees(view, articles, [Correction("merge", group=a.id, into=b.id)])


def test_a_walk_answers_as_the_sorted_list_of_its_stops() -> None:
    rng = random.Random(5)
    stops = sorted({(rng.randrange(40), rng.randrange(300), rng.randrange(50)) for _ in range(400)})
    stops = list({(a, s): (a, s, i) for a, s, i in stops}.values())  # one stop per (article, start)
    walk = Walk.of(stops)
    assert list(walk) == stops and len(walk) == len(stops) and walk[-1] == stops[-1]
    for article in range(-1, 42):
        for offset in (-1, 0, 5, 150, 299, 400):
            assert walk.after(article, offset) == sum((a, s) <= (article, offset) for a, s, _ in stops)
            assert walk.before(article, offset) == sum((a, s) < (article, offset) for a, s, _ in stops)
    gone = np.array([3, 7, 20], dtype=np.int64)
    assert list(walk.without(gone)) == [s for s in stops if s[0] not in (3, 7, 20)]
    assert list(walk.without(gone).plus(walk.only(gone))) == stops


def test_stops_skip_the_mentions_nested_in_a_longer_one_before_them() -> None:
    # article 0: "Vladimir Putin" (0-14) holds "Putin" (9-14); then "Putin" (20-25) is a stop;
    # article 1: a mention that ends past the one it starts in (10-30 in 0-20) is no stop, and
    # what starts after 20 but before 30 is one (the one-by-one rule, not the running maximum)
    article = np.array([0, 0, 0, 1, 1, 1], dtype=np.int64)
    idx = np.array([0, 1, 2, 0, 1, 2], dtype=np.int64)
    start = np.array([0, 9, 20, 0, 10, 25], dtype=np.int64)
    end = np.array([14, 14, 25, 20, 30, 28], dtype=np.int64)
    assert list(stops_among(article, idx, start, end)) == [(0, 0, 0), (0, 20, 2), (1, 0, 0), (1, 25, 2)]


def test_the_walk_arrays_of_the_index_are_its_walks(corpus) -> None:  # type: ignore[no-untyped-def]
    _, libraries = corpus
    index = libraries["index"].index
    for group in libraries["index"].groups:
        ords, idx, starts = index.walk_arrays(group)
        assert list(zip(ords.tolist(), idx.tolist(), starts.tolist(), strict=True)) == index.walk(group)
    assert [len(column) for column in index.walk_arrays("speaker:nobody")] == [0, 0, 0]
