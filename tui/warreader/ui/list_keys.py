"""The reader's keys for the article list and its marks: u read / unread, B bookmark, ' bookmarked
only, s sort, v list only a source / language / date range, U unread only, A everything listed
read and z takes that back."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text

from warreader.ui.article_order import SORT_NAMES, SORTS
from warreader.ui.highlight import inert_line
from warreader.ui.list_filters import ListFilter, parse_day
from warreader.ui.screens.dialogs import PickPanel, PromptScreen
from warreader.wording import counted

if TYPE_CHECKING:
    from textual.timer import Timer
    from textual.widget import Widget

    from warreader.library import Library
    from warreader.stories import Stories
    from warreader.ui.screens.reading import ReaderScreen


Done = Callable[[str | None], None]
"""What a picker calls with the chosen id (None: cancelled)."""
COUNTS_DELAY = 0.3
"""Seconds after an article is read before the unread counts are written into the titles."""
PREPARE_DELAY: float | None = 0.4
"""Seconds after v opens the menu before the pickers' boxes are mounted (hidden)."""


class ListKeys:
    """What v, U, A and z do to ``screen``'s article list."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.undo: list[int] = []
        """The articles the last A marked read (z marks them unread again)."""
        self.stories: Stories | None = None
        """Each story once (D): the stories of the library on screen, None: every article."""
        self._finding = False
        self.expanded = False
        """The list shows one story's articles (+), unfolded, until f lists every article again."""
        self._counts_timer: Timer | None = None
        self.panel: PickPanel | None = None
        """The v menu or its picker while one is open (a box over the reader, not a screen)."""
        self._focus_before: Widget | None = None
        self._boxes: dict[str, PickPanel] = {}
        """A box per picker ("menu", "source", "language"), each kept with the size it was last
        shown at: a box shown again at the same size is laid out once, where one box changing
        between the menu and a picker took a second layout pass and two frames more (v 66 ms)."""

    def read_now(self, index: int) -> None:
        """Reading marked article ``index`` read: its ✓ at once; the unread counts of the list's and
        the app's titles a moment later, once (changing them in the key's own frame repainted the
        whole screen: an n that opens an article took 91 ms instead of 57)."""
        self.screen.listing.note_read([index], True)
        self.screen.redraw_marks()
        if self._counts_timer is None:
            self._counts_timer = self.screen.set_timer(COUNTS_DELAY, self._counts_now)

    def _counts_now(self) -> None:
        self._counts_timer = None
        self.screen.counts_changed(refill=False)  # an article read stays listed until a refill

    def _toggle(self, which: str) -> bool | None:
        """Mark or unmark the open article (``which``: "read" or "bookmarks"); None: no article."""
        marks = self.screen.desk.reading_marks()
        if marks is None or self.screen.current is None:
            return None
        return marks.toggle(which, self.screen.current)

    def toggle_read(self) -> None:
        screen = self.screen
        now = self._toggle("read")
        if now is not None and screen.current is not None:
            screen.desk.save_soon()
            screen.listing.note_read([screen.current], now)
            screen.counts_changed(refill=False)
            screen.notify("Marked read." if now else "Marked unread.", title="Article")

    def bookmark(self) -> None:
        screen = self.screen
        now = self._toggle("bookmarks")
        if now is None:
            return
        screen.desk.save_now()
        if screen.bookmarks_only:
            screen.fill_articles()
        else:
            screen.redraw_marks()
        screen.notify("Bookmarked (' lists bookmarks)." if now else "Bookmark removed.", title="Article")

    def bookmarks_only(self) -> None:
        screen = self.screen
        screen.bookmarks_only = not screen.bookmarks_only
        screen.desk.remember("bookmarks_only", screen.bookmarks_only)
        marks = screen.desk.reading_marks()
        if screen.bookmarks_only and not (marks is not None and marks.any("bookmarks")):
            screen.notify("No bookmarks yet: B bookmarks the open article.", title="Bookmarks")
        screen.fill_articles()

    def next_sort(self) -> None:
        screen = self.screen
        screen.sort_by = SORTS[(SORTS.index(screen.sort_by) + 1) % len(SORTS)]
        screen.desk.remember("sort", screen.sort_by)
        screen.fill_articles()
        screen.notify(f"Articles sorted: {SORT_NAMES[screen.sort_by]}.", title="Sort")

    def toggle_one_story(self) -> None:
        """D: each story republished by several outlets listed once ("also in N sources"), or
        every article again. The stories are found in a thread the first time (seconds at 10k)."""
        screen, library = self.screen, self.screen.library
        if library is None:
            return
        if self.stories is not None:
            self.stories = None
            self._show_stories(None)
            screen.fill_articles()
            screen.notify("Every article listed, republications too.", title="Stories")
            return
        if self._finding:
            return
        self._finding = True
        screen.show_status(Text("Finding the stories republished by several outlets…", style="dim"))

        def find() -> None:
            from warreader.stories import stories

            found = stories(library)
            with suppress(RuntimeError):  # the app has closed
                screen.app.call_from_thread(self._found, library, found)

        screen.run_worker(find, name="stories", thread=True, exit_on_error=False)

    def _found(self, library: Library, found: Stories) -> None:
        screen = self.screen
        self._finding = False
        if screen.library is not library:
            return  # another library came meanwhile: D again finds its stories
        self.stories = found
        self._show_stories(found)
        screen.fill_articles()
        repeated = sum(len(members) - 1 for members in found.clusters)
        screen.notify(
            f"Each story once: {counted(repeated, 'republication', thousands=True)} folded into "
            f"{counted(len(found.clusters), 'story', 'stories', thousands=True)} (D again: all).",
            title="Stories",
        )

    def folding(self) -> Stories | None:
        """The stories the list folds (None: none, or one story is shown unfolded)."""
        if self.screen.only is None:
            self.expanded = False  # f listed every article again
        return None if self.expanded else self.stories

    def expand_story(self) -> None:
        """+: list every outlet's article of the open article's story (f: every article again)."""
        screen, library, found = self.screen, self.screen.library, self.stories
        if library is None or screen.current is None:
            return
        if found is None:
            screen.notify(
                "D lists each story once first; + then unfolds the open article's story.", title="Stories"
            )
            return
        members = found.members(screen.current)
        if len(members) < 2:
            screen.notify("No other outlet published this story.", title="Stories")
            return
        self.expanded = True
        title = library.articles[found.representative(screen.current)].title
        screen.show_only(
            set(members), f"the story “{title}” in {counted(found.source_count(screen.current), 'source')}"
        )

    def _show_stories(self, found: Stories | None) -> None:
        """Entity counts say in how many stories an entity's articles fall (``found``: None, they don't)."""
        from warreader.stories import story_counter  # numpy and datasketch load only for D
        from warreader.ui.widgets.entity_panel import EntityPanel

        screen = self.screen
        panel, library = screen.query_one(EntityPanel), screen.library
        panel.stories_of = None if found is None or library is None else story_counter(library, found)
        panel.forget()
        screen.refresh_view()

    def choose(self, chosen: ListFilter) -> None:
        """Show the list narrowed to ``chosen`` and keep it for the next session."""
        screen = self.screen
        before = screen.list_filter.settings()
        screen.list_filter = chosen
        for name, value in chosen.settings().items():
            if before[name] != value:
                screen.desk.remember(name, value)
        screen.fill_articles()

    def toggle_unread(self) -> None:
        chosen = self.screen.list_filter
        self.choose(replace(chosen, unread_only=not chosen.unread_only))
        self.screen.notify(
            "Only unread articles listed." if not chosen.unread_only else "Read articles listed too.",
            title="Unread",
        )

    def mark_all_read(self) -> None:
        screen, library = self.screen, self.screen.library
        marks = screen.desk.reading_marks()
        if library is None or marks is None:
            return
        rows = screen.listing.rows
        shown = list(range(len(library.articles))) if rows is None else list(rows)
        self.undo = marks.set_many("read", shown, True)
        screen.listing.note_read(self.undo, True)
        screen.desk.save_now()
        screen.counts_changed()
        screen.notify(
            f"{counted(len(self.undo), 'article', thousands=True)} marked read · z undoes it", title="Read"
        )

    def undo_mark_all(self) -> None:
        screen = self.screen
        marks = screen.desk.reading_marks()
        if not self.undo or marks is None:
            screen.notify("Nothing to undo: A marks every listed article read.", title="Read")
            return
        back = marks.set_many("read", self.undo, False)
        self.undo = []
        screen.listing.note_read(back, False)
        screen.desk.save_now()
        screen.counts_changed()
        screen.notify(f"{counted(len(back), 'article', thousands=True)} unread again", title="Read")

    # -- v: the menu ----------------------------------------------------------------------

    def open_menu(self) -> None:
        screen, library = self.screen, self.screen.library
        if library is None:
            return
        chosen = screen.list_filter

        def item(key: str, label: str, now: str) -> tuple[str, Text, str]:
            return key, Text(label, end="").append("  " + inert_line(now), style="dim"), label

        items = [
            item("source", "Source…", chosen.source or "all"),
            item("language", "Language…", chosen.language or "all"),
            item("dates", "Dates…", f"{chosen.since or '…'} – {chosen.until or '…'}"),
            item("unread", "Unread only", "on" if chosen.unread_only else "off"),
        ]
        if chosen.active:
            items.append(("clear", Text("Show every article (clear these filters)", end=""), "clear"))
        unread = screen.listing.unread(library)
        help = f"{counted(len(library.articles), 'article', thousands=True)}, {unread:,} unread."
        self._pick("List only…", items, help, done=self._menu_chosen)
        if PREPARE_DELAY is not None:
            screen.set_timer(PREPARE_DELAY, self._prepare)

    def box_for(self, name: str) -> PickPanel:
        """The (hidden) box of picker ``name``, made when first asked for."""
        if name not in self._boxes:
            self._boxes[name] = PickPanel()
        return self._boxes[name]

    @property
    def box(self) -> PickPanel:
        """The v menu's box (hidden while closed; the reader screen composes it, so the first v
        does not mount it)."""
        return self.box_for("menu")

    def _prepare(self) -> None:
        """Mount the source and language pickers' boxes (hidden) while the menu is read, so that
        choosing one does not mount it in the key's frame."""
        screen = self.screen
        if not screen.is_attached:
            return
        for name in ("source", "language"):
            box = self.box_for(name)
            if not box.is_attached:
                screen.mount(box)

    def _pick(
        self, title: str, items: list[tuple[str, Text, str]], help: str = "", *, done: Done, box: str = "menu"
    ) -> None:
        """Show a picker in its box over the reader; the focus comes back where it was when the
        last picker closes (each box is mounted once and hidden between uses)."""
        screen, panel = self.screen, self.box_for(box)
        if not panel.is_attached:
            screen.mount(panel)
        if self._focus_before is None:  # not a picker opened from the menu's box
            self._focus_before = screen.focused

        def closed(key: str | None) -> None:
            self.panel = None
            screen.refresh_bindings()
            done(key)
            if self.panel is None:  # no other picker opened: back to the list (or the reader)
                before, self._focus_before = self._focus_before, None
                if before is not None and before.is_attached and before.screen is screen:
                    before.focus()

        self.panel = panel
        panel.open(title, items, help, done=closed)  # once mounted, if it is not yet
        screen.refresh_bindings()

    def _menu_chosen(self, key: str | None) -> None:
        screen, library = self.screen, self.screen.library
        if key is None or library is None:
            return
        chosen = screen.list_filter
        if key == "clear":
            self.choose(ListFilter())
        elif key == "unread":
            self.toggle_unread()
        elif key in {"source", "language"}:
            column = 4 if key == "source" else 3
            counts = screen.listing.counts_by(library, column)
            items = [("", Text(f"Every {key}", end=""), f"every {key} all")]
            items += [
                (
                    value,
                    Text(inert_line(value) or "(none)", end="").append(
                        f"  {unread:,} unread of {count:,}", style="dim"
                    ),
                    value,
                )
                for value, count, unread in counts
            ]

            def picked(value: str | None) -> None:
                if value is not None and key == "source":
                    self.choose(replace(chosen, source=value))
                elif value is not None:
                    self.choose(replace(chosen, language=value))

            self._pick(f"Which {key}?", items, done=picked, box=key)
        elif key == "dates":
            self._ask_dates(chosen)

    def _ask_dates(self, chosen: ListFilter) -> None:
        screen = self.screen
        help = "A day (2024-03-05), a month (2024-03) or a year (2024); empty or Escape: no limit."

        def until_given(since: str, text: str | None) -> None:
            until = parse_day(text or "")
            if until is None:
                screen.notify(f"Not a date: {inert_line(text or '')}", title="Dates", severity="warning")
                return
            self.choose(replace(chosen, since=since, until=until))

        def since_given(text: str | None) -> None:
            since = parse_day(text or "")
            if since is None:
                screen.notify(f"Not a date: {inert_line(text or '')}", title="Dates", severity="warning")
                return
            screen.app.push_screen(
                PromptScreen("Articles dated until", chosen.until, help), lambda t: until_given(since, t)
            )

        screen.app.push_screen(PromptScreen("Articles dated from", chosen.since, help), since_given)
