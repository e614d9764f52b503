"""Small modal dialogs: pick one of a list (with a filter box for long lists), or type a line of text."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
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
        folded = query.casefold().strip()
        shown = [Option(prompt, id=key) for key, prompt, text in self.items if folded in text.casefold()]
        options = self.query_one("#pick-list", OptionList)
        options.set_options(shown or [Option(Text("Nothing matches.", style="dim italic"), disabled=True)])
        options.highlighted = 0 if shown else None

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
