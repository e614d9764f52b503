"""Every key binding of the reader, in one place, plus the help table built from it."""

from __future__ import annotations

from textual.binding import Binding, BindingType

APP = [
    Binding("question_mark", "help", "Help", key_display="?", id="help"),
    Binding("slash", "search", "Search", key_display="/", id="search"),
    Binding("n", "next_mention", "Next mention", id="next_mention"),
    Binding("N", "previous_mention", "Prev mention", key_display="N", id="previous_mention"),
    Binding("a", "toggle_all", "All entities", id="toggle_all"),
    Binding("escape", "clear", "Clear", show=False, id="clear"),
    Binding("1", "focus_pane('articles')", "Articles", show=False, id="focus_articles"),
    Binding("2", "focus_pane('reader')", "Reader", show=False, id="focus_reader"),
    Binding("3", "focus_pane('entities')", "Entities", show=False, id="focus_entities"),
    # The analyst's views, corrections, export (warreader.ui.app).
    Binding("f", "follow_filter", "Filter", id="follow_filter"),
    Binding("e", "entity_view", "View", id="entity_view"),
    Binding("w", "who_said", "Quotes", id="who_said"),
    Binding("m", "map", "Map", id="map"),
    Binding("c", "corrections", "Correct", show=False, id="corrections"),
    Binding("x", "export", "Export", show=False, id="export"),
    Binding("u", "toggle_read", "Read/unread", show=False, id="toggle_read"),
    Binding("B", "bookmark", "Bookmark", show=False, key_display="B", id="bookmark"),
    Binding("apostrophe", "bookmarks_only", "Bookmarked", show=False, key_display="'", id="bookmarks_only"),
    Binding("s", "sort", "Sort", show=False, id="sort"),
    Binding("v", "list_filter", "List only", show=False, id="list_filter"),
    Binding("U", "unread_only", "Unread only", show=False, key_display="U", id="unread_only"),
    Binding("A", "mark_all_read", "All read", show=False, key_display="A", id="mark_all_read"),
    Binding("z", "undo_mark_all", "Undo all read", show=False, id="undo_mark_all"),
    Binding("i", "watched", "Watched", show=False, id="watched"),
    Binding("D", "one_story", "One story once", show=False, key_display="D", id="one_story"),
    Binding("plus", "expand_story", "Whole story", show=False, key_display="+", id="expand_story"),
    Binding("y", "copy", "Copy", show=False, id="copy"),
    Binding("o", "open_link", "Open link", show=False, id="open_link"),
    Binding("t", "next_theme", "Theme", show=False, id="next_theme"),
    Binding("r", "refresh_feeds", "Fetch feeds", show=False, id="refresh_feeds"),
    Binding("q", "quit", "Quit", id="quit"),
]
"""Every key of the main screen, in the order the footer and the help show them. Ids name them in
config.toml. The reader's own keys (:data:`READING`) belong to the reader screen; the rest
(:data:`GLOBAL`) work on every screen (except while typing in the search box)."""

_READING_IDS = frozenset(
    {
        "search",
        "next_mention",
        "previous_mention",
        "toggle_all",
        "clear",
        "focus_articles",
        "focus_reader",
        "focus_entities",
        "follow_filter",
        "toggle_read",
        "bookmark",
        "bookmarks_only",
        "sort",
        "copy",
        "open_link",
        "list_filter",
        "unread_only",
        "mark_all_read",
        "undo_mark_all",
        "watched",
        "one_story",
        "expand_story",
    }
)
READING: list[BindingType] = [b for b in APP if b.id in _READING_IDS]
"""Keys that act on the reader's widgets: the reader screen's own (off while another screen is shown)."""
GLOBAL: list[BindingType] = [b for b in APP if b.id not in _READING_IDS]
"""Keys of the app: help, the views, corrections, export, theme, quit."""

ENTITY_VIEW: list[BindingType] = [
    Binding("escape", "close", "Back", id="entity_view.close"),
    Binding("x", "export", "Export", id="entity_view.export"),
    Binding("y", "copy", "Copy sentence", id="entity_view.copy"),
    Binding("c", "correct", "Correct", id="entity_view.correct"),
    Binding("w", "statements", "What they said", id="entity_view.statements"),
]
"""The entity view (e): every mention in context and a timeline."""

WHO_SAID: list[BindingType] = [
    Binding("escape", "close", "Back", id="who_said.close"),
    Binding("y", "copy", "Copy quote", id="who_said.copy"),
]
"""Who said what (w)."""

MAP_SCREEN: list[BindingType] = [Binding("escape", "close", "Back", id="map.close")]
MAP_KEYS: list[BindingType] = [
    Binding("left,h", "move('left')", "West", show=False, id="map.west"),
    Binding("right,l", "move('right')", "East", show=False, id="map.east"),
    Binding("up,k", "move('up')", "North", show=False, id="map.north"),
    Binding("down,j", "move('down')", "South", show=False, id="map.south"),
    Binding("plus,equals_sign", "zoom(2.0)", "Zoom in", key_display="+", id="map.zoom_in"),
    Binding("minus", "zoom(0.5)", "Zoom out", key_display="-", id="map.zoom_out"),
    Binding("0", "reset", "Whole map", id="map.reset"),
    Binding("enter", "choose", "Follow", id="map.choose"),
]
"""The map (m)."""

