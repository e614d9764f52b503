"""Issue 17: pages of an entity's mentions and its articles counted from the walk are the same as
reading the whole walk, in memory and over the index."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pg_server import Backend
from warreader import analysis
from warreader.library import Library, read_without_index

BODY = (
    "Shelling hit Kharkiv overnight. Governor Oleh Syniehubov said: “Kharkiv is calm now.” Mayor Ihor "
    "Terekhov said the trams run in Kharkiv, and Syniehubov added that Kharkiv held.\n"
)


@pytest.fixture(params=["index", "memory"])
def library(request: pytest.FixtureRequest, tmp_path: Path, backend: Backend) -> Library:
    for number in range(9):
        (tmp_path / f"day{number}.txt").write_text(f"Kharkiv, day {number}\n\n{BODY * (1 + number % 3)}")
    if request.param == "memory" and backend.name != "sqlite":
        pytest.skip("in memory: no backend (run once, with sqlite)")
    if request.param == "index":
        found = backend.load([str(tmp_path)])
        assert found.index is not None
        return found
    return read_without_index([str(tmp_path)], "in memory")


def test_pages_of_mentions_are_the_walk(library: Library) -> None:
    for group in library.groups.values():
        every = library.mentions_of(group.id)
        paged, after = [], None
        while True:
            page = analysis.next_occurrences(library, group.id, after, 4)
            if not page:
                break
            paged += [o.ref for o in page]
            after = page[-1]
        assert paged == every
        assert library.stops_per_article(group.id) == Counter(ref.article for ref in every)
        assert analysis.articles_mentioning(library, group.id) == list(
            dict.fromkeys(r.article for r in every)
        )


def test_statements_found_a_page_of_whole_articles_at_a_time_are_all_of_them(library: Library) -> None:
    speakers = [g for g in library.groups.values() if g.kind == "speaker"]
    assert speakers
    for group in speakers:
        found, after = [], None
        while True:
            page = analysis.next_occurrences(library, group.id, after, 1, whole=True)
            if not page:
                break
            assert len({o.ref.article for o in page}) == 1  # whole articles: never cut in two
            found += analysis.statements_among(page, group.id)
            after = page[-1]
        assert [(s.occurrence.ref, s.spans) for s in found] == [
            (s.occurrence.ref, s.spans) for s in analysis.statements(library, group.id)
        ]
