"""Reading comfort, export from the app, the command palette, settings and the help screen."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import Input
from ui_helpers import SIZE, RecordingApp, screen_text
from workbench_helpers import HAIDAI, KHARKIV, LVIV, workbench_library

from warreader.config import Config
from warreader.store.state import StateStore
from warreader.ui import keymap
from warreader.ui.messages import EntitySelected
from warreader.ui.screens.dialogs import PickScreen, PromptScreen
from warreader.ui.screens.entity import EntityScreen
from warreader.ui.screens.help import HelpScreen
from warreader.ui.widgets.article_list import ArticleList
from warreader.ui.widgets.reader import Reader


def column(app: RecordingApp, index: int) -> list[str]:
    table = app.query_one(ArticleList)
    return [table.get_row_at(row)[index].plain.strip() for row in range(table.row_count)]


async def test_read_marks_bookmarks_and_sorting(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    app = RecordingApp(library=workbench_library(), state=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not store.state.read  # shown at launch, not opened by the user: not read
        await pilot.press("j", "enter")  # open the second article: read, its row shows both marks
        await pilot.pause()
        assert column(app, 0) == ["", "▶✓", "", ""]
        await pilot.press("B")  # bookmark the open one
        await pilot.press("u")  # and mark it unread
        await pilot.pause()
        # marks are keyed by the article's content, with its path as a hint
        assert "news/lviv.txt" in store.state.bookmarks.values()
        assert "news/lviv.txt" not in store.state.read.values()
        app.reading.open_article(0)
        await pilot.pause()
        assert column(app, 0) == ["▶✓", "★", "", ""]
        await pilot.press("apostrophe")  # bookmarked only
        await pilot.pause()
        assert column(app, 2) == ["A quiet day in Lviv"]
        assert "Articles (1 of 4) · bookmarked" in screen_text(app)
        await pilot.press("apostrophe", "s")  # all again, newest first, undated last
        await pilot.pause()
        assert column(app, 1) == ["2022-09-12", "2022-09-11", "2022-09-10", ""]
        assert column(app, 0)[2] == "▶✓"  # the open article is marked on its new row
        await pilot.press("s")  # by source
        await pilot.pause()
        assert column(app, 4) == ["ap", "dpa", "kyiv-post", "ukrinform"]
        await pilot.press("s", "s")  # by title, then corpus order
        await pilot.pause()
        assert column(app, 2)[0] == "Shelling in Kharkiv"
    saved = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))  # written on exit
    assert (
        list(saved["bookmarks"].values()) == ["news/lviv.txt"]
        and "news/lviv.txt" not in saved["read"].values()
    )


async def test_y_copies_the_sentence_of_the_current_mention() -> None:
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert any("Nothing to copy" in n.message for n in app._notifications)
        app.select_entity(HAIDAI)
        await pilot.pause()
        await pilot.press("y")
        assert app.clipboard == (
            "Governor Serhiy Haidai said: “The city of Kharkiv held, and the power is back.”"
        )


async def test_t_changes_the_theme_and_config_sets_theme_and_keys() -> None:
    config = Config(theme="nord", keys={"follow_filter": "F", "nonsense": "z"})
    app = RecordingApp(library=workbench_library(), config=config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        assert any("no key binding called nonsense" in n.message for n in app._notifications)
        app.select_entity(KHARKIV)
        await pilot.pause()
        await pilot.press("f")  # remapped away
        await pilot.pause()
        assert not app.reading.filter_on
        await pilot.press("F")
        await pilot.pause()
        assert app.reading.filter_on
        await pilot.press("t")
        assert app.theme != "nord"


async def test_exports_from_the_entity_view_and_the_main_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.select_entity(KHARKIV)
        await pilot.pause()
        await pilot.press("e", "x")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)  # Markdown, CSV or JSON
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one("#prompt-input", Input).value = str(tmp_path / "kharkiv.md")
        await pilot.press("enter")
        await pilot.pause()
        report = (tmp_path / "kharkiv.md").read_text(encoding="utf-8")
        assert report.startswith("# Kharkiv (place)") and "Kharkiv Oblast" in report
        assert isinstance(app.screen, EntityScreen)
        await pilot.press("escape", "x", "down", "down", "enter")  # the group table as JSON
        await pilot.pause()
        default = app.screen.query_one("#prompt-input", Input).value
        assert default.startswith(str(tmp_path / "warreader-entities-")) and default.endswith(".json")
        await pilot.press("enter")
        await pilot.pause()
        rows = json.loads(Path(default).read_text(encoding="utf-8"))
        assert rows[0]["id"] == KHARKIV


async def test_command_palette_runs_actions_and_goes_to_an_entity() -> None:
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"lviv")
        await pilot.pause(0.3)
        assert "Go to entity: Lviv" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.reading.entity == LVIV and app.of(EntitySelected)[-1].group_id == LVIV
        await pilot.press("ctrl+p", *"who said")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "WhoSaidScreen"


def help_keys_column(rows: list[tuple[str, str]]) -> set[str]:
    """Each key written in the keys column of the help ("j / k  or  ↓ / ↑" -> j, k, or, ↓, ↑)."""
    keys: set[str] = set()
    for cell, _ in rows:
        for token in cell.replace(" / ", "  ").split():
            keys.add(token.rstrip(","))
            if len(token) > 1 and "/" in token:  # "←/h": an arrow or a letter
                keys.update(token.split("/"))
    return keys


async def test_help_lists_every_key_of_every_screen() -> None:
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        await pilot.press("G")  # and the end of the help (it scrolls on a small terminal)
        await pilot.pause()
        text += screen_text(app)
        rows = [row for _, section in keymap.help_sections(keymap.live_keys(app)) for row in section]
    # Every row is on the screen as a row: its keys, the column gap, the start of what they do.
    for keys, what in rows:
        start = " ".join(what.split()[:2])
        assert re.search(re.escape(keys) + " {2,}" + re.escape(start), text), (keys, what)
    # Every key of every screen has a row of its own: it stands in the keys column (a letter found
    # anywhere on the screen, as this test once checked, is found whatever the help lists).
    written = help_keys_column(rows)
    lists = (
        keymap.APP,
        keymap.LIST,
        keymap.READER,
        keymap.ENTITY_VIEW,
        keymap.WHO_SAID,
        keymap.MAP_SCREEN,
        keymap.MAP_KEYS,
        keymap.DIALOG,
    )
    names = {"question_mark": "?", "slash": "/", "apostrophe": "'", "escape": "Escape", "enter": "Enter"}
    names |= {"space": "Space", "left": "←", "right": "→", "up": "↑", "down": "↓", "plus": "+", "minus": "-"}
    missing = []
    for bindings in lists:
        for binding in bindings:
            assert isinstance(binding, Binding)
            key = binding.key.split(",")[0]
            shown = binding.key_display or names.get(key, key)
            if shown not in written:
                missing.append(shown)
    assert missing == []


async def test_highlights_stay_distinguishable_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.no_color
        styles = app.query_one(Reader).highlight_styles()
        assert styles.place.underline and not styles.place.bold
        assert styles.speaker.bold and not styles.speaker.underline
        assert styles.date.italic and not (styles.date.bold or styles.date.underline)
        assert styles.current.reverse
        app.select_entity(KHARKIV)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        kwic = app.screen.query_one("KwicList")
        place = kwic.get_component_rich_style("kwic--place", partial=True)
        speaker = kwic.get_component_rich_style("kwic--speaker", partial=True)
        assert place.underline and speaker.bold and not speaker.underline
