"""The app's x export menu offers the HTML report (it lists export.iter_formats()) and writes one."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList
from ui_helpers import SIZE, RecordingApp, screen_text
from workbench_helpers import KHARKIV, workbench_library

from warreader.ui.screens.dialogs import PickScreen, PromptScreen
from warreader.ui.screens.entity import EntityScreen


async def test_x_in_the_entity_view_writes_an_html_report(
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
        assert isinstance(app.screen, PickScreen)
        assert "HTML report (opens in a browser)" in screen_text(app)
        options = app.screen.query_one("#pick-list", OptionList)
        options.highlighted = options.get_option_index("html")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        default = app.screen.query_one("#prompt-input", Input).value
        assert default.endswith(".html")
        await pilot.press("enter")
        await pilot.pause()
        report = Path(default).read_text(encoding="utf-8")
        assert report.startswith("<!DOCTYPE html>") and '<mark class="hit place">' in report
        assert isinstance(app.screen, EntityScreen)
