"""The entity view: one place or person — spellings, mentions per day, every mention in context."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from warreader import analysis
from warreader.library import Group, Library
from warreader.ui import keymap
from warreader.ui.highlight import inert_line
from warreader.ui.widgets.entity_panel import MARKERS, wrap_items
from warreader.ui.widgets.kwic import KwicList
from warreader.ui.widgets.timeline import Timeline

MAX_SPELLINGS = 24


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def entity_head(group: Group, library: Library, width: int, kind_style: Style | None = None) -> Text:
    """Name, kind and counts; where the gazetteer puts a place; the spellings."""
    kind_style = kind_style or Style()
    text = Text(end="")
    text.append(MARKERS.get(group.kind, "?") + " ", style=kind_style)
    text.append(inert_line(group.name) or "(unnamed)", style=kind_style + Style(bold=True))
    text.append(f"  {group.kind}", style="dim")
    mentions = len(library.mentions_of(group.id))
    text.append(f"  ·  {_plural(mentions, 'mention')} in {_plural(len(group.articles), 'article')}")
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


class EntityScreen(Screen[None]):
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

    @property
    def library(self) -> Library:
        library = self.app.library  # type: ignore[attr-defined]
        assert library is not None
        return library

    def compose(self) -> ComposeResult:
        yield Static(id="entity-head")
        yield Timeline(id="timeline")
        yield KwicList(id="kwic")
        yield Footer()

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
        items = analysis.occurrences(self.library, self.group_id)
        self.lines = analysis.kwic(items, width=80)
        counts, undated = analysis.daily_counts(items)
        timeline = self.query_one(Timeline)
        timeline.border_title = "Mentions per day (date in the sentence, else the article's)"
        timeline.show(counts, undated, items[0].date if items else None)
        kwic.fill(self.lines)
        kwic.border_title = f"Mentions in context ({len(self.lines)})"
        kwic.border_subtitle = "Enter: read · x: export · y: copy · c: correct · Esc: back"
        self.sub_title = group.name

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
            self.app.call_later(self.app.show_mention, self.group_id, ref)  # type: ignore[attr-defined]

    def action_close(self) -> None:
        self.dismiss()

    def action_export(self) -> None:
        self.app.export_entity(self.group_id)  # type: ignore[attr-defined]

    def action_copy(self) -> None:
        line = self.query_one(KwicList).current
        if line is not None:
            item = line.occurrence
            start, end = analysis.sentence_span(item.article.body, item.mention.start, item.mention.end)
            self.app.copy_sentence(item.article.body[start:end])  # type: ignore[attr-defined]

    def action_correct(self) -> None:
        self.app.open_corrections(self.group_id)  # type: ignore[attr-defined]

    def action_statements(self) -> None:
        self.app.open_who_said(self.group_id)  # type: ignore[attr-defined]
