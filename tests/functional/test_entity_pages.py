"""Issue 17: e and w on a big entity read only what is shown: the first page of mentions (or of a
speaker's statements) at once, the next as the cursor nears the end, the counts from the index's
group figures and the timeline from the walk and the articles' own dates, refined in a thread."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from textual.widgets import OptionList

from warreader import analysis
from warreader.library import load_library
from warreader.store.index import Index
from warreader.ui.app import WarReaderApp
from warreader.ui.screens import entity, statements
from warreader.ui.screens.entity import EntityScreen
from warreader.ui.screens.statements import WhoSaidScreen
from warreader.ui.widgets.kwic import KwicList
from warreader.ui.widgets.timeline import Timeline

DAYS = 30
BODY = (
    "Shelling hit Kharkiv overnight. Governor Oleh Syniehubov said: “Kharkiv is calm now and the city "
    "is working again.” On 3 March 2022 Kharkiv was shelled again.\n"
)


@pytest.fixture
def big(tmp_path: Path):  # type: ignore[no-untyped-def]
    """An indexed corpus of 30 dated articles, each with 3 mentions of Kharkiv and a quote."""
    for number in range(DAYS):
        day = dt.date(2022, 9, 1) + dt.timedelta(days=number)
        (tmp_path / f"day{number:02}.md").write_text(
            f"---\ntitle: Kharkiv, day {number}\ndate: {day.isoformat()}\n---\n\n{BODY}", encoding="utf-8"
        )
    library = load_library([str(tmp_path)])
    assert library.index is not None
    return library


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The articles read from the index (whole: body, mentions, dates), in order."""
    found: list[int] = []
    article = Index.article

    def counted(self: Index, ord_: int):  # type: ignore[no-untyped-def]
        found.append(ord_)
        return article(self, ord_)

    monkeypatch.setattr(Index, "article", counted)
    return found


async def test_e_lists_a_first_page_at_once_and_the_next_as_the_cursor_nears_the_end(
    big, reads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(entity, "FIRST_PAGE", 6)
    monkeypatch.setattr(entity, "PAGE", 6)
    monkeypatch.setattr(entity, "NEAR_END", 2)
    go = threading.Event()
    counts = analysis.article_day_counts
    monkeypatch.setattr(analysis, "article_day_counts", lambda *a: (go.wait(5), counts(*a))[1])
    kharkiv = next(g.id for g in big.groups.values() if g.name == "Kharkiv")
    total = big.mention_count(kharkiv)
    assert total == 3 * DAYS
    app = WarReaderApp(library=big)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        app.select_entity(kharkiv, jump=False)
        await pilot.pause()
        reads.clear()
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EntityScreen)
        kwic = screen.query_one(KwicList)
        assert len(kwic.lines) == kwic.option_count == 6  # the first page, listed at once
        assert f"first 6 of {total}; more as you scroll" in str(kwic.border_title)
        assert "90 mentions in 30 articles" in str(screen.query_one("#entity-head").render())
        assert len(set(reads)) <= 3  # two articles of three mentions each (no walk of all 30)
        timeline = screen.query_one(Timeline)
        assert timeline.loading  # counted in a thread
        go.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not timeline.loading and timeline.counts.total() + timeline.undated == total
        for _ in range(4):  # down to 2 lines from the end: the next page is read
            await pilot.press("j")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(kwic.lines) == kwic.option_count == 18  # two pages after the first
        assert [o.id for o in kwic._options] == [str(i) for i in range(18)]
        assert [line.occurrence.ref for line in kwic.lines] == big.mentions_of(kharkiv)[:18]
        await pilot.press("end")
        for _ in range(12):
            await app.workers.wait_for_complete()
            await pilot.press("end")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(kwic.lines) == total and f"Mentions in context ({total})" in str(kwic.border_title)
        assert [line.occurrence.ref for line in kwic.lines] == big.mentions_of(kharkiv)


async def test_e_refines_the_timeline_with_the_dates_in_the_sentences(big) -> None:  # type: ignore[no-untyped-def]
    kharkiv = next(g.id for g in big.groups.values() if g.name == "Kharkiv")
    exact, undated = analysis.daily_counts(analysis.occurrences(big, kharkiv))
    assert exact[dt.date(2022, 3, 3)] == DAYS  # "On 3 March 2022 Kharkiv …": the date in the sentence
    app = WarReaderApp(library=big)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        app.select_entity(kharkiv, jump=False)
        await pilot.pause()
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        timeline = app.screen.query_one(Timeline)
        assert (timeline.counts, timeline.undated) == (exact, undated)
        assert timeline.border_title == entity.TIMELINE_EXACT


