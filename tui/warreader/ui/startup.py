"""What the app does once a corpus is on screen: tell what could not be read, and load what later
screens need while the user reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

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


def warm_up() -> None:
    """In the load thread, while the user reads: the map (m) and the palette's lookups need the
    gazetteer."""
    from warreader.nlp.gazetteer import load_gazetteer

    load_gazetteer()
