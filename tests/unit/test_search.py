"""Lazy text search: stepping finds the next match without scanning the corpus; counting is sliced."""

from __future__ import annotations

from warreader.library import Library
from warreader.model import Article
from warreader.ui.search import COUNT_BATCH, TextSearch


def library(*bodies: str) -> Library:
    return Library([Article(f"a{i}.txt", f"t{i}", None, "en", body) for i, body in enumerate(bodies)], {})


def test_steps_forward_and_back_across_articles_and_wraps_around() -> None:
    search = TextSearch(library("Kyiv and kyiv", "nothing here", "in KYIV today"), "kyiv")
    assert search.step(0, -1) == (0, 0, 4)
    assert search.step(0, 0) == (0, 9, 13)
    assert search.step(0, 9) == (2, 3, 7)  # the article without a match is passed over
    assert search.step(2, 3) == (0, 0, 4)  # wraps to the first
    assert search.step(0, 0, forward=False) == (2, 3, 7)  # and backwards to the last
    assert search.step(2, 3, forward=False) == (0, 9, 13)


def test_no_match_anywhere_gives_none() -> None:
    assert TextSearch(library("a", "b"), "zzz").step(0, 0) is None
    assert TextSearch(library(), "zzz").step(0, 0) is None


def test_counting_in_slices_numbers_every_match() -> None:
    search = TextSearch(library("x Kyiv", "Kyiv Kyiv", "none", "Kyiv"), "Kyiv")
    assert search.number((1, 5, 9)) is None  # not counted yet
    assert search.count_some(2) is False and search.total == 3
    assert search.count_some(2) is True and search.complete
    assert search.total == 4
    assert search.matches() == [(0, 2, 6), (1, 0, 4), (1, 5, 9), (3, 0, 4)]
    assert [search.number(m) for m in search.matches()] == [1, 2, 3, 4]


def test_counting_by_time_takes_one_batch_at_least_and_stops_at_the_budget() -> None:
    search = TextSearch(library(*(["Kyiv"] * (3 * COUNT_BATCH))), "Kyiv")
    assert search.count_some(seconds=0) is False
    assert search.total == COUNT_BATCH  # the budget was spent after the first batch
    while not search.count_some(seconds=0):
        pass
    assert search.total == 3 * COUNT_BATCH
    assert search.count_some(seconds=0) is True  # nothing left: no error


def test_stepping_reads_only_the_articles_it_passes() -> None:
    corpus = library(*(["Kyiv"] + ["filler"] * 500))
    read: list[int] = []
    texts = corpus.texts

    def counting(indexes=None):  # type: ignore[no-untyped-def]
        chosen = list(indexes) if indexes is not None else list(range(len(corpus.articles)))
        read.extend(chosen)
        return texts(chosen)

    corpus.texts = counting  # type: ignore[method-assign]
    search = TextSearch(corpus, "Kyiv")
    assert search.step(0, -1) == (0, 0, 4)
    assert len(read) == 1
