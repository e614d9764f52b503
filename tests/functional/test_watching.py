"""Watched entities and saved searches (issue 16.7): i watches the followed entity or the search,
keeps it in config.toml, counts its new (unread) articles, marks them in the list and lists them."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import SIZE, RecordingApp, listed_titles, pick, screen_text
from workbench_helpers import KHARKIV, workbench_library

from warreader.config import load_config
from warreader.ui.screens.dialogs import PickScreen
from warreader.ui.watching import Watch, matching


async def test_w_watches_the_followed_entity_and_lists_its_new_articles(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# mine\n", encoding="utf-8")
    app = RecordingApp(library=workbench_library(), config=load_config(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.select_entity(KHARKIV)  # follows it and opens (reads) its first mention's article
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        await pick(app, pilot, "watch")
        assert load_config(path).watch == [{"entity": KHARKIV, "name": "Kharkiv"}]
        assert "# mine" in path.read_text(encoding="utf-8")
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PickScreen)
        prompt = next(p for key, p, _ in screen.items if key == "show:0")
        found = len(matching(app.library, Watch(entity=KHARKIV)))  # type: ignore[arg-type]
        assert prompt.plain == f"Kharkiv  {found - 1} new · {found} articles"
        await pick(app, pilot, "Kharkiv")
        assert set(listed_titles(app)) == {"Shelling in Kharkiv", "Raketen auf Kharkiv"}
        assert "watched: Kharkiv" in screen_text(app)
        assert "◉" in screen_text(app)  # the unread match is marked
        await pilot.press("f")  # lists every article again
        await pilot.pause()
        assert len(listed_titles(app)) == 4
    again = RecordingApp(library=workbench_library(), config=load_config(path))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.reading.watching.watches == [Watch(entity=KHARKIV, name="Kharkiv")]


async def test_w_saves_a_search_and_can_stop_watching(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    app = RecordingApp(library=workbench_library(), config=load_config(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.reading.search("nothing happened")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        await pick(app, pilot, "watch")
        assert load_config(path).watch == [{"query": "nothing happened"}]
        await pilot.press("i")
        await pilot.pause()
        await pick(app, pilot, "stop")
        assert load_config(path).watch == []


def test_a_bad_watch_entry_is_said(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[[watch]]\nentity = 5\n\n[[watch]]\nquery = "Odesa"\n', encoding="utf-8")
    config = load_config(path)
    assert config.watch == [{"query": "Odesa"}]
    assert any("watch 1 must have an entity or a query" in p for p in config.problems)


def test_a_saved_search_matches_the_words_in_any_case() -> None:
    library = workbench_library()
    assert {library.articles[i].title for i in matching(library, Watch(query="NOTHING happened"))} == {
        "A quiet day in Lviv"
    }
    assert matching(library, Watch(query="   ")) == set()
    assert matching(library, Watch(entity="place:nowhere")) == set()
