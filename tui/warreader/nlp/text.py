"""Tokens with character offsets, the unit every extractor works on."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
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


_JOINT = re.compile(r"[-'’](?=\w)")  # a non-word mark inside a token ("Kharkiv-based", "jusqu'en")
_RUN = re.compile(r"\w*")
# Letters that a case-insensitive pattern matches with a letter they do not lower-case to (İ, ı and i;
# ſ and s; …): a text holding one is searched by the pattern itself.
CASE_SPECIAL = re.compile("[İıſẛﬅﬆ\u1c80-\u1c88]")


def first_runs(phrases: Iterable[str]) -> frozenset[str]:
    """The first run of word characters of each phrase, in lower case ("i går" → "i")."""
    return frozenset(match.group().lower() for match in map(_RUN.match, phrases) if match)


def word_start_matches(
    pattern: re.Pattern[str], words: Words, keys: frozenset[str], digits: bool = False
) -> Iterator[re.Match[str]]:
    r"""Exactly what ``pattern.finditer(words.body)`` yields, found faster, for a pattern that matches only
    where a run of word characters starts (it opens with ``(?<!\w)``) and that run, in lower case, is
    one of ``keys`` (or, with ``digits``, is made of digits).

    Such a run starts at a token or just after a mark inside one ("Kharkiv-based"), so the pattern is
    tried only there, at tokens whose lower case is a key (or a number) and at tokens with inner marks,
    instead of at every character. ``keys`` must hold the run each alternative of the pattern opens
    with (:func:`first_runs`); a pattern matching case-insensitively also needs the text free of
    :data:`CASE_SPECIAL` letters.
    """
    body, starts, lower = words.body, words.start, words.lower
    if digits:
        at = {starts[k] for k, token in enumerate(lower) if token in keys or token.isdecimal()}
    else:
        at = {starts[k] for k, token in enumerate(lower) if token in keys}
    for joint in _JOINT.finditer(body):
        j = joint.start()
        at.add(j + 1)
        k = bisect_right(starts, j) - 1  # the token holding the mark
        if k >= 0:
            at.add(starts[k])
    resume = 0
    for position in sorted(at):
        if position < resume:
            continue
        match = pattern.match(body, position)
        if match is not None:
            yield match
            resume = match.end()
