"""The analyst's workbench, driven with key presses: filter, entity view, who said what, map, corrections."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList
from ui_helpers import SIZE, RecordingApp, screen_text
from workbench_helpers import HAIDAI, KHARKIV, KYIV, LVIV, ZELENSKY, ZELENSKYJ, workbench_library

from warreader.corrections import Correction
from warreader.store.state import StateStore
from warreader.ui.messages import EntitySelected, MentionJumped
from warreader.ui.screens.dialogs import PickScreen, PromptScreen
from warreader.ui.screens.entity import EntityScreen
from warreader.ui.screens.map import MapScreen
from warreader.ui.screens.statements import WhoSaidScreen
from warreader.ui.widgets.article_list import ArticleList
from warreader.ui.widgets.kwic import KwicList
from warreader.ui.widgets.place_map import PlaceMap


def titles(app: RecordingApp) -> list[str]:
    table = app.query_one(ArticleList)
    return [table.get_row_at(row)[2].plain for row in range(table.row_count)]


async def follow(app: RecordingApp, pilot, group_id: str) -> None:
    app.select_entity(group_id)
    await pilot.pause()


async def test_f_filters_the_articles_to_the_followed_entity_and_back() -> None:
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "enter")  # follow the panel's first entity (Kharkiv): f lists its articles
        await pilot.press("f")
        await pilot.pause()
        assert app.reading.entity == KHARKIV and app.of(EntitySelected)[-1].group_id == KHARKIV
        assert titles(app) == ["Shelling in Kharkiv", "Raketen auf Kharkiv"]
        assert "Articles (2 of 4) · mentioning Kharkiv" in screen_text(app)
        # Enter on the second row opens the right article (rows are mapped to library positions).
        table = app.query_one(ArticleList)
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("enter")
        await pilot.pause()
        assert app.reading.current == 2
        # Following another entity refilters.
        await follow(app, pilot, LVIV)
        assert titles(app) == ["A quiet day in Lviv"]
        await pilot.press("f")
        await pilot.pause()
        assert len(titles(app)) == 4


async def test_f_without_an_entity_says_what_to_do() -> None:
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "f")  # the panel's cursor is on Kharkiv, but nothing is followed
        await pilot.pause()
        assert not app.reading.filter_on and app.reading.entity is None
        assert any("Select an entity first (Enter in the panel" in n.message for n in app._notifications)


async def test_e_shows_every_mention_in_context_with_a_timeline_and_enter_jumps() -> None:
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await follow(app, pilot, KHARKIV)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EntityScreen)
        text = screen_text(app)
        assert "◆ Kharkiv  place  ·  3 mentions in 2 articles" in text
        assert "Kharkiv Oblast, UA" in text
        assert "Mentions in context (3)" in text
        first = next(line for line in text.splitlines() if "kyiv-post" in line)
        assert "2022-09-10  kyiv-post" in first and "Shelling hit Kharkiv overnight. Governor" in first
        assert "2022-09-10" in text and "2022-09-12" in text and "▲" in text  # the timeline and its marker
        kwic = app.screen.query_one(KwicList)
        assert app.focused is kwic and kwic.option_count == 3
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, EntityScreen)
        jumped = app.of(MentionJumped)[-1]
        assert (jumped.group_id, jumped.ref.article, jumped.number, jumped.total) == (KHARKIV, 2, 3, 3)
        assert app.reading.current == 2 and app.reading.entity == KHARKIV


async def test_w_lists_what_each_speaker_said_and_enter_jumps() -> None:
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await follow(app, pilot, HAIDAI)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WhoSaidScreen)
        text = screen_text(app)
        assert "What Serhiy Haidai said (1 quoted, 1 reported)" in text
        assert "“The city of Kharkiv held, and the power is back.”" in text
        assert "Nothing happened in Lviv today, Haidai said." in text
        await pilot.press("j", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, WhoSaidScreen)
        assert app.reading.current == 1 and app.of(MentionJumped)[-1].group_id == HAIDAI


async def test_m_plots_places_moves_with_arrows_and_enter_follows() -> None:
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await follow(app, pilot, KHARKIV)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        place_map = app.screen.query_one(PlaceMap)
        assert [p.group_id for p in place_map.points][place_map.selected] == KHARKIV
        text = screen_text(app)
        assert "◉ Kharkiv" in text and "POLAND" in text and "RUSSIA" in text
        assert "Kharkiv, Kharkiv Oblast  ·  3 mentions" in text
        await pilot.press("left")  # west of Kharkiv: Kyiv
        await pilot.pause()
        assert place_map.points[place_map.selected].group_id == KYIV
        await pilot.press("left")
        await pilot.pause()
        assert place_map.points[place_map.selected].group_id == LVIV
        assert app.screen.query_one("#map-places", OptionList).highlighted == place_map.selected
        await pilot.press("plus", "0", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, MapScreen)
        assert app.reading.entity == LVIV and app.reading.current == 1


async def test_rename_and_merge_are_applied_everywhere_saved_and_undone(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    app = RecordingApp(library=workbench_library(), state=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await follow(app, pilot, ZELENSKY)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        assert "Merge another speaker into “Zelensky”…" in screen_text(app)
        await pilot.press("enter")  # Rename
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"V Z")  # the old name is selected: typing replaces it
        assert app.screen.query_one("#prompt-input", Input).value == "V Z"
        app.screen.query_one("#prompt-input", Input).value = "Volodymyr Zelensky"
        await pilot.press("enter")
        await pilot.pause()
        assert app.library.groups[ZELENSKY].name == "Volodymyr Zelensky"
        assert "Volodymyr Zelensky" in screen_text(app)  # the status line and the panel
        await pilot.press("c", "down", "enter")  # Merge…
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        await pilot.press(*"selen", "enter")
        await pilot.pause()
        assert ZELENSKYJ not in app.library.groups
        assert app.library.groups[ZELENSKY].mentions == 2
        saved = StateStore(tmp_path)
        saved.load()
        assert [c["action"] for c in saved.state.corrections] == ["rename", "merge"]
        await pilot.press("c")
        await pilot.pause()
        options = app.screen.query_one("#pick-list", OptionList)
        options.highlighted = options.get_option_index("undo")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # the newest correction first: the merge
        await pilot.pause()
        assert ZELENSKYJ in app.library.groups
        assert app.library.groups[ZELENSKY].name == "Volodymyr Zelensky"
    # A new session on the same state starts corrected.
    saved.load()
    again = RecordingApp(library=workbench_library(), state=saved)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.library.groups[ZELENSKY].name == "Volodymyr Zelensky"


async def test_not_a_place_removes_a_highlight_and_split_makes_a_group() -> None:
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.correcting.add_correction(
            Correction("not-a-place", spelling="Kyiv", article="news/charkiw.txt")
        )
        assert [r.article for r in app.library.mentions_of(KYIV)] == [0]
        assert app.correcting.add_correction(Correction("merge", group=ZELENSKYJ, into=ZELENSKY))
        assert app.correcting.add_correction(Correction("split", group=ZELENSKY, spelling="Selenskyj"))
        assert "speaker:zelensky#selenskyj" in app.library.groups
        assert not app.correcting.add_correction(Correction("split", group=LVIV, spelling="Lviv"))
        await pilot.pause()
        assert any("only spelling" in n.message for n in app._notifications)


def test_article_order_filters_sorts_and_the_view_lists_rows_without_bodies() -> None:
    from warreader.ui.article_order import ArticleView, article_order, article_rows

    library = workbench_library()
    assert article_order(library) is None  # everything, in corpus order
    assert article_order(library, group=KHARKIV) == [0, 2]
    assert article_order(library, sort="date") == [2, 3, 0, 1]  # newest first, undated last
    assert article_order(library, sort="source") == [3, 2, 0, 1]
    assert article_order(library, bookmarks={"news/lviv.txt"}, sort="title") == [1]
    rows = article_rows(library)
    view = ArticleView(library.articles, [2, 0], {m[0]: m for m in rows})
    assert [a.path for a in view] == ["news/charkiw.txt", "news/kharkiv.txt"]
    assert view.rows(0, 5) == [
        (0, "2022-09-12", "Raketen auf Kharkiv", "de", "dpa", "news/charkiw.txt"),
        (1, "2022-09-10", "Shelling in Kharkiv", "en", "kyiv-post", "news/kharkiv.txt"),
    ]


async def test_a_large_group_is_read_in_a_thread_and_listed_up_to_a_limit(monkeypatch) -> None:
    from warreader.ui.screens import entity

    monkeypatch.setattr(entity, "IN_THREAD_FROM", 1)
    monkeypatch.setattr(entity, "MAX_LINES", 2)
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await follow(app, pilot, KHARKIV)
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "Mentions in context (first 2 of 3; x exports all)" in text
        assert "busiest 2022-09-10 (2)" in text  # the timeline counts every mention


async def test_reader_keys_are_off_on_the_workbench_screens() -> None:
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await follow(app, pilot, KHARKIV)
        for view in ("e", "question_mark"):
            await pilot.press(view)
            await pilot.pause()
            screen = app.screen
            await pilot.press("slash", "n", "a", "1", "f", "s", "B")
            await pilot.pause()
            assert app.screen is screen and not app.reading.filter_on and app.reading.sort_by == "corpus"
            footer = screen_text(app).splitlines()[-1]
            assert ("/ Search" in footer) == (view == "question_mark")  # shown disabled under help only
            await pilot.press("escape")
            await pilot.pause()
        assert app.screen is app.screen_stack[0] and app.is_running


async def test_hostile_names_are_shown_literally_in_titles_dialogs_and_views() -> None:
    library = workbench_library()
    hostile = "[@click=app.quit]Lviv[/] [b]x\x1b[31m"
    library.groups[LVIV].name = hostile
    app = RecordingApp(library=library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await follow(app, pilot, LVIV)
        await pilot.press("f", "c")
        await pilot.pause()
        text = screen_text(app)
        assert "Correct “[@click=app.quit]Lviv[/] [b]x␛[31m”" in text  # the dialog's title
        assert "mentioning [@click=app.quit]Lviv[/] [b]x␛[31m" in text  # the article list's title
        await pilot.press("escape", "e")
        await pilot.pause()
        assert "◆ [@click=app.quit]Lviv[/] [b]x␛[31m  place" in screen_text(app)
        assert app.is_running
