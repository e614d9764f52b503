"""Issue 12.5: a key inside who said what (w) and the map (m) repaints what it changed, not the whole
screen, and never reads the corpus again; the map opens at once and reads its places in a thread.

Counted, never timed: render calls of the lists and the map, and reads of the library."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from ui_helpers import screen_text
from workbench_helpers import KHARKIV, workbench_library

from warreader import analysis
from warreader.library import load_library
from warreader.ui.app import WarReaderApp
from warreader.ui.screens import map as map_screen
from warreader.ui.screens.map import MapScreen
from warreader.ui.screens.statements import WhoSaidScreen
from warreader.ui.widgets import place_map as place_map_module
from warreader.ui.widgets.cursor_list import CursorList
from warreader.ui.widgets.place_map import PlaceMap

SIZE = (140, 40)
BODY = (
    "Shelling hit Kharkiv overnight. Governor Oleh Syniehubov said: “Kharkiv is calm now and the city "
    "is working again.” Mayor Ihor Terekhov said the trams run in Kharkiv.\n"
)


def corpus(tmp_path: Path, files: int = 30) -> Path:
    for number in range(files):
        (tmp_path / f"day{number:02}.txt").write_text(f"Kharkiv, day {number}\n\n{BODY}", encoding="utf-8")
    return tmp_path


class Counted:
    """Counts ``render_line`` calls per widget class (what a frame re-renders)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *classes: type) -> None:
        self.calls: dict[str, int] = {c.__name__: 0 for c in classes}
        for cls in classes:
            original = cls.render_line

            def counted(widget, y, original=original, name=cls.__name__):  # type: ignore[no-untyped-def]
                self.calls[name] += 1
                return original(widget, y)

            monkeypatch.setattr(cls, "render_line", counted)

    def reset(self) -> None:
        for name in self.calls:
            self.calls[name] = 0


async def test_j_in_the_statements_list_repaints_two_rows_and_reads_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = load_library([str(corpus(tmp_path))])
    app = WarReaderApp(library=library)
    reads = []
    statements_of = analysis.statements
    monkeypatch.setattr(analysis, "statements", lambda lib, gid: reads.append(gid) or statements_of(lib, gid))
    counted = Counted(monkeypatch, CursorList)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WhoSaidScreen)
        statements = screen.query_one("#statements", CursorList)
        assert app.focused is statements and len(screen.said) >= 20
        visible = statements.scrollable_content_region.height
        rows = statements._heights[0]  # a statement is two lines and a blank one
        reads.clear()
        for step in (1, 2, 3):
            counted.reset()
            await pilot.press("j")
            await pilot.pause()
            assert statements.highlighted == step
            assert counted.calls["CursorList"] <= 2 * rows < visible  # the row left and the row entered
        assert reads == []  # nothing read again
        assert screen.current is screen.said[3]
        # a move past the bottom scrolls, and the list shows the highlighted statement
        moves = visible // rows
        for _ in range(moves):
            await pilot.press("j")
        await pilot.pause()
        assert statements.highlighted == 3 + moves
        top, line = statements.scroll_offset.y, statements._index_to_line[3 + moves]
        assert 0 < top <= line < top + visible
        assert reads == []


async def test_a_key_on_the_map_redraws_the_rows_it_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    app = WarReaderApp(library=workbench_library())
    counted = Counted(monkeypatch, PlaceMap)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.select_entity(KHARKIV)
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        place_map = app.screen.query_one(PlaceMap)
        height = place_map.content_region.height
        drawn = place_map.rows_drawn
        assert drawn == height  # the first frame draws every row
        counted.reset()
        await pilot.press("left")  # Kharkiv -> Kyiv: the old marker's row, the new one's
        await pilot.pause()
        assert place_map.points[place_map.selected].name == "Kyiv"
        assert 1 <= place_map.rows_drawn - drawn <= 4
        assert 1 <= counted.calls["PlaceMap"] <= 4 < height
        assert "◉ Kyiv" in screen_text(app)
        assert "Kyiv" in str(app.screen.query_one("#map-info").text)  # type: ignore[attr-defined]


async def test_the_map_opens_at_once_and_reads_its_places_in_a_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = load_library([str(corpus(tmp_path, files=3))])
    go = threading.Event()
    place_points = map_screen.place_points

    def slow_points(lib):  # type: ignore[no-untyped-def]
        go.wait(5)
        return place_points(lib)

    monkeypatch.setattr(map_screen, "place_points", slow_points)
    monkeypatch.setattr(place_map_module, "_OUTLINES", {})  # a first map: none drawn before (else at once)
    monkeypatch.setattr(map_screen, "AT_ONCE_GROUPS", -1)  # a corpus of many groups (else at once)
    place_map_module.LAST_SIZE.clear()
    app = WarReaderApp(library=library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MapScreen)  # shown while the places are read
        place_map = screen.query_one(PlaceMap)
        assert place_map.loading and screen.query_one("#map-places").loading
        await pilot.press("j", "plus")  # keys stay live
        go.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not place_map.loading
        assert [p.name for p in place_map.points] == ["Kharkiv"]
        assert "Kharkiv" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MapScreen)


async def test_the_map_of_a_corpus_of_few_groups_shows_its_places_in_its_first_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the app has loaded the gazetteer (it does after start-up), counting the places of a few
    thousand groups takes milliseconds: m shows them in its first frame, not after a thread."""
    library = load_library([str(corpus(tmp_path, files=3))])
    counted_in: list[str] = []
    go, place_points = threading.Event(), map_screen.place_points

    def watched_points(lib):  # type: ignore[no-untyped-def]
        counted_in.append(threading.current_thread().name)
        if threading.current_thread() is not threading.main_thread():
            go.wait(5)  # a thread would leave the map loading
        return place_points(lib)

    monkeypatch.setattr(map_screen, "place_points", watched_points)
    monkeypatch.setattr(place_map_module, "_OUTLINES", {})
    place_map_module.LAST_SIZE.clear()
    app = WarReaderApp(library=library)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()  # the load thread, which loads the gazetteer
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MapScreen)
        assert counted_in == [threading.main_thread().name]
        assert not screen.query_one(PlaceMap).loading
        assert [p.name for p in screen.query_one(PlaceMap).points] == ["Kharkiv"]
        assert "Kharkiv" in screen_text(app)
        go.set()
