"""The entity view: one place or person — spellings, mentions per day, every mention in context."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import partial

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

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

MAX_SPELLINGS = 24
MAX_LINES = 5000
"""Mentions listed in context (the timeline counts them all; an export lists them all)."""
IN_THREAD_FROM = 8
"""Groups in more articles than this are read in a thread when the articles come from the index
(each is a read of the index: a big place's thousands took seconds with no sign of life)."""


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
        group = self.library.groups.get(self.group_id)
        if group is None:
            self.dismiss()
            return
        kind = "kwic--speaker" if group.kind == "speaker" else "kwic--place"
        kwic = self.query_one(KwicList)
        style = kwic.get_component_rich_style(kind, partial=True)
        head = self.query_one("#entity-head", Static)
        head.update(entity_head(group, self.library, head.content_region.width or self.app.size.width, style))
        self.sub_title = inert_line(group.name)
        compute = partial(self._compute, self.group_id, kwic.layout_width(), kwic.styles_by_kind())
        if self.library.index is None or len(group.articles) <= IN_THREAD_FROM:
            self._show(compute())
            return
        kwic.loading = True  # its articles are read from the index in a thread; keys stay live
        self.query_one(Timeline).loading = True
        self.run_worker(compute, thread=True, exclusive=True, group="entity")

    def _compute(self, group_id: str, width: int, styles: dict[str, Style]) -> Computed:
        """KWIC lines (the first MAX_LINES) and their rows, and the per-day counts of every mention."""
        items = analysis.occurrences(self.library, group_id)
        counts, undated = analysis.daily_counts(items)
        lines = analysis.kwic(items[:MAX_LINES], width=80)
        return lines, kwic_options(lines, width, styles), counts, undated, len(items)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "entity" and event.state == WorkerState.SUCCESS and event.worker.result:
            self._show(event.worker.result)

    def _show(self, computed: Computed) -> None:
        self.lines, options, counts, undated, total = computed
        kwic = self.query_one(KwicList)
        kwic.loading = False
        timeline = self.query_one(Timeline)
        timeline.loading = False
        timeline.border_title = "Mentions per day (date in the sentence, else the article's)"
        timeline.show(counts, undated, self.lines[0].occurrence.date if self.lines else None)
        kwic.fill(self.lines, options)
        shown = str(total)
        if total > len(self.lines):
            shown = f"first {len(self.lines)} of {total}; x exports all"
        kwic.border_title = f"Mentions in context ({shown})"
        kwic.border_subtitle = "Enter: read · x: export · y: copy · c: correct · Esc: back"

    @on(OptionList.OptionHighlighted, "#kwic")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        line = self.query_one(KwicList).current
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
