"""The listed character classes of the tokenizer are exactly the regex engine's own classes.

They are built from the engine's matches over the Basic Multilingual Plane; here they are checked
against the character properties the engine documents (``\\w``: ``str.isalnum`` or "_", ``\\d``:
``str.isdecimal``, ``\\s``: ``str.isspace``), one code point at a time.
"""

from __future__ import annotations

from collections.abc import Callable

from warreader.nlp import text


def _by_property(member: Callable[[str], bool]) -> str:
    ranges: list[tuple[int, int]] = []
    first = -1
    for code in range(0x10000):
        if member(chr(code)):
            if first < 0:
                first = code
        elif first >= 0:
            ranges.append((first, code - 1))
            first = -1
    if first >= 0:
        ranges.append((first, 0xFFFF))
    return "[" + "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]"


def test_letters_digits_and_marks_are_the_engines_classes() -> None:
    assert text.letter_class() == _by_property(lambda ch: ch.isalnum() and not ch.isdecimal())
    assert text.digit_class() == _by_property(str.isdecimal)
    assert text.mark_class() == _by_property(lambda ch: not (ch.isalnum() or ch == "_" or ch.isspace()))


def test_the_listed_splitter_finds_the_tokens_of_the_plain_pattern() -> None:
    body = "Kupiansk-Vuzlovyi, 12 км від Харкова — d'Odessa’s «news» 2024…"
    words = text.Words(body)
    assert words.text == [token.text for token in text.tokenize(body)]
