"""Issue 12.5: w and e read a big entity's articles in a thread, show that they are loading, and the
keys stay live meanwhile (they froze the app for seconds on a large corpus). Issue 17: e lists the
first page of mentions at once and counts the timeline in the thread."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import OptionList

from warreader import analysis
from warreader.library import load_library
from warreader.ui.app import WarReaderApp
from warreader.ui.screens import entity
from warreader.ui.screens import statements as statements_screen
from warreader.ui.screens.entity import EntityScreen
from warreader.ui.screens.statements import WhoSaidScreen
from warreader.ui.widgets.kwic import KwicList
from warreader.ui.widgets.timeline import Timeline

BODY = (
    "Shelling hit Kharkiv overnight. Governor Oleh Syniehubov said: “Kharkiv is calm now and the city "
    "is working again.” Mayor Ihor Terekhov said the trams run in Kharkiv.\n"
)


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Finding statements and counting mentions per day in a thread wait until the test lets them go
    (at most 5 s); on the app's own thread they are as they are (a first page: a few articles)."""
    go = threading.Event()
    statements, counts = analysis.statements_among, analysis.article_day_counts

    def wait() -> None:
        if threading.current_thread() is not threading.main_thread():
            go.wait(5)

    def wait_statements(items, group_id):  # type: ignore[no-untyped-def]
        wait()
        return statements(items, group_id)

    def wait_counts(library, group_id):  # type: ignore[no-untyped-def]
        wait()
        return counts(library, group_id)

    monkeypatch.setattr(analysis, "statements_among", wait_statements)
    monkeypatch.setattr(analysis, "article_day_counts", wait_counts)
    return go


def corpus(tmp_path: Path) -> Path:
    for number in range(12):
        (tmp_path / f"day{number:02}.txt").write_text(f"Kharkiv, day {number}\n\n{BODY}", encoding="utf-8")
    return tmp_path


async def test_who_said_what_reads_the_next_pages_in_a_thread_and_keys_stay_live(
    tmp_path: Path, slow: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statements_screen, "PAGE_MENTIONS", 1)
    monkeypatch.setattr(statements_screen, "PAGE_STATEMENTS", 1)
    library = load_library([str(corpus(tmp_path))])
    assert library.index is not None
    app = WarReaderApp(library=library)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WhoSaidScreen)
        statements = screen.query_one("#statements", OptionList)
        assert len(screen.said) == 1 and "calm" in screen.said[0].text  # the first page, at once
        assert "more as you scroll" in str(statements.border_title)
        assert any(w.group == "statements" and w.is_running for w in app.workers)  # the next, in a thread
        speakers = screen.query_one("#speakers", OptionList)
        assert speakers.option_count >= 2
        speakers.focus()
        first = speakers.highlighted
        await pilot.press("j")  # keys stay live while it reads
        await pilot.pause()
        assert speakers.highlighted == (first or 0) + 1
        slow.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.said and "reading" not in str(statements.border_title)


async def test_entity_view_of_a_big_place_lists_at_once_and_counts_in_a_thread(tmp_path: Path, slow) -> None:  # type: ignore[no-untyped-def]
    library = load_library([str(corpus(tmp_path))])
    kharkiv = next(g.id for g in library.groups.values() if g.name == "Kharkiv")
    app = WarReaderApp(library=library)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        app.select_entity(kharkiv)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EntityScreen)
        kwic = screen.query_one(KwicList)
        assert not kwic.loading and len(kwic.lines) == min(entity.FIRST_PAGE, library.mention_count(kharkiv))
        assert screen.query_one(Timeline).loading  # the mentions per day are counted in the thread
        await pilot.press("escape")  # keys stay live: back to the reader while it reads
        await pilot.pause()
        assert not isinstance(app.screen, EntityScreen)
        slow.set()
        await app.workers.wait_for_complete()
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        kwic = app.screen.query_one(KwicList)
        assert not kwic.loading and kwic.lines and library.mention_count(kharkiv) >= 36
        timeline = app.screen.query_one(Timeline)
        assert not timeline.loading and timeline.undated == library.mention_count(kharkiv)  # no dates
        assert timeline.border_title == "Mentions per day (date in the sentence, else the article's)"
