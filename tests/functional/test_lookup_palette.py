"""The palette's "Go to entity" finds a group by a spelling the corpus does not have."""

from __future__ import annotations

from textual.command import CommandPalette
from ui_helpers import SIZE, RecordingApp, screen_text
from workbench_helpers import KHARKIV, workbench_library


async def go_to(app: RecordingApp, pilot, typed: str) -> str:
    """The palette's screen after typing ``typed``, once the search has shown a hit (or 3 s passed)."""
    await pilot.press("ctrl+p", *typed)
    for _ in range(30):
        await pilot.pause(0.1)
        if "Go to entity" in screen_text(app):
            break
    assert isinstance(app.screen, CommandPalette)
    return screen_text(app)


async def test_go_to_entity_by_a_spelling_the_corpus_lacks() -> None:
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for typed in ("kharkov", "charkiw", "Харків"):
            text = await go_to(app, pilot, typed)
            assert "Go to entity: Kharkiv" in text, typed
            await pilot.press("escape")
            await pilot.pause()
        await go_to(app, pilot, "kharkov")
        await pilot.press("enter")
        await pilot.pause()
        assert app.reading.entity == KHARKIV
