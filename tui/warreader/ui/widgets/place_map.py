"""A terminal map: Ukraine's outline in braille dots and the corpus's places as markers.

Pure parts (tested without a screen): :func:`load_outline`, :func:`place_points`,
:class:`Viewport`, :class:`Braille`, :func:`render_map` and :func:`step_towards`.
The widget, :class:`PlaceMap`, keeps a selection that arrow keys move to the nearest
place in that direction; Enter posts :class:`PlaceMap.Chosen`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from warreader.library import Library
from warreader.resources import data_dir
from warreader.ui import keymap
from warreader.ui.highlight import component_styles, inert_line

PLOTTED_KINDS = frozenset({"city", "region", "area"})


# -- data ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Viewport:
    west: float
    east: float
    south: float
    north: float

    @property
    def center(self) -> tuple[float, float]:
        return (self.west + self.east) / 2, (self.south + self.north) / 2

    def zoomed(self, factor: float, center: tuple[float, float] | None = None) -> Viewport:
        """``factor`` > 1 zooms in around ``center`` (lon, lat)."""
        lon, lat = center or self.center
        half_w, half_h = (self.east - self.west) / factor / 2, (self.north - self.south) / factor / 2
        return Viewport(lon - half_w, lon + half_w, lat - half_h, lat + half_h)

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


@dataclass(frozen=True, slots=True)
class Outline:
    view: Viewport
    lines: tuple[tuple[str, bool, tuple[tuple[float, float], ...]], ...]
    """(kind, closed, points as (lon, lat))."""
    labels: tuple[tuple[str, float, float], ...]
    source: str


@cache
def load_outline() -> Outline:
    """The bundled outline (``data/outline.json``; see ``data/outline.md`` for its source)."""
    data: dict[str, Any] = json.loads((data_dir() / "outline.json").read_text(encoding="utf-8"))
    view = Viewport(**data["view"])
    lines = tuple(
        (line["kind"], bool(line["closed"]), tuple((float(x), float(y)) for x, y in line["points"]))
        for line in data["lines"]
    )
    labels = tuple((label["text"], float(label["lon"]), float(label["lat"])) for label in data["labels"])
    return Outline(view, lines, labels, data["source"])


@dataclass(frozen=True, slots=True)
class MapPoint:
    group_id: str
    name: str
    lon: float
    lat: float
    mentions: int
    region: str = ""


def place_points(library: Library) -> tuple[list[MapPoint], int]:
    """Places of the corpus with gazetteer coordinates (settlements and regions), most mentioned first
    (by the group's count, so no article is read), and how many place groups have none (countries,
    rivers, seas, villages found by context)."""
    from warreader.nlp.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    points: list[MapPoint] = []
    unplaced = 0
    for group in library.groups.values():
        if group.kind != "place":
            continue
        place = gazetteer.get(group.id.removeprefix("place:")) if group.id.startswith("place:") else None
        if place is None or place.kind not in PLOTTED_KINDS:
            unplaced += 1
            continue
        mentions = library.mention_count(group.id)
        points.append(MapPoint(group.id, group.name, place.lon, place.lat, mentions, place.admin1))
    points.sort(key=lambda p: (-p.mentions, p.name.casefold(), p.group_id))
    return points, unplaced


# -- drawing -------------------------------------------------------------------------

# Braille dot bits by (column, row) inside a cell of 2 × 4 dots.
_DOT_BITS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))


class Braille:
    """A ``cols`` × ``rows`` grid of braille cells, i.e. ``2·cols`` × ``4·rows`` dots."""

    def __init__(self, cols: int, rows: int) -> None:
        self.cols, self.rows = cols, rows
        self.bits = [[0] * cols for _ in range(rows)]

    def dot(self, x: int, y: int) -> None:
        if 0 <= x < 2 * self.cols and 0 <= y < 4 * self.rows:
            self.bits[y // 4][x // 2] |= _DOT_BITS[x % 2][y % 4]

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """Dots along a segment (stepped by the longer axis, so no gaps)."""
        steps = max(1, int(max(abs(x1 - x0), abs(y1 - y0))))
        if steps > 20000:
            return  # a segment far outside the view when zoomed in: skip rather than loop
        for i in range(steps + 1):
            t = i / steps
            self.dot(round(x0 + (x1 - x0) * t), round(y0 + (y1 - y0) * t))

    def char(self, col: int, row: int) -> str:
        bits = self.bits[row][col]
        return chr(0x2800 + bits) if bits else " "


@dataclass(frozen=True, slots=True)
class Projection:
    """Equirectangular projection of a viewport onto a dot grid, keeping shapes (dots are about square)."""

    view: Viewport
    cols: int
    rows: int

    @property
    def _scale(self) -> tuple[float, float, float, float]:
        kx = math.cos(math.radians((self.view.south + self.view.north) / 2))
        width, height = 2 * self.cols, 4 * self.rows
        span_x, span_y = (self.view.east - self.view.west) * kx, self.view.north - self.view.south
        scale = min(width / span_x, height / span_y)
        off_x = (width - span_x * scale) / 2
        off_y = (height - span_y * scale) / 2
        return kx, scale, off_x, off_y

    def dots(self, lon: float, lat: float) -> tuple[float, float]:
        kx, scale, off_x, off_y = self._scale
        return off_x + (lon - self.view.west) * kx * scale, off_y + (self.view.north - lat) * scale

    def cell(self, lon: float, lat: float) -> tuple[int, int]:
        x, y = self.dots(lon, lat)
        return int(x // 2), int(y // 4)


_OUTLINE = Style(color="blue")
_BORDER = Style(color="blue", dim=True)
_LABEL = Style(dim=True, italic=True)
_PLACE = Style(color="green")
_SELECTED = Style(reverse=True, bold=True)
_NAME = Style(bold=True)


@dataclass(frozen=True, slots=True)
class MapStyles:
    outline: Style = _OUTLINE
    border: Style = _BORDER
    label: Style = _LABEL
    place: Style = _PLACE
    selected: Style = _SELECTED
    name: Style = _NAME


def marker(mentions: int, most: int) -> str:
    """Bigger markers for more mentions: · • ●."""
    if most <= 0 or mentions * 3 < most:
        return "·" if mentions < 3 else "•"
    return "●"


Cells = tuple[tuple[tuple[str, Style], ...], ...]
Dots = tuple[tuple[tuple[str, bool], ...], ...]
"""The outline's braille characters, each with whether it is the country's outline (else a border)."""
_OUTLINES: dict[tuple[int, Viewport, int, int], Dots] = {}
OUTLINES_KEPT = 8
LAST_SIZE: list[int] = []
"""Columns and rows a map was last drawn at (a map that is loading has no size yet: its outline is
drawn ahead at this one, and a map opened again at it is shown at once)."""


def _outline_dots(outline: Outline, view: Viewport, cols: int, rows: int) -> Dots:
    """The outline drawn in braille for this view and size (drawn once, then kept: moving the
    selection redraws only the markers; drawing every line of the outline took ~100 ms a key).
    Kept without its styles, so it can be drawn ahead before any map is styled (the app draws it
    while the user reads: the first m then shows at once)."""
    key = (id(outline), view, cols, rows)
    known = _OUTLINES.get(key)
    if known is not None:
        return known
    projection = Projection(view, cols, rows)
    canvases = {"country": Braille(cols, rows), "other": Braille(cols, rows)}
    for kind, closed, line_points in outline.lines:
        canvas = canvases["country" if kind == "country" else "other"]
        projected = [projection.dots(lon, lat) for lon, lat in line_points]
        if closed:
            projected.append(projected[0])
        for (x0, y0), (x1, y1) in pairwise(projected):
            canvas.line(x0, y0, x1, y1)
    dots = []
    for row in range(rows):
        line = []
        for col in range(cols):
            char = canvases["country"].char(col, row)
            if char == " ":
                line.append((canvases["other"].char(col, row), False))
            else:
                line.append((char, True))
        dots.append(tuple(line))
    if len(_OUTLINES) >= OUTLINES_KEPT:
        _OUTLINES.pop(next(iter(_OUTLINES)))
    _OUTLINES[key] = result = tuple(dots)
    return result


def _outline_cells(
    outline: Outline, view: Viewport, cols: int, rows: int, outline_style: Style, border_style: Style
) -> list[list[tuple[str, Style]]]:
    """:func:`_outline_dots` in these styles (~1 ms at 130 x 40)."""
    return [
        [(char, outline_style if country else border_style) for char, country in line]
        for line in _outline_dots(outline, view, cols, rows)
    ]


Row = tuple[tuple[str, Style], ...]


def map_cells(
    outline: Outline,
    points: list[MapPoint],
    selected: int | None,
    view: Viewport,
    cols: int,
    rows: int,
    styles: MapStyles | None = None,
    names: int = 6,
) -> list[Row]:
    """The map as ``rows`` rows of ``cols`` (character, style) cells: outline dots, country labels,
    place markers, the selected place reversed with its name, and the names of the ``names`` most
    mentioned places where there is room."""
    styles = styles or MapStyles()
    cols, rows = max(1, cols), max(1, rows)
    projection = Projection(view, cols, rows)
    cells = _outline_cells(outline, view, cols, rows, styles.outline, styles.border)
    taken = [[False] * cols for _ in range(rows)]

    def put(col: int, row: int, text: str, style: Style, *, force: bool = False) -> bool:
        width = cell_len(text)
        if not (0 <= row < rows and col >= 0 and col + width <= cols):
            return False
        if not force and any(taken[row][col : col + width]):
            return False
        for i, char in enumerate(text):
            cells[row][col + i] = (char, style)
            taken[row][col + i] = True
        return True

    for label, lon, lat in outline.labels:
        if view.contains(lon, lat):
            col, row = projection.cell(lon, lat)
            put(col - len(label) // 2, row, label, styles.label)
    for covered in taken:
        covered[:] = [False] * cols  # labels may be covered by places
    most = max((p.mentions for p in points), default=0)
    spots: list[tuple[int, int] | None] = []
    for index, point in enumerate(points):
        if not view.contains(point.lon, point.lat):
            spots.append(None)
            continue
        col, row = projection.cell(point.lon, point.lat)
        spots.append((col, row))
        if index != selected:
            put(col, row, marker(point.mentions, most), styles.place, force=True)
    named = 0
    for index, point in enumerate(points):
        spot = spots[index]
        if spot is None or index == selected or named >= names:
            continue
        name = inert_line(point.name)
        if put(spot[0] + 1, spot[1], " " + name, styles.place) or put(
            spot[0] - cell_len(name) - 1, spot[1], name + " ", styles.place
        ):
            named += 1
    chosen = spots[selected] if selected is not None and 0 <= selected < len(spots) else None
    if selected is not None and chosen is not None:
        col, row = chosen
        put(col, row, "◉", styles.selected, force=True)
        name = " " + inert_line(points[selected].name) + " "
        if not put(col + 1, row, name, styles.name, force=True):
            put(max(0, col - cell_len(name)), row, name, styles.name, force=True)
    return [tuple(line) for line in cells]


def runs(row: Row) -> list[tuple[str, Style]]:
    """A row's cells joined into runs of one style."""
    joined: list[tuple[str, Style]] = []
    run, run_style = "", row[0][1] if row else Style()
    for char, style in row:
        if style is not run_style and run:
            joined.append((run, run_style))
            run = ""
        run, run_style = run + char, style
    if run:
        joined.append((run, run_style))
    return joined


