"""The entity view: one place or person — spellings, mentions per day, every mention in context."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections import Counter
from functools import partial
from itertools import groupby
from typing import cast

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from warreader import analysis
from warreader.library import Library
from warreader.model import Group
from warreader.ui import keymap
from warreader.ui.highlight import inert_line
from warreader.ui.screens.base import LibraryScreen
from warreader.ui.widgets.entity_panel import MARKERS, plural, wrap_items
from warreader.ui.widgets.key_bar import KeyBar
from warreader.ui.widgets.kwic import KwicList, kwic_options
from warreader.ui.widgets.timeline import Timeline

Computed = tuple[list[analysis.KwicLine], list[Option], Counter[dt.date], int, int]
"""KWIC lines, their rows, mentions per day, undated mentions, all mentions."""
Counted = tuple[Library, Counter[dt.date], int, float]
"""Mentions per day so far: the library counted, per day, undated, the share of articles whose
sentences' dates are read (1.0: every mention dated as the timeline says)."""
Page = tuple[Library, analysis.Occurrence, list[analysis.KwicLine], list[Option]]
"""A page read after the first: the library, the mention it follows, its lines and their rows."""

MAX_SPELLINGS = 24
MAX_LINES = 5000
"""Mentions listed in context (the timeline counts them all; an export lists them all)."""
IN_THREAD_FROM = 8
"""Groups in more articles than this are read in pages when the articles come from the index
(each is a read of the index: a big place's thousands took seconds with no sign of life)."""
FIRST_PAGE = 40
"""Mentions in context listed at once (a screenful and a little more: each line is laid out)."""
PAGE = 60
"""Mentions in context read at a time after the first (when the cursor nears the end)."""
NEAR_END = 20
"""The next page is read when the cursor comes this close to the last line listed."""
REFINE_MENTIONS = 60
"""Mentions (whole articles) whose sentences' dates are read at a time, each slice followed by a
pause twice as long as it took (the keys and frames of the main thread come first)."""
QUIET_AFTER_KEY = 0.4
"""Seconds after a cursor move during which refining the timeline waits."""
REFINE_SHOWN = 0.5
"""Seconds between two updates of the timeline while its dates are refined."""
TIMELINE_EXACT = "Mentions per day (date in the sentence, else the article's)"


def entity_head(group: Group, library: Library, width: int, kind_style: Style | None = None) -> Text:
    """Name, kind and counts; where the gazetteer puts a place; the spellings."""
    kind_style = kind_style or Style()
    text = Text(end="")
    text.append(MARKERS.get(group.kind, "?") + " ", style=kind_style)
    text.append(inert_line(group.name) or "(unnamed)", style=kind_style + Style(bold=True))
    text.append(f"  {group.kind}", style="dim")
    mentions = library.mention_count(group.id)
    text.append(f"  ·  {plural(mentions, 'mention')} in {plural(len(group.articles), 'article')}")
    from warreader.export import place_of

    place = place_of(group)
    if place is not None:
        where = ", ".join(p for p in (inert_line(place.admin1), place.country) if p)
        text.append(f"\n{inert_line(place.name)}, {where} · {place.lat:.2f}, {place.lon:.2f}", style="dim")
    spellings = [inert_line(v) for v in group.variants[:MAX_SPELLINGS]]
    if len(group.variants) > MAX_SPELLINGS:
        spellings.append(f"+{len(group.variants) - MAX_SPELLINGS} more")
    for number, line in enumerate(wrap_items(spellings, max(20, width - 11))):
        text.append("\nspellings: " if number == 0 else "\n           ", style="dim")
        text.append(line, style="italic")
    return text


