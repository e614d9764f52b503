"""Near-duplicates: one wire story republished by many outlets is one story (warreader.nlp.duplicates,
warreader.stories), on texts written for these tests (tests/unit/stories_texts.py)."""

from __future__ import annotations

import datetime as dt
from itertools import combinations

from stories_texts import DIFFERENT, REPUBLISHED, WIRE

from warreader.library import Library
from warreader.model import Article
from warreader.nlp import duplicates
from warreader.stories import also_in, compute_stories, source_count, stories

TEXTS = [WIRE, *REPUBLISHED, *DIFFERENT]
SAME = set(range(1 + len(REPUBLISHED)))


def _pair_scores(found: list[list[int]]) -> tuple[float, float]:
    together = {pair for cluster in found for pair in combinations(sorted(cluster), 2)}
    truth = set(combinations(sorted(SAME), 2))
    hits = len(together & truth)
    return (hits / len(together) if together else 0.0), hits / len(truth)


def test_the_republications_are_one_story_and_the_other_stories_are_not() -> None:
    found = duplicates.clusters(TEXTS)
    assert found == [[0, 1, 2, 3, 4]]
    assert _pair_scores(found) == (1.0, 1.0)


def test_each_pair_is_decided_right_without_chaining() -> None:
    pairs = {(i, j) for i, j, _score in duplicates.similar_pairs(TEXTS)}
    truth = set(combinations(sorted(SAME), 2))
    assert pairs <= truth  # none of the 45 pairs with a different story
    assert len(pairs) >= 8  # of the 10 wire pairs (MinHash estimates; clustering joins the rest)


def test_the_same_topic_and_place_share_words_but_few_shingles() -> None:
    wire = duplicates.shingles(WIRE)
    for text in DIFFERENT:
        other = duplicates.shingles(text)
        assert len(wire & other) / len(wire | other) < 0.1
        assert {"kharkiv"} <= set(" ".join(other).split())  # the place is shared all the same


def test_the_earliest_article_represents_the_story() -> None:
    dates: list[dt.date | None] = [None] * len(TEXTS)
    dates[0] = dt.date(2024, 10, 8)
    dates[3] = dt.date(2024, 10, 7)
    dates[2] = None
    assert duplicates.clusters(TEXTS, dates) == [[3, 0, 1, 2, 4]]
    # undated only: the first in order
    assert duplicates.clusters(TEXTS, [None] * len(TEXTS))[0][0] == 0


def test_short_bodies_are_never_clustered() -> None:
    alert = "Air raid alert in Kharkiv region."
    assert duplicates.clusters([alert, alert, alert]) == []
    assert duplicates.clusters([WIRE, WIRE]) == [[0, 1]]  # long identical ones are


def _library(sources: list[str], dates: list[dt.date | None]) -> Library:
    articles = [
        Article(f"news/{i}.txt", f"Title {i}", day, "en", body, source)
        for i, (body, source, day) in enumerate(zip(TEXTS, sources, dates, strict=True))
    ]
    return Library(articles, {})


def test_library_stories_are_cached_and_count_sources() -> None:
    sources = ["Wire", "Daily A", "Daily A", "Evening B", "", "C", "D", "E", "F", "G", "H"]
    dates: list[dt.date | None] = [dt.date(2024, 10, 8)] * len(TEXTS)
    dates[1] = dt.date(2024, 10, 7)
    library = _library(sources, dates)
    found = stories(library)
    assert stories(library) is found  # computed once
    assert found.clusters == [[1, 0, 2, 3, 4]]
    assert found.representative(4) == 1 and found.members(7) == [7]
    # Wire, Daily A (twice), Evening B and one without a source: 4 sources
    assert source_count(library, 1) == 4 and also_in(library, 1) == 3
    assert found.source_names(0) == ["Daily A", "Wire", "Evening B", ""]
    assert source_count(library, 8) == 1 and also_in(library, 8) == 0
    # each story once, at its representative's place when it is listed
    assert found.collapse(range(len(TEXTS))) == [1, 5, 6, 7, 8, 9, 10]
    assert found.collapse([4, 9, 2]) == [4, 9]  # no representative listed: the first member shown
    assert found.collapse([4, 1, 9]) == [1, 9]


def test_a_fresh_computation_gives_the_same_answer() -> None:
    library = _library(["s"] * len(TEXTS), [None] * len(TEXTS))
    assert compute_stories(library).clusters == stories(library).clusters == [[0, 1, 2, 3, 4]]
