"""The variants panel: entity groups with their kind, counts and spellings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar, Self

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from warreader.library import Group
from warreader.ui import keymap
from warreader.ui.highlight import inert_line

MARKERS = {"place": "◆", "speaker": "●"}
MAX_VARIANTS = 12
INDENT = "    "


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


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


def entity_prompt(
    group: Group,
    *,
    kind_style: Style,
    mentions: int,
    here: int | None = None,
    selected: bool = False,
    width: int = 40,
) -> Text:
    """One option: marker, name and kind; counts; then the spellings, indented under the name."""
    text = Text(end="")
    text.append("▸ " if selected else "  ", style="bold")
    text.append(MARKERS.get(group.kind, "?") + " ", style=kind_style)
    text.append(inert_line(group.name) or "(unnamed)", style=kind_style + Style(bold=True))
    text.append("  " + group.kind, style="dim")
    counts = [_plural(mentions, "mention"), _plural(len(group.articles), "article")]
    if here is not None:
        counts.append(f"{here} here")
    for line in wrap_items(counts, max(10, width - len(INDENT))):
        text.append("\n" + INDENT + line, style="dim")
    if group.detail:  # which gazetteer entry a place resolved to ("Lyman, Donetsk Oblast; 1 of 3 …")
        for line in wrap_items(inert_line(group.detail).split(" "), max(10, width - len(INDENT)), " "):
            text.append("\n" + INDENT + line, style="dim")
    variants = [inert_line(v) for v in dict.fromkeys(group.variants) if v] or [inert_line(group.name)]
    if len(variants) > MAX_VARIANTS:
        variants = [*variants[:MAX_VARIANTS], f"+{len(variants) - MAX_VARIANTS} more"]
    for line in wrap_items(variants, max(10, width - len(INDENT))):
        text.append("\n" + INDENT + line, style="italic")
    return text


class EntityPanel(OptionList):
    """Lists groups; Enter or a click selects one (the app handles ``OptionSelected``).

    Option ids are group ids. ``show_all`` switches between the open article's groups
    and every group of the corpus sorted by mentions.
    """

    BINDINGS = keymap.LIST
    COMPONENT_CLASSES: ClassVar[set[str]] = {"entity-panel--place", "entity-panel--speaker"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.show_all = False
        self._groups: dict[str, Group] = {}
        self._mentions: Mapping[str, int] = {}
        self._here: Mapping[str, int] | None = None
        self._selected: str | None = None
        self._width = 0
        self._pending = False
        """A fill waits for the first layout (its width)."""
        self._options_changing = False
        """Set while the options are replaced: their new virtual size asks for no layout."""

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        """The panel's size never depends on its options (1fr high, a share of the width, its
        scrollbar always shown), so a new list of options repaints it without a layout pass."""
        if self._options_changing:
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _prompt(self, group: Group) -> Text:
        kind = "entity-panel--speaker" if group.kind == "speaker" else "entity-panel--place"
        return entity_prompt(
            group,
            kind_style=self.get_component_rich_style(kind, partial=True),
            mentions=self._mentions.get(group.id, group.mentions),
            here=self._here.get(group.id, 0) if self._here is not None else None,
            selected=group.id == self._selected,
            width=self._width or 40,
        )

    def fill(
        self,
        groups: Sequence[Group],
        selected: str | None,
        mentions: Mapping[str, int],
        here: Mapping[str, int] | None = None,
    ) -> None:
        """Show ``groups`` with their corpus ``mentions``; ``here`` counts them in the open article."""
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        self._width = self.scrollable_content_region.width
        if not self._width:  # not laid out yet: the prompts are made (once) when the width is known
            self._groups = {group.id: group for group in groups}
            self._mentions, self._here, self._selected = mentions, here, selected
            self._pending = True
            return
        self._pending = False
        self._groups = {group.id: group for group in groups}
        self._mentions, self._here, self._selected = mentions, here, selected
        options = [Option(self._prompt(group), id=group.id) for group in groups]
        if not options:
            empty = "No places or speakers in this article." if here is not None else "No entities."
            options = [Option(Text(empty, style="dim italic"), disabled=True)]
        self._options_changing = True
        try:
            self.set_options(options)
        finally:
            self._options_changing = False
        ids = list(self._groups)
        if highlighted in self._groups:
            self.highlighted = ids.index(highlighted)
        else:
            self.highlighted = 0 if ids else None
        scope = "All entities" if self.show_all else "Entities in article"
        self.border_title = f"{scope} ({len(groups)})"
        self.border_subtitle = "a: this article" if self.show_all else "a: all entities"

    def on_resize(self) -> None:
        """Re-wrap the prompts for the new width."""
        if (self._groups or self._pending) and self.scrollable_content_region.width != self._width:
            self.fill(list(self._groups.values()), self._selected, self._mentions, self._here)

    def mark_selected(self, group_id: str | None) -> None:
        """Move the ▸ marker to ``group_id`` without rebuilding the list."""
        previous, self._selected = self._selected, group_id
        if previous == group_id:
            return
        for changed in {previous, group_id}:
            if changed in self._groups:
                self.replace_option_prompt(changed, self._prompt(self._groups[changed]))
