"""What the line-drawn views (article list, reader, entity panel) share."""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class LineView(ScrollView):
    """A ScrollView that draws its lines itself (``render_line``): scrolling repaints it."""

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.refresh()


def text_strip(text: Text, width: int, base: Style, console: Console) -> Strip:
    """One line of ``text`` as a strip of exactly ``width`` cells (cut with "…"), over ``base``."""
    text.no_wrap, text.overflow, text.end = True, "ellipsis", ""
    text.truncate(width, overflow="ellipsis")
    segments = [Segment(part, style) for part, style, _ in text.render(console)]
    return Strip(segments).crop_extend(0, width, None).apply_style(base)


def set_virtual_size(view: ScrollView, size: Size) -> None:
    """Give ``view`` a new virtual size without the screen-wide layout pass its reactive asks for.

    For a view whose own size never depends on its content: the reactive's layout pass would
    cost a whole extra frame each time the content changes. The scrollbars are updated (showing
    or hiding one still lays out).
    """
    if size == view.virtual_size:
        return
    view.set_reactive(ScrollView.virtual_size, size)
    view._scroll_update(size)
    view.refresh()
