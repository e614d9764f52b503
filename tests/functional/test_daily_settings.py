"""Theme, sort order and bookmarks-only are kept in config.toml between sessions, and the rewrite
keeps the user's comments and the settings it does not know."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import SIZE, RecordingApp, screen_text
from workbench_helpers import workbench_library

from warreader.config import load_config, parse_config, save_settings
from warreader.ui.widgets.article_list import ArticleList

USER_FILE = """\
# my warreader settings
theme = "nord"  # calm at night
paths = ["~/news"]

[keys]
follow_filter = "F"  # capitals are easier
"""


async def test_theme_sort_and_bookmarks_only_are_kept_for_the_next_session(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE, encoding="utf-8")
    app = RecordingApp(library=workbench_library(), config=load_config(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        await pilot.press("t", "s", "B", "apostrophe")  # next theme, newest first, bookmark, bookmarked only
        await pilot.pause()
        theme = app.theme
        assert theme != "nord" and app.reading.sort_by == "date" and app.reading.bookmarks_only
    text = path.read_text(encoding="utf-8")
    for kept in (
        "# my warreader settings",
        "# calm at night",
        'paths = ["~/news"]',
        'follow_filter = "F"  # capitals',
    ):
        assert kept in text
    config = load_config(path)
    assert config.problems == [] and config.theme == theme
    assert config.view == {"sort": "date", "bookmarks_only": True} and config.keys == {"follow_filter": "F"}
    # The next session starts with them (its state is in memory: no bookmarks there, an empty list).
    again = RecordingApp(library=workbench_library(), config=config)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == theme and again.reading.sort_by == "date" and again.reading.bookmarks_only
        assert "bookmarked · newest first" in screen_text(again)
        await pilot.press("apostrophe")  # all articles again, still newest first
        await pilot.pause()
        assert again.query_one(ArticleList).get_row_at(0)[1].plain == "2022-09-12"
    assert load_config(path).view == {"sort": "date", "bookmarks_only": False}


async def test_a_config_made_in_code_or_unreadable_is_not_written(tmp_path: Path) -> None:
    broken = tmp_path / "config.toml"
    broken.write_text("theme = \n", encoding="utf-8")
    config = load_config(broken)
    assert config.path is None  # not valid TOML: never overwritten
    app = RecordingApp(library=workbench_library(), config=config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t", "s")
        await pilot.pause()
    assert broken.read_text(encoding="utf-8") == "theme = \n"


def test_save_settings_makes_the_file_and_rejects_what_it_cannot_parse(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    save_settings(path, {"theme": "gruvbox", "sort": "title"})
    assert parse_config(path.read_text(encoding="utf-8")).view == {"sort": "title"}
    bad = parse_config("[view]\nsort = 3\nzoom = 2\n")
    assert bad.view == {} and len(bad.problems) == 2
