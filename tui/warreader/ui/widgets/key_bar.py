"""The key bar: the bottom line listing the keys that work where the focus is.

It shows what Textual's Footer shows, in one widget drawing one line: the Footer builds a
widget per key and rebuilds them all whenever the focus moves, which costs a layout pass and
a dozen style computations at start-up and on every focus change. Clicking a key presses it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

from warreader.ui import keymap

Key = tuple[str, str, str, bool]  # key, key as shown, description, enabled

ORDER = {b.id: (n, m) for n, bs in enumerate(keymap.REMAPPABLE) for m, b in enumerate(bs) if b.id}
"""(binding list, place in it) of each remappable binding of :mod:`warreader.ui.keymap`."""


def _in_keymap_order(keys: list[Key], ids: list[str | None]) -> list[Key]:
    """``keys`` with those of one binding list put back in that list's order (a key remapped by
    config.toml comes last in Textual's bindings); every other key stays where it is."""
    result = list(keys)
    for number in range(len(keymap.REMAPPABLE)):
        slots = [n for n, i in enumerate(ids) if i in ORDER and ORDER[i][0] == number]
        ordered = sorted(slots, key=lambda n: ORDER[ids[n] or ""])
        for slot, source in zip(slots, ordered, strict=True):
            result[slot] = keys[source]
    return result


class KeyBar(Widget):
    """One line of ``key description`` pairs from the screen's active bindings (``show=True``)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: list[Key] = []
        self._spans: list[tuple[int, int, str]] = []
        """Cells each key occupies on the line: start, end, key (for clicks)."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is not self.screen:
            return
        keys = self.active_keys()
        if keys != self._keys:
            self._keys = keys
            self.refresh()

    def active_keys(self) -> list[Key]:
        """The keys to show, one per action (the first binding of an action), palette key last."""
        app, seen = self.app, set()
        keys: list[Key] = []
        ids: list[str | None] = []
        palette: Key | None = None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = (binding.key, app.get_key_display(binding), binding.description, enabled)
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            keys.append((binding.key, app.get_key_display(binding), binding.description, enabled))
            ids.append(binding.id)
        keys = _in_keymap_order(keys, ids)
        return [*keys, palette] if palette is not None else keys

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for number, (key, shown, description, enabled) in enumerate(self._keys):
            if number == len(self._keys) - 1 and key == self.app.COMMAND_PALETTE_BINDING:
                room = self.size.width - line.cell_len - len(shown) - len(description) - 3
                line.append(" " * max(1, room))  # the palette key sits at the right end
            start = line.cell_len
            line.append(f" {shown} ", key_style)
            if description:
                line.append(f"{description} ", description_style)
            if not enabled:
                line.stylize("dim", start)
            self._spans.append((start, line.cell_len, key))
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
