"""Command palette (Ctrl+P): every action of the reader, and a fuzzy "go to entity"."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider

from warreader import lookup
from warreader.ui import keymap
from warreader.ui.highlight import inert_line
from warreader.ui.widgets.entity_panel import MARKERS

EXTRA = [
    ("Where are my settings?", "settings_paths", "The config file and the saved state"),
    ("Undo a correction…", "undo_correction", "Pick a saved correction to take back"),
    ("Export corrections as a TOML aliases file…", "export_corrections", "Asks where to write it"),
    ("Import corrections from a TOML aliases file…", "import_corrections", "Asks for the file to read"),
    (
        "Export the listed articles (HTML report, Markdown, CSV, JSON)…",
        "export_listed",
        "As the list shows them",
    ),
]
"""Commands with no key: (title, action, help)."""

MIN_LOOKUP = 3
"""Typed characters before the palette looks entity names up by transliteration."""

LONG_NAMES = {
    "help": "Help: every key",
    "search": "Search the text of every article",
    "next_mention": "Next mention of the followed entity",
    "previous_mention": "Previous mention of the followed entity",
    "toggle_all": "Entities panel: this article / whole corpus",
    "clear": "Stop following / close search",
    "focus_pane('articles')": "Focus the article list",
    "focus_pane('reader')": "Focus the reader",
    "focus_pane('entities')": "Focus the Entities panel",
    "follow_filter": "Filter articles to the followed entity",
    "entity_view": "Entity view: mentions in context and timeline",
    "who_said": "Who said what",
    "map": "Map of places",
    "corrections": "Correct the entity (rename, merge, split, not a place / speaker)",
    "export": "Export all entities (JSON, CSV, Markdown)",
    "toggle_read": "Mark the article read / unread",
    "bookmark": "Bookmark the article",
    "bookmarks_only": "Show only bookmarked articles",
    "sort": "Sort articles (corpus, date, source, title)",
    "copy": "Copy the current sentence",
    "open_link": "Open the article's link in the browser",
    "list_filter": "List only one source, language or date range",
    "unread_only": "List only unread articles (toggle)",
    "mark_all_read": "Mark every listed article read",
    "undo_mark_all": "Undo marking every listed article read",
    "watched": "Watched entities and saved searches",
    "refresh_feeds": "Fetch every feed now",
    "one_story": "List each republished story once (toggle)",
    "expand_story": "List every outlet's article of the open story",
    "next_theme": "Next colour theme",
    "quit": "Quit",
}


def actions(app: object = None) -> list[tuple[str, str, str]]:
    """(title, action, help) for every app-level key binding, then the extra commands.

    The help names each binding's key as ``app`` binds it now (after config.toml's [keys])."""
    keys = keymap.live_keys(app)
    found = []
    for binding in keymap.APP:
        if not isinstance(binding, Binding):
            continue
        title = LONG_NAMES.get(binding.action, binding.description)
        found.append((title, binding.action, f"key: {keys.get(binding.id or '', binding.key)}"))
    return found + EXTRA


def highlighted(matcher: Matcher, text: Text, plain: str) -> Text:
    """``text`` (whose plain form is ``plain``) with the fuzzy-matched characters styled."""
    _, offsets = matcher.fuzzy_search.match(matcher.query, plain)
    style = matcher.match_style if isinstance(matcher.match_style, Style) else Style(reverse=True)
    for offset in offsets:
        if offset < len(text.plain):
            text.stylize(style, offset, offset + 1)
    return text


class WorkbenchCommands(Provider):
    """The reader's actions by name, and every entity of the corpus ("Go to entity: Kharkiv")."""

    def _run(self, action: str) -> Callable[[], object]:
        """Run ``action`` on the reader screen when it is one of the reader's, else on the app."""
        reading = self.app.screen_stack[0] if self.app.screen_stack else self.app
        name = action.partition("(")[0]
        target = reading if hasattr(reading, f"action_{name}") else self.app
        return partial(self.app.run_action, action, target)

    def _entities(self) -> Iterator[tuple[str, str, Text, str, Callable[[], object]]]:
        """(group id, text to match, prompt, plain prompt, command) of every entity."""
        library = getattr(self.app, "library", None)
        select = getattr(self.app, "select_entity", None)
        if library is None or select is None:
            return
        for group in library.groups.values():
            name = inert_line(group.name)
            plain = f"Go to entity: {name}"
            prompt = Text(plain, end="")
            others = [inert_line(v) for v in group.variants if v != group.name][:5]
            prompt.append(f"  {MARKERS.get(group.kind, '?')} {group.kind}", style="dim")
            if others:
                prompt.append("  " + " · ".join(others), style="dim italic")
            search = " ".join([plain, *others])
            yield group.id, search, prompt, plain, partial(select, group.id)

    def _named(self, query: str) -> set[str]:
        """Groups the query names in any spelling ("kharkov" for Kharkiv), as ``export entity`` finds them."""
        library = getattr(self.app, "library", None)
        if library is None or len(query.strip()) < MIN_LOOKUP:
            return set()
        return {group.id for group in lookup.find_groups(library, query)}

    async def discover(self) -> Hits:
        for title, action, help in actions(self.app):
            yield DiscoveryHit(Text(title, end=""), self._run(action), text=title, help=help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, help in actions(self.app):
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, highlighted(matcher, Text(title, end=""), title), self._run(action), title, help
                )
        named = self._named(query)
        for group_id, search, prompt, plain, command in self._entities():
            score = max(matcher.match(plain), matcher.match(search) * 0.9)
            if group_id in named:
                score = 1.0  # the name in another spelling: first, even when no letter matches
            if score > 0:
                yield Hit(score, highlighted(matcher, prompt, plain), command, plain)