DIALOG: list[BindingType] = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]
"""Pickers and prompts (corrections, export)."""


def _hidden(*rows: tuple[str, str, str]) -> list[BindingType]:
    """Bindings left out of the footer, from (keys, action, description) rows."""
    return [Binding(keys, action, description, show=False) for keys, action, description in rows]


LIST: list[BindingType] = _hidden(("j", "cursor_down", "Down"), ("k", "cursor_up", "Up"))
"""Vi-style movement added to the article list and the entity panel."""

CURSOR: list[BindingType] = [
    *LIST,
    *_hidden(
        ("down", "cursor_down", "Down"),
        ("up", "cursor_up", "Up"),
        ("pagedown", "page_down", "Page down"),
        ("pageup", "page_up", "Page up"),
        ("home", "first", "First"),
        ("end", "last", "Last"),
    ),
]
"""The cursor keys of the line-drawn lists (the article list, the entity panel)."""

READER: list[BindingType] = _hidden(
    ("j", "scroll_down", "Scroll down"),
    ("k", "scroll_up", "Scroll up"),
    ("space", "page_down", "Page down"),
    ("b", "page_up", "Page up"),
    ("g", "scroll_home", "Top"),
    ("G", "scroll_end", "Bottom"),
)
"""Scrolling keys of the reading pane."""

SEARCH: list[BindingType] = [Binding("escape", "close", "Close search")]

HELP_SCREEN: list[BindingType] = [
    Binding("escape", "dismiss", "Close"),
    *_hidden(
        ("q", "dismiss", "Close"),
        ("question_mark", "dismiss", "Close"),
        ("j,down", "scroll('down')", "Scroll"),
        ("k,up", "scroll('up')", "Scroll up"),
        ("pagedown,space", "scroll('page_down')", "Page down"),
        ("pageup,b", "scroll('page_up')", "Page up"),
        ("g,home", "scroll('home')", "Top"),
        ("G,end", "scroll('end')", "Bottom"),
    ),
]
"""The help screen: close it, or scroll it as the reader scrolls."""

HELP_LAYOUT: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Moving around",
        [
            ("Tab / Shift+Tab", "Move focus: articles → reader → entities"),
            (
                "{focus_articles}  {focus_reader}  {focus_entities}",
                "Focus the article list, the reader, the entity panel",
            ),
            ("j / k  or  ↓ / ↑", "Move in a list, or scroll the article"),
            ("PgDn / PgUp, Home / End", "Page through a list or the article"),
            ("Space / b", "Page down / up in the reader"),
            ("g / G", "Top / bottom of the article"),
            ("Mouse", "Click an article to open it, an entity to follow it"),
        ],
    ),
    (
        "Reading",
        [
            ("Enter", "Open the article under the cursor / follow the entity under the cursor"),
            (
                "{next_mention}",
                "Next mention of the followed entity (or next search match) across the corpus",
            ),
            ("{previous_mention}", "Previous mention (or previous search match)"),
            ("{toggle_all}", "Entity panel: switch between this article's entities and the whole corpus"),
            ("{search}", "Search the text of every article; Enter finds the next match"),
            ("{clear}", "Close the search box, or stop following an entity / search"),
        ],
    ),
    (
        "What you see",
        [
            ("◆  underlined", "A place (marker in the Entities panel, style in the text)"),
            ("●  bold", "A speaker, in a second colour"),
            ("reversed", "The mention or search match {next_mention} / {previous_mention} landed on"),
            (
                "▸",
                "The entity {next_mention} / {previous_mention} follow (the status line says which mention)",
            ),
        ],
    ),
    (
        "Following an entity",
        [
            ("{follow_filter}", "Only articles mentioning the followed entity"),
            ("{entity_view}", "Entity view: mentions in context, per day"),
            ("{who_said}", "Who said what: quotes and statements"),
            ("{map}", "Map of the places; Enter follows one"),
            ("{corrections}", "Correct: rename, merge, split, reject, undo"),
            ("{export}", "Export all entities (JSON, CSV, Markdown)"),
        ],
    ),
    (
        "Reading comfort",
        [
            ("✓  ★  ▶", "Article list: read, bookmarked, open"),
            ("{toggle_read}", "Mark read / unread (opening marks it read)"),
            ("{bookmark}", "Bookmark the open article (again: remove)"),
            ("{bookmarks_only}", "Only bookmarked articles (again: all)"),
            ("{sort}", "Sort: corpus → newest → source → title"),
            ("{list_filter}", "List only one source, one language, a date range (remembered)"),
            ("{unread_only}", "Only unread articles (again: all)"),
            ("{mark_all_read}  {undo_mark_all}", "Mark every listed article read · undo that"),
            ("{watched}", "Watched entities and saved searches: new articles (◉), watch the followed one"),
            (
                "{one_story}",
                "Each story republished by several outlets listed once (“also in N sources”); again: all",
            ),
            ("{expand_story}", "Every outlet's article of the open story (f: all articles again)"),
            ("{copy}", "Copy the sentence of the current mention (tmux, screen, desktop clipboards)"),
            ("{open_link}", "Open the article's web link in the browser"),
            ("{next_theme}", "Next colour theme"),
            ("{refresh_feeds}", "Fetch every feed now (warreader feeds add URL); new articles join the list"),
        ],
    ),
    (
        "In the views ({entity_view}, {who_said}, {map})",
        [
            ("Enter", "Read it in the reader; map: follow the place"),
            (
                "{entity_view.export}  {entity_view.copy}  {entity_view.correct}  {entity_view.statements}",
                "Entity: export · copy · correct · who said",
            ),
            ("{who_said.copy}  Tab", "Who said what: copy · speakers ⇄ statements"),
            (
                "{map.west} {map.east} {map.north} {map.south}",
                "Map: nearest place west, east, north, south; Tab: the list",
            ),
            ("{map.zoom_in}  {map.zoom_out}  {map.reset}", "Map: zoom in · zoom out · whole map"),
            (
                "{entity_view.close|who_said.close|map.close|dialog.cancel}",
                "Back to the reader; cancels a dialog",
            ),
        ],
    ),
    (
        "Other",
        [
            ("{help}", "This help (Escape or q closes it; j / k, PgDn / PgUp, g / G scroll it)"),
            ("Ctrl+P", "Command palette: every action, “go to entity”, themes"),
            ("{quit}", "Quit"),
        ],
    ),
]
"""Help screen rows: (section, [(keys, what they do)]). ``{id}`` is the key of the binding with that id
as it is bound now (after config.toml's [keys]); ``{a|b}`` the distinct keys of several."""

