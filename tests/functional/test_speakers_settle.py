"""Moving through the speakers of w (who said what) shows a speaker's statements once the cursor
rests, not on every j (issue 12.5: j in the speakers list)."""

from __future__ import annotations

import pytest
from ui_helpers import SIZE, RecordingApp
from workbench_helpers import workbench_library

from warreader.ui.screens import statements
from warreader.ui.screens.statements import WhoSaidScreen


async def test_j_through_the_speakers_reads_only_where_the_cursor_rests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    original = WhoSaidScreen.show_speaker

    def counting(self: WhoSaidScreen, group_id: str) -> None:
        shown.append(group_id)
        original(self, group_id)

    monkeypatch.setattr(WhoSaidScreen, "show_speaker", counting)
    monkeypatch.setattr(statements, "SETTLE", 0.3)
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause(0.5)
        screen = app.screen
        assert isinstance(screen, WhoSaidScreen)
        speakers = [g.id for g in screen.speakers]
        assert len(speakers) >= 2
        screen.query_one("#speakers").focus()
        await pilot.pause()
        shown.clear()
        await pilot.press("j", "j", "k", "j")  # quicker than the settle time
        assert shown == []
        await pilot.pause(0.6)
        assert len(shown) == 1 and screen.group_id == shown[0]
        title = str(screen.query_one("#statements").border_title)
        assert app.library is not None and app.library.groups[shown[0]].name in title  # its statements
