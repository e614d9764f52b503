"""What the app does once a corpus is on screen: tell what could not be read, and load what later
screens need while the user reads."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

NOTIFY_PROBLEMS = 3
"""Problems shown one by one when a corpus loads; the rest are summed up in one notice."""


def notify_problems(app: App[None], problems: list[object]) -> None:
    """Each problem once; past a few, one summary instead of a notice per broken file."""
    for problem in problems[:NOTIFY_PROBLEMS]:
        app.notify(str(problem), severity="warning", markup=False)
    if len(problems) > NOTIFY_PROBLEMS:
        more = len(problems) - NOTIFY_PROBLEMS
        app.notify(
            f"… and {more} more files could not be read; 'warreader check PATH' lists them all",
            severity="warning",
            markup=False,
        )


def hide_empty_toasts(screen: Screen[None]) -> None:
    """Textual hides a screen's empty notice rack once the screen is up, and that change of display
    lays the whole screen out again after the first frame (100k articles: ~15-25 ms before the
    screen settles). Hidden before the first layout, it stays so until a notice comes."""
    from textual.css.query import NoMatches

    with contextlib.suppress(NoMatches):
        screen.get_child_by_id("textual-toastrack").display = False


def size_classes(app: App[None], screen: Screen[None]) -> None:
    """Give ``screen`` the breakpoint classes of the app's size before it is mounted. Textual adds
    them at the screen's first resize, after its widgets are styled, and styles the whole screen
    again then (100k articles: ~15 ms, and a second full frame before the screen settles)."""
    width, height = app.size
    for breakpoints, cells in ((app.HORIZONTAL_BREAKPOINTS, width), (app.VERTICAL_BREAKPOINTS, height)):
        for edge, name in sorted(breakpoints or [], reverse=True):
            if cells >= edge:
                screen.add_class(name, update=False)
                break


def warm_up(size: tuple[int, int] | None = None) -> None:
    """In the load thread, while the user reads: the map (m) and the palette's lookups need the
    gazetteer, and the views' modules are imported (not at their first key). With the app's
    ``size``, the map's outline is drawn at the size a map screen will have (a first m then shows
    at once instead of drawing it in a thread behind a loading indicator: 100k articles, the
    first m's p95 ~140 ms, the later ones' ~45 ms)."""
    import importlib

    from warreader.nlp.gazetteer import load_gazetteer

    load_gazetteer()
    for screen in ("map", "entity", "statements"):  # their code: ~25 ms of imports on a first m
        importlib.import_module(f"warreader.ui.screens.{screen}")
    if size is not None:
        from warreader.ui.screens.map import expected_size
        from warreader.ui.widgets.place_map import draw_ahead

        draw_ahead(*expected_size(*size))
