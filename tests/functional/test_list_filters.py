"""Unread counts, U (unread only), A / z (everything listed read, and back), v (source, language,
dates), kept for the next session (issue 16.6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_helpers import SIZE, RecordingApp, listed_titles, screen_text
from workbench_helpers import workbench_library

from warreader.config import Config, load_config
from warreader.store.state import StateStore
from warreader.ui.list_filters import ListFilter, counts_by, keeps, parse_day
from warreader.ui.screens.dialogs import PickPanel, PromptScreen


async def pick_in_box(app: RecordingApp, pilot, starts: str) -> None:
    """Choose the item whose filter text starts with ``starts`` in the v menu's open box."""
    box = app.reading.list_keys.panel
    assert isinstance(box, PickPanel), box
    box.dismiss(next(key for key, _prompt, plain in box.items if plain.startswith(starts)))
    await pilot.pause()


async def test_unread_counts_follow_reading_and_u_lists_only_unread(tmp_path: Path) -> None:
    app = RecordingApp(library=workbench_library(), state=StateStore(tmp_path / "state.json"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "unread" not in app.sub_title  # nothing read yet: no count to show
        await pilot.press("enter")  # opens (reads) the first article
        await pilot.pause()
        assert "unread" not in app.sub_title  # the counts follow a moment later, not in the key's frame
        await pilot.pause(0.5)
        assert app.sub_title.endswith("· 3 unread")
        assert "Articles (4) · 3 unread" in screen_text(app)
        await pilot.press("U")
        await pilot.pause()
        assert listed_titles(app) == ["A quiet day in Lviv", "Raketen auf Kharkiv", "Another wire"]
        assert "Articles (3 of 4) · unread · 3 unread" in screen_text(app)
        await pilot.press("U")
        await pilot.pause()
        assert len(listed_titles(app)) == 4


async def test_a_marks_everything_listed_read_and_z_takes_it_back(tmp_path: Path) -> None:
    state = StateStore(tmp_path / "state.json")
    app = RecordingApp(library=workbench_library(), state=state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        assert app.sub_title.endswith("· 0 unread")
        assert len(state.state.read) == 4
        assert any("4 articles marked read" in str(n.message) for n in app._notifications)
        await pilot.press("z")
        await pilot.pause()
        assert "unread" not in app.sub_title and len(state.state.read) == 0
    # what A marked was saved at once: a new session sees it
    again = StateStore(tmp_path / "state.json")
    assert len(again.state.read) == 0


async def test_a_marks_only_what_the_list_shows(tmp_path: Path) -> None:
    state = StateStore(tmp_path / "state.json")
    app = RecordingApp(library=workbench_library(), state=state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.reading.list_keys.choose(ListFilter(language="de"))
        await pilot.pause()
        assert listed_titles(app) == ["Raketen auf Kharkiv"]
        await pilot.press("A")
        await pilot.pause()
        assert len(state.state.read) == 1 and app.sub_title.endswith("· 3 unread")


async def test_v_lists_one_source_and_a_date_range_and_the_next_session_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('# my settings\n[view]\nsort = "date"\n', encoding="utf-8")
    app = RecordingApp(library=workbench_library(), config=load_config(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        await pick_in_box(app, pilot, "Source")
        picker = app.reading.list_keys.panel
        assert isinstance(picker, PickPanel)
        assert [plain for _, _, plain in picker.items] == [
            "every source all",
            "kyiv-post",
            "ukrinform",
            "dpa",
            "ap",
        ]
        await pick_in_box(app, pilot, "dpa")
        assert listed_titles(app) == ["Raketen auf Kharkiv"]
        assert "source dpa" in screen_text(app)
        app.reading.list_keys.choose(ListFilter())
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        await pick_in_box(app, pilot, "Dates")
        assert isinstance(app.screen, PromptScreen)
        app.screen.dismiss("2022-09-11")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        app.screen.dismiss("2022-09")
        await pilot.pause()
        assert listed_titles(app) == ["Raketen auf Kharkiv", "Another wire"]  # newest first; undated left out
        await pilot.pause(1.5)  # settings are written a second after the last change
    config = load_config(path)
    assert config.view["since"] == "2022-09-11" and config.view["until"] == "2022-09"
    assert "# my settings" in path.read_text(encoding="utf-8")
    again = RecordingApp(library=workbench_library(), config=config)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert listed_titles(again) == ["Raketen auf Kharkiv", "Another wire"]


async def test_a_bad_kept_filter_is_said_and_ignored(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[view]\nsince = "last week"\nsource = 5\n', encoding="utf-8")
    app = RecordingApp(library=workbench_library(), config=load_config(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notes = " ".join(str(n.message) for n in app._notifications)
        assert "since should be a date" in notes and "'view.source' must be a str" in notes
        assert len(listed_titles(app)) == 4


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03", "2024-03"),
        ("2024", "2024"),
        ("", ""),
        (" 2024 ", "2024"),
        ("2024-3-5", None),
        ("yesterday", None),
        ("2024-13", None),
        ("2024-02-30", None),
    ],
)
def test_parse_day(text: str, day: str | None) -> None:
    assert parse_day(text) == day


def test_keeps_combines_source_language_dates_and_unread() -> None:
    rows = [
        (0, "2022-09-10", "a", "en", "kyiv-post", "a.txt"),
        (1, "", "b", "en", "ukrinform", "b.txt"),
        (2, "2022-09-12", "c", "de", "dpa", "c.txt"),
        (3, "2022-10", "d", "en", "ap", "d.txt"),
    ]

    def kept(chosen: ListFilter, read: set[int] = frozenset()) -> list[int]:  # type: ignore[assignment]
        keep = keeps(chosen, set(read))
        return [r[0] for r in rows if keep is None or keep(r)]

    assert kept(ListFilter()) == [0, 1, 2, 3]
    assert kept(ListFilter(language="en")) == [0, 1, 3]
    assert kept(ListFilter(since="2022-09-11")) == [2, 3]
    assert kept(ListFilter(until="2022-09")) == [0, 2]
    assert kept(ListFilter(until="2022")) == [0, 2, 3]
    assert kept(ListFilter(unread_only=True), {0, 2}) == [1, 3]
    assert kept(ListFilter(source="ap", unread_only=True), {3}) == []
    assert counts_by(rows, 3, {0}) == [("en", 3, 2), ("de", 1, 1)]


def test_config_keeps_the_filter_with_the_users_comments(tmp_path: Path) -> None:
    from warreader.config import save_settings

    path = tmp_path / "config.toml"
    path.write_text('# keep me\n[view]\nsort = "date"  # mine\n', encoding="utf-8")
    save_settings(path, ListFilter(source="dpa", unread_only=True).settings())
    text = path.read_text(encoding="utf-8")
    assert "# keep me" in text and "# mine" in text
    config = load_config(path)
    problems: list[str] = []
    assert ListFilter.from_settings(config.view, problems) == ListFilter(source="dpa", unread_only=True)
    assert problems == [] and isinstance(config, Config)


async def test_the_killfile_hides_what_its_rules_match(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[[kill]]\nsource = "ap"\n\n[[kill]]\ntitle = "quiet\\\\s+day"\nlanguage = "en"\n\n'
        '[[kill]]\ntitle = "(unclosed"\n\n[[kill]]\ncolour = "red"\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.kill == [{"source": "ap"}, {"title": "quiet\\s+day", "language": "en"}]
    assert any("kill rule 3: title is not a pattern" in p for p in config.problems)
    assert any("kill rule 4: unknown colour" in p for p in config.problems)
    app = RecordingApp(library=workbench_library(), config=config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert listed_titles(app) == ["Shelling in Kharkiv", "Raketen auf Kharkiv"]
        assert "2 hidden by the killfile" in screen_text(app)


def test_a_killfile_rule_needs_every_test_it_names() -> None:
    from warreader.ui.list_filters import killer

    killed = killer([{"source": "dpa", "title": "kharkiv"}])
    assert killed is not None
    assert killed((0, "", "Raketen auf Kharkiv", "de", "dpa", "a"))
    assert not killed((1, "", "Raketen auf Kharkiv", "de", "ap", "b"))
    assert not killed((2, "", "Lage in Odesa", "de", "dpa", "c"))
    assert killer([]) is None
