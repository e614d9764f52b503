"""The warreader terminal app: it loads the corpus, keeps the reader's state and settings, and wires
the screens (the reader, the views, the dialogs) to the library.

Data flows one way: a read-only :class:`warreader.library.Library` goes to the screens through the
:class:`warreader.ui.desk.Desk`; corrections go through :class:`warreader.ui.correcting.Corrector`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import App
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from warreader.config import Config, config_path
from warreader.library import Library
from warreader.model import MentionRef
from warreader.reading_marks import Marks
from warreader.resources import seeds_dir, styles_dir
from warreader.store.state import StateStore
from warreader.ui import clipboard, collector, keymap, startup, team, themes
from warreader.ui.article_order import SORTS
from warreader.ui.correcting import Corrector
from warreader.ui.highlight import inert_line
from warreader.ui.list_filters import ListFilter
from warreader.ui.palette import workbench_commands
from warreader.ui.refreshing import FeedRefresh
from warreader.ui.screens.help import HelpScreen
from warreader.ui.screens.reading import ReaderScreen
from warreader.ui.widgets.entity_panel import plural

if TYPE_CHECKING:
    from textual.widgets import ProgressBar

    from warreader.store.pg.location import Location

SAVE_DELAY = 1.0
"""Seconds to wait before writing the state after a read mark (opening many articles writes once)."""


def _loaded(library: Library) -> str:
    """What the title bar says is loaded: "10,000 articles · 417 entities"."""
    return f"{plural(len(library.articles), 'article')} · {plural(len(library.groups), 'entity', 'entities')}"


def binding_ids() -> set[str]:
    """Every binding id a config file may remap."""
    return {b.id for bindings in keymap.REMAPPABLE for b in bindings if b.id}


class WarReaderApp(team.Sheltered, App[None]):
    """Read a corpus: the reader screen first, the analyst's views (e, w, m), corrections and export."""

    TITLE = "warreader"
    CSS_PATH = str(styles_dir() / "app.tcss")
    BINDINGS = keymap.GLOBAL
    COMMANDS = App.COMMANDS | {workbench_commands}
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-medium"), (33, "-tall")]  # noqa: RUF012 (as Textual declares it)
    """Screen classes by terminal height: styles/app.tcss shortens the article list on short terminals."""

    def __init__(
        self,
        paths: list[str] | None = None,
        library: Library | None = None,
        *,
        state: StateStore | None = None,
        config: Config | None = None,
        location: Location | None = None,
    ) -> None:
        """``state`` keeps read marks, bookmarks and corrections (default: in memory only);
        ``config`` gives the theme and key overrides (default: none); ``location``: a team's
        PostgreSQL database holds the index and the corrections (:mod:`warreader.ui.team`)."""
        collector.pause()  # until the first frame is shown
        super().__init__()
        self.paths = [str(p) for p in paths] if paths is not None else [str(seeds_dir())]
        self.library: Library | None = library
        self.rebuild = False
        """Throw the corpus index away and build it again (``warreader --rebuild``)."""
        self.store = state or StateStore.memory()
        self.config = config or Config()
        self.reading = ReaderScreen()
        """The reader screen: the first screen, always at the bottom of the stack."""
        self.team = team.joined(self, location, self.config)
        self.correcting = Corrector(self, self.reading, self.store, self.team)
        self.feed_refresh = FeedRefresh(self)
        self._startup_notes = [self.store.problem, *self.correcting.problems, *self.config.problems]
        self._index_reader: Any = None
        self._walk_problems: list[Any] = []
        """What the last walk of the files found wrong (kept for a refresh that does not walk)."""
        self._grown_at = 0.0
        self._save_timer: Timer | None = None
        self._marks: Marks | None = None
        self._settings: dict[str, object] = {}
        """View settings changed in this session, to write into the config file."""
        self._settings_timer: Timer | None = None
        self._apply_view_settings()
        themes.install(self)  # readable highlights in every theme offered, no near-identical twins

    def _apply_view_settings(self) -> None:
        """Theme, sort and bookmarks-only as config.toml keeps them."""
        if self.config.theme:
            if self.config.theme in self.available_themes:
                self.theme = self.config.theme
            else:
                self._startup_notes.append(f"{config_path()}: unknown theme {self.config.theme!r}")
        sort = self.config.view.get("sort", "corpus")
        if sort in SORTS:
            self.reading.sort_by = sort
        else:
            self._startup_notes.append(f"{config_path()}: unknown sort {sort!r} (one of {', '.join(SORTS)})")
        self.reading.bookmarks_only = bool(self.config.view.get("bookmarks_only", False))
        problems: list[str] = []
        self.reading.list_filter = ListFilter.from_settings(self.config.view, problems)
        self.reading.kill = self.config.kill
        self.reading.watching.load(self.config.watch)
        self._startup_notes += [f"{config_path()}: {problem}" for problem in problems]

    def get_default_screen(self) -> Screen[Any]:
        startup.size_classes(self, self.reading)  # as its first resize would: no restyle then
        return self.reading

    # -- starting and stopping ------------------------------------------------------------

    def on_mount(self) -> None:
        if self.config.keys:
            known = binding_ids()
            unknown = sorted(set(self.config.keys) - known)
            if unknown:
                self._startup_notes.append(f"{config_path()}: no key binding called {', '.join(unknown)}")
            self.set_keymap({k: v for k, v in self.config.keys.items() if k in known})
        self.theme_changed_signal.subscribe(self, self._theme_chosen)  # t or the palette
        for note in filter(None, self._startup_notes):
            self.notify(note, title="Settings", severity="warning", markup=False, timeout=10)
        self.call_after_refresh(collector.settle)
        if self.team is not None:
            self.set_interval(team.REFRESH_EVERY, self.correcting.refresh)

    def reader_mounted(self) -> None:
        """The reader is on screen: show the corpus (from its index when it has one) and load it."""
        startup.hide_empty_toasts(self.reading)
        if self.library is not None:
            self._set_library(self.library)
            return
        reader = self._open_complete_index()
        if reader is not None:  # the corpus was indexed before: shown in the first frame
            self._set_library(Library.from_index(reader, reader.problems()))
        else:
            self.sub_title = "loading…"
            self.reading.show_loading(self.paths)
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
        if self.team is not None:
            self.team.closing = True  # no refresh of the team's corrections as the app ends
        self.save_now()
        self._save_settings()
        if self.team is not None:
            self.team.close()

    # -- loading the corpus ---------------------------------------------------------------

    def _open_complete_index(self) -> Any:
        """The corpus's index when it exists and is complete (a quick read), else None."""
        from warreader.store.files import index_path
        from warreader.store.index import Index

        if self.team is not None:
            return self.team.complete_index()
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

    def _load(self, shown: Any = None, added: list[str] | None = None) -> Library | None:
        """In a thread: show the index at once if it holds the corpus, then bring it up to date.

        ``shown`` is the index already on screen (opened before the first frame). A first build
        shows a progress bar, and the articles appear as batches are stored; the library
        returned (None: nothing changed) replaces the one on screen. ``added``: only these files
        are new (a feed refresh wrote them), so the files are not all walked.
        """
        from dataclasses import replace

        from textual.worker import get_current_worker

        from warreader.corpus.problem import Problem
        from warreader.derivation import derivation
        from warreader.ingest.sync import sync
        from warreader.store.index import Index

        worker = get_current_worker()
        try:
            reader = shown if shown is not None else team.index_for(self.team, self.paths)
        except (OSError, sqlite3.OperationalError) as error:  # a cache folder that cannot be written
            from warreader.library import read_without_index

            why = f"the index cannot be written ({error}): reading without one"
            return read_without_index(self.paths, why)
        if self.team is not None and reader.read_only:  # a role that may not write: no sync
            notes = [Problem(reader.where, reader.message)]
            if shown is not None:  # on screen since the first frame: only the note is new
                self._from_thread(self._notify_problems, notes)
                return None
            return Library.from_index(reader, notes + reader.problems())
        notes = [Problem(str(reader.path), reader.message)] if reader.message else []
        complete = reader.complete
        # --rebuild writes a new index beside the one on screen, which stays until it is complete;
        # so does an index extracted by other reading or extraction code (updated in place, the
        # articles on screen would vanish while they are extracted again).
        stale = complete and reader.meta("derivation") not in ("", derivation())
        rebuilding = (self.rebuild or stale) and not reader.building and self.team is None  # PG: in place
        self.rebuild = False
        if shown is None and complete:
            self._from_thread(self._library_ready, Library.from_index(reader, notes + reader.problems()))
        if not complete and self.team is None:  # PostgreSQL numbers the articles at the end only
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
                added=None if rebuilding else added,
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
        startup.warm_up((self.size.width, self.size.height))
        if report.scanned:
            self._walk_problems = list(report.problems)
        walked = self._walk_problems
        if complete and not rebuilding and not report.touched and not report.regrouped:
            self._from_thread(self._notify_problems, list(report.problems))
            return None
        fresh = reader.reopen() if self.team is not None else Index(reader.path)
        return Library.from_index(fresh, notes + walked + fresh.problems())

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
        startup.notify_problems(self, problems)

    def _index_started(self, _: object = None) -> None:
        """A first build: show the progress bar (the list fills in as batches are stored)."""
        from textual.widgets import ProgressBar

        bar = self._progress_bar()
        if bar is None:
            self.reading.mount(ProgressBar(id="index-progress", show_eta=False), after="#status")
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
        self.reading.show_status(status)

    def _show_partial(self, library: Library) -> None:
        """The articles stored so far (their entities are grouped when the whole corpus is in)."""
        self.library = library
        self.sub_title = f"indexing… {len(library.articles)} articles so far"
        self.reading.show_partial()

    def _progress_bar(self) -> ProgressBar | None:
        from textual.widgets import ProgressBar

        return next(self.reading.query("#index-progress").results(ProgressBar), None)

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
        old, current = self.library, self.reading.current
        path = None
        if old is not None and current is not None and current < len(old.articles):
            path = old.articles[current].path
        seen = {str(p) for p in old.problems} if old is not None else set()
        self.library = library = self.correcting.loaded(library)
        self.sub_title = _loaded(library)
        self._notify_problems([p for p in library.problems if str(p) not in seen])
        self.reading.show_library(path=path)
        if not library.articles:
            self.reading.show_empty(self.paths)
        self.call_after_refresh(lambda: collector.settle(reclaim=True))  # the old library's cycles

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "load":
            return
        if event.state == WorkerState.SUCCESS:
            self._library_ready(event.worker.result if isinstance(event.worker.result, Library) else None)
        elif event.state == WorkerState.ERROR:
            self.sub_title = "could not load the corpus"
            error = Text("Could not load the corpus:\n\n", style="bold")
            error.append(inert_line(f"{type(event.worker.error).__name__}: {event.worker.error}"))
            self.reading.show_error(error)
            self.notify(str(event.worker.error), title="Loading failed", severity="error", markup=False)

    def _set_library(self, library: Library) -> None:
        self.library = library = self.correcting.loaded(library)
        self.sub_title = _loaded(library)
        self._notify_problems(list(library.problems))
        self.reading.show_library()  # the first article shown, not read: the user has not opened it
        if not library.articles:
            self.reading.show_empty(self.paths)
            return
        self.reading.query_one("#articles").focus()

    # -- what the screens ask of the app (warreader.ui.desk.Desk) ---------------------------

    def reading_marks(self) -> Marks | None:
        """The read marks and bookmarks over the current library (format-1 marks moved to content keys)."""
        library = self.library
        if library is None:
            return None
        if self._marks is None or self._marks.library is not library:
            self._marks = Marks(library, self.store)
            if self._marks.migrate():
                self.save_soon()
        return self._marks

    def save_soon(self) -> None:
        if self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_DELAY, self.save_now)

    def save_now(self) -> None:
        self._save_timer = None
        try:
            merged = self.store.save()
        except OSError as error:
            self.notify(f"Could not save the reading state: {error}", severity="error", markup=False)
            return
        for note in self.store.take_notes():  # the state file was damaged or gone: saved again
            self.notify(note, title="Reading state", severity="warning", markup=False, timeout=10)
        if self._marks is not None:
            self._marks.reindex()  # the saved state is the merged one
        if merged:  # another warreader saved marks or corrections meanwhile: show them here too
            self.reading.redraw_marks()
            self.correcting.adopt_saved()
        self.correcting.refresh()  # on a team's database: what others corrected meanwhile

    def show_unread(self, unread: int) -> None:
        library = self.library
        if library is not None and "…" not in self.sub_title and not self.sub_title.startswith("could not"):
            read = len(library.articles) - unread
            self.sub_title = _loaded(library) + (f" · {unread:,} unread" if read else "")

    def save_watches(self, watches: list[dict[str, str]]) -> None:
        from warreader.config import save_watches

        self.config.watch = watches
        if self.config.path is None:
            return  # a config made in code (tests, an embedded app) is not saved
        try:
            save_watches(self.config.path, watches)
        except (OSError, ValueError) as error:
            self.notify(f"Could not save the watches: {error}", severity="warning", markup=False)

    def remember(self, name: str, value: object) -> None:
        """A view setting changed (theme, sort, bookmarks-only): write it to config.toml soon."""
        if self.config.path is None:
            return  # settings made in code (tests, an embedded app) are not saved
        self._settings[name] = value
        if self._settings_timer is None:
            self._settings_timer = self.set_timer(SAVE_DELAY, self._save_settings)

    def _save_settings(self) -> None:
        from warreader.config import save_settings

        self._settings_timer = None
        changed, self._settings = self._settings, {}
        if not changed or self.config.path is None:
            return
        try:
            save_settings(self.config.path, changed)
        except (OSError, ValueError) as error:
            self.notify(f"Could not save the settings: {error}", severity="warning", markup=False)

    def _theme_chosen(self, theme: Any) -> None:
        self.remember("theme", theme.name)
        self.call_after_refresh(self.reading.restyle)  # the new theme's highlight colours

    def select_entity(self, group_id: str | None, *, jump: bool = True) -> None:
        self.reading.select_entity(group_id, jump=jump)

    def show_mention(self, group_id: str, ref: MentionRef) -> None:
        """Follow ``group_id`` and jump to mention ``ref`` (from the entity view or who said what)."""
        library = self.library
        if library is None or group_id not in library.groups:
            return
        if self.reading.entity != group_id:
            self.reading.select_entity(group_id, jump=False)
        self.reading.jump_to(ref)

    def copy_sentence(self, text: str) -> None:
        clipboard.copy_for(self, text)

    def open_link(self, url: str) -> None:
        clipboard.open_for(self, url)

    def export_entity(self, group_id: str) -> None:
        if self.library is not None:
            from warreader.ui import exporting  # not before the first frame: ~3 ms of imports

            exporting.export_entity(self, self.library, group_id)

    def open_corrections(self, group_id: str | None) -> None:
        self.correcting.open(group_id)

    def open_who_said(self, group_id: str | None = None) -> None:
        from warreader.ui.screens.statements import WhoSaidScreen

        self._open(WhoSaidScreen(group_id))

    # -- the views and the entity they act on ---------------------------------------------

    def _target_group(self) -> str | None:
        """The entity under the cursor in the Entities panel when it has focus, else the followed one."""
        from warreader.ui.widgets.entity_panel import EntityPanel

        library = self.library
        if library is None:
            return None
        panel = self.reading.query_one(EntityPanel)
        highlighted = panel.highlighted_group if panel.highlighted_group in library.groups else None
        if self.focused is panel and highlighted:
            return highlighted
        if self.reading.entity in library.groups:
            return self.reading.entity
        return highlighted

    def _need_group(self, what: str) -> str | None:
        """The followed entity, which ``e`` and ``c`` act on; with none followed, say so (the
        panel's cursor is not taken for it: moving the cursor does not choose an entity)."""
        return self.reading.followed(what)

    def _open(self, screen: Screen[Any]) -> None:
        """Show a workbench screen, closing any other one first; its size classes set before it is styled."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        startup.size_classes(self, screen)
        self.push_screen(screen)

    def action_entity_view(self) -> None:
        group = self._need_group("press e to see all its mentions")
        if group is not None:
            from warreader.ui.screens.entity import EntityScreen  # screens load when first opened

            self._open(EntityScreen(group))

    def action_who_said(self) -> None:
        if self.library is None:
            return
        group = self._target_group()
        speaker = group if group and self.library.groups[group].kind == "speaker" else None
        self.open_who_said(speaker)

    def action_map(self) -> None:
        if self.library is None:
            return
        group = self._target_group()
        from warreader.ui.screens.map import MapScreen

        self._open(MapScreen(group if group and self.library.groups[group].kind == "place" else None))

    def action_corrections(self) -> None:
        group = self._need_group("press c to correct it")
        if group is not None:
            self.correcting.open(group)

    def action_undo_correction(self) -> None:
        """The palette's "Undo a correction…": pick a saved correction to take back."""
        self.correcting.undo()

    def action_export_corrections(self) -> None:
        """The palette's "Export corrections…": ask where to write the aliases file."""
        self.correcting.step("export_aliases")

    def action_import_corrections(self) -> None:
        """The palette's "Import corrections…": ask for the aliases file to read."""
        self.correcting.step("import_aliases")

    def action_export(self) -> None:
        if self.library is not None:
            from warreader.ui import exporting

            exporting.export_all(self, self.library)

    def action_export_listed(self) -> None:
        """The palette's "Export the listed articles…": what the list shows, in its order."""
        if self.library is not None:
            listing = self.reading.listing
            from warreader.ui import exporting

            exporting.export_listed(self, self.library, listing.rows, " · ".join(listing.notes))

    def action_settings_paths(self) -> None:
        where = self.store.path or "(not saved: this session keeps its state in memory)"
        self.notify(f"Settings: {config_path()}\nState: {where}", title="Where things are", markup=False)

    def action_next_theme(self) -> None:
        themes = sorted(name for name in self.available_themes if name != "textual-ansi")
        position = themes.index(self.theme) if self.theme in themes else -1
        self.theme = themes[(position + 1) % len(themes)]
        self.notify(f"Theme: {self.theme}", title="Theme", markup=False)

    def action_refresh_feeds(self) -> None:
        """r: fetch every feed now; new articles join the list when they are in (and, on a team's
        database, the team's corrections are refreshed)."""
        self.feed_refresh.start()
        self.correcting.refresh()

    def reload_corpus(self, added: list[str] | None = None) -> None:
        """Bring the index up to date with the files (after a feed refresh: ``added``, the files it
        wrote, are all that changed) and show the result."""
        self.run_worker(
            lambda: self._load(None, added), name="load", thread=True, exclusive=True, exit_on_error=False
        )

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
