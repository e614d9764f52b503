"""The map's outline data, projection, braille drawing and moving between places."""

from __future__ import annotations

from workbench_data import KHARKIV, LVIV, sample

from warreader.nlp.gazetteer import load_gazetteer
from warreader.ui.widgets.place_map import (
    Braille,
    MapPoint,
    Projection,
    load_outline,
    place_points,
    render_map,
    step_towards,
)


def _inside(lon: float, lat: float, polygon: tuple[tuple[float, float], ...]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def test_the_outline_holds_ukraines_settlements_and_not_its_neighbours() -> None:
    outline = load_outline()
    (ukraine,) = [points for kind, closed, points in outline.lines if kind == "country" and closed]
    gazetteer = load_gazetteer()
    places = [gazetteer.get(f"gn:{n}") for n in (703448, 706483, 702550, 698740, 709930, 694423, 702658)]
    assert all(p is not None and _inside(p.lon, p.lat, ukraine) for p in places)  # Kyiv … Luhansk, Sevastopol
    outside = {"Warsaw": (21.01, 52.23), "Minsk": (27.56, 53.9), "Chișinău": (28.86, 47.01),
               "Belgorod": (36.59, 50.6), "Rostov": (39.7, 47.24), "Iași": (27.6, 47.16)}  # fmt: skip
    assert not [name for name, (lon, lat) in outside.items() if _inside(lon, lat, ukraine)]
    assert "GeoNames" in outline.source


def test_braille_dots_and_lines() -> None:
    canvas = Braille(2, 1)
    canvas.dot(0, 0)
    canvas.dot(3, 3)
    canvas.dot(99, 99)  # outside: ignored
    assert canvas.char(0, 0) == "⠁" and canvas.char(1, 0) == "⢀"
    line = Braille(3, 1)
    line.line(0, 0, 5, 0)
    assert "".join(line.char(c, 0) for c in range(3)) == "⠉⠉⠉"


def test_projection_keeps_north_up_and_west_left() -> None:
    outline = load_outline()
    projection = Projection(outline.view, 80, 30)
    lviv, kharkiv = projection.cell(24.03, 49.84), projection.cell(36.23, 49.99)
    assert lviv[0] < kharkiv[0] and abs(lviv[1] - kharkiv[1]) <= 1
    north, south = projection.cell(30.5, 51.5), projection.cell(30.5, 45.0)
    assert north[1] < south[1]


def test_place_points_come_from_the_gazetteer_most_mentioned_first() -> None:
    points, unplaced = place_points(sample())
    assert [p.group_id for p in points] == [KHARKIV, LVIV]
    assert points[0].region == "Kharkiv Oblast" and points[0].mentions == 4
    assert unplaced == 0


def test_render_map_draws_outline_markers_and_the_selected_name() -> None:
    points, _ = place_points(sample())
    text = render_map(load_outline(), points, 0, load_outline().view, 90, 30)
    lines = text.plain.split("\n")
    assert len(lines) == 30 and all(len(line) == 90 for line in lines)
    assert any(0x2800 < ord(ch) <= 0x28FF for ch in text.plain)  # braille outline
    assert "◉ Kharkiv " in text.plain and "POLAND" in text.plain
    assert "Lviv" in text.plain  # the most mentioned places are named


def test_arrow_keys_move_to_the_nearest_place_that_way() -> None:
    positions = [(10.0, 10.0), (20.0, 10.0), (10.0, 20.0), (30.0, 11.0), None]
    assert step_towards(positions, 0, "right") == 1
    assert step_towards(positions, 1, "right") == 3
    assert step_towards(positions, 0, "down") == 2
    assert step_towards(positions, 0, "left") == 0  # nothing that way: stay
    assert step_towards(positions, 4, "left") == 0  # from off the map: the first place on it


def test_off_view_places_are_not_drawn() -> None:
    far = [MapPoint("place:x", "Faraway", 100.0, 10.0, 5)]
    text = render_map(load_outline(), far, 0, load_outline().view, 40, 12)
    assert "Faraway" not in text.plain
