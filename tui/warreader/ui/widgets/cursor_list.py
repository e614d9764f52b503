"""A key list whose cursor move repaints the two options it leaves and enters, not the whole list."""

from __future__ import annotations

from textual.reactive import reactive

from warreader.ui.widgets.lists import KeyList


class CursorList(KeyList):
    """``KeyList`` for long lists of tall rows (who said what, the map's places).

    ``OptionList.highlighted`` repaints the whole list on every change, so each ``j`` re-rendered
    every visible row (44 lines of the statements list at 160x45). Here a move that does not scroll
    repaints the lines of the option left and the option entered; a move that scrolls repaints the
    list once, through the scroll."""

    highlighted: reactive[int | None] = reactive(None, repaint=False)

    repainted_lines = 0
    """Lines asked to repaint by cursor moves (what the tests count)."""

    _painted: int | None = None
    """The option last painted highlighted."""

    def watch_highlighted(self, highlighted: int | None) -> None:
        old, self._painted = self._painted, highlighted
        scrolled_from = self.scroll_offset.y
        super().watch_highlighted(highlighted)  # scrolls to it and posts OptionHighlighted
        if self.scroll_offset.y != scrolled_from:
            return  # the scroll repaints the list
        for index in dict.fromkeys((old, highlighted)):
            self._repaint_option(index)

    def _repaint_option(self, index: int | None) -> None:
        if index is None or not self.is_mounted:
            return
        line = self._index_to_line.get(index)
        height = self._heights.get(index)
        if line is None or not height:
            self.refresh()
            return
        self.repainted_lines += height
        self.refresh_lines(line, height)
