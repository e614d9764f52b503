"""The analyst's workbench, mixed into the app: follow an entity, correct extraction, keep reading marks.

* ``f`` filters the article list to the articles mentioning the followed entity;
* ``e`` opens the entity view (mentions in context, a timeline), ``w`` who said what, ``m`` the map;
* ``c`` corrects an entity (rename, merge, split a spelling, not a place / speaker, undo), kept in
  the user's state and applied to the library at once;
* ``u`` / ``B`` / ``'`` / ``s`` are read marks, bookmarks, bookmarked-only and sorting; ``y`` copies
  the current sentence; ``t`` changes the theme; ``x`` exports.

The app keeps its own reading logic; this mixin only adds actions and a few hooks the app calls
(:meth:`Workbench._workbench_loaded`, :meth:`_fill_articles`, :meth:`_mark_open`, :meth:`_mark_read`,
:meth:`_article_at_row`).
It uses the Library only through its public records and queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from rich.text import Text
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.timer import Timer

from warreader import corrections as fix
from warreader.config import Config, config_path
from warreader.library import Library
from warreader.model import Article, MentionRef
from warreader.reading_marks import Marks
from warreader.store.state import StateStore
from warreader.ui import keymap
from warreader.ui.highlight import inert_line
from warreader.ui.screens.dialogs import PickScreen, PromptScreen

if TYPE_CHECKING:
    from textual.app import App

    _Base = App[None]
else:
    _Base = object

SORTS = ("corpus", "date", "source", "title")
SORT_NAMES = {"corpus": "corpus order", "date": "newest first", "source": "by source", "title": "by title"}
READ_MARK, BOOKMARK_MARK = "✓", "★"
MAIN_SCREEN_ONLY = frozenset(
    {
        "search",
        "next_mention",
        "previous_mention",
        "toggle_all",
        "clear",
        "focus",
        "follow_filter",
        "toggle_read",
        "bookmark",
        "bookmarks_only",
        "sort",
        "copy",
    }
)
"""App keys that act on the reader's widgets: off while another screen (a view, a dialog, help) is shown."""
SAVE_DELAY = 1.0
"""Seconds to wait before writing the state after a read mark (opening many articles writes once)."""


# -- pure helpers ------------------------------------------------------------------------


Meta = tuple[int, str, str, str, str, str]
"""(index, ISO date or "", title, language, source, path) of one article."""


def article_rows(library: Library) -> list[Meta]:
    """The list columns and path of every article, without reading bodies when the library's article
    sequence can list rows (an index can)."""
    rows = getattr(library.articles, "rows", None)
    if callable(rows):
        try:
            return [tuple(r) for r in rows(0, len(library.articles))]  # type: ignore[misc]
        except (TypeError, IndexError, ValueError):
            pass
    return [
        (i, a.date.isoformat() if a.date else "", a.title, a.language or "", a.source or "", a.path)
        for i, a in enumerate(library.articles)
    ]


def article_order(
    library: Library,
    *,
    group: str | None = None,
    bookmarks: set[str] | None = None,
    sort: str = "corpus",
    rows: list[Meta] | None = None,
) -> list[int] | None:
    """Which articles the list shows, in which order (library indexes); None: all, in corpus order.

    ``rows`` are :func:`article_rows` when already at hand."""
    if group is None and bookmarks is None and sort == "corpus":
        return None
    meta = list(rows) if rows is not None else article_rows(library)
    if group is not None:
        from warreader import analysis

        wanted = set(analysis.articles_mentioning(library, group))
        meta = [m for m in meta if m[0] in wanted]
    if bookmarks is not None:
        meta = [m for m in meta if m[5] in bookmarks]
    if sort == "date":
        dated = sorted((m for m in meta if m[1]), key=lambda m: (m[1], -m[0]), reverse=True)
        meta = dated + [m for m in meta if not m[1]]
    elif sort == "source":
        meta.sort(key=lambda m: (m[4].casefold(), m[1], m[0]))
    elif sort == "title":
        meta.sort(key=lambda m: (m[2].casefold(), m[0]))
    return [m[0] for m in meta]


