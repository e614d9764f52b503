"""The contrast helper of warreader.ui.themes (pure colour arithmetic, no app)."""

from __future__ import annotations

import pytest
from textual.color import WHITE, Color
from textual.theme import BUILTIN_THEMES

from warreader.ui import themes

BLACK = Color(0, 0, 0)


def test_contrast_is_the_wcag_ratio() -> None:
    assert themes.contrast(WHITE, BLACK) == pytest.approx(21)
    assert themes.contrast(BLACK, WHITE) == pytest.approx(21)
    assert themes.contrast(Color.parse("#777777"), WHITE) == pytest.approx(4.48, abs=0.01)


def test_a_readable_colour_is_left_alone_and_a_pale_one_moves_toward_the_text() -> None:
    page, text = Color.parse("#fafafa"), Color.parse("#202020")
    dark_blue = Color.parse("#003366")
    assert themes.readable(dark_blue, [page], [text]) == dark_blue
    pale = Color.parse("#ffa62b")  # an orange accent on a light page: 1.9:1
    moved = themes.readable(pale, [page], [text])
    assert themes.contrast(pale, page) < themes.TEXT <= themes.contrast(moved, page)
    assert moved.r > moved.g > moved.b  # still orange-brown, not grey


@pytest.mark.parametrize("name", sorted(n for n, t in BUILTIN_THEMES.items() if not t.ansi))
def test_every_text_colour_of_a_readable_theme_reads_on_its_surface(name: str) -> None:
    made = themes.variables_of(themes.readable_theme(BUILTIN_THEMES[name]))
    surface = Color.parse(made["surface"])
    for variable in ("foreground", "text-primary", "text-secondary", "text-accent"):
        assert themes.contrast(Color.parse(made[variable]), surface) >= themes.TEXT, variable
    cursor = Color.parse(made["block-cursor-background"])
    assert themes.contrast(Color.parse(made["block-cursor-foreground"]), cursor) >= themes.TEXT
    assert themes.contrast(Color.parse(made["foreground"]), Color.parse(made["warning-muted"])) >= themes.TEXT


def test_ansi_themes_are_left_to_the_terminal() -> None:
    ansi = BUILTIN_THEMES["ansi-dark"]
    assert themes.readable_theme(ansi) is ansi
