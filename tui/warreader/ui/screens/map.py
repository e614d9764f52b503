"""The map screen: the corpus's places on a braille map of Ukraine, with a list beside it."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.css.scalar import Unit
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from warreader.ui import keymap
from warreader.ui.highlight import inert_line
from warreader.ui.screens.base import LibraryScreen
from warreader.ui.widgets.cursor_list import CursorList
from warreader.ui.widgets.key_bar import KeyBar
from warreader.ui.widgets.place_map import (
    LAST_SIZE,
    MapPoint,
    Outline,
    PlaceMap,
    draw_outline,
    load_outline,
    outline_drawn,
    place_points,
)
from warreader.ui.widgets.status import StatusLine
from warreader.wording import counted

LIST_WIDTH = 32
"""The place list's width beside the map (``#map-places`` in the CSS below)."""
FIRST_LISTED = 40
AT_ONCE_GROUPS = 5000
"""With the gazetteer loaded (the app loads it after start-up) and up to this many groups, the
places are counted before the first frame (~6 ms for 460 groups) instead of in a thread, which
costs two frames more."""
"""Places listed in the first frame with the map (the rest right after it)."""
Read = tuple[list[MapPoint], int, list[Option], Outline]
"""The places, how many have no coordinates, their list rows, the outline."""


def place_option(point: MapPoint) -> Text:
    text = Text(inert_line(point.name) or "(unnamed)", style="bold", end="")
    text.append(f"  {point.mentions}", style="dim")
    if point.region:
        text.append("\n  " + inert_line(point.region), style="dim italic")
    return text


