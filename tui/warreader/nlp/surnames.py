"""Surname keys and spans: every mention of a speaker's surname in an article, case forms included.

Split from :mod:`warreader.nlp.speakers`, which finds who speaks.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import compress, repeat
from operator import itemgetter

from warreader.nlp.inflection import base_forms, person_lemma
from warreader.nlp.keys import name_key
from warreader.nlp.text import Words, strip_possessive

_INFLECTING = frozenset({"sv", "de", "pl"})
"""Languages whose surnames are also looked for in their base forms (a genitive -s, a case ending)."""
_KEY = itemgetter(1)


@lru_cache(maxsize=65536)
def _surname_forms(token_text: str, language: str) -> tuple[int, str, tuple[tuple[str, int], ...]]:
    """For a capitalised word: its length without a possessive ending, its surname key, and (in
    languages that inflect names) the keys of its base forms with the length each covers."""
    word = strip_possessive(token_text)
    forms: tuple[tuple[str, int], ...] = ()
    if language in _INFLECTING:
        forms = tuple((name_key(form, language), covered) for form, covered in base_forms(word, language))
    return len(word), surname_key(word, language), forms


def surname_spans(words: Words, language: str, wanted: set[str]) -> dict[str, list[tuple[int, int]]]:
    """Spans of every capitalised word whose surname key is wanted (genitive/case endings left out)."""
    found: dict[str, list[tuple[int, int]]] = {}
    text, starts, caps = words.text, words.start, words.caps
    if language not in _INFLECTING:
        # No base forms: only a word's own key can be wanted, so the words are looked up by C-level
        # maps and the loop runs over the wanted ones alone.
        each = list(map(_surname_forms, map(text.__getitem__, caps), repeat(language)))
        for c in compress(range(len(caps)), map(wanted.__contains__, map(_KEY, each))):
            length, key, _ = each[c]
            start = starts[caps[c]]
            found.setdefault(key, []).append((start, start + length))
        return found
    for k in caps:
        length, key, forms = _surname_forms(text[k], language)
        start = starts[k]
        if key in wanted:
            found.setdefault(key, []).append((start, start + length))
        else:
            for key, covered in forms:
                if key in wanted:
                    found.setdefault(key, []).append((start, start + covered))
                    break
    return found


@lru_cache(maxsize=65536)
def surname_key(word: str, language: str) -> str:
    return name_key(person_lemma(word, language), language)
