"""Moving through the article list, opening articles, focus and the entity panel."""

from __future__ import annotations

from rich.text import Text
from ui_helpers import SIZE, RecordingApp, make_article, make_library, screen_text

from warreader.library import Library
from warreader.ui.messages import ArticleOpened, EntitySelected
from warreader.ui.widgets.article_list import ArticleList
from warreader.ui.widgets.entity_panel import EntityPanel
from warreader.ui.widgets.reader import Reader


async def test_first_article_is_open_and_rows_show_metadata(tiny_library: Library) -> None:
    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(ArticleList)
        assert table.row_count == 3
        assert app.query_one(Reader).article is tiny_library.articles[0]
        assert [m.index for m in app.of(ArticleOpened)] == [0]
        first, undated = table.get_row_at(0), table.get_row_at(1)
        assert all(isinstance(cell, Text) for cell in first)
        assert [c.plain for c in first[1:]] == ["2022-09-10", "Shelling in Kharkiv", "en", "fixtures"]
        assert undated[1].plain == ""  # no date is shown blank, never invented
        assert "3 articles" in app.sub_title


async def test_j_k_move_the_cursor_and_enter_opens(tiny_library: Library) -> None:
    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(ArticleList)
        assert app.focused is table
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        assert app.reading.current == 0  # moving the cursor does not open
        await pilot.press("enter")
        await pilot.pause()
        assert app.reading.current == 1
        assert app.of(ArticleOpened)[-1].index == 1
        assert "A quiet day in Lviv" in screen_text(app)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.query_one(Reader).article is tiny_library.articles[2]


async def test_clicking_a_row_opens_it(tiny_library: Library) -> None:
    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # border, header row, then rows 0, 1, 2
        assert await pilot.click(ArticleList, offset=(30, 4))
        await pilot.pause()
        assert app.reading.current == 2
        assert "Charkiw im Fokus" in screen_text(app)


async def test_tab_cycles_focus_through_the_three_regions(tiny_library: Library) -> None:
    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        seen = []
        for _ in range(3):
            seen.append(type(app.focused))
            await pilot.press("tab")
        assert seen == [ArticleList, Reader, EntityPanel]
        assert isinstance(app.focused, ArticleList)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, EntityPanel)


async def test_entity_panel_lists_article_groups_and_toggles_to_all(tiny_library: Library) -> None:
    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = app.query_one(EntityPanel)
        ids = panel.group_ids
        assert ids == ["place:kharkiv", "speaker:syniehubov"]
        text = screen_text(app)
        assert "Oleh Syniehubov" in text and "Synjehubow" in text  # spellings across languages
        assert "3 mentions · 2 articles · 2 here" in text
        assert "2 mentions · 2 articles · 1 here" in text  # the nested surname is not counted twice
        await pilot.press("a")
        ids = panel.group_ids
        assert set(ids) == set(tiny_library.groups)
        counts = [tiny_library.groups[i].mentions for i in ids]
        assert counts == sorted(counts, reverse=True)
        assert "All entities (3)" in screen_text(app)
        await pilot.press("a")
        assert len(panel.group_ids) == 2


async def test_enter_and_click_in_entity_panel_select_the_entity(tiny_library: Library) -> None:
    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "j", "enter")
        await pilot.pause()
        assert app.reading.entity == "speaker:syniehubov"
        assert app.of(EntitySelected)[-1].group_id == "speaker:syniehubov"
        # first option (Kharkiv) sits on the panel's first rows, below its border
        assert await pilot.click(EntityPanel, offset=(8, 1))
        await pilot.pause()
        assert app.reading.entity == "place:kharkiv"
        assert "▸" in screen_text(app)


async def test_entity_panel_keys_move_the_cursor_and_keep_it_in_view() -> None:
    marks = [("place", f"Village{i:02d}", f"place:v{i:02d}") for i in range(30)]
    body = " ".join(f"Shelling hit Village{i:02d}." for i in range(30))
    long = ("speaker", "Zynoviy Volodymyrovych Syrskyi-Kovalenko-Petrenko", "speaker:long")
    article = make_article("a.txt", "Villages", None, "en", body + " " + long[1] + " said.", [*marks, long])
    app = RecordingApp(library=make_library([article]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = app.query_one(EntityPanel)
        assert len(panel.group_ids) == 31
        await pilot.press("3", "end")
        await pilot.pause()
        assert panel.highlighted_group == panel.group_ids[-1]
        shown = "\n".join(panel.render_line(y).text for y in range(panel.scrollable_content_region.height))
        # the cursor's group was scrolled into view; its long name wraps instead of being cut
        assert "Zynoviy Volodymyrovych" in shown and "Petrenko" in shown and "…" not in shown
        assert "Village00" not in shown
        await pilot.press("home")
        await pilot.pause()
        assert panel.highlighted == 0 and "Village00" in panel.render_line(0).text
        await pilot.press("pagedown")
        assert panel.highlighted is not None and panel.highlighted > 1
        await pilot.press("enter")
        await pilot.pause()
        assert app.of(EntitySelected)[-1].group_id == panel.group_ids[panel.highlighted]
