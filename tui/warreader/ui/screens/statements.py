"""Who said what: the speakers, and for the one highlighted, their quotes and reported statements."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import partial
from typing import ClassVar, cast

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from warreader import analysis
from warreader.library import Library
from warreader.model import Group
from warreader.ui import keymap
from warreader.ui.highlight import inert_line
from warreader.ui.screens.base import LibraryScreen
from warreader.ui.screens.entity import IN_THREAD_FROM
from warreader.ui.widgets.cursor_list import CursorList
from warreader.ui.widgets.entity_panel import plural
from warreader.ui.widgets.key_bar import KeyBar

MAX_TITLE = 60
SPEAKERS_KEPT = 32
"""Speakers whose statements stay read (going back to one shows it at once)."""
SETTLE = 0.12
"""Seconds the speakers' cursor rests before that speaker's statements are shown."""


def statement_prompt(statement: analysis.Statement, speaker_style: Style | None = None) -> Text:
    """Two parts: "date · source · title", then the quote (italic) or the reporting sentence."""
    item = statement.occurrence
    article = item.article
    text = Text(end="")
    day = item.date.isoformat() if item.date else "undated"
    text.append(day, style="bold" if item.dated_by == "text" else "")
    title = inert_line(article.title) or "(untitled)"
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1].rstrip() + "…"
    meta = [inert_line(article.source or article.name), title]
    text.append("  " + " · ".join(m for m in meta if m), style="dim")
    text.append("  quote" if statement.quoted else "  reported", style="dim italic")
    body = article.body
    for number, (start, end) in enumerate(statement.spans):
        text.append("\n  " if number == 0 else " … ")
        part = Text(inert_line(body[start:end]), style="italic" if statement.quoted else "")
        m = item.mention
        if start <= m.start and m.end <= end:
            part.stylize(speaker_style or Style(bold=True), m.start - start, m.end - start)
        text.append_text(part)
    return text


PAGE_MENTIONS = 60
"""Mentions of a big speaker read at a time (whole articles), until a page holds enough statements."""
PAGE_STATEMENTS = 12
FIRST_BUDGET = 0.04
"""Seconds the first page of a big speaker's statements may take (read at once; the rest in a thread)."""
FIRST_SPEAKERS = 24
"""Speakers listed in the first frame (the rest right after it)."""
NEAR_END = 8
"""The next page is read when the cursor comes this close to the last statement listed."""


@dataclass
class Said:
    """What is read of one speaker's statements: the first articles', or all of them."""

    statements: list[analysis.Statement] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    after: analysis.Occurrence | None = None
    """The last mention read (the next page starts after it)."""
    articles: int = 0
    """Articles read so far."""
    complete: bool = False


Found = tuple[Library, str, analysis.Occurrence | None, Said]
"""What the statements worker finds: the library and speaker read, the mention the page follows
(None: the first page), and the page."""


def read_page(
    library: Library,
    group_id: str,
    after: analysis.Occurrence | None,
    style: Style | None,
    first: int = 0,
    budget: float | None = None,
) -> Said:
    """The statements of ``group_id`` in the next articles after ``after``: pages of mentions (whole
    articles) until enough statements are found or none is left, or ``budget`` seconds have gone by.
    ``first``: the first option id."""
    page = Said(after=after)
    ends = None if budget is None else time.perf_counter() + budget
    while len(page.statements) < PAGE_STATEMENTS and (ends is None or time.perf_counter() < ends):
        items = analysis.next_occurrences(library, group_id, page.after, PAGE_MENTIONS, whole=True)
        if not items:
            page.complete = True
            break
        page.statements += analysis.statements_among(items, group_id)
        page.articles += len({item.ref.article for item in items})
        page.after = items[-1]
    page.options = [
        Option(statement_prompt(s, style), id=str(first + i)) for i, s in enumerate(page.statements)
    ]
    return page


