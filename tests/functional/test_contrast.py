"""Every highlight is readable in every theme the app offers (WCAG: 4.5:1 for text), and the
themes ``t`` cycles through look different from one another.

The ANSI themes (ansi-dark, ansi-light) are not measured: their colours are the terminal's own,
which the app does not know (Rich's default palette would stand in for them, telling nothing)."""

from __future__ import annotations

from rich.color import Color as RichColor
from rich.style import Style
from textual.app import App
from textual.widget import Widget
from ui_helpers import SIZE, RecordingApp
from workbench_helpers import HAIDAI, KHARKIV, workbench_library

from warreader.ui import themes
from warreader.ui.app import WarReaderApp
from warreader.ui.widgets.article_list import ArticleList
from warreader.ui.widgets.entity_panel import EntityPanel
from warreader.ui.widgets.key_bar import KeyBar
from warreader.ui.widgets.reader import Reader

TEXT = 4.5
"""WCAG 2 AA contrast for normal text."""

Pair = tuple[str, str, float]  # what, theme, contrast


def luminance(color: RichColor) -> float:
    """WCAG relative luminance of a colour (ANSI colours as Rich's default terminal palette)."""
    red, green, blue = color.get_truecolor()

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(style: Style) -> float:
    """Contrast of the text drawn with a resolved ``style`` (its colour on its background, reverse swapped)."""
    assert style.color is not None and style.bgcolor is not None, style
    fg, bg = style.color, style.bgcolor
    if style.reverse:
        fg, bg = bg, fg
    high, low = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def part(widget: Widget, name: str) -> Style:
    return widget.get_component_rich_style(name, partial=True)


def full(widget: Widget, name: str) -> Style:
    return widget.get_component_rich_style(name)


def main_screen_styles(app: RecordingApp, focused: str) -> dict[str, Style]:
    """The styles text is drawn with on the main screen, composed as the widgets compose them."""
    reader, listing, panel = app.query_one(Reader), app.query_one(ArticleList), app.query_one(EntityPanel)
    base, match = reader.rich_style, part(reader, "reader--match")
    styles = {"reader text": base}
    for kind in ("place", "speaker", "date"):
        styles[f"reader {kind}"] = base + part(reader, f"reader--{kind}")
        styles[f"reader {kind} in a search match"] = base + part(reader, f"reader--{kind}") + match
    styles["reader search match"] = base + match
    styles["reader current mention"] = base + part(reader, "reader--place") + part(reader, "reader--current")
    styles["reader current match"] = base + match + part(reader, "reader--current")
    row = listing.rich_style
    styles["article list row"] = row
    for name in ("datatable--header", "datatable--even-row", "datatable--odd-row", "datatable--cursor"):
        styles[f"article list {name.split('--')[1]} ({focused} focused)"] = row + full(listing, name)
    cursor = panel.rich_style + full(panel, "entity-panel--cursor")
    for kind in ("place", "speaker"):
        styles[f"entity panel {kind}"] = panel.rich_style + part(panel, f"entity-panel--{kind}")
        styles[f"entity panel {kind} on the cursor row ({focused} focused)"] = cursor + part(
            panel, f"entity-panel--{kind}"
        )
    bar = app.query_one(KeyBar)
    styles["key bar key"] = bar.rich_style + full(bar, "key-bar--key")
    styles["key bar description"] = bar.rich_style + full(bar, "key-bar--description")
    styles["status line"] = app.query_one("#status").rich_style
    return styles


def view_styles(screen: Widget) -> dict[str, Style]:
    """Highlights of the entity view, who said what and the map."""
    styles: dict[str, Style] = {}
    for widget in screen.query("KwicList"):
        for kind in ("place", "speaker"):
            styles[f"entity view {kind}"] = widget.rich_style + part(widget, f"kwic--{kind}")
        styles["entity view highlighted line"] = widget.rich_style + full(
            widget, "option-list--option-highlighted"
        )
    if type(screen).__name__ == "WhoSaidScreen":
        statements = screen.query_one("#statements")
        styles["who said speaker"] = statements.rich_style + part(screen, "who-said--speaker")
        styles["who said highlighted line"] = statements.rich_style + full(
            statements, "option-list--option-highlighted"
        )
    for widget in screen.query("PlaceMap"):
        for name in ("place", "selected", "name", "label"):
            styles[f"map {name}"] = widget.rich_style + part(widget, f"place-map--{name}")
    return styles


def themed_app() -> RecordingApp:
    """The app with the themes it offers (WarReaderApp installs the readable ones)."""
    return RecordingApp(library=workbench_library())


async def collect(names: list[str] | None = None) -> list[Pair]:
    app = themed_app()
    found: list[Pair] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.select_entity(KHARKIV)
        offered = names or measured_themes(app)
        for theme in offered:
            app.theme = theme
            await pilot.pause()
            styles: dict[str, Style] = {}
            for focused in ("articles", "entities"):
                app.query_one(f"#{focused}").focus()
                await pilot.pause()
                styles |= main_screen_styles(app, focused)
            for keys in (("e",), ("w",), ("m",)):
                if keys == ("w",):
                    app.select_entity(HAIDAI)
                await pilot.press(*keys)
                await pilot.pause()
                styles |= view_styles(app.screen)
                await pilot.press("escape")
                await pilot.pause()
                app.select_entity(KHARKIV)
            found += [(what, theme, contrast(style)) for what, style in styles.items()]
    return found


def cycled_themes(app: RecordingApp) -> list[str]:
    """The themes the app offers: those ``t`` cycles through (the palette's theme list is the same)."""
    return sorted(app.available_themes)


def measured_themes(app: RecordingApp) -> list[str]:
    """The offered themes whose colours are known: all but the ANSI ones."""
    return [name for name in cycled_themes(app) if not app.available_themes[name].ansi]


async def test_every_highlight_is_readable_in_every_theme() -> None:
    found = await collect()
    measured = {theme for _, theme, _ in found}
    assert len(measured) >= 16, measured
    assert not measured & {"ansi-dark", "ansi-light"}
    poor = sorted(f"{theme}: {what} {ratio:.2f}" for what, theme, ratio in found if ratio < TEXT)
    assert poor == []


async def test_t_cycles_through_distinct_themes_only() -> None:
    """No two themes ``t`` reaches look almost the same (catppuccin-frappe and -macchiato were 4.5
    apart, rose-pine and -moon 7.4, the next closest pair 14.8), and ``t`` reaches every one."""
    app = themed_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        offered = cycled_themes(app)
        seen = {app.theme}
        for _ in offered:
            await pilot.press("t")
            seen.add(app.theme)
        assert seen == set(offered)
        assert themes.near_duplicates(app.available_themes[name] for name in offered) == []
        assert {"catppuccin-frappe", "catppuccin-mocha", "rose-pine", "rose-pine-dawn"} <= seen


def test_a_dropped_theme_becomes_its_twin() -> None:
    """A config naming a dropped theme opens its twin (install runs after the configured theme is set)."""
    app: App[None] = App()
    app.theme = "catppuccin-macchiato"
    dropped = themes.install(app)
    assert dropped == {"catppuccin-macchiato": "catppuccin-frappe", "rose-pine-moon": "rose-pine"}
    assert app.theme == "catppuccin-frappe"


def test_the_app_itself_offers_the_readable_themes() -> None:
    app = WarReaderApp(library=workbench_library())
    assert themes.installed(app)
    assert "catppuccin-macchiato" not in app.available_themes
