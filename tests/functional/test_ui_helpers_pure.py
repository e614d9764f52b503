"""Pure helpers of the UI: wrapping offsets, control characters, search, shortening."""

from __future__ import annotations

import pytest
from textual.content import Content

from warreader.ui.highlight import find_all, inert, shorten_left, wrap_starts
from warreader.ui.widgets.entity_panel import wrap_items

BODY = (
    "Shelling hit Kharkiv overnight and the governor said the city was calm by the morning.\n\n"
    "Averyveryveryverylongwordthatmustbefoldedacrosslines then short words.\n"
    "Last line."
)


@pytest.mark.parametrize("width", [12, 20, 33, 80])
def test_wrap_starts_matches_how_textual_wraps(width: int) -> None:
    lines = Content(BODY).wrap(width)
    starts = wrap_starts(BODY, width)
    assert len(starts) == len(lines)
    for start, line in zip(starts, lines, strict=True):
        text = line.plain.rstrip()
        assert BODY[start : start + len(text)] == text


def test_inert_replaces_controls_one_for_one() -> None:
    raw = "a\x1b]0;x\x07b\tc\u202ed\ne"
    shown = inert(raw)
    assert len(shown) == len(raw)
    assert shown == "a␛]0;x␇b c\ufffdd\ne"


def test_find_all_is_case_insensitive_and_keeps_offsets() -> None:
    body = "Kharkiv, KHARKIV and kharkiv."
    assert find_all(body, "kharkiv") == [(0, 7), (9, 16), (21, 28)]
    assert find_all(body, "") == []
    assert find_all("Straße STRASSE", "straße") == [(0, 6)]


def test_shorten_left_keeps_the_file_name() -> None:
    assert shorten_left("/a/b/c.txt", 40) == "/a/b/c.txt"
    short = shorten_left("/very/long/folder/name/article.txt", 15)
    assert short.startswith("…") and short.endswith("article.txt") and len(short) == 15


def test_wrap_items_never_splits_a_variant() -> None:
    lines = wrap_items(["Kharkiv", "Харків", "Charkiw", "Kharkov"], 18)
    assert lines == ["Kharkiv · Харків", "Charkiw · Kharkov"]
    assert wrap_items(["a-very-long-variant-name"], 5) == ["a-very-long-variant-name"]


def test_entity_panel_says_which_place_an_ambiguous_name_is() -> None:
    from warreader.model import Group
    from warreader.ui.widgets.entity_panel import prompt_shape

    group = Group(
        "place:gn:704204", "place", "Lyman", ["Lyman"], 3, ["a.txt"],
        detail="city · Donetsk Oblast, UA · 48.99, 37.81 · 1 of 3 places named Lyman",
    )  # fmt: skip
    text = "\n".join(line for _, line in prompt_shape(group, mentions=3, here=None, width=40))
    assert "Donetsk Oblast" in text and "1 of 3 places named Lyman" in text


def test_counts_read_with_thousands_separators_and_the_right_plural() -> None:
    from warreader.ui.widgets.entity_panel import plural

    assert plural(1, "mention") == "1 mention"
    assert plural(0, "article") == "0 articles"
    assert plural(636_216, "mention") == "636,216 mentions"
    assert plural(1, "entity", "entities") == "1 entity"
    assert plural(100_000, "entity", "entities") == "100,000 entities"
