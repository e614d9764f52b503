"""Tokens with character offsets, the unit every extractor works on."""

from __future__ import annotations

import re

# A word: letters, with inner hyphens or apostrophes (Kupiansk-Vuzlovyi, Luhansk's, d'Odessa).
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’ʼ][^\W\d_]+)*|\d+|[^\w\s]", re.UNICODE)
_POSSESSIVES = ("'s", "’s", "ʼs")


class Token:
    """A word, number or punctuation mark with its offsets; word-shape flags computed once."""

    __slots__ = ("end", "is_all_caps", "is_capitalized", "is_word", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        first = text[0]
        self.is_word = first.isalpha()
        self.is_capitalized = first.isupper()
        self.is_all_caps = self.is_capitalized and len(text) > 1 and text.isupper()

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def strip_possessive(word: str) -> str:
    """``Luhansk's`` → ``Luhansk``; ``Donbas'`` is handled by the tokenizer (the quote is apart)."""
    if "s" not in word[-1:]:
        return word
    for tail in _POSSESSIVES:
        if word.endswith(tail):
            return word[: -len(tail)]
    return word


def elided_prefix(word: str) -> int:
    """Length of a French elision prefix (``d'``, ``l'``) to skip, else 0."""
    if len(word) > 2 and word[1] in "'’ʼ" and word[0] in "dlDL":
        return 2
    return 0


def is_sentence_start(text: str, position: int) -> bool:
    """True when only spaces and an opening quote lie between ``position`` and a sentence end."""
    i = position - 1
    while i >= 0 and text[i] in " \t\"'“”‘’«»„–—-(":
        i -= 1
    return i < 0 or text[i] in ".!?…\n:"
