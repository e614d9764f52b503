"""The variants panel: entity groups with their kind, counts and spellings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from warreader.library import Group
from warreader.ui import keymap
from warreader.ui.highlight import inert_line

MARKERS = {"place": "◆", "speaker": "●"}
MAX_VARIANTS = 12


def entity_prompt(
    group: Group,
    *,
    kind_style: Style,
    selected: bool = False,
    here: int | None = None,
) -> Text:
    """Three lines for one group: marker and name, counts, then its spellings."""
    text = Text(end="")
    text.append("▸ " if selected else "  ", style="bold")
    text.append(MARKERS.get(group.kind, "?") + " ", style=kind_style)
    text.append(inert_line(group.name) or "(unnamed)", style="bold")
    text.append("  " + group.kind, style="dim")
    text.append("\n    ")
    articles = len(group.articles)
    counts = f"{group.mentions} mentions · {articles} article{'s' * (articles != 1)}"
    if here is not None:
        counts += f" · {here} here"
    text.append(counts, style="dim")
    variants = [inert_line(v) for v in group.variants if v] or [inert_line(group.name)]
    shown = " · ".join(variants[:MAX_VARIANTS])
    if len(variants) > MAX_VARIANTS:
        shown += f" · +{len(variants) - MAX_VARIANTS} more"
    text.append("\n    ")
    text.append(shown, style="italic")
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

    def fill(self, groups: Sequence[Group], selected: str | None, here: Counter[str] | None = None) -> None:
        """Show ``groups``; ``here`` counts mentions in the open article (article mode)."""
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
                    selected=group.id == selected,
                    here=here.get(group.id) if here is not None else None,
                ),
                id=group.id,
            )
            for group in groups
        ]
        self.set_options(options)
        ids = [group.id for group in groups]
        if highlighted in ids:
            self.highlighted = ids.index(highlighted)
        elif ids:
            self.highlighted = 0
        scope = "All entities" if self.show_all else "Entities in this article"
        self.border_title = f"{scope} ({len(groups)})"
        self.border_subtitle = "a: this article" if self.show_all else "a: all entities"
