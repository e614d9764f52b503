"""The title bar: the app's title and what is loaded, on the top line.

What Textual's Header shows (an icon that opens the command palette, the title and sub-title
centred) drawn by one widget: the Header is four widgets and costs a few dozen milliseconds
to compose and style before the first frame.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8
"""Cells at the left that open the command palette when clicked (as the Header's icon)."""
CLOCK_WIDTH = 10
"""Cells the Header keeps at the right for a clock: the title is centred between the two."""


class TitleBar(Widget):
    """``⭘   title — sub-title`` (the sub-title dimmed); a click on the icon opens the palette."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._title_changed, init=False)
        self.watch(self.app, "sub_title", self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    def render(self) -> Text:
        title = Text(self.app.title, end="")
        if self.app.sub_title:
            title.append(" — ", style="dim")
            title.append(self.app.sub_title, style="dim")
        room = max(0, self.size.width - ICON_WIDTH - CLOCK_WIDTH)
        title.truncate(room, overflow="ellipsis")
        line = Text(" " + ICON, no_wrap=True, overflow="crop", end="")
        line.pad_right(ICON_WIDTH + max(0, (room - title.cell_len) // 2) - line.cell_len)
        line.append_text(title)
        return line

    def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            self.app.action_command_palette()
