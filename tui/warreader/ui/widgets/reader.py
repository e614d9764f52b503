"""The reading pane: an article header and its highlighted body, scrollable."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from warreader.corpus.article import Article
from warreader.ui import keymap
from warreader.ui.highlight import HighlightStyles, Span, header_text, highlight_body, wrap_starts

LEGEND = "places: underlined · speakers: bold · dates: italic · current: reversed"


class Reader(VerticalScroll, can_focus=True):
    """Shows one article; places, speakers, search matches and the current span are styled by TCSS."""

    BINDINGS = keymap.READER
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--place",
        "reader--speaker",
        "reader--date",
        "reader--current",
        "reader--match",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.body_text: Text = Text()
        self._position = (0, 0)
        """The body as last rendered (tests inspect its spans)."""

    def compose(self) -> ComposeResult:
        yield Static(id="reader-head")
        yield Static(id="reader-body")

    def highlight_styles(self) -> HighlightStyles:
        """The span styles, read from the component classes of the current theme."""
        style = self.get_component_rich_style
        return HighlightStyles(
            place=style("reader--place", partial=True),
            speaker=style("reader--speaker", partial=True),
            date=style("reader--date", partial=True),
            current=style("reader--current", partial=True),
            match=style("reader--match", partial=True),
        )

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
        if article is not self.article:
            self.scroll_home(animate=False)
        self.article = article
        self.body_text = highlight_body(article, self.highlight_styles(), current=current, matches=matches)
        self._position = (number, total)
        self._update_head()
        self.query_one("#reader-body", Static).update(self.body_text)
        self.border_title = "Reader"
        self.border_subtitle = LEGEND

    def _update_head(self) -> None:
        if self.article is not None:
            head = self.query_one("#reader-head", Static)
            head.update(header_text(self.article, *self._position, head.content_region.width))

    def on_resize(self) -> None:
        self.call_after_refresh(self._update_head)

    def show_message(self, message: Text, title: str = "Reader") -> None:
        """Replace the article with a message (loading problems, empty corpus)."""
        self.article = None
        self.body_text = Text()
        self.query_one("#reader-head", Static).update(Text())
        self.query_one("#reader-body", Static).update(message)
        self.border_title = title
        self.border_subtitle = ""

    def _line_starts(self) -> list[int]:
        body = self.query_one("#reader-body", Static)
        width = max(1, body.content_region.width)
        return wrap_starts(self.body_text.plain, width)

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so the body line holding character ``offset`` sits a third of the way down."""

        def scroll() -> None:
            body = self.query_one("#reader-body", Static)
            line = bisect_right(self._line_starts(), offset) - 1
            target = body.virtual_region.y + body.styles.padding.top + max(0, line)
            self.scroll_to(y=max(0, target - self.scrollable_content_region.height // 3), animate=False)

        self.call_after_refresh(scroll)

    def reading_offset(self) -> int:
        """Body offset of the first line visible at the top of the pane (0 before layout)."""
        if self.article is None:
            return 0
        body = self.query_one("#reader-body", Static)
        line = int(self.scroll_y) - body.virtual_region.y - body.styles.padding.top
        starts = self._line_starts()
        return starts[min(max(0, line), len(starts) - 1)] if starts else 0
