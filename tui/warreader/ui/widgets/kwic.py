"""Keyword-in-context lines: date, source, left context, the mention, right context — one option each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from warreader.analysis import KwicLine
from warreader.ui import keymap
from warreader.ui.highlight import inert_line

DATE_WIDTH = 10
SOURCE_WIDTH = 14


def _fit_left(text: str, width: int) -> str:
    """The end of ``text`` in ``width`` cells, cut at a word ("…end of it"), padded on the left."""
    if cell_len(text) > width:
        text = text.removeprefix("…")
        while text and cell_len(text) > width - 1:
            text = text[1:]
        space = text.find(" ")
        if 0 <= space < width // 3:
            text = text[space + 1 :]
        text = "…" + text
    return " " * (width - cell_len(text)) + text


def _fit_right(text: str, width: int) -> str:
    """The start of ``text`` in ``width`` cells, cut at a word ("start of it…")."""
    if cell_len(text) <= width:
        return text
    text = text.removesuffix("…")
    while text and cell_len(text) > width - 1:
        text = text[:-1]
    space = text.rfind(" ")
    if space > width * 2 // 3:
        text = text[:space]
    return text + "…"


def kwic_prompt(line: KwicLine, width: int, keyword_style: Style | str = "bold") -> Text:
    """One KWIC row at ``width`` cells: the keyword in a fixed column, context cut to fit around it.

    A date written in the mention's sentence is bold; the article's own date is plain; no date is "undated".
    """
    item = line.occurrence
    text = Text(end="", no_wrap=True, overflow="crop")
    if item.date is not None:
        text.append(item.date.isoformat(), style="bold" if item.dated_by == "text" else "")
    else:
        text.append("undated".rjust(DATE_WIDTH), style="dim italic")
    source = inert_line(item.article.source or item.article.name) or "?"
    text.append("  ")
    text.append(_fit_right(source, SOURCE_WIDTH).ljust(SOURCE_WIDTH), style="dim")
    text.append("  ")
    keyword = inert_line(line.keyword)
    rest = max(10, width - DATE_WIDTH - SOURCE_WIDTH - 4)
    side = max(4, (rest - cell_len(keyword)) // 2)
    text.append(_fit_left(inert_line(line.left), side))
    text.append(keyword, style=keyword_style)
    text.append(_fit_right(inert_line(line.right), max(0, rest - side - cell_len(keyword))))
    return text


KINDS = ("place", "speaker")


def kwic_options(lines: Sequence[KwicLine], width: int, styles: dict[str, Style]) -> list[Option]:
    """One option per line (ids are the line numbers); pure, so a thread can make them."""
    return [
        Option(kwic_prompt(line, width, styles.get(line.occurrence.mention.kind, "bold")), id=str(i))
        for i, line in enumerate(lines)
    ]


class KwicList(OptionList):
    """Keyword-in-context lines; option ids are the line numbers. Enter posts ``OptionSelected``."""

    BINDINGS = keymap.LIST
    COMPONENT_CLASSES: ClassVar[set[str]] = {"kwic--place", "kwic--speaker"}
    DEFAULT_CSS = """
    KwicList > .kwic--place {
        color: $text-primary;
        text-style: underline bold;
    }
    KwicList > .kwic--speaker {
        color: $text-accent;
        text-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: Sequence[KwicLine] = ()
        self._width = 0

    def layout_width(self) -> int:
        """The width the rows are laid out at."""
        width = self.scrollable_content_region.width
        if width:
            return width
        # Not laid out yet: the screen's width less the borders, padding and scroll bar (as laid out
        # when the lines overflow; a guess that is off is made good again on the first resize).
        styles = self.styles
        return max(40, self.app.size.width - styles.gutter.width - styles.scrollbar_size_vertical)

    def styles_by_kind(self) -> dict[str, Style]:
        """The keyword style of each kind (read here, so options can be made in a thread)."""
        return {kind: self.get_component_rich_style(f"kwic--{kind}", partial=True) for kind in KINDS}

    def fill(self, lines: Sequence[KwicLine], options: list[Option] | None = None) -> None:
        """Show ``lines`` (``options``: their rows made beforehand by :func:`kwic_options`)."""
        highlighted = self.highlighted
        self.lines = lines
        self._width = self.layout_width()
        if options is None:
            options = kwic_options(lines, self._width, self.styles_by_kind())
        if not options:
            options = [Option(Text("No mentions.", style="dim italic"), disabled=True)]
        self.set_options(options)
        if lines:
            self.highlighted = highlighted if highlighted is not None and highlighted < len(lines) else 0

    def extend(self, lines: Sequence[KwicLine], options: list[Option]) -> None:
        """List ``lines`` after those listed (``options``: their rows, made at the same width)."""
        if not lines:
            return
        first = len(self.lines)
        self.lines = [*self.lines, *lines]
        self.add_options([Option(option.prompt, id=str(first + i)) for i, option in enumerate(options)])

    def on_resize(self) -> None:
        if self.lines and self.scrollable_content_region.width != self._width:
            self.fill(self.lines)

    @property
    def current(self) -> KwicLine | None:
        index = self.highlighted
        return self.lines[index] if index is not None and 0 <= index < len(self.lines) else None
