"""The colour themes the app offers, made readable: every highlight reaches WCAG 4.5:1.

Textual's built-in themes derive ``$text-primary``, ``$block-cursor-background`` and the rest from a
few base colours, and several of the results fall below 4.5:1 on the background they are drawn on
(the accent on a light surface, the foreground on solarized's surface, a cursor row on the primary
colour). :func:`readable_theme` keeps each theme's own colours and moves only the ones that do not
read — toward the theme's foreground (or black / white) until they do — and :func:`install` puts
those themes in an app, dropping the themes that look almost the same as one already offered.

The ANSI themes are left alone: their colours are the terminal's own, unknown to the app, so
their contrast cannot be measured (and is the terminal's palette to get right).

Pure colour arithmetic on :class:`textual.color.Color`; nothing here draws.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from textual.color import WHITE, Color, Lab, rgb_to_lab
from textual.design import ColorSystem
from textual.theme import Theme

if TYPE_CHECKING:
    from textual.app import App

TEXT = 4.5
"""WCAG 2 AA contrast for normal text."""

TARGET = 4.6
"""What colours are moved to: a little above :data:`TEXT`, so rounding to hex never drops below it."""

NEAR = 10.0
"""Themes whose key colours differ by less than this (mean CIE76 ΔE) look almost the same."""

KEY_COLOURS = ("background", "surface", "panel", "foreground", "primary", "secondary", "accent")
"""The colours a theme is recognised by (what fills the screen and what marks things on it)."""

PREFERRED = ("catppuccin-mocha", "rose-pine", "textual-dark", "textual-light")
"""Of two near-identical themes, one named here is kept (the better known of a family)."""

BLACK = Color(0, 0, 0)


# -- contrast ----------------------------------------------------------------------------------


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


_LINEAR = [_channel(value) for value in range(256)]


def luminance(color: Color) -> float:
    """WCAG relative luminance of an opaque colour."""
    return 0.2126 * _LINEAR[color.r] + 0.7152 * _LINEAR[color.g] + 0.0722 * _LINEAR[color.b]


def _ratio(one: float, other: float) -> float:
    high, low = (one, other) if one > other else (other, one)
    return (high + 0.05) / (low + 0.05)


def contrast(one: Color, other: Color) -> float:
    """WCAG contrast ratio of two opaque colours (1 to 21)."""
    return _ratio(luminance(one), luminance(other))


def readable(color: Color, backgrounds: Sequence[Color], toward: Sequence[Color] = ()) -> Color:
    """``color`` if it reads on every one of ``backgrounds``, else the colour closest to it on the way
    to one of ``toward`` (then white, then black) that does.

    Moving toward the theme's foreground keeps a highlight in the theme's palette: a pale accent on a
    light surface darkens toward the dark text rather than turning black.
    """
    under = [luminance(background) for background in backgrounds]

    def reads(candidate: Color) -> float:
        own = luminance(candidate)
        return min(_ratio(own, other) for other in under)

    if reads(color) >= TARGET:
        return color
    found: list[tuple[int, Color]] = []
    for target in (*toward, WHITE, BLACK):
        for step in range(1, 21):
            moved = color.blend(target, step / 20)
            if reads(moved) >= TARGET:
                found.append((step, moved))
                break
    if not found:
        return max((WHITE, BLACK), key=reads)
    return min(found, key=lambda item: item[0])[1]


def away(color: Color, text: Color, keep_from: Color) -> Color:
    """A background near ``color`` on which ``text`` reads: ``color`` moved toward ``keep_from``
    (the page it sits on) or the extreme on the far side from ``text``, whichever needs less."""
    if contrast(text, color) >= TARGET:
        return color
    far = BLACK if luminance(text) > 0.18 else WHITE
    for step in range(1, 21):
        for target in (keep_from, far):
            moved = color.blend(target, step / 20)
            if contrast(text, moved) >= TARGET:
                return moved
    return far


# -- one theme ---------------------------------------------------------------------------------


def variables_of(theme: Theme) -> dict[str, str]:
    """The CSS variables ``theme`` gives (what ``$name`` stands for in TCSS)."""
    return {**theme.to_color_system().generate(), **theme.variables}


def _colour(variables: dict[str, str], name: str, under: Color) -> Color:
    """Variable ``name`` as an opaque colour, drawn over ``under`` if it is translucent."""
    value = variables[name].split()
    colour = Color.parse(value[0])
    if len(value) > 1 and value[1].endswith("%"):
        colour = colour.multiply_alpha(float(value[1][:-1]) / 100)
    return under + colour if colour.a < 1 else colour


def readable_theme(theme: Theme) -> Theme:
    """``theme`` with the variables the app draws highlights with moved until each reads at 4.5:1.

    Colours are checked on every background they appear on: the surface (also as focus tints it and
    as the list's stripes colour it), the panel (list header, status line), the screen background,
    and the row under a cursor. An ANSI theme is returned as it is.
    """
    if theme.ansi:
        return theme
    given = variables_of(theme)
    background = Color.parse(given["background"])
    surface, panel = Color.parse(given["surface"]), Color.parse(given["panel"])
    foreground = Color.parse(given["foreground"])
    striped = "surface-darken-1" if theme.dark else "surface-lighten-1"
    stripe = surface.blend(Color.parse(given[striped]), 0.4 if theme.dark else 0.5)
    pages = [background, surface, panel, stripe]
    # background-tint: $foreground 5% on a focused pane, and again on its header
    pages += [page.blend(foreground, tint) for page in pages for tint in (0.05, 0.1)]

    # The text colour first: the other colours are moved toward it.
    moved = readable(foreground, pages)
    fixed = theme
    if moved != foreground:  # what Textual derives from the foreground follows it
        foreground = moved
        fixed = dataclasses.replace(theme, foreground=foreground.hex)
        given = variables_of(fixed)

    # Rows under a cursor: the focused one on the primary colour (under whichever of the theme's
    # text and background colours contrasts more, the bar shaded until it reads), the other on a
    # tint of it.
    cursor = Color.parse(given["block-cursor-background"])
    cursor_text = max((foreground, background), key=lambda text: contrast(text, cursor))
    cursor = away(cursor, cursor_text, surface)
    blurred = away(_colour(given, "block-cursor-blurred-background", surface), foreground, surface)
    # Search matches: the warning colour, muted, under the foreground.
    match = away(Color.parse(given["warning-muted"]), foreground, surface)
    # The key bar: each part's text on its own background (transparent ones show the bar's).
    footer = _colour(given, "footer-background", surface)

    def on_footer(part: str) -> str:
        under = _colour(given, f"footer-{part}background", footer) if part else footer
        return readable(_colour(given, f"footer-{part}foreground", under), [under], [foreground]).hex

    names = [*pages, blurred]
    overrides = {
        "foreground": foreground.hex,
        "block-cursor-background": cursor.hex,
        "block-cursor-foreground": cursor_text.hex,
        "block-cursor-blurred-background": blurred.hex,
        "block-cursor-blurred-foreground": foreground.hex,
        "warning-muted": match.hex,
        "footer-foreground": on_footer(""),
        "footer-key-foreground": on_footer("key-"),
        "footer-description-foreground": on_footer("description-"),
    }
    for kind in ("primary", "secondary", "accent", "warning", "error", "success"):
        name = f"text-{kind}"
        overrides[name] = readable(Color.parse(given[name]), names, [foreground]).hex
    return dataclasses.replace(fixed, variables={**theme.variables, **overrides})


# -- which themes ------------------------------------------------------------------------------


def _key_labs(theme: Theme) -> list[Lab]:
    colours: list[str | None] = [getattr(theme, name) for name in KEY_COLOURS]
    if None in colours:  # left to Textual's defaults (textual-dark's background, say)
        given = variables_of(theme)
        colours = [given[name] for name in KEY_COLOURS]
    return [rgb_to_lab(Color.parse(colour)) for colour in colours]


def _gap(first: list[Lab], second: list[Lab]) -> float:
    pairs = zip(first, second, strict=True)
    total = sum(((a.L - b.L) ** 2 + (a.a - b.a) ** 2 + (a.b - b.b) ** 2) ** 0.5 for a, b in pairs)
    return total / len(KEY_COLOURS)


def distance(one: Theme, other: Theme) -> float:
    """How different two themes look: the mean CIE76 ΔE of their :data:`KEY_COLOURS`."""
    return _gap(_key_labs(one), _key_labs(other))


def near_duplicates(themes: Iterable[Theme]) -> list[tuple[str, str, float]]:
    """Pairs of (non-ANSI) themes closer than :data:`NEAR`, as (name, name, distance)."""
    listed = sorted((theme for theme in themes if not theme.ansi), key=lambda theme: theme.name)
    labs = [_key_labs(theme) for theme in listed]
    return [
        (one.name, listed[m].name, gap)
        for n, one in enumerate(listed)
        for m in range(n + 1, len(listed))
        if (gap := _gap(labs[n], labs[m])) < NEAR
    ]


def kept_themes(themes: Iterable[Theme]) -> dict[str, str]:
    """Which theme stands for each near-identical one: {dropped name: kept name}.

    Preferred names (:data:`PREFERRED`) come first, then the rest in name order; a theme near one
    already kept is dropped.
    """
    listed = sorted(themes, key=lambda theme: (theme.name not in PREFERRED, theme.name))
    kept: list[tuple[str, list[Lab]]] = []
    dropped: dict[str, str] = {}
    for theme in listed:
        if theme.ansi:
            continue
        labs = _key_labs(theme)
        twin = next((name for name, other in kept if _gap(labs, other) < NEAR), None)
        if twin is None:
            kept.append((theme.name, labs))
        else:
            dropped[theme.name] = twin
    return dropped


class ReadableTheme(Theme):
    """A theme standing for :func:`readable_theme` of ``original``, worked out the first time it is
    shown (an app offers 17 themes and shows one: making all of them costs about 0.1 s at start).

    Textual reads a theme's colours through :meth:`to_color_system` and its ``variables``; both
    answer for the readable version. The other fields keep the original's values.
    """

    def __init__(self, original: Theme) -> None:
        self._original = original
        self._made: Theme | None = None
        fields = {field.name: getattr(original, field.name) for field in dataclasses.fields(original)}
        super().__init__(**fields)

    @property
    def variables(self) -> dict[str, str]:
        return self.made.variables

    @variables.setter
    def variables(self, value: dict[str, str]) -> None:
        """Theme's ``__init__`` sets the original's (the readable version keeps them)."""

    @property
    def made(self) -> Theme:
        """The readable version of the original theme."""
        if self._made is None:
            self._made = readable_theme(self._original)
        return self._made

    def to_color_system(self) -> ColorSystem:
        return self.made.to_color_system()


def installed(app: App[Any]) -> bool:
    """Whether ``app``'s themes are the readable ones (:func:`install` ran)."""
    return all(theme.ansi or isinstance(theme, ReadableTheme) for theme in app.available_themes.values())


def install(app: App[Any]) -> dict[str, str]:
    """Offer only readable, distinct themes in ``app``: each theme is replaced by its
    :func:`readable_theme` (a :class:`ReadableTheme`), and each near-duplicate is unregistered (the
    current theme, if dropped, becomes its twin, so a config naming a dropped theme still opens).
    Call it at the end of the app's ``__init__`` (once the configured theme is set); it returns
    {dropped: kept}."""
    dropped = kept_themes(app.available_themes.values())
    for name in dropped:
        app.unregister_theme(name)
    for theme in list(app.available_themes.values()):
        if not theme.ansi and not isinstance(theme, ReadableTheme):
            app.register_theme(ReadableTheme(theme))
    if app.theme in dropped:
        app.theme = dropped[app.theme]
    elif app.is_running:  # the theme on screen was replaced by its readable version
        app.refresh_css(animate=False)
    return dropped
