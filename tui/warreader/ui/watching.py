"""Watched entities and saved searches (i): what the analyst keeps an eye on across refreshes.

A watch is an entity (a group id) or a search query, kept in config.toml's ``[[watch]]``. Each
time a library is shown, every watch's matching articles are found (the entity's walk, or the
full-text index then the bodies for a query); those not read yet are *new*: the Watched view
counts them, the article list marks them (◉), and choosing a watch lists just its articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text

from warreader.ui.highlight import inert_line
from warreader.ui.screens.dialogs import PickScreen
from warreader.wording import counted

if TYPE_CHECKING:
    from warreader.library import Library
    from warreader.ui.screens.reading import ReaderScreen

WATCH_MARK = "◉"
"""The list's mark of an unread article a watch matches."""


@dataclass(frozen=True, slots=True)
class Watch:
    entity: str = ""
    """A group id ("place:kharkiv"), or "" for a saved search."""
    query: str = ""
    name: str = ""

    def label(self, library: Library | None) -> str:
        if self.entity:
            group = library.groups.get(self.entity) if library is not None else None
            return group.name if group is not None else self.name or self.entity
        return f"“{self.query}”"

    def to_entry(self) -> dict[str, str]:
        return {k: v for k, v in (("entity", self.entity), ("query", self.query), ("name", self.name)) if v}


def matching(library: Library, watch: Watch) -> set[int]:
    """The articles of ``library`` that ``watch`` matches."""
    if watch.entity:
        if watch.entity not in library.groups:
            return set()
        return {ref.article for ref in library.mentions_of(watch.entity)}
    folded = watch.query.casefold().strip()
    if not folded:
        return set()
    candidates = library.search(watch.query)
    return {index for index, body in library.texts(candidates) if folded in body.casefold()}


class Watching:
    """The watches of ``screen``'s reader and what they match in the library on screen."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.watches: list[Watch] = []
        self._found: dict[Watch, set[int]] = {}
        self._found_for: Library | None = None

    def load(self, entries: list[dict[str, str]]) -> None:
        self.watches = [Watch(e.get("entity", ""), e.get("query", ""), e.get("name", "")) for e in entries]
        self._found_for = None

    def found(self, watch: Watch) -> set[int]:
        """The articles ``watch`` matches in the library on screen (found once per library)."""
        library = self.screen.library
        if library is None:
            return set()
        if self._found_for is not library:
            self._found, self._found_for = {}, library
        if watch not in self._found:
            self._found[watch] = matching(library, watch)
        return self._found[watch]

    def new(self) -> set[int]:
        """Unread articles any watch matches (marked in the list)."""
        library = self.screen.library
        if library is None or not self.watches:
            return set()
        read = self.screen.listing.read(library)
        return {i for watch in self.watches for i in self.found(watch)} - read

    # -- the Watched view (i) -----------------------------------------------------------

    def open_view(self) -> None:
        screen, library = self.screen, self.screen.library
        if library is None:
            return
        read = screen.listing.read(library)
        items: list[tuple[str, Text, str]] = []
        for number, watch in enumerate(self.watches):
            found = self.found(watch)
            fresh = len(found - read)
            label = inert_line(watch.label(library))
            prompt = Text(label, style="bold" if fresh else "", end="")
            prompt.append(f"  {fresh:,} new · {counted(len(found), 'article', thousands=True)}", style="dim")
            items.append((f"show:{number}", prompt, label))
        target = self._candidate()
        if target is not None and target not in self.watches:
            items.append(("add", Text("Watch " + inert_line(target.label(library)), end=""), "watch"))
        for number, watch in enumerate(self.watches):
            label = inert_line(watch.label(library))
            items.append(
                (f"drop:{number}", Text(f"Stop watching {label}", style="dim", end=""), "stop " + label)
            )
        if not items:
            items.append(
                (
                    "",
                    Text("Follow an entity (Enter in the panel) or search (/), then i watches it.", end=""),
                    "",
                )
            )
        help = "New: matching articles you have not read. Choosing a watch lists its articles (f again: all)."
        screen.app.push_screen(PickScreen("Watched", items, help), self._chosen)

    def _candidate(self) -> Watch | None:
        """What i offers to watch: the search being followed, else the followed entity."""
        screen, library = self.screen, self.screen.library
        if screen.follow == "search" and screen.query_text.strip():
            return Watch(query=screen.query_text.strip())
        if library is not None and screen.entity in library.groups:
            return Watch(entity=screen.entity or "", name=library.groups[screen.entity or ""].name)
        return None

    def _chosen(self, key: str | None) -> None:
        screen = self.screen
        if not key:
            return
        action, _, number = key.partition(":")
        if action == "add":
            watch = self._candidate()
            if watch is not None:
                self.watches.append(watch)
                self._save()
                screen.notify(
                    "Watching " + inert_line(watch.label(screen.library)), title="Watched", markup=False
                )
        elif action == "drop" and int(number) < len(self.watches):
            gone = self.watches.pop(int(number))
            self._save()
            screen.notify(
                "No longer watching " + inert_line(gone.label(screen.library)), title="Watched", markup=False
            )
        elif action == "show" and int(number) < len(self.watches):
            watch = self.watches[int(number)]
            screen.list_keys.expanded = False
            screen.show_only(self.found(watch), "watched: " + watch.label(screen.library))
        screen.redraw_marks()

    def _save(self) -> None:
        self.screen.desk.save_watches([w.to_entry() for w in self.watches])