class MapScreen(LibraryScreen):
    """Places with coordinates; the one selected is highlighted. Enter follows it in the reader."""

    BINDINGS = keymap.MAP_SCREEN
    DEFAULT_CSS = """
    MapScreen PlaceMap {
        border: round $border-blurred;
        background: $surface;
    }
    MapScreen #map-places {
        width: 32;  /* LIST_WIDTH */
        height: 1fr;
        border: round $border-blurred;
        background: $surface;
    }
    MapScreen PlaceMap:focus, MapScreen #map-places:focus {
        border: round $border;
    }
    MapScreen #map-info {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    """

    def __init__(self, group_id: str | None = None) -> None:
        super().__init__()
        self.group_id = group_id
        self.points: list[MapPoint] = []
        self.unplaced = 0

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield PlaceMap([], None, id="map")
            yield CursorList(id="map-places")
        yield StatusLine(id="map-info")  # repaints its row only (a Static's update lays out the screen)
        yield KeyBar()

    def on_mount(self) -> None:
        place_map = self.query_one(PlaceMap)
        place_map.border_subtitle = "arrows / h j k l: move · + / -: zoom · 0: whole map · Enter: follow"
        places = self.query_one("#map-places", OptionList)
        places.border_title = "By mentions"
        place_map.on_moved = self._moved_to
        place_map.focus()
        self.sub_title = "Map"
        if self.library.index is None or self._drawn_before() or self._quick():  # shown at once
            self._show(self._read(0, 0))
            return
        place_map.loading = places.loading = True  # the outline and the places are read in a thread
        place_map.border_title = "Places on the map (reading…)"
        self.call_after_refresh(self._start_reading)

    def _quick(self) -> bool:
        """The places can be counted at once: few groups, and the gazetteer already loaded."""
        from warreader.nlp.gazetteer import load_gazetteer

        return len(self.library.groups) <= AT_ONCE_GROUPS and load_gazetteer.cache_info().currsize > 0

    def _drawn_before(self) -> bool:
        """True when the outline is drawn at the size the map had when last shown (the places are
        counted from the groups: the map needs no thread then)."""
        if not LAST_SIZE:
            return False
        return outline_drawn(load_outline(), LAST_SIZE[0], LAST_SIZE[1])

    def _expected_size(self) -> tuple[int, int]:
        """The map's drawing size as this screen lays it out: the screen less the list beside it,
        the status and key lines under it and the map's border (a wrong guess only costs the
        drawing on the first render, as before)."""
        place_map, places = self.query_one(PlaceMap), self.query_one("#map-places", OptionList)
        listed = places.styles.width
        width = int(listed.value) if listed is not None and listed.unit == Unit.CELLS else LIST_WIDTH
        gutter = place_map.styles.gutter
        return self.app.size.width - width - gutter.width, self.app.size.height - 2 - gutter.height

    def _start_reading(self) -> None:
        cols, rows, _ = self.query_one(PlaceMap).drawing_size()
        if not (cols and rows):  # loading: no size yet (the outline was drawn at 0 x 0)
            cols, rows = LAST_SIZE or self._expected_size()
        self.run_worker(partial(self._read, cols, rows), thread=True, exclusive=True, group="map")

    def _read(self, cols: int, rows: int) -> Read:
        """The places (counted from the groups), their list rows, the outline drawn at the map's size."""
        points, unplaced = place_points(self.library)
        outline = load_outline()
        draw_outline(outline, cols, rows)
        return points, unplaced, [Option(place_option(p), id=p.group_id) for p in points], outline

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "map" and event.state == WorkerState.SUCCESS and event.worker.result:
            self._show(event.worker.result)

    def _show(self, read: Read) -> None:
        self.points, self.unplaced, options, outline = read
        ids = [p.group_id for p in self.points]
        selected = ids.index(self.group_id) if self.group_id in ids else (0 if ids else None)
        place_map = self.query_one(PlaceMap)
        places = self.query_one("#map-places", OptionList)
        place_map.loading = places.loading = False
        place_map.show(self.points, selected, outline)
        place_map.border_title = f"Places on the map ({len(self.points)})"
        # Each option is laid out when listed: the first screenful goes into the first frame, the
        # others once it is out (the map draws every place at once).
        first = max(FIRST_LISTED, (place_map.selected or 0) + 1)
        places.set_options(options[:first])
        if options[first:]:
            self.call_after_refresh(self._list_rest, places, self.points, options[first:])
        if place_map.selected is not None:
            places.highlighted = place_map.selected
        self._show_info()

    def _list_rest(self, places: OptionList, points: list[MapPoint], rest: list[Option]) -> None:
        if points is self.points:
            places.add_options(rest)

    def _show_info(self) -> None:
        place_map = self.query_one(PlaceMap)
        info = Text(end="")
        if place_map.selected is not None and self.points:
            point = self.points[place_map.selected]
            info.append(inert_line(point.name), style="bold")
            if point.region:
                info.append(", " + inert_line(point.region))
            info.append(f"  ·  {counted(point.mentions, 'mention')}  ·  {point.lat:.2f}, {point.lon:.2f}")
        else:
            info.append("No places with coordinates in this corpus.", style="italic")
        if self.unplaced:
            info.append(f"  ·  {self.unplaced} places without coordinates not shown", style="dim")
        self.query_one("#map-info", StatusLine).update(info)

    @on(PlaceMap.Moved)
    def _moved(self, event: PlaceMap.Moved) -> None:
        self._moved_to(event.index)

    def _moved_to(self, index: int) -> None:
        places = self.query_one("#map-places", OptionList)
        if places.highlighted != index and index < places.option_count:
            places.highlighted = index
        self._show_info()

    @on(OptionList.OptionHighlighted, "#map-places")
    def _listed(self, event: OptionList.OptionHighlighted) -> None:
        place_map = self.query_one(PlaceMap)
        if event.option_index != place_map.selected:
            place_map.select(event.option_index, announce=False)
            self._show_info()

    @on(OptionList.OptionSelected, "#map-places")
    def _list_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._choose(event.option.id)

    @on(PlaceMap.Chosen)
    def _map_chosen(self, event: PlaceMap.Chosen) -> None:
        self._choose(event.group_id)

    def _choose(self, group_id: str) -> None:
        self.dismiss()
        self.app.call_later(self.desk.select_entity, group_id)

    def action_close(self) -> None:
        self.dismiss()


def expected_size(width: int, height: int) -> tuple[int, int]:
    """:meth:`MapScreen._expected_size` before any map screen exists (for :func:`draw_ahead`): an
    app of ``width`` x ``height`` less the list, the two lines under the map and its border."""
    return width - LIST_WIDTH - 2, height - 2 - 2
