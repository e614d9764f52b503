"""Helpers for the line-drawn scroll views (reader, entity panel)."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


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