class ArticleView(Sequence[Article]):
    """Some of a library's articles in a chosen order, read only when the list asks for one;
    :meth:`rows` gives the list its columns without reading bodies."""

    def __init__(self, articles: Sequence[Article], order: list[int], meta: dict[int, Meta]) -> None:
        self._articles = articles
        self.order = order
        self._meta = meta

    def rows(self, start: int, stop: int) -> list[Meta]:
        """(row, date, title, language, source, path) for rows ``start`` to ``stop`` of the view."""
        found: list[Meta] = []
        for row in range(max(0, start), min(stop, len(self.order))):
            index = self.order[row]
            meta = self._meta.get(index)
            if meta is None:
                article = self._articles[index]
                date = article.date.isoformat() if article.date else ""
                meta = (
                    index,
                    date,
                    article.title,
                    article.language or "",
                    article.source or "",
                    article.path,
                )
            found.append((row, *meta[1:]))
        return found

    def __len__(self) -> int:
        return len(self.order)

    @overload
    def __getitem__(self, index: int) -> Article: ...
    @overload
    def __getitem__(self, index: slice) -> list[Article]: ...
    def __getitem__(self, index: int | slice) -> Article | list[Article]:
        if isinstance(index, slice):
            return [self._articles[i] for i in self.order[index]]
        return self._articles[self.order[index]]

    def __iter__(self) -> Iterator[Article]:
        for i in self.order:
            yield self._articles[i]


def binding_ids() -> set[str]:
    """Every binding id a config file may remap."""
    lists = (
        keymap.APP,
        keymap.ENTITY_VIEW,
        keymap.WHO_SAID,
        keymap.MAP_SCREEN,
        keymap.MAP_KEYS,
        keymap.DIALOG,
    )
    return {b.id for bindings in lists for b in bindings if isinstance(b, Binding) and b.id}


# -- the mixin -------------------------------------------------------------------------------