class EntityScreen(LibraryScreen):
    """Every mention of one group as keyword-in-context lines, above a timeline of mentions per day.

    Enter jumps to the highlighted mention in the reader (the app follows the group with n / N).
    """

    BINDINGS = keymap.ENTITY_VIEW
    DEFAULT_CSS = """
    EntityScreen {
        layout: vertical;
    }
    EntityScreen #entity-head {
        height: auto;
        padding: 0 1;
        border: round $border-blurred;
        background: $surface;
    }
    EntityScreen Timeline {
        border: round $border-blurred;
        border-title-color: $text-muted;
        background: $surface;
    }
    EntityScreen KwicList, EntityScreen KwicList:focus {
        height: 1fr;
        border: round $border;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
        background: $surface;
    }
    """

    def __init__(self, group_id: str) -> None:
        super().__init__()
        self.group_id = group_id
        self.lines: list[analysis.KwicLine] = []
        self._total = 0
        self._complete = True
        """Every line to be listed is listed (no page left to read)."""
        self._paging = False
        self._quiet_until = 0.0
        """Refining the timeline waits until then (a key moved the cursor lately)."""

    def compose(self) -> ComposeResult:
        yield Static(id="entity-head")
        yield Timeline(id="timeline")
        yield KwicList(id="kwic")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(KwicList).focus()

    def reload(self) -> None:
        """Recompute from the library (after a correction); close if the group is gone."""
        library = self.library
        group = library.groups.get(self.group_id)
        if group is None:
            self.dismiss()
            return
        kind = "kwic--speaker" if group.kind == "speaker" else "kwic--place"
        kwic = self.query_one(KwicList)
        style = kwic.get_component_rich_style(kind, partial=True)
        head = self.query_one("#entity-head", Static)
        head.update(entity_head(group, library, head.content_region.width or self.app.size.width, style))
        self.sub_title = inert_line(group.name)
        self._total = library.mention_count(self.group_id)
        self._paging = False
        width, styles = kwic.layout_width(), kwic.styles_by_kind()
        if library.index is None or len(group.articles) <= IN_THREAD_FROM:
            self._show(self._compute(self.group_id, width, styles))
            return
        # A big group from the index: the first page of mentions at once (a few articles read), the
        # rest as the cursor nears the end; the timeline from the walk and the articles' own dates
        # in a thread, then refined with the dates written in the sentences, a slice at a time.
        lines = analysis.kwic(analysis.next_occurrences(library, self.group_id, None, FIRST_PAGE), width=80)
        self._show_lines(lines, kwic_options(lines, width, styles), fresh=True)
        timeline = self.query_one(Timeline)
        timeline.loading = True
        self.call_after_refresh(self._start_count, library)  # once the first frame is out

    def _compute(self, group_id: str, width: int, styles: dict[str, Style]) -> Computed:
        """KWIC lines (the first MAX_LINES) and their rows, and the per-day counts of every mention."""
        items = analysis.occurrences(self.library, group_id)
        counts, undated = analysis.daily_counts(items)
        lines = analysis.kwic(items[:MAX_LINES], width=80)
        return lines, kwic_options(lines, width, styles), counts, undated, len(items)

    def _start_count(self, library: Library) -> None:
        if self.is_attached and library is self.library:
            count = partial(self._count, library, self.group_id)
            self.run_worker(count, thread=True, exclusive=True, group="entity")

    def _count(self, library: Library, group_id: str) -> None:
        """In a thread: mentions per day by their articles' dates (no body read), shown; then the
        dates written in the sentences, read a slice of articles at a time, each slice shown."""
        worker = get_current_worker()
        per_article, dates = analysis.article_day_counts(library, group_id)
        counts: Counter[dt.date] = Counter()
        undated = 0
        for article, number in per_article.items():
            day = dates.get(article)
            if day is None:
                undated += number
            else:
                counts[day] += number
        done = 0.0 if per_article else 1.0
        self._post((library, Counter(counts), undated, done))
        after: analysis.Occurrence | None = None
        read, shown = 0, time.perf_counter()
        while not worker.is_cancelled and per_article:
            while time.monotonic() < self._quiet_until and not worker.is_cancelled:
                time.sleep(0.05)  # the user is moving through the list: the keys first
            began = time.perf_counter()
            items = analysis.next_occurrences(library, group_id, after, REFINE_MENTIONS, whole=True)
            if not items:
                break
            for article, chunk in groupby(items, key=lambda o: o.ref.article):
                day = dates.get(article)  # its mentions were counted on the article's own date
                number = per_article.get(article, 0)
                if day is None:
                    undated -= number
                else:
                    counts[day] -= number
                exact, none = analysis.daily_counts(chunk)
                counts.update(exact)
                undated += none
                read += 1
            after = items[-1]
            if time.perf_counter() - shown > REFINE_SHOWN and not worker.is_cancelled:
                share = min(0.99, read / len(per_article))
                self._post((library, +counts, undated, share))
                shown = time.perf_counter()
            time.sleep(2 * (time.perf_counter() - began))  # a third of the time: the keys come first
        if not worker.is_cancelled:
            self._post((library, +counts, undated, 1.0))

    def _post(self, counted: Counted) -> None:
        """From the thread: show ``counted`` (nothing once the app is closing)."""
        with contextlib.suppress(RuntimeError):  # the app has stopped running meanwhile
            self.app.call_from_thread(self._show_counts, counted)

    def _show_counts(self, counted: Counted) -> None:
        library, counts, undated, share = counted
        if library is not self.library or not self.is_attached:
            return  # a correction made another view: its own count is on the way
        timeline = self.query_one(Timeline)
        timeline.loading = False
        if share >= 1.0:
            timeline.border_title = TIMELINE_EXACT
        else:
            timeline.border_title = (
                "Mentions per day (the article's date; reading the dates in the sentences: "
                f"{share:.0%} of the articles)"
            )
        line = self.query_one(KwicList).current or (self.lines[0] if self.lines else None)
        timeline.show(counts, undated, line.occurrence.date if line else None)

    def _show(self, computed: Computed) -> None:
        lines, options, counts, undated, self._total = computed
        timeline = self.query_one(Timeline)
        timeline.loading = False
        timeline.border_title = TIMELINE_EXACT
        timeline.show(counts, undated, lines[0].occurrence.date if lines else None)
        self._show_lines(lines, options, fresh=True, complete=True)

    def _show_lines(
        self, lines: list[analysis.KwicLine], options: list[Option], *, fresh: bool, complete: bool = False
    ) -> None:
        """List ``lines`` (``fresh``: in place of those listed, else after them)."""
        kwic = self.query_one(KwicList)
        kwic.loading = False
        if fresh:
            self.lines = lines
            kwic.fill(self.lines, options)
        else:
            self.lines = [*self.lines, *lines]
            kwic.extend(lines, options)
        self._complete = (
            complete or len(self.lines) >= min(self._total, MAX_LINES) or (not fresh and not lines)
        )
        shown = str(self._total)
        if self._total > len(self.lines):
            more = "" if self._complete else "; more as you scroll"
            shown = f"first {len(self.lines)} of {self._total}{more}; x exports all"
        kwic.border_title = f"Mentions in context ({shown})"
        kwic.border_subtitle = "Enter: read · x: export · y: copy · c: correct · Esc: back"

    def _next_page(self) -> None:
        """Read the next page of mentions in a thread (the cursor nears the end of those listed)."""
        if self._complete or self._paging or not self.lines:
            return
        self._paging = True
        kwic = self.query_one(KwicList)
        self.run_worker(
            partial(
                self._read_page,
                self.library,
                self.lines[-1].occurrence,
                min(PAGE * 2, MAX_LINES - len(self.lines)),
                kwic.layout_width(),
                kwic.styles_by_kind(),
            ),
            thread=True,
            group="entity-page",
        )

    def _read_page(
        self, library: Library, after: analysis.Occurrence, limit: int, width: int, styles: dict[str, Style]
    ) -> Page:
        lines = analysis.kwic(analysis.next_occurrences(library, self.group_id, after, limit), width=80)
        return library, after, lines, kwic_options(lines, width, styles)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "entity-page" and event.state in (WorkerState.SUCCESS, WorkerState.ERROR):
            self._paging = False
            if event.state == WorkerState.SUCCESS and event.worker.result:
                library, after, lines, options = cast("Page", event.worker.result)
                if library is self.library and self.lines and after is self.lines[-1].occurrence:
                    self._show_lines(lines, options, fresh=False)

    @on(OptionList.OptionHighlighted, "#kwic")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._quiet_until = time.monotonic() + QUIET_AFTER_KEY
        line = self.query_one(KwicList).current
        if event.option_index >= len(self.lines) - NEAR_END:
            self._next_page()
        self.query_one(Timeline).set_mark(line.occurrence.date if line else None)

    @on(OptionList.OptionSelected, "#kwic")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        line = self.query_one(KwicList).current
        if line is not None:
            ref = line.occurrence.ref
            self.dismiss()
            self.app.call_later(self.desk.show_mention, self.group_id, ref)

    def action_close(self) -> None:
        self.dismiss()

    def action_export(self) -> None:
        self.desk.export_entity(self.group_id)

    def action_copy(self) -> None:
        line = self.query_one(KwicList).current
        if line is not None:
            item = line.occurrence
            start, end = analysis.sentence_span(item.article.body, item.mention.start, item.mention.end)
            self.desk.copy_sentence(item.article.body[start:end])

    def action_correct(self) -> None:
        self.desk.open_corrections(self.group_id)

    def action_statements(self) -> None:
        self.desk.open_who_said(self.group_id)
