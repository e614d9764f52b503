"""s, f and v without working over every article on the key press (issue 16: key press p95 <= 60 ms
at 57k articles): the sort orders and the articles of each source are worked out in a thread once
per library, the articles mentioning the followed entity in a thread when it is chosen; the list
shows the same rows in the same order as before."""

from __future__ import annotations

import asyncio
import threading

import pytest
from ui_helpers import SIZE, RecordingApp, listed_titles
from workbench_helpers import KHARKIV, LVIV, workbench_library

from warreader import analysis
from warreader.ui import list_table, listing
from warreader.ui.article_order import article_order
from warreader.ui.list_filters import ListFilter
from warreader.ui.widgets.article_list import ArticleList


async def until(condition, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("not in time")


@pytest.fixture
def threads(monkeypatch) -> list[str]:
    """Thread names of every sort and of every search for an entity's articles; every library warms."""
    seen: list[str] = []
    sort_order, mentioning = list_table.sort_order, analysis.articles_mentioning

    def sorting(rows, sort):
        seen.append(f"sort {sort} {threading.current_thread() is threading.main_thread()}")
        return sort_order(rows, sort)

    def finding(library, group):
        seen.append(f"find {group} {threading.current_thread() is threading.main_thread()}")
        return mentioning(library, group)

    monkeypatch.setattr(list_table, "sort_order", sorting)
    monkeypatch.setattr(analysis, "articles_mentioning", finding)
    monkeypatch.setattr(listing, "WARM_FROM", 0, raising=False)
    return seen


async def test_s_cycles_through_orders_worked_out_in_a_thread(threads: list[str]) -> None:
    library = workbench_library()
    app = RecordingApp(library=library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await until(lambda: app.reading.listing.table(app.library).warm)
        assert sorted(threads) == ["sort date False", "sort source False", "sort title False"]
        app.query_one(ArticleList).focus()
        for sort in ("date", "source", "title", "corpus"):
            await pilot.press("s")
            await pilot.pause()
            assert app.reading.sort_by == sort
            order = article_order(library, sort=sort) or list(range(len(library.articles)))
            assert listed_titles(app) == [library.articles[i].title for i in order], sort
        assert len(threads) == 3  # no key press sorted
        # the open article's ▶ follows it to its row in each order
        await pilot.press("j", "enter")
        await pilot.pause()
        for _ in range(4):
            await pilot.press("s")
            await pilot.pause()
            rows = app.reading.listing.rows
            shown = app.query_one(ArticleList)
            row = 1 if rows is None else rows.index(app.reading.current)
            assert shown._open == row and shown.cursor_row == row


async def test_f_lists_the_articles_found_in_a_thread_when_the_entity_was_chosen(threads: list[str]) -> None:
    library = workbench_library()
    app = RecordingApp(library=library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.select_entity(KHARKIV, jump=False)
        await until(lambda: KHARKIV in app.reading.listing._mentioning)
        assert f"find {KHARKIV} False" in threads
        found = len(threads)
        await pilot.press("f")
        await pilot.pause()
        assert listed_titles(app) == ["Shelling in Kharkiv", "Raketen auf Kharkiv"]
        assert len(threads) == found  # f itself found nothing
        # with the list filtered, another entity is listed at once (on the event loop's thread)
        app.select_entity(LVIV, jump=False)
        await pilot.pause()
        await pilot.pause()
        assert listed_titles(app) == ["A quiet day in Lviv"]


async def test_one_source_with_a_sort_and_an_entity_lists_what_the_filters_keep(threads: list[str]) -> None:
    library = workbench_library()
    app = RecordingApp(library=library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await until(lambda: app.reading.listing.table(app.library).warm)
        keys = app.reading.list_keys
        for source in {a.source or "" for a in library.articles}:
            for sort in ("corpus", "date", "title"):
                app.reading.sort_by = sort
                keys.choose(ListFilter(source=source))
                await pilot.pause()
                order = article_order(library, sort=sort, keep=lambda m, s=source: m[4] == s) or []
                assert listed_titles(app) == [library.articles[i].title for i in order], (source, sort)
        app.reading.sort_by = "date"
        app.select_entity(KHARKIV, jump=False)
        await pilot.pause()
        keys.choose(ListFilter(language="de"))
        await pilot.press("f")
        await pilot.pause()
        assert listed_titles(app) == ["Raketen auf Kharkiv"]


async def test_v_is_a_box_over_the_reader_driven_by_keys_and_escape_gives_the_focus_back() -> None:
    from ui_helpers import screen_text

    from warreader.ui.screens.dialogs import PickPanel
    from warreader.ui.screens.reading import ReaderScreen

    library = workbench_library()
    app = RecordingApp(library=library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        articles = app.query_one(ArticleList)
        articles.focus()
        await pilot.press("v")
        await pilot.pause()
        box = app.reading.list_keys.panel
        assert isinstance(box, PickPanel) and isinstance(app.screen, ReaderScreen)  # no screen of its own
        text = screen_text(app)
        assert "List only…" in text and "Source…" in text
        assert "Shelling in Kharkiv" in text  # the reader is still in sight
        assert app.screen.focused is not None and box in app.screen.focused.ancestors_with_self
        await pilot.press("s", "tab", "tab")  # the reader's keys are off; Tab stays in the box
        await pilot.pause()
        assert app.reading.sort_by == "corpus" and box in app.screen.focused.ancestors_with_self
        await pilot.press("j", "escape")  # the highlight moved to Language…, then cancelled
        await pilot.pause()
        assert (
            app.reading.list_keys.panel is None and not box.is_open and "List only…" not in screen_text(app)
        )
        assert app.screen.focused is articles and listed_titles(app)[0] == "Shelling in Kharkiv"
        # opened again, Source… is highlighted again: Enter on it, then down to the third source and Enter: listed, focus back on the list
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        picker = app.reading.list_keys.panel
        assert isinstance(picker, PickPanel) and picker.is_open and "Which source?" in screen_text(app)
        chosen = picker.items[3][0]
        await pilot.press("j", "j", "j", "enter")
        await pilot.pause()
        assert app.reading.list_filter.source == chosen and not picker.is_open
        assert all(library.articles[i].source == chosen for i in app.reading.listing.rows or [])
        assert app.screen.focused is articles
        await pilot.press("s")  # the reader's keys are back
        await pilot.pause()
        assert app.reading.sort_by == "date"


async def test_v_after_a_source_was_chosen_lays_the_screen_out_once() -> None:
    """The menu and each picker keep a box of their own, at the size it was last shown at: v after a
    source was chosen shows the menu with one layout pass (one box changing from the source picker
    back to the menu took a second pass, two frames more: v p95 125 ms at 57k articles)."""
    from textual.screen import Screen

    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.query_one(ArticleList).focus()
        await pilot.press("v", "enter")  # Source…
        await pilot.pause()
        picker = app.reading.list_keys.panel
        assert picker is not None and "Which source?" in str(picker.border_title)
        await pilot.press("j", "enter")  # the first source
        await pilot.pause()
        assert app.reading.list_filter.source and app.reading.list_keys.panel is None
        app.reading.list_keys.choose(ListFilter())  # every article again: the menu has its 4 rows
        await pilot.pause()
        passes: list[int] = []
        original = Screen._refresh_layout

        def counted(screen, size=None, scroll=False):  # type: ignore[no-untyped-def]
            passes.append(int(scroll))
            return original(screen, size, scroll)

        Screen._refresh_layout = counted  # type: ignore[method-assign]
        try:
            await pilot.press("v")
            await pilot.pause()
            await pilot.pause()
        finally:
            Screen._refresh_layout = original  # type: ignore[method-assign]
        assert passes == [0], passes
        menu = app.reading.list_keys.panel
        assert menu is not None and menu is not picker and "List only" in str(menu.border_title)
