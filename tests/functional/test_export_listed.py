"""The palette's "Export the listed articles…" writes what the list shows, in its order, as the
HTML report (issue 16.9, from the app)."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import SIZE, RecordingApp
from workbench_helpers import workbench_library

from warreader.ui.list_filters import ListFilter
from warreader.ui.screens.dialogs import PickScreen, PromptScreen


async def test_the_listed_articles_are_exported_as_an_html_report(tmp_path: Path) -> None:
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.reading.list_keys.choose(ListFilter(language="en"))
        await pilot.pause()
        await app.run_action("export_listed")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickScreen)
        picker.dismiss("html")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        target = tmp_path / "report.html"
        prompt.dismiss(str(target))
        await pilot.pause()
    page = target.read_text(encoding="utf-8")
    assert "Shelling in Kharkiv" in page and "A quiet day in Lviv" in page and "Another wire" in page
    assert "Raketen auf Kharkiv" not in page  # not listed (German)
    assert "<mark" in page and "<script" not in page
