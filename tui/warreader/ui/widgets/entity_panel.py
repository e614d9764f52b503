"""The variants panel: entity groups with their kind, counts and spellings, drawn line by line.

Each group takes a few lines (name; counts; which place it is; spellings). Opening an article
refills the panel, so filling must be cheap: it lays out each group as plain strings (how many
lines, which text on each) and styles and renders a line only when it is drawn. The panel's
size never depends on its contents (a share of the width, 1fr high, its scrollbar always
shown), so refilling it repaints it without a screen-wide layout pass.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len, chop_cells
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from warreader.model import Group
from warreader.ui import keymap
from warreader.ui.highlight import inert_line
from warreader.ui.widgets.scrolling import LineView, set_virtual_size, text_strip
from warreader.wording import counted

if TYPE_CHECKING:
    from warreader.library import Library

ALL_ENTITIES_PAGE = 300
"""Entities listed by ``a`` (the most mentioned; the rest are found with the command palette)."""

MARKERS = {"place": "◆", "speaker": "●"}
MAX_VARIANTS = 12
INDENT = "    "
EMPTY_ARTICLE = "No places or speakers in this article."
EMPTY_CORPUS = "No entities."

Shape = list[tuple[str, str]]
"""A group's lines below its name: (style role, text), the role "dim" or "italic"."""


def plural(count: int, noun: str, nouns: str = "") -> str:
    """``count`` ``noun``s (or ``nouns``), with thousands separators: "1 mention", "636,216 mentions"."""
    return counted(count, noun, nouns, thousands=True)


def wrap_items(items: Sequence[str], width: int, separator: str = " · ") -> list[str]:
    """Greedily pack ``items`` into lines of at most ``width`` cells (an item is never split).

    Lines end without a separator; the next line simply starts with the next item.
    """
    lines: list[str] = []
    line = ""
    for item in items:
        candidate = line + separator + item if line else item
        if line and cell_len(candidate) > width:
            lines.append(line)
            line = item
        else:
            line = candidate
    return [*lines, line] if line else lines


def _lines(role: str, lines: list[str], room: int) -> Shape:
    """Indented lines; one longer than ``room`` (a single long spelling) is folded, not cut."""
    return [(role, INDENT + part) for line in lines for part in chop_cells(line, room)]


def prompt_shape(
    group: Group, *, mentions: int, here: int | None, width: int, stories: int | None = None
) -> Shape:
    """The lines under a group's name: counts, which place it is, then its spellings.

    ``stories``: in how many stories the articles fall, a story republished by several outlets
    counted once (shown when the list shows each story once, D)."""
    room = max(10, width - len(INDENT))
    counts = [plural(mentions, "mention"), plural(len(group.articles), "article")]
    if stories is not None:
        counts.append(plural(stories, "story", "stories"))
    if here is not None:
        counts.append(f"{here:,} here")
    shape = _lines("dim", wrap_items(counts, room), room)
    if group.detail:  # which gazetteer entry a place resolved to ("Lyman, Donetsk Oblast; 1 of 3 …")
        shape += [
            ("dim", INDENT + line) for line in wrap_items(inert_line(group.detail).split(" "), room, " ")
        ]
    variants = [inert_line(v) for v in dict.fromkeys(group.variants) if v] or [inert_line(group.name)]
    if len(variants) > MAX_VARIANTS:
        variants = [*variants[:MAX_VARIANTS], f"+{len(variants) - MAX_VARIANTS} more"]
    shape += _lines("italic", wrap_items(variants, room), room)
    return shape


def name_line(group: Group, kind_style: Style, *, selected: bool) -> Text:
    """A group's first line: the ▸ of the followed entity, the kind marker, name and kind."""
    text = Text(end="")
    text.append("▸ " if selected else "  ", style="bold")
    text.append(MARKERS.get(group.kind, "?") + " ", style=kind_style)
    text.append(inert_line(group.name) or "(unnamed)", style=kind_style + Style(bold=True))
    text.append("  " + group.kind, style="dim")
    return text


