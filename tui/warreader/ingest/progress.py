"""How far ingest has come: the progress record and the one line that tells it (CLI and app)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from warreader.corpus.problem import Problem


@dataclass
class Extracted:
    """What a sync has extracted so far (the progress record and the final report both count it)."""

    articles: int = 0
    """Articles (re)extracted and stored."""
    words: int = 0


@dataclass
class Progress(Extracted):
    """How far a sync has come; passed to the progress callback after every stored batch."""

    total: int = 0
    """Sources to read and extract in this sync."""
    done: int = 0
    elapsed: float = 0.0
    stage: str = "scanning"
    """"scanning", "extracting", "grouping", "publishing" (a full build replaces the index), "done"."""


@dataclass
class SyncReport(Extracted):
    """What a sync did: sources added, changed, removed and left as they were, and how long it took."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    regrouped: bool = False
    seconds: float = 0.0
    extract_seconds: float = 0.0
    group_seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    """What the walk of the files found wrong (none when it was not walked, see ``scanned``)."""
    scanned: bool = True
    """The files were walked; False: only the files the caller said were added were looked at."""

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed)


ProgressCallback = Callable[[Progress], None]


def progress_line(state: Progress) -> str:
    """One line saying how far indexing has come."""
    if state.stage == "scanning":
        return "indexing: looking for article files…"
    if state.stage == "publishing":
        return f"indexing: putting the finished index in place… ({state.elapsed:.0f} s)"
    if state.stage == "grouping":
        return f"indexing: grouping the names of the whole corpus… ({state.elapsed:.0f} s)"
    rate = state.words / state.elapsed if state.elapsed > 0 else 0.0
    percent = 100 * state.done / state.total if state.total else 100.0
    return (
        f"indexing: {state.done:,}/{state.total:,} files ({percent:.0f}%) · {state.articles:,} articles"
        f" · {rate:,.0f} words/s · {state.elapsed:.0f} s"
    )