class Workbench(_Base):
    """Mixed into :class:`warreader.ui.app.WarReaderApp` (which provides library, entity, current, mark,
    open_article, select_entity, jump_to and _refresh_view)."""

    library: Library | None
    entity: str | None
    current: int | None

    def _init_workbench(self, state: StateStore | None, config: Config | None) -> None:
        self.store = state or StateStore.memory()
        self.config = config or Config()
        self.corrections, problems = fix.from_state(self.store.state.corrections)
        self._startup_notes = [self.store.problem, *problems, *self.config.problems]
        self._journal = fix.Journal()
        self.filter_on = False
        self.bookmarks_only = False
        self.sort_by = "corpus"
        self._rows: list[int] | None = None
        self._row_by_index: dict[int, int] = {}
        self._save_timer: Timer | None = None
        self._marks: Marks | None = None
        if self.config.theme:
            if self.config.theme in self.available_themes:
                self.theme = self.config.theme
            else:
                self._startup_notes.append(f"{config_path()}: unknown theme {self.config.theme!r}")
        sort = self.config.view.get("sort", "corpus")
        if sort in SORTS:
            self.sort_by = sort
        else:
            self._startup_notes.append(f"{config_path()}: unknown sort {sort!r} (one of {', '.join(SORTS)})")
        self.bookmarks_only = bool(self.config.view.get("bookmarks_only", False))
        self._settings: dict[str, object] = {}
        """View settings changed in this session, to write into the config file."""
        self._settings_timer: Timer | None = None

    # -- Textual hooks ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys of the reader's widgets do nothing on the other screens: left out of the footer of a
        workbench view, shown disabled under a dialog or help (the reader is still in sight)."""
        if action in MAIN_SCREEN_ONLY and len(self.screen_stack) > 1:
            return None if isinstance(self.screen, ModalScreen) else False
        return True

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

    def on_unmount(self) -> None:
        self._save_now()
        self._save_settings()

    # -- view settings kept in the config file -----------------------------------------------

    def _remember(self, name: str, value: object) -> None:
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
        self._remember("theme", theme.name)

    def _mark_read(self, index: int) -> None:
        """The user opened or scrolled article ``index``: it is read."""
        marks = self._reading_marks()
        if marks is None or not 0 <= index < len(marks.library.articles):
            return
        if marks.key_of(index) not in self.store.state.read:
            marks.toggle("read", index, on=True)
            self._redraw_marks()
            self._save_soon()

    def _reading_marks(self) -> Marks | None:
        """The read marks and bookmarks over the current library (format-1 marks moved to content keys)."""
        library = self.library
        if library is None:
            return None
        if self._marks is None or self._marks.library is not library:
            self._marks = Marks(library, self.store)
            if self._marks.migrate():
                self._save_soon()
        return self._marks

    def on_entity_selected(self, message: Any) -> None:
        if self.filter_on:
            if message.group_id is None:
                self.filter_on = False
            self.call_after_refresh(self._fill_articles)

    # -- hooks the app calls -----------------------------------------------------------------

    def _workbench_loaded(self, library: Library) -> None:
        """Apply the saved corrections to a freshly loaded library."""
        self._journal = fix.Journal()
        if self.corrections:
            self._journal = fix.apply(library, self.corrections)
            skipped = len(self._journal.skipped)
            if skipped:
                notes = "; ".join(
                    f"{inert_line(c.describe())}: {why}" for c, why in self._journal.skipped[:3]
                )
                self.notify(
                    f"{skipped} saved correction{'s' * (skipped != 1)} did not apply here ({notes})",
                    title="Corrections",
                    severity="warning",
                    markup=False,
                )

    def _article_list(self) -> Any:
        from warreader.ui.widgets.article_list import ArticleList

        return self.screen_stack[0].query_one(ArticleList)

    def _fill_articles(self) -> None:
        """(Re)fill the article list with the current filter and sort order, keeping its marks."""
        library = self.library
        if library is None:
            return
        group = self.entity if self.filter_on and self.entity in library.groups else None
        meta = None
        if group is not None or self.bookmarks_only or self.sort_by != "corpus":
            meta = article_rows(library)
        bookmarks = None
        marks = self._reading_marks()
        if self.bookmarks_only and meta is not None and marks is not None:
            bookmarks = {m[5] for m in meta if marks.has("bookmarks", m[0], m[5])}
        self._rows = article_order(library, group=group, bookmarks=bookmarks, sort=self.sort_by, rows=meta)
        self._row_by_index = {index: row for row, index in enumerate(self._rows or [])}
        listing = self._article_list()
        listing.marker = self._marker
        if self._rows is None or meta is None:
            listing.fill(library.articles)
        else:
            listing.fill(ArticleView(library.articles, self._rows, {m[0]: m for m in meta}))
        shown, total = listing.row_count, len(library.articles)
        notes = []
        if group is not None:
            notes.append("mentioning " + inert_line(library.groups[group].name))
        if bookmarks is not None:
            notes.append("bookmarked")
        if self.sort_by != "corpus":
            notes.append(SORT_NAMES[self.sort_by])
        if notes:
            listing.border_title = Text(f"Articles ({shown:,} of {total:,}) · " + " · ".join(notes))
        if self.current is not None:
            self._mark_open(self.current)
        self._redraw_marks()

    def _article_at_row(self, row: int) -> int:
        return row if self._rows is None else self._rows[row]

    def _row_of(self, index: int) -> int | None:
        if self._rows is None:
            return index
        return self._row_by_index.get(index)

    def _mark_open(self, index: int) -> None:
        """Show which article is open (its row, when the list shows it)."""
        row = self._row_of(index)
        self._article_list().mark_open(-1 if row is None else row)

    # -- read marks and bookmarks in the list -----------------------------------------------

    def _marker(self, row: int, path: str) -> Text | None:
        """The list's marker cell for the article on ``row``: bookmarked, read, or nothing."""
        marks = self._reading_marks()
        if marks is None:
            return None
        index = self._article_at_row(row)
        bookmarked, read = marks.has("bookmarks", index, path), marks.has("read", index, path)
        mark = None
        if bookmarked:
            mark = Text(BOOKMARK_MARK, style="bold", end="")
        elif read:
            mark = Text(READ_MARK, style="dim", end="")
        if marks.moved:  # found at another path than it was saved with: save the new path
            marks.moved = False
            self._save_soon()
        return mark

    def _redraw_marks(self) -> None:
        """Redraw the list's marks (they are looked up as rows are drawn)."""
        self._article_list().refresh()

    def _save_soon(self) -> None:
        if self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_DELAY, self._save_now)

    def _save_now(self) -> None:
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
            self._adopt_saved_state()

    def _adopt_saved_state(self) -> None:
        self._redraw_marks()
        saved, _ = fix.from_state(self.store.state.corrections)
        library = self.library
        if saved == self.corrections or library is None:
            return
        fix.revert(library, self._journal)
        self.corrections = saved
        self._journal = fix.apply(library, self.corrections)
        self._after_corrections()

    # -- the entity the workbench acts on ---------------------------------------------------

    def _target_group(self) -> str | None:
        """The entity under the cursor in the Entities panel when it has focus, else the followed one."""
        from warreader.ui.widgets.entity_panel import EntityPanel

        library = self.library
        if library is None:
            return None
        panel = self.screen_stack[0].query_one(EntityPanel)
        highlighted = panel.highlighted_group if panel.highlighted_group in library.groups else None
        if self.focused is panel and highlighted:
            return highlighted
        if self.entity in library.groups:
            return self.entity
        return highlighted

    def _need_group(self, what: str) -> str | None:
        """The followed entity, which ``e``, ``f`` and ``c`` act on; with none followed, say so (the
        panel's cursor is not taken for it: moving the cursor does not choose an entity)."""
        if self.library is None:
            self.notify("Still loading the corpus…")
            return None
        if self.entity in self.library.groups:
            return self.entity
        self.notify(
            f"Select an entity first (Enter in the panel; 3 goes there), then {what}.", title="No entity"
        )
        return None

    def _open(self, screen: Screen[Any]) -> None:
        """Show a workbench screen, closing any other one first."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    # -- following ----------------------------------------------------------------------------

    def action_follow_filter(self) -> None:
        """f: list only the articles mentioning the followed entity (toggle)."""
        if self.filter_on:
            self.filter_on = False
            self._fill_articles()
            self.notify("All articles listed.", title="Filter")
            return
        group = self._need_group("press f to list the articles that mention it")
        if group is None or self.library is None:
            return
        self.filter_on = True
        self._fill_articles()
        name = inert_line(self.library.groups[group].name)
        from warreader import analysis

        count = len(analysis.articles_mentioning(self.library, group))
        self.notify(f"{count:,} articles mention {name}. f again lists all.", title="Filter", markup=False)

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

    def open_who_said(self, group_id: str | None = None) -> None:
        from warreader.ui.screens.statements import WhoSaidScreen

        self._open(WhoSaidScreen(group_id))

    def action_map(self) -> None:
        if self.library is None:
            return
        group = self._target_group()
        from warreader.ui.screens.map import MapScreen

        self._open(MapScreen(group if group and self.library.groups[group].kind == "place" else None))

    def show_mention(self, group_id: str, ref: MentionRef) -> None:
        """Follow ``group_id`` and jump to mention ``ref`` (from the entity view or who said what)."""
        library = self.library
        if library is None or group_id not in library.groups:
            return
        if self.entity != group_id:
            self.select_entity(group_id, jump=False)  # type: ignore[attr-defined]
        self.jump_to(ref)  # type: ignore[attr-defined]

    # -- reading comfort ----------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        marks = self._reading_marks()
        if marks is None or self.current is None:
            return
        now = marks.toggle("read", self.current)
        self._save_soon()
        self._redraw_marks()
        self.notify("Marked read." if now else "Marked unread.", title="Article")

    def action_bookmark(self) -> None:
        marks = self._reading_marks()
        if marks is None or self.current is None:
            return
        now = marks.toggle("bookmarks", self.current)
        self._save_now()
        if self.bookmarks_only:
            self._fill_articles()
        else:
            self._redraw_marks()
        self.notify("Bookmarked (' lists bookmarks)." if now else "Bookmark removed.", title="Article")

    def action_bookmarks_only(self) -> None:
        self.bookmarks_only = not self.bookmarks_only
        self._remember("bookmarks_only", self.bookmarks_only)
        marks = self._reading_marks()
        if self.bookmarks_only and not (marks is not None and marks.any("bookmarks")):
            self.notify("No bookmarks yet: B bookmarks the open article.", title="Bookmarks")
        self._fill_articles()

    def action_sort(self) -> None:
        self.sort_by = SORTS[(SORTS.index(self.sort_by) + 1) % len(SORTS)]
        self._remember("sort", self.sort_by)
        self._fill_articles()
        self.notify(f"Articles sorted: {SORT_NAMES[self.sort_by]}.", title="Sort")

    def copy_sentence(self, text: str) -> None:
        from warreader import analysis

        line = analysis.one_line(text)
        self.copy_to_clipboard(line)
        shown = line if len(line) <= 80 else line[:79] + "…"
        self.notify(inert_line(shown), title="Copied", markup=False)

    def action_copy(self) -> None:
        from warreader import analysis

        library, mark = self.library, getattr(self, "mark", None)
        if library is None or self.current is None or mark is None:
            self.notify("Nothing to copy: go to a mention (n) or a search match first.", title="Copy")
            return
        body = library.articles[self.current].body
        start, end = analysis.sentence_span(body, mark[0], mark[1])
        self.copy_sentence(body[start:end])

    def action_settings_paths(self) -> None:
        where = self.store.path or "(not saved: this session keeps its state in memory)"
        self.notify(f"Settings: {config_path()}\nState: {where}", title="Where things are", markup=False)

    def action_next_theme(self) -> None:
        themes = sorted(name for name in self.available_themes if name != "textual-ansi")
        position = themes.index(self.theme) if self.theme in themes else -1
        self.theme = themes[(position + 1) % len(themes)]
        self.notify(f"Theme: {self.theme}", title="Theme", markup=False)

    # -- corrections ---------------------------------------------------------------------------

    def action_corrections(self) -> None:
        group = self._need_group("press c to correct it")
        if group is not None:
            self.open_corrections(group)

    def open_corrections(self, group_id: str | None) -> None:
        library = self.library
        if library is None:
            return
        items: list[tuple[str, Text, str]] = []

        def item(key: str, label: str, detail: str = "") -> None:
            text = Text(label, end="")
            if detail:
                text.append("\n  " + detail, style="dim")
            items.append((key, text, label))

        group = library.groups.get(group_id or "")
        if group is not None:
            name = inert_line(group.name)
            other = "place" if group.kind == "place" else "speaker"
            item("rename", f"Rename “{name}”…", "the name shown everywhere")
            item("merge", f"Merge another {other} into “{name}”…", "two groups are one " + other)
            if len(group.variants) > 1:
                item("split", f"Split a spelling out of “{name}”…", "a spelling is someone or somewhere else")
            item("reject", f"A spelling of “{name}” is not a {other}…", "remove those highlights everywhere")
            if self.current is not None and any(
                m.group == group.id for m in library.articles[self.current].mentions
            ):
                item(
                    "reject_here", f"… not a {other} in this article only…", "remove them in the open article"
                )
        if self.corrections:
            item("undo", "Undo a correction…", f"{len(self.corrections)} saved")
        item("export_aliases", "Export corrections as a TOML aliases file…")
        item("import_aliases", "Import corrections from a TOML aliases file…")
        title = (
            f"Correct “{inert_line(group.name)}”" if group else "Corrections (follow an entity to correct it)"
        )
        help = "Corrections are saved and applied everywhere at once; undo takes them back."
        self.push_screen(PickScreen(title, items, help), lambda key: self._correction_step(key, group_id))

    def _correction_step(self, key: str | None, group_id: str | None) -> None:
        library = self.library
        if key is None or library is None:
            return
        group = library.groups.get(group_id or "")
        if key == "undo":
            self._pick_undo()
        elif key == "export_aliases":
            self.push_screen(
                PromptScreen("Export corrections to", str(Path.cwd() / "warreader-aliases.toml")),
                self._export_aliases,
            )
        elif key == "import_aliases":
            self.push_screen(
                PromptScreen(
                    "Import corrections from", "", "A TOML aliases file (warreader export --aliases)."
                ),
                self._import_aliases,
            )
        elif group is None:
            return
        elif key == "rename":

            def renamed(name: str | None) -> None:
                if name:
                    self.add_correction(fix.Correction("rename", group=group.id, name=name, label=group.name))

            self.push_screen(
                PromptScreen(f"Rename “{inert_line(group.name)}”", inert_line(group.name)), renamed
            )
        elif key == "merge":
            others = sorted(
                (g for g in library.groups.values() if g.kind == group.kind and g.id != group.id),
                key=lambda g: g.name.casefold(),
            )
            items = [
                (
                    g.id,
                    Text(inert_line(g.name), style="bold", end="").append(
                        "  " + " · ".join(inert_line(v) for v in g.variants[:6]), style="dim"
                    ),
                    " ".join([g.name, *g.variants]),
                )
                for g in others
            ]

            def merged(other: str | None) -> None:
                if other and other in library.groups:
                    source = library.groups[other]
                    self.add_correction(
                        fix.Correction(
                            "merge", group=other, into=group.id, label=source.name, into_label=group.name
                        )
                    )

            self.push_screen(PickScreen(f"Which is also “{inert_line(group.name)}”?", items), merged)
        elif key in {"split", "reject", "reject_here"}:
            spellings = list(dict.fromkeys(group.variants))
            article = ""
            if key == "reject_here" and self.current is not None:
                current = library.articles[self.current]
                article = current.path
                spellings = list(dict.fromkeys(m.text for m in current.mentions if m.group == group.id))
            items = [(str(i), Text(inert_line(s), end=""), s) for i, s in enumerate(spellings)]
            action = (
                "split" if key == "split" else ("not-a-place" if group.kind == "place" else "not-a-speaker")
            )

            def chosen(number: str | None) -> None:
                if number is None:
                    return
                spelling = spellings[int(number)]
                if action == "split":
                    self.add_correction(
                        fix.Correction("split", group=group.id, spelling=spelling, label=group.name)
                    )
                else:
                    self.add_correction(fix.Correction(action, spelling=spelling, article=article))

            title = (
                "Split which spelling out?" if key == "split" else f"Which spelling is not a {group.kind}?"
            )
            self.push_screen(PickScreen(title, items), chosen)

    def add_correction(self, correction: fix.Correction) -> bool:
        """Apply and save one correction; False (with a notification) when it does not apply."""
        library = self.library
        if library is None:
            return False
        journal = fix.apply(library, [correction])
        if journal.skipped:
            self.notify(
                inert_line(journal.skipped[0][1]), title="Not applied", severity="warning", markup=False
            )
            return False
        self.corrections.append(correction)
        self._journal.merge(journal)
        self._save_corrections()
        if correction.action == "merge" and self.entity == correction.group:
            self.entity = correction.into
        self._after_corrections()
        self.notify(inert_line(correction.describe()), title="Corrected", markup=False)
        return True

    def remove_correction(self, number: int) -> None:
        library = self.library
        if library is None or not 0 <= number < len(self.corrections):
            return
        gone = self.corrections.pop(number)
        fix.revert(library, self._journal)
        self._journal = fix.apply(library, self.corrections)
        self._save_corrections()
        self._after_corrections()
        self.notify("Undone: " + inert_line(gone.describe()), title="Corrections", markup=False)

    def action_undo_correction(self) -> None:
        """The palette's "Undo a correction…": pick a saved correction to take back."""
        if self.library is None or not self.corrections:
            self.notify("No saved corrections to undo.", title="Corrections")
            return
        self._pick_undo()

    def action_export_corrections(self) -> None:
        """The palette's "Export corrections…": ask where to write the aliases file."""
        self._correction_step("export_aliases", None)

    def action_import_corrections(self) -> None:
        """The palette's "Import corrections…": ask for the aliases file to read."""
        self._correction_step("import_aliases", None)

    def _pick_undo(self) -> None:
        items = [
            (str(i), Text(inert_line(c.describe()), end=""), c.describe())
            for i, c in enumerate(self.corrections)
        ]
        self.push_screen(
            PickScreen("Undo which correction?", items[::-1]),
            lambda key: self.remove_correction(int(key)) if key is not None else None,
        )

    def _save_corrections(self) -> None:
        self.store.state.corrections = fix.to_state(self.corrections, self.store.state.corrections)
        self._save_now()

    def _after_corrections(self) -> None:
        """Show the corrected library everywhere: panel, reader, list and any open workbench screen."""
        library = self.library
        if library is None:
            return
        if self.entity is not None and self.entity not in library.groups:
            self.entity = None
        self._panel_key = None
        self._mention_number = None
        self._refresh_view()  # type: ignore[attr-defined]
        if self.filter_on:
            self._fill_articles()
        for screen in self.screen_stack[1:]:
            reload: Callable[[], None] | None = getattr(screen, "reload", None)
            if reload is not None:
                reload()

    def _export_aliases(self, path: str | None) -> None:
        if not path:
            return
        from warreader.export import write_text

        try:
            written = write_text(path, fix.to_toml(self.corrections))
        except OSError as error:
            self.notify(str(error), title="Export failed", severity="error", markup=False)
            return
        self.notify(
            f"{len(self.corrections)} corrections written to {written}", title="Exported", markup=False
        )

    def _import_aliases(self, path: str | None) -> None:
        library = self.library
        if not path or library is None:
            return
        try:
            incoming = fix.read_toml(Path(path).expanduser())
        except (OSError, ValueError) as error:
            self.notify(str(error), title="Import failed", severity="error", markup=False)
            return
        new = [c for c in incoming if c not in self.corrections]
        journal = fix.apply(library, new)
        self.corrections += new
        self._journal.merge(journal)
        self._save_corrections()
        self._after_corrections()
        skipped = len(journal.skipped)
        self.notify(
            f"{len(new)} corrections imported"
            + (f", {skipped} did not apply to this corpus" if skipped else ""),
            title="Imported",
            markup=False,
        )

    # -- export ---------------------------------------------------------------------------------

    def action_export(self) -> None:
        if self.library is None:
            return
        from warreader.export import render_groups

        library = self.library
        self._export("warreader-entities", lambda fmt: render_groups(library, fmt), "Export all entities as")

    def export_entity(self, group_id: str) -> None:
        library = self.library
        if library is None or group_id not in library.groups:
            return
        from warreader.export import render_entity, slug

        name = library.groups[group_id].name
        self._export(
            "warreader-" + slug(name),
            lambda fmt: render_entity(library, group_id, fmt),
            f"Export “{name}” as",
        )

    def _export(self, stem: str, render: Callable[[str], str], title: str) -> None:
        from warreader.export import iter_formats, write_text

        formats = [(fmt, Text(label, end=""), label) for fmt, label in iter_formats()]

        def format_chosen(fmt: str | None) -> None:
            if fmt is None:
                return

            def path_chosen(path: str | None) -> None:
                if not path:
                    return
                try:
                    written = write_text(path, render(fmt))
                except OSError as error:
                    self.notify(str(error), title="Export failed", severity="error", markup=False)
                    return
                self.notify(f"Wrote {written}", title="Exported", markup=False)

            default = Path.cwd() / f"{stem}-{dt.date.today().isoformat()}.{fmt}"
            self.push_screen(PromptScreen("Write the export to", str(default)), path_chosen)

        self.push_screen(PickScreen(inert_line(title), formats), format_chosen)
