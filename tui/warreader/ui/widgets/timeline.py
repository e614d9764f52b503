"""Mentions per day as a small bar chart of block characters, with its dates underneath."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from warreader.analysis import Bin, bar_rows, timeline_bins
from warreader.wording import counted

AXIS_MARK = "▲"
MAX_COLUMN = 6
"""Widest column of one bin (a short period is drawn wider, not squeezed to the left)."""


def timeline_text(
    counts: Counter[dt.date],
    undated: int,
    width: int,
    height: int = 4,
    *,
    mark: dt.date | None = None,
    bar_style: Style | str = "",
) -> Text:
    """The chart: ``height`` rows of bars (one column per bin of days), an axis with the first and
    last day and a ▲ under ``mark``'s bin, then a legend line."""
    text = Text(end="", no_wrap=True)
    if not counts:
        text.append(f"No dated mentions ({undated} undated).", style="dim italic")
        return text
    bins: list[Bin] = timeline_bins(counts, max(1, width))
    values = [b.count for b in bins]
    column = max(1, min(MAX_COLUMN, width // len(bins)))
    bar = max(1, column - 1) if column > 2 else column
    for row in bar_rows(values, height):
        text.append("".join((ch * bar).ljust(column) for ch in row), style=bar_style)
        text.append("\n")
    axis = [" "] * len(bins) * column
    if mark is not None:
        for i, b in enumerate(bins):
            if b.first <= mark <= b.last:
                axis[i * column] = AXIS_MARK
    text.append("".join(axis).rstrip(), style="bold")
    text.append("\n")
    first, last = bins[0].first.isoformat(), bins[-1].last.isoformat()
    span = len(bins) * column
    if first == last:
        text.append(first)
    elif span >= len(first) + len(last) + 1:
        text.append(first + " " * (span - len(first) - len(last)) + last)
    else:
        text.append(f"{first} – {last}")
    text.append("\n")
    days = (bins[-1].last - bins[0].first).days + 1
    per = -(-days // len(bins))
    busiest = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    legend = [
        f"1 column = {counted(per, 'day')}",
        f"busiest {busiest[0].isoformat()} ({busiest[1]})",
        f"{undated} undated",
    ]
    text.append(" · ".join(legend), style="dim")
    return text


class Timeline(Static):
    """Shows :func:`timeline_text` for counts given with :meth:`show`, re-drawn to fit its width."""

    DEFAULT_CSS = """
    Timeline {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.counts: Counter[dt.date] = Counter()
        self.undated = 0
        self.mark: dt.date | None = None
        self._rows = -1

    def show(self, counts: Counter[dt.date], undated: int, mark: dt.date | None = None) -> None:
        self.counts, self.undated, self.mark = counts, undated, mark
        self._draw()

    def set_mark(self, mark: dt.date | None) -> None:
        if mark != self.mark:
            self.mark = mark
            self._draw()

    def _draw(self) -> None:
        width = self.content_region.width or max(10, self.app.size.width - 4)
        text = timeline_text(self.counts, self.undated, width, mark=self.mark, bar_style="bold")
        rows = text.plain.count("\n") + 1
        # The screen is laid out again only when the chart's height changes: moving the ▲ (each key
        # in the list below) or a count refined in the background repaints the chart alone.
        self.update(text, layout=rows != self._rows)
        self._rows = rows

    def on_resize(self) -> None:
        self._draw()
