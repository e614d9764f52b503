"""Tokens with character offsets, the unit every extractor works on."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word: letters, with inner hyphens or apostrophes (Kupiansk-Vuzlovyi, Luhansk's, d'Odessa).
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’ʼ][^\W\d_]+)*|\d+|[^\w\s]", re.UNICODE)
_POSSESSIVES = ("'s", "’s", "ʼs")


@dataclass(slots=True, frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_capitalized(self) -> bool:
        return self.text[0].isupper()

    @property
    def is_all_caps(self) -> bool:
        return self.text.isupper() and len(self.text) > 1


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def strip_possessive(word: str) -> str:
    """``Luhansk's`` → ``Luhansk``; ``Donbas'`` is handled by the tokenizer (the quote is apart)."""
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