def draw_outline(outline: Outline, cols: int, rows: int) -> None:
    """Draw ``outline``'s whole view at this size and keep it (in a thread: the first drawing takes
    ~100 ms, then a render only copies it)."""
    if cols > 0 and rows > 0:
        _outline_dots(outline, outline.view, cols, rows)


def outline_drawn(outline: Outline, cols: int, rows: int) -> bool:
    """True when ``outline``'s whole view is drawn at this size already (a render only copies it)."""
    return (id(outline), outline.view, cols, rows) in _OUTLINES


def draw_ahead(cols: int, rows: int) -> None:
    """Draw the bundled outline at the size a map is expected to have, before any map is shown
    (in the app's load thread): a first map at that size then needs no thread and no drawing."""
    if cols > 0 and rows > 0:
        draw_outline(load_outline(), cols, rows)
        if not LAST_SIZE:
            LAST_SIZE[:] = [cols, rows]


def render_map(
    outline: Outline,
    points: list[MapPoint],
    selected: int | None,
    view: Viewport,
    cols: int,
    rows: int,
    styles: MapStyles | None = None,
    names: int = 6,
) -> Text:
    """:func:`map_cells` as a Rich ``Text`` of ``rows`` lines."""
    text = Text(end="", no_wrap=True)
    cells = map_cells(outline, points, selected, view, cols, rows, styles, names)
    for number, row in enumerate(cells):
        if number:
            text.append("\n")
        for run, style in runs(row):
            text.append(run, style)
    return text