class WhoSaidScreen(LibraryScreen):
    """Speakers on the left (most mentioned first); their statements on the right. Enter reads one."""

    BINDINGS = keymap.WHO_SAID
    COMPONENT_CLASSES: ClassVar[set[str]] = {"who-said--speaker"}
    DEFAULT_CSS = """
    WhoSaidScreen > .who-said--speaker {
        color: $text-accent;
        text-style: bold;
    }
    WhoSaidScreen #speakers {
        width: 34;
        height: 1fr;
        border: round $border-blurred;
        background: $surface;
    }
    WhoSaidScreen #statements {
        width: 1fr;
        height: 1fr;
        border: round $border-blurred;
        background: $surface;
    }
    WhoSaidScreen #statements > .option-list--option {
        padding: 0 0 1 0;
    }
    WhoSaidScreen #speakers:focus, WhoSaidScreen #statements:focus {
        border: round $border;
    }
    """

    def __init__(self, group_id: str | None = None) -> None:
        super().__init__()
        self.group_id = group_id
        self.speakers: list[Group] = []
        self.said: list[analysis.Statement] = []
        self._said: dict[str, Said] = {}
        """Statements (and their options) of the speakers read lately, oldest first."""
        self._paging = False
        self._wanted: str | None = None
        self._settle: Timer | None = None
        self._focus_statements = False
        """The statements list takes the focus once it is filled (a list that is loading cannot have
        it, so the speakers list holds it meanwhile); cleared when the user moves on."""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield CursorList(id="speakers")
            yield CursorList(id="statements")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        library = self.library
        self._said.clear()  # a correction may have changed them
        self.speakers = sorted(
            (g for g in library.groups.values() if g.kind == "speaker"),
            key=lambda g: (-library.mention_count(g.id), g.name.casefold()),
        )
        speakers = self.query_one("#speakers", OptionList)
        style = self.get_component_rich_style("who-said--speaker", partial=True)
        options = []
        for group in self.speakers:
            prompt = Text(inert_line(group.name) or "(unnamed)", style=style, end="")
            prompt.append("\n  " + plural(library.mention_count(group.id), "mention"), style="dim")
            options.append(Option(prompt, id=group.id))
        ids = [g.id for g in self.speakers]
        if self.group_id not in ids:
            self.group_id = ids[0] if ids else None
        # Each option is laid out when listed (about 0.7 ms): the first screenful goes into the first
        # frame, the others once it is out (a hundred and more speakers at 100,000 articles).
        first = max(FIRST_SPEAKERS, ids.index(self.group_id) + 1 if self.group_id else 0)
        speakers.set_options(
            options[:first] or [Option(Text("No speakers.", style="dim italic"), disabled=True)]
        )
        if options[first:]:
            self.call_after_refresh(self._list_rest, speakers, self.speakers, options[first:])
        speakers.border_title = f"Speakers ({len(self.speakers)})"
        if self.group_id is not None:
            speakers.highlighted = ids.index(self.group_id)
            self._focus_statements = True
            self.show_speaker(self.group_id)
            self.query_one("#statements", OptionList).focus()
        else:
            speakers.focus()

    def _list_rest(self, speakers: OptionList, listed: list[Group], rest: list[Option]) -> None:
        if listed is self.speakers:  # not listed again meanwhile (a correction)
            speakers.add_options(rest)

    def show_speaker(self, group_id: str) -> None:
        """Show what ``group_id`` said: at once when known, else read in a thread (the list shows
        that it is loading; keys stay live, and moving on to another speaker drops this one). A big
        speaker's statements are read a page of articles at a time, the next as the cursor nears
        the end of those listed."""
        self.group_id = group_id
        library = self.library
        name = inert_line(library.groups[group_id].name)
        self.sub_title = f"Who said what — {name}"
        known = self._said.get(group_id)
        if known is not None:
            self._show_statements(group_id, known)
            return
        style = self.get_component_rich_style("who-said--speaker", partial=True)
        group = library.groups[group_id]
        if library.index is None or len(group.articles) <= IN_THREAD_FROM:
            said = analysis.statements(library, group_id)  # in memory, or a few articles
            options = [Option(statement_prompt(s, style), id=str(i)) for i, s in enumerate(said)]
            self._keep(group_id, Said(said, options, None, len(group.articles), True))
            return
        # A big speaker: the first page at once (a few articles: 12 ms at 100,000 articles; never
        # longer than FIRST_BUDGET), the next ones in a thread as the cursor nears the end. No
        # loading indicator: its animation repaints the list under it many times over.
        self._paging = False
        self._keep(group_id, read_page(library, group_id, None, style, budget=FIRST_BUDGET))

    def _read(
        self, library: Library, group_id: str, after: analysis.Occurrence | None, style: Style, first: int = 0
    ) -> Found:
        """In a thread: a page of the statements of ``group_id`` and their list options."""
        return library, group_id, after, read_page(library, group_id, after, style, first)

    def _next_page(self) -> None:
        said = self._said.get(self.group_id or "")
        if said is None or said.complete or self._paging or self.group_id is None:
            return
        self._paging = True
        style = self.get_component_rich_style("who-said--speaker", partial=True)
        self.run_worker(
            partial(self._read, self.library, self.group_id, said.after, style, len(said.statements)),
            thread=True,
            exclusive=True,
            group="statements",
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "statements" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        self._paging = False
        if event.state != WorkerState.SUCCESS:
            return
        library, group_id, after, page = cast("Found", event.worker.result)
        if library is not self.library:
            return  # a correction made another view
        known = self._said.get(group_id)
        if after is None:
            self._keep(group_id, page)
        elif known is not None and known.after is after:
            known.statements += page.statements
            known.options += page.options
            known.after, known.articles, known.complete = (
                page.after,
                known.articles + page.articles,
                page.complete,
            )
            if group_id == self.group_id:
                self.said = known.statements
                panel = self.query_one("#statements", OptionList)
                if page.options or not known.complete or known.options:
                    panel.add_options(page.options)
                    if panel.highlighted is None and known.options:
                        panel.highlighted = 0
                else:  # nothing at all, now that every article is read
                    self._show_statements(group_id, known)
                    return
                panel.border_title = self._title(group_id, known)
                if self._focus_statements and known.options:
                    self._focus_statements = False
                    panel.focus()
                if not known.complete and len(known.statements) <= NEAR_END:
                    self._next_page()

    def _keep(self, group_id: str, said: Said) -> None:
        self._said[group_id] = said
        while len(self._said) > SPEAKERS_KEPT:
            self._said.pop(next(iter(self._said)))
        if group_id == self.group_id:
            self._show_statements(group_id, said)

    def _title(self, group_id: str, said: Said) -> Text:
        quoted = sum(s.quoted for s in said.statements)
        name = inert_line(self.library.groups[group_id].name)
        if not said.complete and not said.statements:
            return Text(f"What {name} said (reading…)")
        counts = f"{quoted} quoted, {len(said.statements) - quoted} reported"
        if not said.complete:
            articles = len(self.library.groups[group_id].articles)
            counts += f" in the first {said.articles:,} of {articles:,} articles; more as you scroll"
        return Text(f"What {name} said ({counts})")

    def _show_statements(self, group_id: str, said: Said) -> None:
        self.said = said.statements
        panel = self.query_one("#statements", OptionList)
        panel.loading = False
        options = said.options
        if not options and said.complete:
            options = [
                Option(Text("No quotes or reported statements found.", style="dim italic"), disabled=True)
            ]
        panel.set_options(options)
        panel.highlighted = 0 if self.said else None
        panel.border_title = self._title(group_id, said)
        panel.border_subtitle = "Enter: read · y: copy · Tab: speakers · Esc: back"
        if self._focus_statements and options:
            self._focus_statements = False
            panel.focus()
        if not said.complete and len(said.statements) <= NEAR_END:
            self._next_page()  # a screenful is not there yet

    @property
    def current(self) -> analysis.Statement | None:
        index = self.query_one("#statements", OptionList).highlighted
        return self.said[index] if index is not None and 0 <= index < len(self.said) else None

    @on(OptionList.OptionHighlighted, "#speakers")
    def _speaker_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving through the speakers shows one's statements once the cursor rests a moment: each
        j alone repaints two rows, not the statements list and its loading indicator as well."""
        if event.option.id is None or event.option.id == self.group_id:
            return
        self._focus_statements = False  # the user is choosing a speaker: the focus stays there
        self._wanted = event.option.id
        if self._settle is not None:
            self._settle.stop()
        self._settle = self.set_timer(SETTLE, self._settled)

    def _settled(self) -> None:
        self._settle = None
        if self._wanted is not None and self._wanted != self.group_id:
            self.show_speaker(self._wanted)

    @on(OptionList.OptionHighlighted, "#statements")
    def _statement_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index >= len(self.said) - NEAR_END:
            self._next_page()

    @on(OptionList.OptionSelected, "#speakers")
    def _speaker_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#statements", OptionList).focus()

    @on(OptionList.OptionSelected, "#statements")
    def _statement_selected(self, event: OptionList.OptionSelected) -> None:
        statement = self.current
        if statement is not None and self.group_id is not None:
            group_id, ref = self.group_id, statement.occurrence.ref
            self.dismiss()
            self.app.call_later(self.desk.show_mention, group_id, ref)

    def action_close(self) -> None:
        self.dismiss()

    def action_copy(self) -> None:
        statement = self.current
        if statement is not None:
            self.desk.copy_sentence(statement.text)
