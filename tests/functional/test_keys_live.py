"""Help, key bar and palette show the keys as bound now (config.toml's [keys]); help scrolls by key;
each palette command about corrections does what it says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.containers import VerticalScroll
from ui_helpers import SIZE, RecordingApp, screen_text, tiny_library

from warreader import corrections as fix
from warreader.config import Config
from warreader.ui.screens.dialogs import PickScreen, PromptScreen
from warreader.ui.screens.help import HelpScreen

REMAP = {"who_said": "W", "search": "ctrl+f", "help": "f1"}


def key_bar(app: RecordingApp) -> str:
    return screen_text(app).splitlines()[-1]


async def shown(app: RecordingApp, pilot, text: str, seconds: float = 5.0) -> str:
    """The screen once ``text`` is on it (the palette searches in the background; the machine may be busy)."""
    for _ in range(int(seconds / 0.1)):
        screen = screen_text(app)
        if text in screen:
            return screen
        await pilot.pause(0.1)
    raise AssertionError(f"{text!r} never shown")


async def test_a_remapped_key_shows_in_the_key_bar_the_help_and_the_palette() -> None:
    app = RecordingApp(library=tiny_library(), config=Config(keys=dict(REMAP)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = key_bar(app)
        assert "W Quotes" in bar and "w Quotes" not in bar
        assert bar.index("e View") < bar.index("W Quotes") < bar.index("m Map")  # keymap order kept
        assert bar.index("f1 Help") < bar.index("^f Search") < bar.index("n Next mention")

        await pilot.press("question_mark")  # remapped away: no help
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        await pilot.press("G")  # and the end of the help (it scrolls on a small terminal)
        await pilot.pause()
        text += screen_text(app)
        assert re.search(r"\bW +Who said what: quotes", text)
        assert not re.search(r"\bw +Who said what: quotes", text)
        assert re.search(r"Ctrl\+F +Search the text of every article", text)
        assert re.search(r"F1 +This help", text)
        assert re.search(r"In the views \(e, W, m\)", text)
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("ctrl+p", *"who said")
        text = await shown(app, pilot, "key: ")
        assert isinstance(app.screen, CommandPalette)
        assert "key: W" in text and "key: w" not in text


async def test_help_scrolls_with_the_reader_keys() -> None:
    app = RecordingApp(library=tiny_library())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        box = app.screen.query_one("#help-box", VerticalScroll)
        assert box.max_scroll_y > 10  # the help is taller than the terminal
        assert "Quit" not in screen_text(app).split("Ctrl+P")[-1]
        await pilot.press("j", "j", "down")
        await pilot.pause()
        assert box.scroll_y == 3
        await pilot.press("k", "up")
        await pilot.pause()
        assert box.scroll_y == 1
        await pilot.press("pagedown")
        await pilot.pause()
        assert box.scroll_y > 5
        await pilot.press("pageup")
        await pilot.pause()
        assert box.scroll_y == 1
        await pilot.press("G")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y
        assert re.search(r"q +Quit", screen_text(app))
        await pilot.press("g")
        await pilot.pause()
        assert box.scroll_y == 0
        assert isinstance(app.screen, HelpScreen)


async def run_command(app: RecordingApp, pilot, title: str) -> None:
    await pilot.press("ctrl+p", *title)
    await shown(app, pilot, "TOML aliases file" if "corrections" in title else "Undo a correction")
    assert isinstance(app.screen, CommandPalette)
    await pilot.press("enter")
    await pilot.pause()


async def test_the_corrections_commands_of_the_palette_each_do_what_they_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = RecordingApp(library=tiny_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_command(app, pilot, "undo a correction")
        assert not isinstance(app.screen, PickScreen)  # nothing saved: said so
        assert any("No saved corrections" in n.message for n in app._notifications)

        assert app.correcting.add_correction(
            fix.Correction("rename", group="place:lviv", name="Lwów", label="Lviv")
        )
        await pilot.pause()
        await run_command(app, pilot, "undo a correction")
        assert isinstance(app.screen, PickScreen) and app.screen.title_text == "Undo which correction?"
        await pilot.press("enter")
        await pilot.pause()
        assert app.correcting.corrections == [] and app.library.groups["place:lviv"].name == "Lviv"

        app.correcting.add_correction(fix.Correction("rename", group="place:lviv", name="Lwów", label="Lviv"))
        await pilot.pause()
        await run_command(app, pilot, "export corrections")
        assert isinstance(app.screen, PromptScreen) and app.screen.title_text == "Export corrections to"
        await pilot.press("enter")  # the default path, in the current folder
        await pilot.pause()
        written = tmp_path / "warreader-aliases.toml"
        assert "Lwów" in written.read_text(encoding="utf-8")

        await run_command(app, pilot, "import corrections")
        assert isinstance(app.screen, PromptScreen) and app.screen.title_text == "Import corrections from"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PromptScreen | PickScreen)
