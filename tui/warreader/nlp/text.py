"""Tokens with character offsets, the unit every extractor works on."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Container, Iterable, Iterator
from functools import cache, lru_cache
from itertools import accumulate, compress
from operator import add, and_, itemgetter, sub

# A word: letters, with inner hyphens or apostrophes (Kupiansk-Vuzlovyi, Luhansk's, d'Odessa).
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’ʼ][^\W\d_]+)*|\d+|[^\w\s]", re.UNICODE)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _char_class(run: str) -> str:
    """A regex character class listing, as ranges, the characters of the Basic Multilingual Plane
    that ``run`` (a character class, repeated) matches: its matches over the plane, in one pass of
    the regex engine (a Python test per code point took ~40 ms a class, in every process)."""
    plane = "".join(map(chr, range(0x10000)))
    ranges = [(found.start(), found.end() - 1) for found in re.finditer(run, plane)]
    return "[" + "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]"


# The classes of _TOKEN spelled out over the Basic Multilingual Plane, by the same character
# properties the regex engine tests (\w: alphanumeric or "_", \d: decimal, \s: space).
@cache
def letter_class() -> str:
    """``[^\\W\\d_]``, listed."""
    return _char_class(r"[^\W\d_]+")


def digit_class() -> str:
    """``\\d``, listed."""
    return _char_class(r"\d+")


def mark_class() -> str:
    """``[^\\w\\s]``, listed."""
    return _char_class(r"[^\w\s]+")


@cache
def _token_splitter() -> re.Pattern[str]:
    """_TOKEN with its classes listed (tested by bitmap, not by character property: about twice as fast)
    and captured, so that ``split`` returns the tokens with the text between them. Exact for texts
    without characters beyond the Basic Multilingual Plane. Made on first use (some 40 ms)."""
    letter = letter_class()
    # Possessive repeats: a token's first match is its longest one (nothing after a repeat can fail),
    # so giving back characters is never needed, and not keeping the places to give them back at saves
    # some 15% of the split.
    return re.compile(f"({letter}++(?:[-'’ʼ]{letter}++)*+|{digit_class()}++|{mark_class()})")


_POSSESSIVES = ("'s", "’s", "ʼs")
POSSESSIVE_ENDINGS = _POSSESSIVES
"""``word.endswith(POSSESSIVE_ENDINGS)`` is ``strip_possessive(word) != word``, without a Python call."""


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

    __slots__ = (
        "_caps",
        "_joints",
        "_listed",
        "_vocabulary",
        "body",
        "cap",
        "end",
        "lower",
        "start",
        "text",
        "word",
    )

    def __init__(self, body: str, tokens: list[Token] | None = None) -> None:
        self.body = body
        if tokens is None and _ASTRAL.search(body) is None:
            parts = _token_splitter().split(body)  # text between tokens, token, text between, …
            self.text: list[str] = parts[1::2]
            lengths = list(map(len, self.text))
            self.end: list[int] = list(accumulate(map(add, map(len, parts[0::2]), lengths)))
            self.start: list[int] = list(map(sub, self.end, lengths))
        elif tokens is None:
            matches = list(_TOKEN.finditer(body))
            self.text = list(map(re.Match.group, matches))
            spans = list(map(re.Match.span, matches))
            self.start = list(map(_FIRST, spans))
            self.end = list(map(_SECOND, spans))
        else:
            self.text = [t.text for t in tokens]
            self.start = [t.start for t in tokens]
            self.end = [t.end for t in tokens]
        firsts = list(map(_FIRST, self.text))
        self.word: list[bool] = list(map(str.isalpha, firsts))
        self.cap: list[bool] = list(map(str.isupper, firsts))
        self.lower: list[str] = list(map(str.lower, self.text))
        """Every token in lower case."""
        self._caps: list[int] | None = None
        self._joints: frozenset[int] | None = None
        self._vocabulary: frozenset[str] = frozenset()
        self._listed: list[int] = []

    def __len__(self) -> int:
        return len(self.text)

    @property
    def caps(self) -> list[int]:
        """Indices of the words that start with a capital letter (made on first use)."""
        if self._caps is None:
            self._caps = list(compress(range(len(self.text)), map(and_, self.cap, self.word)))
        return self._caps

    @property
    def joints(self) -> frozenset[int]:
        """Where a run of word characters starts inside a token, after a mark ("Kharkiv-based",
        "jusqu'en"), and where such tokens start (made on first use; see :func:`word_start_matches`)."""
        if self._joints is None:
            body, starts = self.body, self.start
            at: set[int] = set()
            for joint in _JOINT.finditer(body):
                j = joint.start()
                at.add(j + 1)
                k = bisect_right(starts, j) - 1  # the token holding the mark
                if k >= 0:
                    at.add(starts[k])
            self._joints = frozenset(at)
        return self._joints

    def look_for(self, vocabulary: frozenset[str]) -> None:
        """Find, in one scan, the tokens whose lower case is in ``vocabulary``, so that :meth:`where`
        answers any set of words within it from those tokens alone (the extractors each ask for
        their own words: speech verbs, settlement nouns, months, …)."""
        self._listed = positions(self.lower, vocabulary)
        self._vocabulary = vocabulary

    def where(self, keys: frozenset[str]) -> list[int]:
        """The indices k, in order, of the tokens whose lower case is in ``keys``: exactly
        ``positions(self.lower, keys)``, from the tokens :meth:`look_for` found when ``keys`` lies
        within its vocabulary."""
        lower = self.lower
        if keys <= self._vocabulary:
            listed = self._listed
            return list(compress(listed, map(keys.__contains__, map(lower.__getitem__, listed))))
        return positions(lower, keys)

    def where_exactly(self, keys: frozenset[str]) -> list[int]:
        """The indices k, in order, of the tokens that are in ``keys`` as they are written: exactly
        ``positions(self.text, keys)`` (a token in ``keys`` has its lower case among ``keys``' lower
        cases, so :meth:`where` of those gives a superset to test)."""
        text = self.text
        candidates = self.where(_lowered(keys))
        return list(compress(candidates, map(keys.__contains__, map(text.__getitem__, candidates))))

    def all_caps(self, k: int) -> bool:
        """Token k is a word of two letters or more in capitals (as :attr:`Token.is_all_caps`)."""
        text = self.text[k]
        return self.cap[k] and len(text) > 1 and text.isupper()

    def after_connectors(self, i: int, connectors: frozenset[str]) -> bool:
        """Token i follows one or more ``connectors`` that follow a capitalised word: a part of a
        longer name (``Institute for the Study of War``)."""
        lower = self.lower
        k = i - 1
        while k >= 0 and lower[k] in connectors:
            k -= 1
        return k < i - 1 and k >= 0 and self.word[k] and self.cap[k]

    def joined(self, k: int) -> bool:
        """Tokens k and k + 1 are separated by exactly one space."""
        end = self.end[k]
        return self.start[k + 1] == end + 1 and self.body[end] == " "


@lru_cache(maxsize=64)
def _lowered(keys: frozenset[str]) -> frozenset[str]:
    return frozenset(key.lower() for key in keys)


def positions(tokens: list[str], wanted: Container[str]) -> list[int]:
    """The indices k, in order, of the ``tokens`` that are in ``wanted`` (scanned by C-level maps,
    not a Python loop per token)."""
    return list(compress(range(len(tokens)), map(wanted.__contains__, tokens)))


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
    body, starts = words.body, words.start
    at = words.joints.union(map(starts.__getitem__, words.where(keys)))
    if digits:
        at = at.union(compress(starts, map(str.isdecimal, words.lower)))
    resume = 0
    for position in sorted(at):
        if position < resume:
            continue
        match = pattern.match(body, position)
        if match is not None:
            yield match
            resume = match.end()