async def test_w_reads_a_big_speakers_statements_a_page_of_articles_at_a_time(
    big, reads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(statements, "PAGE_MENTIONS", 2)
    monkeypatch.setattr(statements, "PAGE_STATEMENTS", 4)
    monkeypatch.setattr(statements, "NEAR_END", 1)
    speaker = next(g.id for g in big.groups.values() if g.name == "Oleh Syniehubov")
    every = [s.text for s in analysis.statements(big, speaker)]
    assert len(every) == DAYS
    app = WarReaderApp(library=big)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        reads.clear()
        await pilot.press("w")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WhoSaidScreen) and screen.group_id == speaker
        panel = screen.query_one("#statements", OptionList)
        assert [s.text for s in screen.said] == every[:4] and panel.option_count == 4
        assert "in the first 4 of 30 articles; more as you scroll" in str(panel.border_title)
        assert len(set(reads)) <= 5
        await pilot.press("j", "j", "j")  # one from the end: the next page
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [s.text for s in screen.said] == every[:8] and panel.option_count == 8
        for _ in range(10):
            await pilot.press("end")
            await app.workers.wait_for_complete()
        await pilot.pause()
        assert [s.text for s in screen.said] == every and panel.option_count == DAYS
        assert str(panel.border_title) == "What Oleh Syniehubov said (30 quoted, 0 reported)"


def test_the_first_timeline_is_counted_without_reading_an_article(big, reads: list[int]) -> None:  # type: ignore[no-untyped-def]
    kharkiv = next(g.id for g in big.groups.values() if g.name == "Kharkiv")
    per_article, dates = analysis.article_day_counts(big, kharkiv)
    assert reads == []  # the walk and the list rows only
    assert sum(per_article.values()) == big.mention_count(kharkiv) and len(per_article) == DAYS
    assert sorted(d for d in dates.values() if d) == [
        dt.date(2022, 9, 1) + dt.timedelta(days=n) for n in range(DAYS)
    ]


async def test_moving_the_timeline_mark_repaints_the_chart_without_laying_out_the_screen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from collections import Counter

    from textual.app import App, ComposeResult

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield Timeline(id="timeline")

    first, last = dt.date(2022, 9, 1), dt.date(2022, 9, 20)
    app = One()
    async with app.run_test(size=(100, 20)) as pilot:
        timeline = app.query_one(Timeline)
        timeline.show(Counter({first: 3, last: 1}), 0, first)
        await pilot.pause()
        layouts: list[bool] = []
        refresh = timeline.refresh

        def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
            layouts.append(bool(kwargs.get("layout")))
            return refresh(*args, **kwargs)

        monkeypatch.setattr(timeline, "refresh", spy)
        timeline.set_mark(last)  # each key in the list below moves the ▲
        timeline.show(Counter({first: 4, last: 2}), 1, last)  # a count refined in the background
        assert layouts and not any(layouts)
        await pilot.pause()
        assert "busiest 2022-09-01 (4)" in str(timeline.render())


async def test_w_lists_every_speaker_after_the_first_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench_helpers import workbench_library

    monkeypatch.setattr(statements, "FIRST_SPEAKERS", 1)
    app = WarReaderApp(library=workbench_library())
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WhoSaidScreen) and len(screen.speakers) >= 2
        speakers = screen.query_one("#speakers", OptionList)
        assert [o.id for o in speakers._options] == [g.id for g in screen.speakers]


async def test_m_opens_at_once_when_its_outline_is_drawn_at_that_size(
    big, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from warreader.ui.screens import map as map_screen
    from warreader.ui.screens.map import MapScreen
    from warreader.ui.widgets import place_map
    from warreader.ui.widgets.place_map import PlaceMap

    threads: list[str] = []
    read = MapScreen._read

    def counted(self, *args):  # type: ignore[no-untyped-def]
        if threading.current_thread() is not threading.main_thread():
            threads.append("read")
        return read(self, *args)

    monkeypatch.setattr(MapScreen, "_read", counted)
    monkeypatch.setattr(map_screen, "AT_ONCE_GROUPS", -1)  # a corpus of many groups (else at once)
    monkeypatch.setattr(place_map, "_OUTLINES", {})  # no map drawn before in this process
    place_map.LAST_SIZE.clear()
    app = WarReaderApp(library=big)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MapScreen) and app.screen.points
        await pilot.press("escape")
        await pilot.pause()
        assert threads == ["read"]  # the first time: the outline is drawn in a thread
        await pilot.press("m")  # drawn at this size and kept: no thread, no loading
        await app.workers.wait_for_complete()
        assert threads == ["read"] and isinstance(app.screen, MapScreen)
        assert not app.screen.query_one(PlaceMap).loading
        assert app.screen.points and app.screen.query_one("#map-places", OptionList).option_count
