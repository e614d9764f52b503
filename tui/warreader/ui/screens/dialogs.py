"""Small dialogs: pick one of a list (with a filter box for long lists), or type a line of text.

:class:`PickScreen` and :class:`PromptScreen` are modal screens over a dimmed reader;
:class:`PickPanel` is the same picker as a box mounted over the screen it is shown on (the
article list's v menu): no screen of its own, so opening and closing it repaints only the box,
where a modal screen composites the dimmed reader under it (~60 ms a frame at 120x40).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from warreader.ui import keymap
from warreader.ui.widgets.lists import KeyList

FILTER_FROM = 8
"""Lists with more items than this get a filter box."""

DIALOG_CSS = """
{name} {{
    align: center middle;
    background: $background 60%;
}}
{name} > Vertical {{
    width: 84;
    max-width: 95%;
    height: auto;
    max-height: 85%;
    border: round $border;
    background: $surface;
    padding: 0 1;
}}
{name} .dialog-help {{
    color: $text-muted;
    margin-bottom: 1;
}}
{name} OptionList, {name} OptionList:focus {{
    height: auto;
    max-height: 24;
    border: none;
}}
"""


class Dialog(ModalScreen[str | None]):
    """A titled box over the reader, with an optional line of help; Escape returns None."""

    BINDINGS = keymap.DIALOG
    HINT = "Enter: OK · Escape: cancel"

    def __init__(self, title: str, help: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.help = help

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text(self.title_text)  # names in titles are never markup
            box.border_subtitle = self.HINT
            if self.help:
                yield Static(Text(self.help), classes="dialog-help")
            yield from self.body()

    def body(self) -> ComposeResult:
        """The widgets under the title and the help."""
        yield from ()

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickScreen(Dialog):
    """Choose one item; returns its id, or None on Escape. Typing in the filter box narrows the list."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PickScreen")
    HINT = "Enter: choose · Escape: cancel"

    def __init__(self, title: str, items: Sequence[tuple[str, Text, str]], help: str = "") -> None:
        """``items`` are (id, prompt, text to filter on)."""
        super().__init__(title, help)
        self.items = list(items)

    def body(self) -> ComposeResult:
        if len(self.items) > FILTER_FROM:
            yield Input(placeholder="Type to filter…", id="pick-filter")
        yield KeyList(id="pick-list")

    def on_mount(self) -> None:
        self._fill("")
        if self.query("#pick-filter"):
            self.query_one("#pick-filter", Input).focus()
        else:
            self.query_one("#pick-list", OptionList).focus()

    def _fill(self, query: str) -> None:
        fill_options(self.query_one("#pick-list", OptionList), self.items, query)

    @on(Input.Changed, "#pick-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#pick-filter")
    def _submit_filter(self, event: Input.Submitted) -> None:
        option = self.query_one("#pick-list", OptionList).highlighted_option
        if option is not None and option.id is not None:
            self.dismiss(option.id)

    @on(OptionList.OptionSelected, "#pick-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(event.option.id)

    def key_down(self) -> None:
        """Down in the filter box moves into the list."""
        if isinstance(self.focused, Input):
            self.query_one("#pick-list", OptionList).focus()


def fill_options(options: OptionList, items: Sequence[tuple[str, Text, str]], query: str) -> None:
    """List the ``items`` whose filter text holds ``query`` (case folded), the first highlighted."""
    folded = query.casefold().strip()
    shown = [Option(prompt, id=key) for key, prompt, text in items if folded in text.casefold()]
    options.set_options(shown or [Option(Text("Nothing matches.", style="dim italic"), disabled=True)])
    options.highlighted = 0 if shown else None


class PickPanel(Vertical):
    """:class:`PickScreen` as a box over the screen it is mounted on, shown with :meth:`open` and
    hidden when closed (kept mounted: removing a widget repaints the whole screen). Enter
    chooses, Escape cancels, typing filters a long list; ``done`` gets the chosen id or None.
    Focus stays inside the box while it is open (Tab does not leave it); focus moving out (a
    click elsewhere) cancels it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *keymap.DIALOG,
        Binding("tab", "cycle", show=False),
        Binding("shift+tab", "cycle", show=False),
    ]
    DEFAULT_CSS = """
    PickPanel {
        overlay: screen;
        position: absolute;
        width: 84;
        max-width: 95%;
        height: auto;
        max-height: 85%;
        border: round $border;
        background: $surface;
        padding: 0 1;
        display: none;
    }
    PickPanel .dialog-help {
        color: $text-muted;
        margin-bottom: 1;
    }
    PickPanel OptionList, PickPanel OptionList:focus {
        height: auto;
        max-height: 24;
        border: none;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple[str, Text, str]] = []
        """(id, prompt, text to filter on) of the open picker."""
        self.help = ""
        self.done: Callable[[str | None], None] = lambda _key: None
        self.border_subtitle = PickScreen.HINT
        self._opening: str | None = None
        """The title to open with once mounted (:meth:`open` came first)."""
        self._ready = False
        self._listed: tuple[list[tuple[str, Text, str]], str] | None = None
        """The items and filter the list shows."""

    def on_mount(self) -> None:
        self._ready = True
        if self._opening is not None:
            title, self._opening = self._opening, None
            self.open(title, self.items, self.help, done=self.done)

    @property
    def is_open(self) -> bool:
        return bool(self.display)

    def compose(self) -> ComposeResult:
        yield Static(classes="dialog-help")
        yield Input(placeholder="Type to filter…", id="pick-filter")
        yield KeyList(id="pick-list")

    def open(
        self,
        title: str,
        items: Sequence[tuple[str, Text, str]],
        help: str = "",
        *,
        done: Callable[[str | None], None],
    ) -> None:
        """Show ``items`` under ``title`` (and a line of ``help``), the first highlighted (once the
        box is mounted, when it is not yet)."""
        self.items, self.help, self.done = list(items), help, done
        if not self._ready:
            self._opening = title
            return
        self.border_title = Text(title)  # names in titles are never markup
        note = self.query_one(".dialog-help", Static)
        note.update(Text(help))
        note.display = bool(help)
        box = self.query_one("#pick-filter", Input)
        box.display = len(self.items) > FILTER_FROM
        with box.prevent(Input.Changed):
            box.value = ""
        options = self.query_one("#pick-list", OptionList)
        if self._listed != (self.items, ""):  # new options lay the box out again: one frame more
            self._listed = (self.items, "")
            fill_options(options, self.items, "")
        else:
            options.highlighted = 0 if self.items else None
        self._place()
        self.display = True
        (box if box.display else self.query_one("#pick-list", OptionList)).focus()

    def _place(self) -> None:
        """Centre the box on its screen, from the lines it will take."""
        width, height = self.screen.size
        box = min(84, width * 95 // 100)
        lines = 2 + min(24, len(self.items)) + (3 if len(self.items) > FILTER_FROM else 0)
        if self.help:
            lines += 1 + 1 + len(self.help) // max(1, box - 4)
        lines = min(lines, height * 85 // 100)
        self.styles.offset = (max(0, (width - box) // 2), max(0, (height - lines) // 2))

    def dismiss(self, key: str | None) -> None:
        """Hide the box and hand ``key`` (None: cancelled) to ``done``."""
        if not self.display:
            return
        self.display = False
        self.done(key)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_cycle(self) -> None:
        """Tab: between the filter box and the list (never out of the box)."""
        box = self.query_one("#pick-filter", Input)
        if box.display and not isinstance(self.screen.focused, Input):
            box.focus()
        else:
            self.query_one("#pick-list", OptionList).focus()

    @on(Input.Changed, "#pick-filter")
    def _filter(self, event: Input.Changed) -> None:
        event.stop()
        self._listed = (self.items, event.value)
        fill_options(self.query_one("#pick-list", OptionList), self.items, event.value)

    @on(Input.Submitted, "#pick-filter")
    def _submit_filter(self, event: Input.Submitted) -> None:
        event.stop()
        option = self.query_one("#pick-list", OptionList).highlighted_option
        if option is not None and option.id is not None:
            self.dismiss(option.id)

    @on(OptionList.OptionSelected, "#pick-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(event.option.id)

    def key_down(self) -> None:
        """Down in the filter box moves into the list."""
        if isinstance(self.screen.focused, Input):
            self.query_one("#pick-list", OptionList).focus()

    def on_descendant_blur(self) -> None:
        """Focus went out of the box (a click on the reader): cancel once it has settled."""
        self.call_after_refresh(self._left)

    def _left(self) -> None:
        focused = self.screen.focused if self.is_attached else None
        if self.display and (focused is None or self not in focused.ancestors_with_self):
            self.dismiss(None)


class PromptScreen(Dialog):
    """Type one line; Enter returns it (stripped), Escape returns None."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PromptScreen")

    def __init__(self, title: str, value: str = "", help: str = "") -> None:
        super().__init__(title, help)
        self.value = value

    def body(self) -> ComposeResult:
        yield Input(value=self.value, id="prompt-input")

    def on_mount(self) -> None:
        self.query_one("#prompt-input", Input).focus()

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(value or None)
