"""Tokens with character offsets, the unit every extractor works on."""

from __future__ import annotations

import re
from operator import itemgetter

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


_FIRST = itemgetter(0)
_SECOND = itemgetter(1)


class Words:
    """The tokens of a text as parallel lists, the form the extractors scan.

    ``text[k]``, ``start[k]`` and ``end[k]`` are token k's text and offsets (as :class:`Token`'s);
    ``word[k]`` is true for a word (it starts with a letter), ``cap[k]`` for a word or mark
    starting with an upper-case letter. Everything is computed by C-level maps, without a
    Python call per token.
    """

    __slots__ = ("_lower", "body", "cap", "end", "start", "text", "word")

    def __init__(self, body: str, tokens: list[Token] | None = None) -> None:
        self.body = body
        if tokens is None:
            matches = list(_TOKEN.finditer(body))
            self.text: list[str] = list(map(re.Match.group, matches))
            spans = list(map(re.Match.span, matches))
            self.start: list[int] = list(map(_FIRST, spans))
            self.end: list[int] = list(map(_SECOND, spans))
        else:
            self.text = [t.text for t in tokens]
            self.start = [t.start for t in tokens]
            self.end = [t.end for t in tokens]
        firsts = list(map(_FIRST, self.text))
        self.word: list[bool] = list(map(str.isalpha, firsts))
        self.cap: list[bool] = list(map(str.isupper, firsts))
        self._lower: list[str] | None = None

    def __len__(self) -> int:
        return len(self.text)

    @property
    def lower(self) -> list[str]:
        """Every token in lower case (made on first use)."""
        if self._lower is None:
            self._lower = list(map(str.lower, self.text))
        return self._lower

    def all_caps(self, k: int) -> bool:
        """Token k is a word of two letters or more in capitals (as :attr:`Token.is_all_caps`)."""
        text = self.text[k]
        return self.cap[k] and len(text) > 1 and text.isupper()

    def joined(self, k: int) -> bool:
        """Tokens k and k + 1 are separated by exactly one space."""
        end = self.end[k]
        return self.start[k + 1] == end + 1 and self.body[end] == " "


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
