"""Places the gazetteer lacks, taken from context: "the village of X", "byn X", "the X region",
lists of settlements beside known places, names after verbs of taking ground.

:class:`ContextRules` is the part of the place finder (:mod:`warreader.nlp.places`) that applies
these rules to the text once gazetteer matching is over.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import TYPE_CHECKING

from warreader.nlp import lexicon
from warreader.nlp.text import (
    POSSESSIVE_ENDINGS,
    Words,
    elided_prefix,
    first_runs,
    is_sentence_start,
    strip_possessive,
    word_start_matches,
)

if TYPE_CHECKING:
    from warreader.nlp.places import _Match

_GERMAN_NOUN_ENDINGS = ("en", "ung", "heit", "keit", "schaft", "ern", "ion", "tät")


def capitalised(text: str, language: str) -> bool:
    """The word starts with a capital (in French, after an elided ``d'`` or ``l'``)."""
    if language == "fr":
        text = text[elided_prefix(text) :]
    return bool(text) and text[0].isupper()


class ContextRules:
    """Context rules of the place finder; the finder provides the attributes below."""

    words: Words
    body: str
    language: str
    speech: frozenset[str]
    ands: frozenset[str]
    separators: frozenset[str]
    matches: list[_Match]
    known: set[int] | None

    # -- context rules for places the gazetteer lacks -------------------------
    def _known_starts(self) -> set[int]:
        """Where the gazetteer matches start (made once matching is over)."""
        if self.known is None:
            self.known = {m.start for m in self.matches}
        return self.known

    def context_places(self) -> list[tuple[int, int]]:
        """Spans of capitalised names that context says are places."""
        spans: list[tuple[int, int]] = []
        words = self.words
        starts = words.start
        for found in word_start_matches(
            _settlement_pattern(self.language), words, _settlement_keys(self.language)
        ):
            spans.extend(self._name_list(bisect_left(starts, found.end())))
        verbs = lexicon.CONTROL_VERBS.get(self.language)
        if verbs:
            for i in words.where_exactly(verbs):
                spans.extend(self._name_list(i + 1, need_list=True))
        spans.extend(self._list_neighbours())
        for found in word_start_matches(_REGION_PATTERN, words, _REGION_KEYS):
            i = bisect_left(starts, found.start())
            if i >= 2 and i < len(starts) and starts[i] == found.start():
                name = self._name_before(i)
                if name:
                    spans.append(name)
        return spans

    def _name_at(self, i: int) -> tuple[int, int, int] | None:
        """A capitalised name of up to three words starting at token i: (start, end, next index)."""
        words = self.words
        text, word, cap = words.text, words.word, words.cap
        n = len(text)
        if i >= n or not word[i] or not capitalised(text[i], self.language):
            return None
        if text[i] in lexicon.SENTENCE_WORDS or text[i] in lexicon.MONTHS_AND_DAYS:
            return None
        j = i
        while (
            j + 1 < n
            and j - i < 2
            and not text[j].endswith(POSSESSIVE_ENDINGS)
            and word[j + 1]
            and cap[j + 1]
            and words.joined(j)
        ):
            j += 1
        if self.language == "de" and j > i and text[i].endswith(_GERMAN_NOUN_ENDINGS):
            i += 1  # "Tagen Andrijiwka": a German common noun before the name
        start = words.start[i] + (elided_prefix(text[i]) if self.language == "fr" else 0)
        end = words.start[j] + len(strip_possessive(text[j]))
        return start, end, j + 1

    def _name_list(self, i: int, need_list: bool = False) -> list[tuple[int, int]]:
        """Names in a list starting at token i ("A, B and C"); with ``need_list``, only a real list
        (two names or more, one of them a known place) counts, as after a verb of taking ground."""
        spans, _ = self._list_at(i)
        if need_list:
            known = self._known_starts()
            if any(start in known for start, _ in spans):
                return [sp for sp in spans if sp[0] in known or not self._titled(sp[0])]
            if len(spans) < 2 or any(self._person_like(start) for start, _ in spans):
                return []
        return spans

    def _titled(self, start: int) -> bool:
        words = self.words
        i = bisect_left(words.start, start)
        return i < len(words) and lexicon.is_title(words.text[i])

    def _person_like(self, start: int) -> bool:
        """A name that opens with a title, or whose first word is a first name before a capitalised
        word (not itself a known place): more likely a person than a settlement."""
        words = self.words
        i = bisect_left(words.start, start)
        if i < len(words) and lexicon.is_title(words.text[i]):
            return True
        return (
            i + 1 < len(words) and words.cap[i + 1] and words.joined(i) and start not in self._known_starts()
        )

    def _list_neighbours(self) -> list[tuple[int, int]]:
        """Unknown names listed with known places ("Bilyaivka, Zolota Balka and Ukrainka")."""
        spans: list[tuple[int, int]] = []
        words = self.words
        text, word, cap, lower = words.text, words.word, words.cap, words.lower
        known = self._known_starts()
        settlements = {m.start for m in self.matches if m.places[0].kind == "city"}
        n = len(text)
        separators = self.separators
        resume = 0
        for i in words.caps:
            if i < resume or (i > 0 and text[i - 1] == ","):
                continue
            k = i + 1  # cheap test first: a list needs a separator within the next three words
            while k < n and k - i < 3 and word[k] and cap[k]:
                k += 1
            if k >= n or lower[k] not in separators:
                resume = k
                continue
            items, end = self._list_at(i)
            if (
                items
                and items[0][0] not in known
                and (
                    is_sentence_start(self.body, items[0][0])
                    or self.words.after_connectors(i, lexicon.NAME_CONNECTORS)
                )
            ):
                items = items[1:]
            if len(items) >= 2 and any(s in settlements for s, _ in items):
                spans.extend(item for item in items if item[0] not in known and not self._titled(item[0]))
            resume = max(end, i + 1)
        return spans

    def _list_at(self, i: int) -> tuple[list[tuple[int, int]], int]:
        """Names joined by commas and "and" from token i; returns them and the token after the list."""
        items: list[tuple[int, int]] = []
        text, lower = self.words.text, self.words.lower
        n = len(text)
        while True:
            name = self._name_at(i)
            if name is None:
                break
            if name[2] < n and lower[name[2]] in self.speech:
                break  # "…, Vladimir Putin said": the list ended before the speaker
            items.append((name[0], name[1]))
            i = name[2]
            if i < n and text[i] == ",":
                i += 1
                if i < n and lower[i] in self.ands:
                    i += 1
            elif i < n and lower[i] in self.ands:
                i += 1
            else:
                break
        return items, i

    def _name_before(self, i: int) -> tuple[int, int] | None:
        words = self.words
        text, word, cap = words.text, words.word, words.cap
        j = i - 1
        if not word[j] or not cap[j]:
            return None
        k = j
        while (
            k - 1 >= 0
            and word[k - 1]
            and cap[k - 1]
            and not text[k - 1].endswith(POSSESSIVE_ENDINGS)
            and j - k < 2
        ):
            k -= 1
        if text[k] in lexicon.SENTENCE_WORDS or is_sentence_start(self.body, words.start[k]):
            return None
        return words.start[k], words.start[j] + len(strip_possessive(text[j]))


@lru_cache(maxsize=8)
def scanned_words(language: str) -> frozenset[str]:
    """The words (lower case) the context rules look for among an article's tokens (see
    :meth:`warreader.nlp.text.Words.look_for`)."""
    verbs = lexicon.CONTROL_VERBS.get(language, frozenset())
    return _settlement_keys(language) | _REGION_KEYS | {verb.lower() for verb in verbs}


@lru_cache(maxsize=8)
def _settlement_pattern(language: str) -> re.Pattern[str]:
    phrases = lexicon.SETTLEMENT_NOUNS.get(language, ())
    alternatives = sorted((r"\s+".join(map(re.escape, p)) for p in phrases), key=len, reverse=True)
    if not alternatives:
        return re.compile(r"(?!)")  # no settlement nouns for this language: never matches
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")\s+(?=\w)")


@lru_cache(maxsize=8)
def _settlement_keys(language: str) -> frozenset[str]:
    """The words a settlement noun opens with (see :func:`warreader.nlp.text.word_start_matches`)."""
    return first_runs(" ".join(p) for p in lexicon.SETTLEMENT_NOUNS.get(language, ()))


_REGION_WORDS = [w for w in lexicon.REGION_NOUNS if w[0].islower()]
_REGION_PATTERN = re.compile(
    r"(?<!\w)(?:" + "|".join(sorted(_REGION_WORDS, key=len, reverse=True)) + r")(?!\w)"
)
_REGION_KEYS = first_runs(_REGION_WORDS)