REMAPPABLE: tuple[list[Binding], ...] = tuple(
    [b for b in bindings if isinstance(b, Binding)]
    for bindings in (APP, ENTITY_VIEW, WHO_SAID, MAP_SCREEN, MAP_KEYS, DIALOG)
)
"""The binding lists whose ids config.toml's [keys] may remap."""

KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "apostrophe": "'",
    "escape": "Escape",
    "enter": "Enter",
    "tab": "Tab",
    "space": "Space",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
    "plus": "+",
    "minus": "-",
    "equals_sign": "=",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
    "delete": "Del",
    "backspace": "Backspace",
}
"""How the help and the palette write keys that are not one printable character."""


def key_text(keys: str) -> str:
    """A Textual key string as the help writes it: "question_mark" → "?", "ctrl+f" → "Ctrl+F",
    "left,h" → "←/h"."""
    from textual.keys import key_to_character

    shown = []
    for key in (k.strip() for k in keys.split(",") if k.strip()):
        *modifiers, base = key.split("+")  # Textual names "+" itself "plus"
        name = KEY_NAMES.get(base)
        if name is None:
            character = base if len(base) == 1 else key_to_character(base)
            if character is not None and len(character) == 1 and character.isprintable():
                name = character.upper() if modifiers else character
            else:
                name = base.capitalize()  # f1 → F1, insert → Insert
        shown.append("+".join([*(m.capitalize() for m in modifiers), name]))
    return "/".join(shown)


def bound_keys(applied: dict[str, str] | None = None) -> dict[str, str]:
    """Binding id → its keys as the help writes them, with ``applied`` (binding id → Textual key string,
    what :meth:`textual.app.App.set_keymap` was given) overriding the defaults."""
    applied = applied or {}
    labels: dict[str, str] = {}
    for bindings in REMAPPABLE:
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.id:
                continue
            remapped = applied.get(binding.id)
            labels[binding.id] = (
                key_text(remapped) if remapped else (binding.key_display or key_text(binding.key))
            )
    return labels


def live_keys(app: object) -> dict[str, str]:
    """:func:`bound_keys` for the keymap the running ``app`` applied (config.toml's [keys])."""
    applied = getattr(app, "_keymap", None)  # what App.set_keymap stored (Textual has no public getter)
    return bound_keys(applied if isinstance(applied, dict) else None)


def _fill(template: str, labels: dict[str, str]) -> str:
    import re

    def one(match: re.Match[str]) -> str:
        ids = match.group(1).split("|")
        return " / ".join(dict.fromkeys(labels.get(i, i) for i in ids))

    return re.sub(r"\{([\w.|]+)\}", one, template)


def help_sections(labels: dict[str, str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """:data:`HELP_LAYOUT` with every ``{id}`` replaced by its key in ``labels`` (see :func:`bound_keys`)."""
    return [
        (_fill(section, labels), [(_fill(keys, labels), _fill(what, labels)) for keys, what in rows])
        for section, rows in HELP_LAYOUT
    ]


HELP = help_sections(bound_keys())
"""The help rows with the default keys."""