DIRECTIONS = {"left": (-1.0, 0.0), "right": (1.0, 0.0), "up": (0.0, -1.0), "down": (0.0, 1.0)}


def step_towards(
    positions: list[tuple[float, float] | None], current: int, direction: str, max_angle: float = 65.0
) -> int:
    """The index of the nearest position roughly in ``direction`` (screen coordinates) from ``current``,
    or ``current`` when there is none. Positions of None (off the map) are skipped."""
    here = positions[current] if 0 <= current < len(positions) else None
    if here is None:
        return next((i for i, p in enumerate(positions) if p is not None), current)
    dx, dy = DIRECTIONS[direction]
    best, best_cost = current, math.inf
    for index, there in enumerate(positions):
        if there is None or index == current:
            continue
        vx, vy = there[0] - here[0], there[1] - here[1]
        distance = math.hypot(vx, vy)
        if distance == 0:
            continue
        cosine = (vx * dx + vy * dy) / distance
        angle = math.degrees(math.acos(max(-1.0, min(1.0, cosine))))
        if angle > max_angle:
            continue
        cost = distance * (1 + angle / 45)
        if cost < best_cost:
            best, best_cost = index, cost
    return best


# -- the widget ------------------------------------------------------------------------


class PlaceMap(Widget, can_focus=True):
    """The map: arrows (h j k l) move to the nearest place that way, + / - zoom, 0 resets, Enter chooses."""

    BINDINGS = keymap.MAP_KEYS
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "place-map--outline",
        "place-map--border",
        "place-map--label",
        "place-map--place",
        "place-map--selected",
        "place-map--name",
    }
    DEFAULT_CSS = """
    PlaceMap {
        height: 1fr;
        width: 1fr;
    }
    PlaceMap > .place-map--outline { color: $primary; }
    PlaceMap > .place-map--border { color: $primary-muted; }
    PlaceMap > .place-map--label { color: $text-muted; text-style: italic; }
    PlaceMap > .place-map--place { color: $text-primary; }
    PlaceMap > .place-map--selected { text-style: reverse bold; color: $text-accent; }
    PlaceMap > .place-map--name { text-style: bold reverse; }
    """

    class Moved(Message):
        """The selection moved to ``index`` (in the points list)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Chosen(Message):
        """Enter on the selected place."""

        def __init__(self, group_id: str) -> None:
            super().__init__()
            self.group_id = group_id

    def __init__(
        self,
        points: list[MapPoint],
        selected: int | None = None,
        *,
        id: str | None = None,
        outline: Outline | None = None,
    ) -> None:
        super().__init__(id=id)
        self._outline = outline
        """Read when first needed unless given (the first read of the file takes a while)."""
        self._view: Viewport | None = None
        self.points = points
        self.selected = selected if selected is not None or not points else 0
        self._frame: tuple[object, ...] | None = None
        self._drawn_selected: int | None = None
        self._rows: list[Row] = []
        self._strips: list[Strip] = []
        self.changed_rows: list[int] = []
        """Rows the last drawing changed."""
        self.rows_drawn = 0
        """Rows made into strips so far (what the tests count)."""
        self.on_moved: Callable[[int], None] | None = None
        """Called with the new index when a key moves the selection (else a Moved is posted, which
        is handled after the map's frame: a second frame for each key)."""

    @property
    def outline(self) -> Outline:
        if self._outline is None:
            self._outline = load_outline()
        return self._outline

    @property
    def view(self) -> Viewport:
        return self._view or self.outline.view

    @view.setter
    def view(self, view: Viewport) -> None:
        self._view = view

    def show(self, points: list[MapPoint], selected: int | None, outline: Outline | None = None) -> None:
        """Show ``points`` (read in a thread) with ``selected`` selected."""
        self._outline = outline or self._outline
        self.points = points
        self.selected = selected if selected is not None or not points else 0
        self._frame = None
        self.refresh()

    def drawing_size(self) -> tuple[int, int, MapStyles]:
        """What :func:`draw_outline` needs to draw this map's outline ahead (columns, rows, styles)."""
        size = self.content_region.size
        return size.width, size.height, self._styles()

    def _styles(self) -> MapStyles:
        return component_styles(self, MapStyles, "place-map")

    def _drawn(self) -> list[Strip]:
        """The map's strips at the current size, view and selection; a row's strip is made again
        only when its cells change (a move of the selection changes two or three rows)."""
        size = self.content_region.size
        cols, rows = max(1, size.width), max(1, size.height)
        LAST_SIZE[:] = [cols, rows]
        styles = self._styles()
        base = self.visual_style.rich_style
        frame = (self.view, cols, rows, styles, base, id(self.points))
        if frame == self._frame and self.selected == self._drawn_selected:
            return self._strips
        cells = map_cells(self.outline, self.points, self.selected, self.view, cols, rows, styles)
        same_frame = frame == self._frame
        strips: list[Strip] = []
        for y, row in enumerate(cells):
            if same_frame and self._rows[y] == row:
                strips.append(self._strips[y])
                continue
            self.rows_drawn += 1
            strips.append(Strip([Segment(run, base + style) for run, style in runs(row)], cols))
        self.changed_rows = [y for y, row in enumerate(cells) if not same_frame or self._rows[y] != row]
        self._frame, self._drawn_selected = frame, self.selected
        self._rows, self._strips = cells, strips
        return strips

    def render_lines(self, crop: Region) -> list[Strip]:
        self._drawn()  # once per frame, not once per line
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        strips = self._strips or self._drawn()
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(self.content_region.width, self.visual_style.rich_style)

    def _repaint_changed(self) -> None:
        """Repaint only the rows the selection's move changed (the whole map when the view moved)."""
        frame = self._frame
        if frame is None or not self.is_mounted:
            self.refresh()
            return
        self._drawn()
        if self._frame != frame:
            self.refresh()
            return
        width = self.content_region.width
        for y in self.changed_rows:
            self.refresh(Region(0, y, width, 1))

    def select(self, index: int | None, *, announce: bool = True) -> None:
        if index == self.selected:
            return
        self.selected = index
        if index is not None:
            point = self.points[index]
            if not self.view.contains(point.lon, point.lat):
                lon, lat = self.view.center
                self.view = Viewport(
                    self.view.west + point.lon - lon,
                    self.view.east + point.lon - lon,
                    self.view.south + point.lat - lat,
                    self.view.north + point.lat - lat,
                )
            if announce and self.on_moved is not None:
                self.on_moved(index)  # now: the list and the info line change in the same frame
            elif announce:
                self.post_message(self.Moved(index))
        self._repaint_changed()

    def _positions(self) -> list[tuple[float, float] | None]:
        size = self.content_region.size
        projection = Projection(self.view, max(1, size.width), max(1, size.height))
        return [
            projection.dots(p.lon, p.lat) if self.view.contains(p.lon, p.lat) else None for p in self.points
        ]

    def action_move(self, direction: str) -> None:
        if not self.points:
            return
        self.select(step_towards(self._positions(), self.selected or 0, direction))

    def action_zoom(self, factor: float) -> None:
        point = self.points[self.selected] if self.selected is not None and self.points else None
        center = (point.lon, point.lat) if point else None
        width = (self.view.east - self.view.west) / factor
        if 0.2 <= width <= 60:
            self.view = self.view.zoomed(factor, center)
            self.refresh()

    def action_reset(self) -> None:
        self._view = None
        self.refresh()

    def action_choose(self) -> None:
        if self.selected is not None and self.points:
            self.post_message(self.Chosen(self.points[self.selected].group_id))
