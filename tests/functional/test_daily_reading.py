"""Daily reading: the search box gives the focus back, only opened articles are read, keys scroll at once,
and the workbench keys act on the followed entity."""

from __future__ import annotations

from textual.widgets import Input
from ui_helpers import SIZE, RecordingApp, screen_text

from warreader.library import Library
from warreader.ui.messages import SearchMatched
from warreader.ui.widgets.article_list import ArticleList
from warreader.ui.widgets.reader import Reader


async def test_enter_in_the_search_box_gives_the_focus_back_so_n_steps(tiny_library: Library) -> None:
    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listing = app.query_one(ArticleList)
        assert app.focused is listing
        await pilot.press("slash", *"kharkiv", "enter")
        await pilot.pause()
        box = app.query_one("#search", Input)
        assert app.focused is listing and not box.display
        assert [(m.index, m.start) for m in app.of(SearchMatched)] == [(0, 13)]
        await pilot.press("n")  # steps to the next match instead of being typed into the box
        await pilot.pause()
        assert box.value == "kharkiv"
        assert [(m.index, m.start) for m in app.of(SearchMatched)] == [(0, 13), (0, 62)]
        assert "Search “kharkiv”: match 2/2" in screen_text(app)
        # From the reader, the reader gets it back (Enter and Escape alike).
        await pilot.press("2", "slash", *"lviv", "enter")
        await pilot.pause()
        assert app.focused is app.query_one(Reader) and app.current == 1
        await pilot.press("1", "slash")
        assert app.focused is box
        await pilot.press("escape")
        assert app.focused is listing and not box.display
