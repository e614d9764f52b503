"""Search over the index steps from the open article asking only for the next few candidates
(Index.search_from), and lists the rest a page at a time while counting: the same matches, in
the same order, as with every candidate listed at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import warreader.store.index as index_module
import warreader.ui.search as search_module
from pg_server import Backend
from warreader.library import Library
from warreader.ui.search import TextSearch

GENERATED = Path(__file__).resolve().parents[1] / "data" / "generated"
QUERIES = ("the", "Kharkiv", "said th", "xyzzy", "a")


@pytest.fixture
def indexed(backend: Backend) -> Iterator[Library]:
    library = backend.load([str(GENERATED)])
    yield library
    library.close()


class Listed(TextSearch):
    """The search as it was: every candidate listed before the first step."""

    def __init__(self, library: Library, query: str) -> None:
        super().__init__(library, query)
        _ = self.articles


@pytest.mark.parametrize("few", [2000, 1])  # sorting them all, and walking the ord index
def test_search_from_is_a_slice_of_every_match_in_order(indexed: Library, monkeypatch, few: int) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(index_module, "FEW_MATCHES", few)
    index = indexed.index
    assert index is not None
    for query in QUERIES:
        every = index.search(query)
        for here in (-1, 0, 7, 30, 59, 60):
            for limit in (1, 3, 100):
                assert index.search_from(query, here, limit) == [o for o in every if o > here][:limit]
                assert (
                    index.search_from(query, here, limit, forward=False)
                    == ([o for o in reversed(every) if o < here][:limit])
                )
    assert index.search_from("the", 0, 0) == [] and index.search_from("!!", 0, 5) == []


def test_stepping_gives_what_stepping_through_every_candidate_gives(indexed: Library, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(search_module, "NEAR_PAGE", 2)  # pages end and run out on a small corpus
    for query in QUERIES:
        paged, listed = TextSearch(indexed, query), Listed(indexed, query)
        for article in range(0, len(indexed.articles), 3):
            for offset in (-1, 0, 200, 10**6):
                for forward in (True, False):
                    expected = listed.step(article, offset, forward=forward)
                    assert paged.step(article, offset, forward=forward) == expected, (query, article, offset)
        fresh, listed = TextSearch(indexed, query), Listed(indexed, query)
        while not fresh.count_some(5):
            pass
        while not listed.count_some(5):
            pass
        assert fresh.matches() == listed.matches() and fresh.total == listed.total
        assert [fresh.number(m) for m in fresh.matches()] == list(range(1, fresh.total + 1))


def test_the_first_step_does_not_list_every_candidate(indexed: Library, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """At 100k a common word has 35,000 candidates: listing and sorting them all took 25-40 ms
    of the search's first frame."""
    monkeypatch.setattr(index_module, "FEW_MATCHES", 1)  # the corpus is small: walk the ord index
    index = indexed.index
    assert index is not None
    listed: list[str] = []
    every = index.search
    monkeypatch.setattr(
        index, "search", lambda query, limit=None: (listed.append(query), every(query, limit))[1]
    )
    search = TextSearch(indexed, "the")
    found = search.step(0, -1)
    assert found is not None and found[0] == 0
    assert listed == [] and search.number(found) is None  # counted later
    monkeypatch.setattr(search_module, "LIST_PAGE", 7)
    while not search.count_some():
        pass
    assert listed == [] and search.total == len(search.matches()) > 7  # listed a page at a time
    assert search.number(found) == 1
