"""The variants panel: entity groups with their kind, counts and spellings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from warreader.library import Group
from warreader.ui import keymap
from warreader.ui.highlight import inert_line

MARKERS = {"place": "◆", "speaker": "●"}
MAX_VARIANTS = 12


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def entity_lines(group: Group, *, kind_style: Style, mentions: int, here: int | None = None) -> Text:
    """Three lines for one group: name and kind, counts, then its spellings."""
    text = Text(end="")
    text.append(inert_line(group.name) or "(unnamed)", style=kind_style + Style(bold=True))
    text.append("  " + group.kind, style="dim")
    articles = len(group.articles)
    counts = f"{_plural(mentions, 'mention')} · {_plural(articles, 'article')}"
    if here is not None:
        counts += f" · {here} here"
    text.append("\n" + counts, style="dim")
    variants = [inert_line(v) for v in group.variants if v] or [inert_line(group.name)]
    shown = " · ".join(variants[:MAX_VARIANTS])
    if len(variants) > MAX_VARIANTS:
        shown += f" · +{len(variants) - MAX_VARIANTS} more"
    text.append("\n" + shown, style="italic")
    return text


def entity_prompt(
    group: Group, *, kind_style: Style, mentions: int, selected: bool = False, here: int | None = None
) -> Table:
    """An option prompt: a marker column (selection and kind) beside :func:`entity_lines`."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, no_wrap=True)
    grid.add_column(ratio=1)
    marker = Text("▸ " if selected else "  ", style="bold", end="")
    marker.append(MARKERS.get(group.kind, "?"), style=kind_style)
    grid.add_row(marker, entity_lines(group, kind_style=kind_style, mentions=mentions, here=here))
    return grid


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

    def fill(
        self,
        groups: Sequence[Group],
        selected: str | None,
        mentions: Mapping[str, int],
        here: Mapping[str, int] | None = None,
    ) -> None:
        """Show ``groups`` with their corpus ``mentions``; ``here`` counts them in the open article."""
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        styles = {
            "place": self.get_component_rich_style("entity-panel--place", partial=True),
            "speaker": self.get_component_rich_style("entity-panel--speaker", partial=True),
        }
        options = [
            Option(
                entity_prompt(
                    group,
                    kind_style=styles.get(group.kind, Style()),
                    mentions=mentions.get(group.id, group.mentions),
                    selected=group.id == selected,
                    here=here.get(group.id) if here is not None else None,
                ),
                id=group.id,
            )
            for group in groups
        ]
        if not options:
            empty = "No places or speakers in this article." if here is not None else "No entities."
            options = [Option(Text(empty, style="dim italic"), disabled=True)]
        self.set_options(options)
        ids = [group.id for group in groups]
        if highlighted in ids:
            self.highlighted = ids.index(highlighted)
        elif ids:
            self.highlighted = 0
        else:
            self.highlighted = None
        scope = "All entities" if self.show_all else "Entities in this article"
        self.border_title = f"{scope} ({len(groups)})"
        self.border_subtitle = "a: this article" if self.show_all else "a: all entities"
