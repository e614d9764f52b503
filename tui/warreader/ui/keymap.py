"""Every key binding of the reader, in one place, plus the help table built from it."""

from __future__ import annotations

from textual.binding import Binding

APP = [
    Binding("question_mark", "help", "Help", key_display="?", id="help"),
    Binding("slash", "search", "Search", key_display="/", id="search"),
    Binding("n", "next_mention", "Next mention", id="next_mention"),
    Binding("N", "previous_mention", "Prev mention", key_display="N", id="previous_mention"),
    Binding("a", "toggle_all", "All entities", id="toggle_all"),
    Binding("escape", "clear", "Clear", show=False, id="clear"),
    Binding("1", "focus('articles')", "Articles", show=False, id="focus_articles"),
    Binding("2", "focus('reader')", "Reader", show=False, id="focus_reader"),
    Binding("3", "focus('entities')", "Entities", show=False, id="focus_entities"),
    # The analyst's workbench (warreader.ui.workbench).
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
    Binding("y", "copy", "Copy", show=False, id="copy"),
    Binding("t", "next_theme", "Theme", show=False, id="next_theme"),
    Binding("q", "quit", "Quit", id="quit"),
]
"""Keys that work everywhere (except while typing in the search box). Ids name them in config.toml."""

ENTITY_VIEW = [
    Binding("escape", "close", "Back", id="entity_view.close"),
    Binding("x", "export", "Export", id="entity_view.export"),
    Binding("y", "copy", "Copy sentence", id="entity_view.copy"),
    Binding("c", "correct", "Correct", id="entity_view.correct"),
    Binding("w", "statements", "What they said", id="entity_view.statements"),
]
"""The entity view (e): every mention in context and a timeline."""

WHO_SAID = [
    Binding("escape", "close", "Back", id="who_said.close"),
    Binding("y", "copy", "Copy quote", id="who_said.copy"),
]
"""Who said what (w)."""

MAP_SCREEN = [Binding("escape", "close", "Back", id="map.close")]
MAP_KEYS = [
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

DIALOG = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]
"""Pickers and prompts (corrections, export)."""

LIST = [
    Binding("j", "cursor_down", "Down", show=False),
    Binding("k", "cursor_up", "Up", show=False),
]
"""Vi-style movement added to the article list and the entity panel."""

CURSOR = [
    *LIST,
    Binding("down", "cursor_down", "Down", show=False),
    Binding("up", "cursor_up", "Up", show=False),
    Binding("pagedown", "page_down", "Page down", show=False),
    Binding("pageup", "page_up", "Page up", show=False),
    Binding("home", "first", "First", show=False),
    Binding("end", "last", "Last", show=False),
]
"""The cursor keys of the line-drawn lists (the article list, the entity panel)."""

READER = [
    Binding("j", "scroll_down", "Scroll down", show=False),
    Binding("k", "scroll_up", "Scroll up", show=False),
    Binding("space", "page_down", "Page down", show=False),
    Binding("b", "page_up", "Page up", show=False),
    Binding("g", "scroll_home", "Top", show=False),
    Binding("G", "scroll_end", "Bottom", show=False),
]
"""Scrolling keys of the reading pane."""

SEARCH = [Binding("escape", "close", "Close search")]

HELP: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Moving around",
        [
            ("Tab / Shift+Tab", "Move focus: articles → reader → entities"),
            ("1  2  3", "Focus the article list, the reader, the entity panel"),
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
            ("n", "Next mention of the followed entity (or next search match) across the corpus"),
            ("N", "Previous mention (or previous search match)"),
            ("a", "Entity panel: switch between this article's entities and the whole corpus"),
            ("/", "Search the text of every article; Enter finds the next match"),
            ("Escape", "Close the search box, or stop following an entity / search"),
        ],
    ),
    (
        "What you see",
        [
            ("◆  underlined", "A place (marker in the Entities panel, style in the text)"),
            ("●  bold", "A speaker, in a second colour"),
            ("reversed", "The mention or search match n / N landed on"),
            ("▸", "The entity n / N follow; the status line says which mention you are on"),
        ],
    ),
    (
        "Following an entity",
        [
            ("f", "Only articles mentioning the followed entity"),
            ("e", "Entity view: mentions in context, per day"),
            ("w", "Who said what: quotes and statements"),
            ("m", "Map of the places; Enter follows one"),
            ("c", "Correct: rename, merge, split, reject, undo"),
            ("x", "Export all entities (JSON, CSV, Markdown)"),
        ],
    ),
    (
        "Reading comfort",
        [
            ("✓  ★  ▶", "Article list: read, bookmarked, open"),
            ("u", "Mark read / unread (opening marks it read)"),
            ("B", "Bookmark the open article (again: remove)"),
            ("'", "Only bookmarked articles (again: all)"),
            ("s", "Sort: corpus → newest → source → title"),
            ("y", "Copy the sentence of the current mention"),
            ("t", "Next colour theme"),
        ],
    ),
    (
        "In the views (e, w, m)",
        [
            ("Enter", "Read it in the reader; map: follow the place"),
            ("x  y  c  w", "Entity: export · copy · correct · who said"),
            ("y  Tab", "Who said what: copy · speakers ⇄ statements"),
            ("← → ↑ ↓  h j k l", "Map: nearest place that way; Tab: the list"),
            ("+  -  0", "Map: zoom in · zoom out · whole map"),
            ("Escape", "Back to the reader; cancels a dialog"),
        ],
    ),
    (
        "Other",
        [
            ("?", "This help (Escape or q closes it)"),
            ("Ctrl+P", "Command palette: every action, “go to entity”, themes"),
            ("q", "Quit"),
        ],
    ),
]
"""Help screen rows: (section, [(keys, what they do)])."""
