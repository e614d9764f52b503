"""Every key binding of the reader, in one place, plus the help table built from it."""

from __future__ import annotations

from textual.binding import Binding

APP = [
    Binding("question_mark", "help", "Help", key_display="?"),
    Binding("slash", "search", "Search", key_display="/"),
    Binding("n", "next_mention", "Next mention"),
    Binding("N", "previous_mention", "Prev mention", key_display="N"),
    Binding("a", "toggle_all", "All entities"),
    Binding("escape", "clear", "Clear", show=False),
    Binding("1", "focus('articles')", "Articles", show=False),
    Binding("2", "focus('reader')", "Reader", show=False),
    Binding("3", "focus('entities')", "Entities", show=False),
    Binding("q", "quit", "Quit"),
]
"""Keys that work everywhere (except while typing in the search box)."""

LIST = [
    Binding("j", "cursor_down", "Down", show=False),
    Binding("k", "cursor_up", "Up", show=False),
]
"""Vi-style movement added to the article list and the entity panel."""

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
        "Other",
        [
            ("?", "This help (Escape or q closes it)"),
            ("Ctrl+P", "Command palette: change theme, etc."),
            ("q", "Quit"),
        ],
    ),
]
"""Help screen rows: (section, [(keys, what they do)])."""
