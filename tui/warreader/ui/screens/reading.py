"""The reader: the article list, the reading pane and the entity panel, and what moves between them.

The screen owns what the reader shows (the open article, the followed entity, the search, the
list's filter and order); the library, the reading marks and the settings come from the app
through the typed :class:`warreader.ui.desk.Desk`. It posts :mod:`warreader.ui.messages` as the
user reads, so tests and other panels can follow without poking at widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input

from warreader.model import MentionRef
from warreader.ui import keymap
from warreader.ui.desk import Desk, desk_of
from warreader.ui.highlight import Span, inert_line
from warreader.ui.list_filters import ListFilter
from warreader.ui.list_keys import ListKeys
from warreader.ui.listing import Listing
from warreader.ui.messages import ArticleOpened, EntitySelected, MentionJumped, SearchMatched
from warreader.ui.search import Match, TextSearch
from warreader.ui.team import Sheltered
from warreader.ui.watching import Watching
from warreader.ui.widgets.article_list import ArticleList
from warreader.ui.widgets.entity_panel import EntityPanel
from warreader.ui.widgets.key_bar import KeyBar
from warreader.ui.widgets.reader import Reader
from warreader.ui.widgets.search_box import SearchBox
from warreader.ui.widgets.status import IDLE_STATUS, StatusLine, entity_status, search_status
from warreader.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from textual.widget import Widget

    from warreader.library import Library

SEARCH_PLACEHOLDER = "Search every article — Enter: search, then n / N: next / previous match · Escape: close"


class ReaderScreen(Sheltered, Screen[None]):
    """Pick an article, see its places and speakers, follow an entity with n / N across the corpus."""

    BINDINGS = keymap.READING

    def __init__(self) -> None:
        super().__init__(id="reading")
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
        self._focus_before_search: Widget | None = None
        """What had the focus when ``/`` opened the search box: it gets it back on Enter or Escape."""
        self.filter_on = False
        """The list shows only the articles mentioning the followed entity (f)."""
        self.bookmarks_only = False
        self.sort_by = "corpus"
        self.list_filter = ListFilter()  # source, language, dates, unread only (v, U)
        self.list_keys = ListKeys(self)
        self.kill: list[dict[str, str]] = []  # the killfile's rules (config.toml [[kill]])
        self.watching = Watching(self)
        self.only: tuple[set[int], str] | None = None  # just these, and why (i: a watch; +: a story)
        self._listing: Listing | None = None

    @property
    def desk(self) -> Desk:
        return desk_of(self)

    @property
    def library(self) -> Library | None:
        return self.desk.library

    @property
    def listing(self) -> Listing:
        """Which article each row of the list shows."""
        if self._listing is None:
            self._listing = Listing(self.query_one(ArticleList), self.desk)
        return self._listing

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield ArticleList(id="articles")
        with Horizontal(id="main"):
            yield Reader(id="reader")
            yield EntityPanel(id="entities")
        yield StatusLine(id="status")  # the progress bar and search box are mounted when needed
        yield from (KeyBar(), self.list_keys.box)  # the box: hidden until v

    def on_mount(self) -> None:
        self.desk.reader_mounted()  # before the first layout, so the first frame shows the corpus

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Under a dialog, help or the v menu's box the reader's keys are shown disabled."""
        return True if self.is_active and self.list_keys.panel is None else None

    def on_screen_suspend(self) -> None:
        self.call_after_refresh(self.refresh_bindings)

    on_screen_resume = on_screen_suspend

    # -- what the app shows here ----------------------------------------------------------

    def show_loading(self, paths: list[str]) -> None:
        loading = Text("Reading articles and finding places and speakers in: ", style="dim")
        loading.append(", ".join(inert_line(p) for p in paths))
        self.query_one("#status", StatusLine).update(loading)
        for widget in (self.query_one(ArticleList), self.query_one(Reader)):
            widget.loading = True

    def show_status(self, status: Text) -> None:
        self.query_one("#status", StatusLine).update(status)

    def show_error(self, error: Text) -> None:
        self.stop_loading()
        self.query_one(Reader).show_message(error, "Error")

    def show_library(self, *, path: str | None = None) -> None:
        """Show the app's (new) library: the article at ``path`` if it is still there, else the first;
        the followed entity stays when the library still has it."""
        library = self.library
        if library is None:
            return
        self.stop_loading()
        self.query_one(EntityPanel).forget()
        if self.entity not in library.groups:
            self.entity = None
        self._match_index, self._mention_number = None, None
        self._search = None
        if self.follow == "search":
            self.query_text, self.follow = "", "entity"
        self.fill_articles()
        if not library.articles:
            return
        index = library.position(path) if path is not None else None
        self.current = None
        self.open_article(index if index is not None else 0, read=False)

    def show_partial(self) -> None:
        """The articles stored so far, while the first build goes on."""
        first = self.current is None
        self.stop_loading()
        self.fill_articles()
        library = self.library
        if first and library is not None and library.articles:
            self.open_article(0, read=False)
            self.query_one(ArticleList).focus()

    def corrected(self) -> None:
        """The corrections changed the library: show it again, keeping the article and the entity."""
        library = self.library
        if library is None:
            return
        if self.entity is not None and self.entity not in library.groups:
            self.entity = None
        self.query_one(EntityPanel).forget()
        self._mention_number = None
        self.refresh_view()
        if self.filter_on:
            self.fill_articles()

    def _mark_read(self, index: int) -> None:
        """The user opened or scrolled article ``index``: it is read."""
        marks = self.desk.reading_marks()
        if marks is None or not 0 <= index < len(marks.library.articles):
            return
        if marks.key_of(index) not in marks.store.state.read:
            marks.toggle("read", index, on=True)
            self.list_keys.read_now(index)
            self.desk.save_soon()

    def counts_changed(self, *, refill: bool = True) -> None:
        """Read marks changed: the unread counts (list title, title bar) and the marks follow."""
        library = self.library
        if library is None:
            return
        if refill and self.list_filter.unread_only:
            self.fill_articles()
        else:
            self.listing.retitle(library)
            self.redraw_marks()
        self.listing.show_unread(library)

    def action_list_filter(self) -> None:  # v: one source, one language, a date range
        self.list_keys.open_menu()

    def action_unread_only(self) -> None:
        self.list_keys.toggle_unread()

    def action_mark_all_read(self) -> None:  # A (z takes it back)
        self.list_keys.mark_all_read()

    def action_undo_mark_all(self) -> None:
        self.list_keys.undo_mark_all()

    def action_watched(self) -> None:  # i: watched entities and saved searches
        self.watching.open_view()

    def action_one_story(self) -> None:  # D: a story republished by many outlets listed once
        self.list_keys.toggle_one_story()

    def action_expand_story(self) -> None:  # +: every outlet's article of the open story
        self.list_keys.expand_story()

    def show_only(self, indexes: set[int], why: str) -> None:
        """List just ``indexes`` (f lists every article again)."""
        self.only, self.filter_on = (indexes, why), False
        self.fill_articles()

    def action_open_link(self) -> None:
        """o: open the article's web link (a feed entry's, a page's) in the browser."""
        library = self.library
        if library is not None and self.current is not None:
            article = library.articles[self.current]
            self.desk.open_link(article.url or article.path)

    def followed(self, what: str) -> str | None:
        """The followed entity, which ``e``, ``f`` and ``c`` act on; with none followed, say so (the
        panel's cursor is not taken for it: moving the cursor does not choose an entity)."""
        library = self.library
        if library is None:
            self.notify("Still loading the corpus…")
            return None
        if self.entity in library.groups:
            return self.entity
        self.notify(
            f"Select an entity first (Enter in the panel; 3 goes there), then {what}.", title="No entity"
        )
        return None

    @on(SearchBox.Closed)
    def _search_closed(self) -> None:
        self.action_close_search()

    @property
    def matches(self) -> list[Match]:
        """Every match of the search, once counted (the search steps through them before that)."""
        search = self._search
        return search.matches() if search is not None and search.complete else []

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
        self.listing.mark_open(index)
        if read:
            self._mark_read(index)
        self.refresh_view()
        if changed:
            self.post_message(ArticleOpened(index))

    def refresh_view(self) -> None:
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
        library = self.library
        if library is not None and self.current is not None:
            self.query_one(EntityPanel).show_for(library, self.current, self.entity)

    def _refs_in(self, index: int) -> list[MentionRef]:
        """Mentions of article ``index`` that n / N stop at (nested ones excluded)."""
        assert self.library is not None
        return self.library.refs_in(index)

    def _update_status(self) -> None:
        library = self.library
        if library is not None and not library.articles:
            status = Text("No articles loaded.  q quits.", end="")
        elif self.follow == "search" and self.query_text:
            status = search_status(self.query_text, self._search, self._match_index, self.mark is not None)
        elif library is not None and self.entity in library.groups:
            group = library.groups[self.entity]
            status = entity_status(group, self._mention_number or library.mention_count(group.id))
        else:
            status = Text(IDLE_STATUS, style="dim", end="")
        self.query_one("#status", StatusLine).update(status)

    def restyle(self) -> None:
        """Re-render with the new theme's highlight colours."""
        self.query_one(EntityPanel).forget()
        self.refresh_view()

    @on(ArticleList.Chosen, "#articles")
    def _row_selected(self, event: ArticleList.Chosen) -> None:
        self.open_article(self.listing.article_at_row(event.row))

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
        self.refresh_view()

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
        self.refresh_view()

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
        if back is None or not back.is_attached or back is box or back.screen is not self:
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
            self.refresh_view()
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
        self.refresh_view()

    def action_focus_pane(self, widget_id: str) -> None:
        self.query_one(f"#{widget_id}").focus()

    def stop_loading(self) -> None:
        for widget in (self.query_one(ArticleList), self.query_one(Reader)):
            widget.loading = False

    def show_empty(self, paths: list[str]) -> None:
        message = Text("No articles found.\n\n", style="bold")
        message.append("Looked in: " + ", ".join(inert_line(p) for p in paths) + "\n\n")
        message.append("Start warreader with article files or folders (.txt, .md):  warreader PATH...")
        self.query_one(Reader).show_message(message, "No articles")
        self.query_one(EntityPanel).fill([], None, {})
        self._update_status()

    def fill_articles(self) -> None:
        """(Re)fill the article list with the current filter and sort order, keeping its marks."""
        library = self.library
        if library is None:
            return
        group = self.entity if self.filter_on and self.entity in library.groups else None
        self.listing.kill, self.listing.watched = self.kill, self.watching.new()
        self.listing.only, self.listing.stories = self.only, self.list_keys.folding()
        self.listing.fill(
            library,
            group=group,
            bookmarks_only=self.bookmarks_only,
            sort=self.sort_by,
            chosen=self.list_filter,
        )
        self.listing.show_unread(library)
        if self.current is not None:
            self.listing.mark_open(self.current)
        self.redraw_marks()

    def redraw_marks(self) -> None:
        """Redraw the list's marks (they are looked up as rows are drawn)."""
        self.query_one(ArticleList).refresh()

    def action_follow_filter(self) -> None:
        """f: list only the articles mentioning the followed entity (toggle)."""
        if self.filter_on or self.only is not None:
            self.only = None
            self.filter_on = False
            self.fill_articles()
            self.notify("All articles listed.", title="Filter")
            return
        group = self.followed("press f to list the articles that mention it")
        if group is None or self.library is None:
            return
        self.filter_on = True
        self.fill_articles()
        name = inert_line(self.library.groups[group].name)
        count = len(self.listing.mentioning(self.library, group))
        self.notify(f"{count:,} articles mention {name}. f again lists all.", title="Filter", markup=False)

    def action_toggle_read(self) -> None:
        self.list_keys.toggle_read()

    def action_bookmark(self) -> None:
        self.list_keys.bookmark()

    def action_bookmarks_only(self) -> None:
        self.list_keys.bookmarks_only()

    def action_sort(self) -> None:
        self.list_keys.next_sort()

    def action_copy(self) -> None:
        from warreader import analysis

        library, mark = self.library, self.mark
        if library is None or self.current is None or mark is None:
            self.notify("Nothing to copy: go to a mention (n) or a search match first.", title="Copy")
            return
        body = library.articles[self.current].body
        start, end = analysis.sentence_span(body, mark[0], mark[1])
        self.desk.copy_sentence(body[start:end])

    def on_entity_selected(self, message: Any) -> None:
        if self.filter_on:
            if message.group_id is None:
                self.filter_on = False
            self.call_after_refresh(self.fill_articles)
        elif self.library is not None:  # f then lists its articles at once: found in a thread now
            self.listing.prefetch(self.library, message.group_id)
