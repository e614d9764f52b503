"""Daily reading: the search box gives the focus back, only opened articles are read, keys scroll at once,
and the workbench keys act on the followed entity."""

from __future__ import annotations

from textual.widgets import Input
from ui_helpers import FILLER, SIZE, RecordingApp, make_article, make_library, screen_text

from warreader.library import Library
from warreader.store.state import StateStore
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
        assert app.focused is app.query_one(Reader) and app.reading.current == 1
        await pilot.press("1", "slash")
        assert app.focused is box
        await pilot.press("escape")
        assert app.focused is listing and not box.display


def marks(app: RecordingApp) -> list[str]:
    """The marker column of every row: ▶ open, ✓ read, ★ bookmarked."""
    table = app.query_one(ArticleList)
    return [table.get_row_at(row)[0].plain.strip() for row in range(table.row_count)]


def cursor_line(app: RecordingApp) -> str:
    """The article list's cursor row as drawn (the header is line 0)."""
    table = app.query_one(ArticleList)
    return table.render_line(1 + table.cursor_row - int(table.scroll_offset.y)).text


async def test_only_articles_the_user_opened_are_read_and_the_cursor_row_shows_its_marks(
    tiny_library: Library,
) -> None:
    store = StateStore.memory()
    app = RecordingApp(library=tiny_library, state=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.reading.current == 0  # shown at launch …
        assert not store.state.read and marks(app) == ["▶", "", ""]  # … but not read
        await pilot.press("j", "enter")  # opened by the user: read, and its row (the cursor's) says so
        await pilot.pause()
        assert list(store.state.read.values()) == ["fixtures/lviv.txt"]
        assert marks(app) == ["", "▶✓", ""]
        assert "▶✓" in cursor_line(app)
        await pilot.press("B")
        await pilot.pause()
        assert marks(app)[1] == "▶★" and "▶★" in cursor_line(app)
        await pilot.press("j", "enter", "k")  # the cursor back on the bookmarked row, another one open
        await pilot.pause()
        assert marks(app) == ["", "★", "▶✓"]
        assert "★" in cursor_line(app) and "A quiet day in Lviv" in cursor_line(app)
        await pilot.press("k")
        assert "✓" not in cursor_line(app) and "★" not in cursor_line(app)  # never opened


async def test_scrolling_the_article_shown_at_launch_reads_it() -> None:
    long = make_article("long.txt", "A long one", None, "en", FILLER, [])
    short = make_article("short.txt", "A short one", None, "en", "Nothing.", [])
    store = StateStore.memory()
    app = RecordingApp(library=make_library([long, short]), state=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not store.state.read
        await pilot.press("2", "space")
        await pilot.pause()
        assert list(store.state.read.values()) == ["long.txt"] and marks(app) == ["▶✓", ""]


def long_library() -> Library:
    """Long articles (the reader scrolls), many entities (the panel scrolls), many mentions (the views)."""
    villages = [("place", f"Village{i:02d}", f"place:v{i:02d}") for i in range(30)]
    said = ("speaker", "Serhiy Haidai", "speaker:haidai")
    articles = []
    for n in range(40):
        body = f"Shelling hit Kharkiv. Serhiy Haidai said: “Kharkiv held {n}.” " + " ".join(
            f"Village{i:02d} was hit." for i in range(30)
        )
        marks = [("place", "Kharkiv", "place:kharkiv"), said, *villages]
        articles.append(
            make_article(f"long/{n:02d}.txt", f"Report {n}", None, "en", body + "\n\n" + FILLER, marks)
        )
    return make_library(articles)


NAVIGATION = ["j", "k", "down", "up", "space", "b", "pagedown", "pageup", "G", "g", "end", "home"]


async def test_moving_by_key_scrolls_at_once_everywhere(monkeypatch) -> None:
    from textual._animator import Animator

    animated: list[tuple[str, str, str]] = []
    pressing = [""]
    animate = Animator.animate

    def record(self, obj, attribute, *args, **kwargs):  # type: ignore[no-untyped-def]
        if attribute in {"scroll_x", "scroll_y"}:
            animated.append((pressing[0], type(obj).__name__, attribute))
        return animate(self, obj, attribute, *args, **kwargs)

    monkeypatch.setattr(Animator, "animate", record)
    app = RecordingApp(library=long_library())
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()

        async def press_all(where: str) -> None:
            for key in NAVIGATION:
                pressing[0] = f"{where} {key}"
                await pilot.press(key)
            await pilot.pause()

        reader = app.query_one(Reader)
        await pilot.press("2")
        await pilot.press("space")  # the page is where the reader is right after the key, not later
        assert reader.scroll_y == reader.scrollable_content_region.height - 5
        await pilot.press("G")
        assert reader.scroll_y == reader.max_scroll_y > 0
        for focus in ("1", "2", "3"):
            await pilot.press(focus)
            await press_all(f"main {focus}")
        app.select_entity("place:kharkiv")
        await pilot.pause()
        for view in ("e", "w", "m"):
            await pilot.press(view)
            await pilot.pause()
            for _ in range(3):  # each part of the view in turn
                await press_all(f"{view} {type(app.focused).__name__}")
                await pilot.press("tab")
            while len(app.screen_stack) > 1:
                app.pop_screen()
            await pilot.pause()
    assert animated == []


async def test_e_f_c_act_on_the_followed_entity_never_on_the_panel_cursor() -> None:
    from workbench_helpers import HAIDAI, workbench_library

    from warreader.ui.screens.dialogs import PickScreen
    from warreader.ui.screens.entity import EntityScreen
    from warreader.ui.widgets.entity_panel import EntityPanel

    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = app.query_one(EntityPanel)
        await pilot.press("3", "home")  # the cursor is on an entity, none is followed
        assert panel.highlighted_group is not None and app.reading.entity is None
        for key in ("e", "f", "c"):
            await pilot.press(key)
            await pilot.pause()
            assert (
                app.screen is app.screen_stack[0] and not app.reading.filter_on and app.reading.entity is None
            )
        said = [n.message for n in app._notifications if n.title == "No entity"]
        assert len(said) == 3 and all("Select an entity first (Enter in the panel" in m for m in said)
        # Following Haidai, with the cursor on another entity: e, f and c are about Haidai.
        app.select_entity(HAIDAI)
        await pilot.pause()
        await pilot.press("3", "home")
        assert panel.highlighted_group not in (None, HAIDAI)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EntityScreen) and app.screen.group_id == HAIDAI
        await pilot.press("escape", "3", "home", "f")
        await pilot.pause()
        assert app.reading.filter_on and app.reading.entity == HAIDAI
        assert "mentioning Serhiy Haidai" in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen) and "Correct “Serhiy Haidai”" in screen_text(app)
