"""The warreader terminal app: article list, reading pane and entity panel."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from warreader.config import Config
from warreader.library import Library
from warreader.model import MentionRef
from warreader.resources import seeds_dir, styles_dir
from warreader.store.state import StateStore
from warreader.ui import collector, keymap
from warreader.ui.commands import WorkbenchCommands
from warreader.ui.highlight import Span, inert_line
from warreader.ui.messages import ArticleOpened, EntitySelected, MentionJumped, SearchMatched
from warreader.ui.screens.help import HelpScreen
from warreader.ui.search import Match, TextSearch
from warreader.ui.widgets.article_list import ArticleList
from warreader.ui.widgets.entity_panel import MARKERS, EntityPanel, plural
from warreader.ui.widgets.key_bar import KeyBar
from warreader.ui.widgets.reader import Reader
from warreader.ui.widgets.status import StatusLine
from warreader.ui.widgets.title_bar import TitleBar
from warreader.ui.workbench import Workbench

if TYPE_CHECKING:
    from textual.widget import Widget
    from textual.widgets import ProgressBar

ALL_ENTITIES_PAGE = 300
"""Entities listed by ``a`` (the most mentioned; the rest are found with the command palette)."""


SEARCH_PLACEHOLDER = "Search every article — Enter: search, then n / N: next / previous match · Escape: close"

NOTIFY_PROBLEMS = 3
"""Problems shown one by one when a corpus loads; the rest are summed up in one notice."""


def _loaded(library: Library) -> str:
    """What the title bar says is loaded: "10,000 articles · 417 entities"."""
    return f"{plural(len(library.articles), 'article')} · {plural(len(library.groups), 'entity', 'entities')}"


class SearchBox(Input):
    """The search field; Enter finds the next match, Escape closes it."""

    BINDINGS = keymap.SEARCH

    def action_close(self) -> None:
        self.app.call_later(self.app.run_action, "close_search")


class WarReaderApp(Workbench, App[None]):
    """Read a corpus: pick an article, see its places and speakers, follow an entity with n / N.

    The analyst's workbench (filters, entity view, who said what, map, corrections, reading marks)
    comes from :class:`warreader.ui.workbench.Workbench`.
    """

    TITLE = "warreader"
    CSS_PATH = str(styles_dir() / "app.tcss")
    BINDINGS = keymap.APP
    COMMANDS = App.COMMANDS | {WorkbenchCommands}
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (28, "-medium"), (33, "-tall")]
    """Screen classes by terminal height: styles/app.tcss shortens the article list on short terminals."""

    def __init__(
        self,
        paths: list[str] | None = None,
        library: Library | None = None,
        *,
        state: StateStore | None = None,
        config: Config | None = None,
    ) -> None:
        """``state`` keeps read marks, bookmarks and corrections (default: in memory only);
        ``config`` gives the theme and key overrides (default: none)."""
        collector.pause()  # until the first frame is shown
        super().__init__()
        self._init_workbench(state, config)
        self.paths = [str(p) for p in paths] if paths is not None else [str(seeds_dir())]
        self.library: Library | None = library
        self.current: int | None = None
        """Index of the open article."""
        self.entity: str | None = None
        """Group followed by n / N."""
        self.mark: Span | None = None
        """Span of the open article shown as the current mention or match."""
        self.query_text = ""
        self._search: TextSearch | None = None
        self.follow = "entity"
        """What n / N step through: "entity" or "search"."""
        self._match_index: int | None = None
        self._mention_number: tuple[int, int] | None = None
        self._panel_key: tuple[bool, int | None] | None = None
        self.rebuild = False
        """Throw the corpus index away and build it again (``warreader --rebuild``)."""
        self._index_reader: Any = None
        self._grown_at = 0.0
        self._focus_before_search: Widget | None = None
        """What had the focus when ``/`` opened the search box: it gets it back on Enter or Escape."""

    @property
    def matches(self) -> list[Match]:
        """Every match of the search, once counted (the search steps through them before that)."""
        search = self._search
        return search.matches() if search is not None and search.complete else []

    # -- layout and loading -------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield ArticleList(id="articles")
        with Horizontal(id="main"):
            yield Reader(id="reader")
            yield EntityPanel(id="entities")
        yield StatusLine(id="status")
        # The progress bar and the search box are mounted when first needed (fewer widgets to
        # style and lay out before the first frame).
        yield KeyBar()

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, lambda _theme: self.call_after_refresh(self._restyle))
        self.call_after_refresh(collector.settle)
        if self.library is not None:
            self._set_library(self.library)
            return
        reader = self._open_complete_index()
        if reader is not None:  # the corpus was indexed before: shown in the first frame
            self._set_library(Library.from_index(reader, reader.problems()))
        else:
            self.sub_title = "loading…"
            loading = Text("Reading articles and finding places and speakers in: ", style="dim")
            loading.append(", ".join(inert_line(p) for p in self.paths))
            self.query_one("#status", StatusLine).update(loading)
            for widget in (self.query_one(ArticleList), self.query_one(Reader)):
                widget.loading = True
        # An index on screen is brought up to date once the first frame is out: the check stats
        # every file in a thread, which would otherwise hold the GIL while the frame is drawn.
        start = self.call_after_refresh if reader is not None else self.call_later
        start(
            lambda: self.run_worker(
                lambda: self._load(reader), name="load", thread=True, exclusive=True, exit_on_error=False
            )
        )

    def on_unmount(self) -> None:
        collector.resume()  # in case the app ended before its first frame

    def _open_complete_index(self) -> Any:
        """The corpus's index when it exists and is complete (a quick read), else None."""
        from warreader.store.files import index_path
        from warreader.store.index import Index

        if not index_path(self.paths).exists():  # with --rebuild too: shown until the new one is done
            return None
        try:
            reader = Index.for_paths(self.paths)
        except Exception:  # the loading thread opens it again and reports what is wrong
            return None
        if reader.complete and not reader.message:
            return reader
        reader.close()
        return None

    def _load(self, shown: Any = None) -> Library | None:
        """In a thread: show the index at once if it holds the corpus, then bring it up to date.

        ``shown`` is the index already on screen (opened before the first frame). A first build
        shows a progress bar, and the articles appear as batches are stored; the library
        returned (None: nothing changed) replaces the one on screen.
        """
        from dataclasses import replace

        from textual.worker import get_current_worker

        from warreader.corpus.problem import Problem
        from warreader.ingest.sync import sync
        from warreader.store.index import Index

        worker = get_current_worker()
        try:
            reader = shown if shown is not None else Index.for_paths(self.paths)
        except (OSError, sqlite3.OperationalError) as error:  # a cache folder that cannot be written
            from warreader.library import read_without_index

            why = f"the index cannot be written ({error}): reading without one"
            return read_without_index(self.paths, why)
        notes = [Problem(str(reader.path), reader.message)] if reader.message else []
        complete = reader.complete
        # --rebuild writes a new index beside the one on screen, which stays until it is complete.
        rebuilding, self.rebuild = self.rebuild and not reader.building, False
        if shown is None and complete:
            self._from_thread(self._library_ready, Library.from_index(reader, notes + reader.problems()))
        if not complete:
            self._index_reader = reader
        if rebuilding or not complete:
            self._from_thread(self._index_started, None)
        # its own connection: the screen keeps reading through the first
        writer = Index(reader.path, rebuild=True) if rebuilding else reader.reopen()
        try:
            report = sync(
                writer,
                self.paths,
                progress=None
                if complete and not rebuilding
                else lambda s: self._from_thread(self._index_progress, replace(s)),
                cancelled=lambda: worker.is_cancelled,
            )
        except Exception as error:
            if not rebuilding:
                raise
            self._from_thread(self._rebuild_failed, f"{type(error).__name__}: {error}")
            return None
        finally:
            writer.checkpoint()
            writer.close()
        if worker.is_cancelled:
            return None
        if complete and not rebuilding and not report.touched and not report.regrouped:
            self._from_thread(self._notify_problems, list(report.problems))
            return None
        fresh = Index(reader.path)
        return Library.from_index(fresh, notes + report.problems + fresh.problems())

    def _rebuild_failed(self, why: str) -> None:
        """--rebuild failed: the previous index stays on screen, and the user is told why."""
        self._library_ready(None)
        if self.library is not None:
            self.sub_title = _loaded(self.library)
        self.notify(
            f"The rebuild failed ({why}); the previous index is kept.",
            title="Rebuild failed",
            severity="error",
            markup=False,
        )

    def _from_thread(self, callback: Callable[[Any], object], argument: Any) -> None:
        with suppress(RuntimeError):  # the app has closed
            self.call_from_thread(callback, argument)

    def _notify_problems(self, problems: list[object]) -> None:
        """Each problem once; past a few, one summary instead of a notice per broken file."""
        for problem in problems[:NOTIFY_PROBLEMS]:
            self.notify(str(problem), severity="warning", markup=False)
        if len(problems) > NOTIFY_PROBLEMS:
            more = len(problems) - NOTIFY_PROBLEMS
            self.notify(
                f"… and {more} more files could not be read; 'warreader check PATH' lists them all",
                severity="warning",
                markup=False,
            )

    def _index_started(self, _: object = None) -> None:
        """A first build: show the progress bar (the list fills in as batches are stored)."""
        from textual.widgets import ProgressBar

        bar = self._progress_bar()
        if bar is None:
            self.mount(ProgressBar(id="index-progress", show_eta=False), after="#status")
        else:
            bar.display = True
        self.sub_title = "indexing…"

    def _index_progress(self, state: Any) -> None:
        from time import monotonic

        from warreader.ingest.progress import progress_line

        bar = self._progress_bar()
        if bar is not None:
            bar.update(total=max(1, state.total), progress=state.done)
        status = Text(progress_line(state), style="dim")
        status.append(" — the first time only: next time this corpus opens at once", style="dim")
        shown = len(self.library.articles) if self.library is not None else 0
        if state.articles > shown and monotonic() - self._grown_at > 2.0 and self._index_reader is not None:
            self._grown_at = monotonic()
            self._show_partial(Library.from_index(self._index_reader))
        self.query_one("#status", StatusLine).update(status)

    def _show_partial(self, library: Library) -> None:
        """The articles stored so far (their entities are grouped when the whole corpus is in)."""
        first = self.library is None
        self.library = library
        self._stop_loading()
        self.sub_title = f"indexing… {len(library.articles)} articles so far"
        self._fill_articles()
        if first and library.articles:
            self.open_article(0, read=False)
            self.query_one(ArticleList).focus()

    def _progress_bar(self) -> ProgressBar | None:
        from textual.widgets import ProgressBar

        return next(self.query("#index-progress").results(ProgressBar), None)

    def _library_ready(self, library: Library | None) -> None:
        bar = self._progress_bar()
        if bar is not None:
            bar.display = False
        if library is None:
            return
        if self.library is None:
            self._set_library(library)
        else:
            self._replace_library(library)

    def _replace_library(self, library: Library) -> None:
        """A newer library (the index was brought up to date): keep the open article and the entity."""
        old, current = self.library, self.current
        path = None
        if old is not None and current is not None and current < len(old.articles):
            path = old.articles[current].path
        seen = {str(p) for p in old.problems} if old is not None else set()
        self._workbench_loaded(library)
        self.library = library
        self._panel_key = None
        self._stop_loading()
        self.sub_title = _loaded(library)
        self._notify_problems([p for p in library.problems if str(p) not in seen])
        if self.entity not in library.groups:
            self.entity = None
        self._match_index, self._mention_number = None, None
        self._search = None
        if self.follow == "search":
            self.query_text, self.follow = "", "entity"
        self._fill_articles()
        if not library.articles:
            self._show_empty()
            return
        index = library.position(path) if path is not None else None
        self.current = None
        self.open_article(index if index is not None else 0, read=False)
        self.call_after_refresh(lambda: collector.settle(reclaim=True))  # the old library's cycles

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "load":
            return
        if event.state == WorkerState.SUCCESS:
            self._library_ready(event.worker.result if isinstance(event.worker.result, Library) else None)
        elif event.state == WorkerState.ERROR:
            self._stop_loading()
            self.sub_title = "could not load the corpus"
            error = Text("Could not load the corpus:\n\n", style="bold")
            error.append(inert_line(f"{type(event.worker.error).__name__}: {event.worker.error}"))
            self.query_one(Reader).show_message(error, "Error")
            self.notify(str(event.worker.error), title="Loading failed", severity="error", markup=False)

    def _stop_loading(self) -> None:
        for widget in (self.query_one(ArticleList), self.query_one(Reader)):
            widget.loading = False

    def _set_library(self, library: Library) -> None:
        self._workbench_loaded(library)
        self.library = library
        self._stop_loading()
        self.sub_title = _loaded(library)
        self._notify_problems(list(library.problems))
        self._fill_articles()
        if not library.articles:
            self._show_empty()
            return
        self.open_article(0, read=False)  # shown, not read: the user has not opened it yet
        self.query_one(ArticleList).focus()

    def _show_empty(self) -> None:
        message = Text("No articles found.\n\n", style="bold")
        message.append("Looked in: " + ", ".join(inert_line(p) for p in self.paths) + "\n\n")
        message.append("Start warreader with article files or folders (.txt, .md):  warreader PATH...")
        self.query_one(Reader).show_message(message, "No articles")
        self.query_one(EntityPanel).fill([], None, {})
        self._update_status()

    # -- opening and rendering ----------------------------------------------

    def open_article(self, index: int, *, mark: Span | None = None, read: bool = True) -> None:
        """Show article ``index`` (optionally with ``mark`` as the current span) and post ArticleOpened.

        ``read``: the user opened it (Enter, a click, n / N, a view's Enter), so it is marked read;
        an article shown by the app itself (the first one at launch) is not."""
        if self.library is None or not 0 <= index < len(self.library.articles):
            return
        changed = index != self.current
        self.current = index
        self.mark = mark
        if changed:
            self._mention_number = None
            self._match_index = None
        self._mark_open(index)
        if read:
            self._mark_read(index)
        self._refresh_view()
        if changed:
            self.post_message(ArticleOpened(index))

    def _refresh_view(self) -> None:
        """Re-render the reader, the entity panel and the status line from the state."""
        library = self.library
        if library is None or self.current is None:
            return
        article = library.articles[self.current]
        search = self._search if self.follow == "search" else None
        matches = search.spans(self.current) if search is not None else []
        self.query_one(Reader).show(
            article, self.current + 1, len(library.articles), current=self.mark, matches=matches
        )
        self._refresh_panel()
        self._update_status()

    def _refresh_panel(self) -> None:
        """Refill the entity panel when the article or the scope changed, else just move the marker."""
        library, panel = self.library, self.query_one(EntityPanel)
        if library is None or self.current is None:
            return
        key = (panel.show_all, None if panel.show_all else self.current)
        if key == self._panel_key:
            panel.mark_selected(self.entity)
            return
        self._panel_key = key
        total = {g: library.mention_count(g) for g in library.groups}  # the one count (what n / N walk)
        if panel.show_all:
            groups = sorted(library.groups.values(), key=lambda g: (-total[g.id], g.name.casefold()))
            # A page of the most mentioned: every entity of a large corpus takes seconds to lay out.
            shown = groups[:ALL_ENTITIES_PAGE]
            if self.entity in library.groups and self.entity not in {g.id for g in shown}:
                shown.append(library.groups[self.entity])
            panel.fill(shown, self.entity, total)
            if len(shown) < len(groups):
                panel.border_title = f"All entities (top {len(shown):,} of {len(groups):,})"
        else:
            here = Counter(library.mention(r).group for r in self._refs_in(self.current))
            article = library.articles[self.current]
            groups = sorted(library.groups_in(article), key=lambda g: (-here[g.id], g.name.casefold()))
            panel.fill(groups, self.entity, total, here)

    def _refs_in(self, index: int) -> list[MentionRef]:
        """Mentions of article ``index`` that n / N stop at (nested ones excluded)."""
        assert self.library is not None
        return self.library.refs_in(index)

    def _update_status(self) -> None:
        status = Text(end="")
        library = self.library
        group = library.groups.get(self.entity) if library and self.entity else None
        if library is not None and not library.articles:
            status.append("No articles loaded.  q quits.")
        elif self.follow == "search" and self.query_text:
            status.append("Search ", style="bold")
            status.append("“" + inert_line(self.query_text) + "”")
            search = self._search
            counting = search is not None and not search.complete
            total = f"{search.total:,}{'+ (counting…)' if counting else ''}" if search else "0"
            if self._match_index is not None:
                status.append(f": match {self._match_index + 1}/{total}")
            elif self.mark is not None and search is not None:
                status.append(f": a match of {total}")
            else:
                status.append(f": {total} matches")
            status.append("   n next · N previous · Esc stop", style="dim")
        elif group is not None:
            status.append(MARKERS.get(group.kind, "?") + " ", style="bold")
            if self._mention_number is not None:
                number, total = self._mention_number
                status.append(f"mention {number:,}/{total:,} of ")
            else:
                status.append(plural(library.mention_count(group.id) if library else 0, "mention") + " of ")
            status.append(inert_line(group.name), style="bold")
            status.append(f" ({group.kind})")
            status.append("   n next · N previous · Esc stop following", style="dim")
        else:
            status.append(
                "Select an entity (Enter or click in the Entities panel), then n / N walks its mentions"
                " across all articles · / search · ? help",
                style="dim",
            )
        self.query_one("#status", StatusLine).update(status)

    def _restyle(self) -> None:
        """Re-render with the new theme's highlight colours."""
        self._panel_key = None
        self._refresh_view()

    # -- events from the widgets ---------------------------------------------

    @on(ArticleList.Chosen, "#articles")
    def _row_selected(self, event: ArticleList.Chosen) -> None:
        self.open_article(self._article_at_row(event.row))

    def on_reader_scrolled(self, _: Reader.Scrolled) -> None:
        """Scrolling the open article (keys or wheel) is reading it."""
        if self.current is not None:
            self._mark_read(self.current)

    @on(EntityPanel.Chosen, "#entities")
    def _entity_chosen(self, event: EntityPanel.Chosen) -> None:
        self.select_entity(event.group_id)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        """Enter: close the box and give the focus back first, so the next n / N steps the matches."""
        self.action_close_search()
        self.search(event.value)

    # -- entities and mentions ---------------------------------------------

    def select_entity(self, group_id: str | None, *, jump: bool = True) -> None:
        """Follow ``group_id`` with n / N and jump to its first mention from the open article on."""
        if self.library is None:
            return
        self.entity = group_id if group_id in self.library.groups else None
        self.follow = "entity"
        self._mention_number = None
        self.post_message(EntitySelected(self.entity))
        if self.entity is not None and jump:
            ref = self.library.step(self.entity, self.current or 0, -1, forward=True)
            if ref is not None:
                self.jump_to(ref)
                return
        self.mark = None
        self._refresh_view()

    def jump_to(self, ref: MentionRef) -> None:
        """Open the article of ``ref``, mark the mention and scroll it into view."""
        assert self.library is not None
        mention = self.library.mention(ref)
        group = mention.group or ""
        number, total = self.library.mention_number(ref)
        self.open_article(ref.article, mark=(mention.start, mention.end))
        self._mention_number = (number, total)
        self._update_status()
        self.query_one(Reader).scroll_to_offset(mention.start)
        self.post_message(MentionJumped(group, ref, number, total))

    def _position(self, forward: bool) -> tuple[int, int]:
        """Where n / N start from: the current mark, else the top of the reading pane."""
        if self.mark is not None and self.current is not None:
            return self.current, self.mark[0]
        offset = self.query_one(Reader).reading_offset()
        return self.current or 0, offset - 1 if forward else offset

    def _step(self, forward: bool) -> None:
        library = self.library
        if library is None or not library.articles:
            self.notify("Still loading the corpus…" if library is None else "No articles loaded.")
            return
        if self.follow == "search" and self.query_text:
            self._step_search(forward)
            return
        article, offset = self._position(forward)
        if self.entity is None:
            self._follow_nearby(article, offset)
            return
        ref = library.step(self.entity, article, offset, forward=forward)
        if ref is None:
            self.notify("This entity has no mentions.", severity="warning")
            return
        self.jump_to(ref)

    def _follow_nearby(self, article: int, offset: int) -> None:
        """With no entity selected, n follows the first entity at or after the reading position."""
        assert self.library is not None
        mentions = [m for m in self.library.articles[article].mentions if m.group in self.library.groups]
        after = [m for m in mentions if m.start > offset]
        if not mentions:
            self.notify(
                "No entity selected and none in this article: pick one in the Entities panel (press 3), "
                "or press a to list all entities.",
                title="Nothing to follow",
            )
            return
        group = (after or mentions)[0].group
        assert group is not None
        self.entity = group
        self.follow = "entity"
        self.post_message(EntitySelected(group))
        ref = self.library.step(group, article, offset if after else -1, forward=True)
        if ref is not None:
            self.jump_to(ref)

    def action_next_mention(self) -> None:
        self._step(forward=True)

    def action_previous_mention(self) -> None:
        self._step(forward=False)

    def action_toggle_all(self) -> None:
        panel = self.query_one(EntityPanel)
        panel.show_all = not panel.show_all
        panel.highlighted = None
        self._refresh_view()

    # -- search --------------------------------------------------------------

    def _search_box(self, *, create: bool = False) -> SearchBox | None:
        """The search box; mounted the first time it opens."""
        box = next(self.query("#search").results(SearchBox), None)
        if box is None and create:
            box = SearchBox(placeholder=SEARCH_PLACEHOLDER, id="search")
            self.mount(box, after="#status")
        return box

    def action_search(self) -> None:
        box = self._search_box(create=True)
        assert box is not None
        if self.focused is not box:
            self._focus_before_search = self.focused
        box.add_class("-open")
        box.focus()

    def action_close_search(self) -> None:
        """Hide the search box; the list or the reader that had the focus before ``/`` gets it back."""
        box = self._search_box()
        if box is not None:
            box.remove_class("-open")
        back, self._focus_before_search = self._focus_before_search, None
        if back is None or not back.is_attached or back is box or back.screen is not self.screen:
            back = self.query_one(Reader)
        back.focus()

    def search(self, query: str) -> None:
        """Find the next occurrence of ``query`` after the reading position (Enter in the search box)."""
        library = self.library
        if library is None or not library.articles:
            return
        if not query.strip():
            self.action_clear()
            return
        if query != self.query_text or self.follow != "search" or self._search is None:
            self.query_text = query
            self._search = TextSearch(library, query)
            self.follow = "search"
            self._match_index = None
            search = self._search  # counted once the first match is on screen
            self.call_after_refresh(lambda: self._count_matches(search))
        if not self._step_search(forward=True):
            self.mark = None
            self._refresh_view()
            self.notify("No match for " + query, title="Search", severity="warning", markup=False)

    def _count_matches(self, search: TextSearch) -> None:
        """Count every match in short slices between key presses and frames; then show "match k/N"."""
        if search is not self._search:
            return  # another search (or none) replaced it
        if not search.count_some():
            self.set_timer(0.002, lambda: self._count_matches(search))
            return
        if self.mark is not None and self.current is not None:
            number = search.number((self.current, *self.mark))
            self._match_index = None if number is None else number - 1
        self._update_status()

    def _step_search(self, forward: bool) -> bool:
        """Go to the next (previous) match; False when there is none."""
        search = self._search
        if search is None:
            return False
        article, offset = self._position(forward)
        found = search.step(article, offset, forward=forward)
        if found is None:
            return False
        hit, start, end = found
        self.open_article(hit, mark=(start, end))
        number = search.number(found)
        self._match_index = None if number is None else number - 1  # (opening an article reset it)
        self._update_status()
        self.query_one(Reader).scroll_to_offset(start)
        self.post_message(SearchMatched(self.query_text, hit, start, end))
        return True

    # -- other actions --------------------------------------------------------

    def action_clear(self) -> None:
        """Escape: close the search box, else stop following the entity or search."""
        box = self._search_box()
        if box is not None and box.has_class("-open"):
            self.action_close_search()
            return
        self.query_text = ""
        self._search = None
        self.follow = "entity"
        self._match_index = None
        self._mention_number = None
        self.mark = None
        if self.entity is not None:
            self.entity = None
            self.post_message(EntitySelected(None))
        self._refresh_view()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_focus(self, widget_id: str) -> None:
        self.query_one(f"#{widget_id}").focus()
