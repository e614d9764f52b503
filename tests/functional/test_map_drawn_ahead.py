"""The map's outline is drawn while the user reads, at the size a map screen will have, so the
first m of a session shows the map at once (issue 17: at 100k articles the first m took ~140 ms
p95, drawing the outline in a thread behind a loading indicator; the later ones ~45 ms)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from warreader.ui.app import WarReaderApp
from warreader.ui.screens import map as map_screen
from warreader.ui.screens.map import MapScreen
from warreader.ui.widgets import place_map
from warreader.ui.widgets.place_map import PlaceMap, load_outline, outline_drawn

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("size", [(140, 40), (100, 30)])
async def test_the_first_m_shows_the_map_at_once(
    monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    threads: list[str] = []
    read = MapScreen._read

    def counted(self, *args):  # type: ignore[no-untyped-def]
        if threading.current_thread() is not threading.main_thread():
            threads.append("read")
        return read(self, *args)

    monkeypatch.setattr(MapScreen, "_read", counted)
    monkeypatch.setattr(map_screen, "AT_ONCE_GROUPS", -1)  # a corpus of many groups (else at once)
    monkeypatch.setattr(place_map, "_OUTLINES", {})  # no map drawn before in this process
    monkeypatch.setattr(place_map, "LAST_SIZE", [])
    monkeypatch.setattr(map_screen, "LAST_SIZE", place_map.LAST_SIZE)
    app = WarReaderApp(paths=[str(ROOT / "seeds")])
    async with app.run_test(size=size) as pilot:
        for _ in range(200):  # the load thread draws the outline, then hands over the grouped corpus
            if place_map._OUTLINES and app.library is not None and app.library.groups:
                break
            await asyncio.sleep(0.05)
        await pilot.pause()
        assert place_map._OUTLINES, "the outline was not drawn ahead"
        await pilot.press("m")
        screen = app.screen
        assert isinstance(screen, MapScreen)
        assert not screen.query_one(PlaceMap).loading  # shown in its first frame
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert threads == []  # nothing read in a thread
        cols, rows, _ = screen.query_one(PlaceMap).drawing_size()
        assert outline_drawn(load_outline(), cols, rows)  # drawn ahead at the size it has
        assert len(place_map._OUTLINES) == 1  # and not drawn again at another
        assert screen.points