class EntityPanel(LineView, can_focus=True):
    """Lists groups; Enter or a click chooses one (posts :class:`EntityPanel.Chosen`).

    ``show_all`` switches between the open article's groups and every group of the corpus
    sorted by mentions (the app decides which it fills in).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *keymap.CURSOR,
        Binding("enter", "choose", "Follow", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "entity-panel--place",
        "entity-panel--speaker",
        "entity-panel--cursor",
    }
    DEFAULT_CSS = """
    EntityPanel {
        overflow-x: hidden;
        overflow-y: scroll;
        padding: 0 1;
        & > .entity-panel--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .entity-panel--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    @dataclass
    class Chosen(Message):
        """The user chose a group (Enter or a click)."""

        panel: EntityPanel
        group_id: str

        @property
        def control(self) -> EntityPanel:
            return self.panel

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.show_all = False
        self._shown_for: tuple[bool, int | None] | None = None
        self.stories_of: Callable[[str], int] | None = None
        """In how many stories a group's articles fall (set while each story is listed once)."""
        """(scope, article) the panel was last filled for."""
        self._groups: list[Group] = []
        self._positions: dict[str, int] = {}
        self._mentions: Mapping[str, int] = {}
        self._here: Mapping[str, int] | None = None
        self._selected: str | None = None
        self._cursor: int | None = None
        self._shapes: list[Shape] = []
        self._heads: list[int] = []
        """Lines each group's name takes."""
        self._tops: list[int] = [0]
        """The first line of each group, then the line count."""
        self._laid_out_width = 0
        self._strips: dict[int, Strip] = {}

    # -- what is shown ----------------------------------------------------------------------

    @property
    def group_ids(self) -> list[str]:
        """The listed groups, top to bottom."""
        return [group.id for group in self._groups]

    @property
    def highlighted(self) -> int | None:
        """The row of the group under the cursor."""
        return self._cursor

    @highlighted.setter
    def highlighted(self, row: int | None) -> None:
        if row is not None:
            row = max(0, min(row, len(self._groups) - 1)) if self._groups else None
        if row == self._cursor:
            return
        for changed in (self._cursor, row):
            self._forget_group(changed)
        self._cursor = row
        self._scroll_cursor_visible()

    @property
    def highlighted_group(self) -> str | None:
        """The id of the group under the cursor."""
        return self._groups[self._cursor].id if self._cursor is not None else None

    def forget(self) -> None:
        """The library or the theme changed: the next :meth:`show_for` fills the panel again."""
        self._shown_for = None

    def show_for(self, library: Library, current: int, entity: str | None) -> None:
        """The entities of article ``current`` (or of the corpus, with ``a``), ``entity`` marked;
        refilled only when the article or the scope changed, else just the marker moves."""
        key = (self.show_all, None if self.show_all else current)
        if key == self._shown_for:
            self.mark_selected(entity)
            return
        self._shown_for = key
        total = {g: library.mention_count(g) for g in library.groups}  # the one count (what n / N walk)
        if self.show_all:
            groups = sorted(library.groups.values(), key=lambda g: (-total[g.id], g.name.casefold()))
            # A page of the most mentioned: every entity of a large corpus takes seconds to lay out.
            shown = groups[:ALL_ENTITIES_PAGE]
            if entity in library.groups and entity not in {g.id for g in shown}:
                shown.append(library.groups[entity])
            self.fill(shown, entity, total)
            if len(shown) < len(groups):
                self.border_title = f"All entities (top {len(shown):,} of {len(groups):,})"
        else:
            here = Counter(library.mention(r).group or "" for r in library.refs_in(current))
            article = library.articles[current]
            groups = sorted(library.groups_in(article), key=lambda g: (-here[g.id], g.name.casefold()))
            self.fill(groups, entity, total, here)

    def fill(
        self,
        groups: Sequence[Group],
        selected: str | None,
        mentions: Mapping[str, int],
        here: Mapping[str, int] | None = None,
    ) -> None:
        """Show ``groups`` with their corpus ``mentions`` (:meth:`Library.mention_count` of each);
        ``here`` counts them in the open article."""
        cursor = self.highlighted_group
        self._groups = list(groups)
        self._positions = {group.id: row for row, group in enumerate(self._groups)}
        self._mentions, self._here, self._selected = mentions, here, selected
        self._cursor = self._positions.get(cursor or "", 0) if self._groups else None
        self._laid_out_width = 0
        self.scroll_to(y=0, animate=False, immediate=True)
        self._lay_out()
        scope = "All entities" if self.show_all else "Entities in article"
        self.border_title = f"{scope} ({len(self._groups):,})"
        self.border_subtitle = "a: this article" if self.show_all else "a: all entities"
        self._scroll_cursor_visible()

    def group_lines(self, group_id: str) -> list[str]:
        """The plain text of the lines ``group_id`` takes in the panel (empty when it is not listed)."""
        row = self._positions.get(group_id)
        if row is None or row >= len(self._shapes):
            return []
        return [name_line(self._groups[row], Style(), selected=False).plain] + [
            text.strip() for _, text in self._shapes[row]
        ]

    def mark_selected(self, group_id: str | None) -> None:
        """Move the ▸ marker to ``group_id`` without refilling the panel."""
        previous, self._selected = self._selected, group_id
        if previous != group_id:
            for changed in (previous, group_id):
                self._forget_group(self._positions.get(changed) if changed is not None else None)

    # -- lines -------------------------------------------------------------------------------

    def _width(self) -> int:
        return self.scrollable_content_region.width

    def _lay_out(self) -> None:
        """Each group's lines for the current width (once the panel has one), and the virtual size."""
        width = self._width()
        if not width or width == self._laid_out_width:
            return
        self._laid_out_width = width
        self._shapes = [
            prompt_shape(
                group,
                mentions=self._mentions.get(group.id, 0),
                here=self._here.get(group.id, 0) if self._here is not None else None,
                width=width,
                stories=self.stories_of(group.id) if self.stories_of is not None else None,
            )
            for group in self._groups
        ]
        self._heads = [self._name_height(group, width) for group in self._groups]
        tops = [0]
        for head, shape in zip(self._heads, self._shapes, strict=True):
            tops.append(tops[-1] + head + len(shape))
        self._tops = tops
        self._strips.clear()
        set_virtual_size(self, Size(width, max(1, tops[-1])))
        self.refresh()

    def _name_height(self, group: Group, width: int) -> int:
        """Lines the name line takes (a long name wraps like the spellings)."""
        line = name_line(group, Style(), selected=False)
        return 1 if line.cell_len <= width else len(line.wrap(self.app.console, width))

    def _forget_group(self, row: int | None) -> None:
        """Draw group ``row`` again (its marker or cursor changed)."""
        if row is None or row >= len(self._groups) or len(self._tops) <= row + 1:
            return
        first, end = self._tops[row], self._tops[row + 1]
        for line in range(first, end):
            self._strips.pop(line, None)
        self.refresh_lines(first - int(self.scroll_offset.y), end - first)

    def on_resize(self) -> None:
        self._lay_out()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        self._lay_out()
        width = self._width()
        base = self.rich_style
        line = int(self.scroll_offset.y) + y
        if not self._groups:
            if line:
                return Strip.blank(width, base)
            empty = EMPTY_ARTICLE if self._here is not None else EMPTY_CORPUS
            return text_strip(Text(empty, style="dim italic"), width, base, self.app.console)
        row = self._row_at_line(line)
        if row is None:
            return Strip.blank(width, base)
        strip = self._strips.get(line)
        if strip is None:
            group = self._groups[row]
            part, head = line - self._tops[row], self._heads[row]
            if part < head:
                kind = "entity-panel--speaker" if group.kind == "speaker" else "entity-panel--place"
                kind_style = self.get_component_rich_style(kind, partial=True)
                text = name_line(group, kind_style, selected=group.id == self._selected)
                if head > 1:
                    text = text.wrap(self.app.console, width)[part]
            else:
                role, plain = self._shapes[row][part - head]
                text = Text(plain, style=role, end="")
            if row == self._cursor:
                base = base + self.get_component_rich_style("entity-panel--cursor")
            strip = text_strip(text, width, base, self.app.console)
            self._strips[line] = strip
        return strip

    # -- the cursor ---------------------------------------------------------------------------

    def _scroll_cursor_visible(self) -> None:
        row = self._cursor
        if row is None or len(self._tops) <= row + 1 or not self._laid_out_width:
            return
        top, bottom = self._tops[row], self._tops[row + 1]
        height = self.scrollable_content_region.height
        if top < self.scroll_offset.y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif bottom > self.scroll_offset.y + height:
            self.scroll_to(y=min(top, bottom - height), animate=False, immediate=True)

    def _row_at_line(self, line: int) -> int | None:
        if not self._groups or not 0 <= line < self._tops[-1]:
            return None
        return bisect_right(self._tops, line) - 1

    def action_cursor_down(self) -> None:
        self.highlighted = 0 if self._cursor is None else self._cursor + 1

    def action_cursor_up(self) -> None:
        self.highlighted = 0 if self._cursor is None else self._cursor - 1

    def _page(self, direction: int) -> None:
        if self._cursor is None:
            self.highlighted = 0
            return
        line = self._tops[self._cursor] + direction * max(1, self.scrollable_content_region.height)
        row = self._row_at_line(max(0, min(line, self._tops[-1] - 1)))
        self.highlighted = row

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self._groups) - 1

    def action_choose(self) -> None:
        group = self.highlighted_group
        if group is not None:
            self.post_message(self.Chosen(self, group))

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on a group and chooses it."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = self._row_at_line(int(self.scroll_offset.y) + offset.y)
        if row is not None:
            self.highlighted = row
            self.action_choose()
