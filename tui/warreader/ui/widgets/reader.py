"""The reading pane: an article header that stays put and its highlighted body, drawn line by line.

The body is wrapped once per article and width into line offsets; each visible line is
cut from the highlighted text and rendered when it is drawn (and kept until the text
changes). Moving the current mark within an article restyles the text but does not
re-wrap it or change the layout, so ``n`` inside a long article redraws only the pane.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from warreader.model import Article
from warreader.ui import keymap
from warreader.ui.highlight import (
    HighlightStyles,
    Span,
    component_styles,
    header_text,
    highlight_body,
    wrap_starts,
)
from warreader.ui.widgets.scrolling import LineView, set_virtual_size, text_strip

if TYPE_CHECKING:
    from collections.abc import Iterable

LEGEND = "places: underlined · speakers: bold · dates: italic · current: reversed"
HEAD_LINES = 3
"""Title; date · language · source · position; file path or URL."""


class Reader(LineView, can_focus=True):
    """Shows one article; places, speakers, search matches and the current span are styled by TCSS."""

    class Scrolled(Message):
        """The user scrolled the open article (a key or the mouse wheel): they are reading it."""

    BINDINGS = keymap.READER
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--place",
        "reader--speaker",
        "reader--date",
        "reader--current",
        "reader--match",
        "reader--rule",
    }
    DEFAULT_CSS = """
    Reader {
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-gutter: stable;
    }
    Reader > .reader--rule {
        color: $border-blurred;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.body_text: Text = Text()
        """The body as last rendered (tests inspect its spans)."""
        self._position = (0, 0)
        self._starts: list[int] = [0]
        """Offsets in the body where each wrapped line starts."""
        self._shown = 0
        """Counts the articles and messages shown: the line offsets belong to one of them."""
        self._wrapped: tuple[int, int] = (-1, -1)
        """(the ``_shown`` count, width) the line offsets were computed for."""
        self._strips: dict[int, Strip] = {}
        self._pending_offset: int | None = None
        """A body offset to scroll to once the pane has a size (a jump made before layout)."""
        self._lines: list[Text] | None = None
        """The body cut at the line starts (made when first drawn)."""
        self._current: Span | None = None
        self._shown_with: tuple[object, ...] = ()
        """(article, position, search matches, styles) last shown: with these unchanged, only the
        current span can have moved."""

    # -- what is shown ----------------------------------------------------------------------

    def highlight_styles(self) -> HighlightStyles:
        """The span styles, read from the component classes of the current theme."""
        return component_styles(self, HighlightStyles, "reader")

    def show(
        self,
        article: Article,
        number: int,
        total: int,
        *,
        current: Span | None = None,
        matches: Iterable[Span] = (),
    ) -> None:
        """Display ``article`` (number ``number`` of ``total``) with its highlights."""
        matches = tuple(matches)
        styles = self.highlight_styles()
        shown = (article, (number, total), matches, styles)
        moved = shown == self._shown_with and self._wrapped == (self._shown, self._width())
        if article is not self.article:
            self.scroll_to(y=0, animate=False, immediate=True)
            self._shown += 1
        self.article = article
        self.body_text = highlight_body(article, styles, current=current, matches=matches)
        self._position = (number, total)
        self.border_title = "Reader"
        self.border_subtitle = LEGEND
        previous, self._current, self._shown_with = self._current, current, shown
        if moved:  # only the current mark moved
            self._restyle_spans([s for s in (previous, current) if s is not None])
        else:
            self._relayout()

    def _restyle_spans(self, spans: list[Span]) -> None:
        """Only the mark moved within the article: redraw just the lines it left and reached."""
        self._lines = None
        starts = self._starts
        for start, end in spans:
            first = max(0, bisect_right(starts, start) - 1)
            last = bisect_right(starts, max(start, end - 1)) - 1
            for line in range(first, last + 1):
                self._strips.pop(line, None)
            self.refresh_lines(self._head_height + first, last - first + 1)

    def show_message(self, message: Text, title: str = "Reader") -> None:
        """Replace the article with a message (loading problems, empty corpus)."""
        self.article = None
        self.body_text = message
        self._shown += 1
        self._shown_with = ()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.border_title = title
        self.border_subtitle = ""
        self._relayout()

    # -- lines -------------------------------------------------------------------------------

    @property
    def _head_height(self) -> int:
        """Rows above the body: the header, its rule and a blank line (none for a message)."""
        return HEAD_LINES + 2 if self.article is not None else 0

    def _width(self) -> int:
        return max(1, self.scrollable_content_region.width)

    def _relayout(self) -> None:
        """Wrap the body for the current width (only when text or width changed) and redraw."""
        self._strips.clear()
        self._lines = None
        self._wrap()
        self.refresh()

    def _wrap(self) -> None:
        if not self.scrollable_content_region.width:
            return  # not laid out yet (an article shown at start-up): wrapped at the first resize
        width = self._width()
        if self._wrapped != (self._shown, width):
            self._starts = wrap_starts(self.body_text.plain, width)
            self._wrapped = (self._shown, width)
            self._strips.clear()
            self._lines = None
        # The pane's own size does not change with its content: no layout pass when an article opens.
        set_virtual_size(self, Size(width, self._head_height + len(self._starts)))

    def on_resize(self) -> None:
        if self._wrapped != (self._shown, self._width()):  # else drawn at this width already: a
            self._relayout()  # repaint now would be one more frame before the screen settles
        if self._pending_offset is not None:
            offset, self._pending_offset = self._pending_offset, None
            self.scroll_to_offset(offset)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def _line_text(self, line: int) -> Text:
        if self._lines is None:  # one pass over the text and its spans, not one per line
            self._lines = list(self.body_text.divide(self._starts[1:]))
        text = self._lines[line].copy()
        text.rstrip()  # the newline or space a line was broken at is not drawn
        return text

    def _head_line(self, y: int, width: int) -> Text:
        if y == HEAD_LINES:
            return Text("─" * width, style=self.get_component_rich_style("reader--rule"), end="")
        if y > HEAD_LINES or self.article is None:
            return Text(end="")
        head = header_text(self.article, *self._position, width)
        return head.split("\n")[y]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self._wrapped[1] != max(1, width):  # the width changed without a resize (a scrollbar came)
            self._wrap()
        base = self.rich_style
        if y < self._head_height:
            return text_strip(self._head_line(y, width), width, base, self.app.console)
        line = int(self.scroll_offset.y) + y - self._head_height
        if not 0 <= line < len(self._starts):
            return Strip.blank(width, base)
        strip = self._strips.get(line)
        if strip is None:
            strip = text_strip(self._line_text(line), width, base, self.app.console)
            if len(self._strips) > 2_000:
                self._strips.clear()
            self._strips[line] = strip
        return strip

    # -- positions ----------------------------------------------------------------------------

    def _line_starts(self) -> list[int]:
        self._wrap()
        return self._starts

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so the body line holding character ``offset`` sits a third of the way down."""
        if not self.scrollable_content_region.width:
            self._pending_offset = offset  # scrolled there once the pane is laid out
            return
        line = bisect_right(self._line_starts(), offset) - 1
        visible = max(1, self.scrollable_content_region.height - self._head_height)
        self.scroll_to(y=max(0, line - visible // 3), animate=False, immediate=True, force=True)

    def reading_offset(self) -> int:
        """Body offset of the first line visible below the header (0 before layout)."""
        if self.article is None:
            return 0
        starts = self._line_starts()
        line = int(self.scroll_y)
        return starts[min(max(0, line), len(starts) - 1)] if starts else 0

    # -- the user scrolling ---------------------------------------------------------------------
    # Keys move at once (Textual animates them for up to a second); the mouse wheel is Textual's.

    def _scroll_by_key(self, y: float) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()
        self.scroll_to(y=max(0.0, min(y, self.max_scroll_y)), animate=False, immediate=True)
        self._scrolled_by_user()

    def _scrolled_by_user(self) -> None:
        if self.article is not None:
            self.post_message(self.Scrolled())

    @property
    def _page(self) -> int:
        """Body lines in view (the header stays put above them)."""
        return max(1, self.scrollable_content_region.height - self._head_height)

    def action_scroll_down(self) -> None:
        self._scroll_by_key(self.scroll_y + 1)

    def action_scroll_up(self) -> None:
        self._scroll_by_key(self.scroll_y - 1)

    def action_page_down(self) -> None:
        self._scroll_by_key(self.scroll_y + self._page)

    def action_page_up(self) -> None:
        self._scroll_by_key(self.scroll_y - self._page)

    def action_scroll_home(self) -> None:
        self._scroll_by_key(0)

    def action_scroll_end(self) -> None:
        self._scroll_by_key(self.max_scroll_y)

    def on_mouse_scroll_down(self, _: events.MouseScrollDown) -> None:
        self._scrolled_by_user()

    def on_mouse_scroll_up(self, _: events.MouseScrollUp) -> None:
        self._scrolled_by_user()
