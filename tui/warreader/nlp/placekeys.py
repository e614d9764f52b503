"""The gazetteer's names by transliteration key: unlisted spellings of listed places (Sievjerodonetsk)."""

from __future__ import annotations

from functools import lru_cache

from warreader.nlp.gazetteer import Gazetteer
from warreader.nlp.keys import name_key


@lru_cache(maxsize=1)
def key_index(gaz: Gazetteer) -> dict[str, str]:
    """Transliteration key → the one folded gazetteer name with that key (ambiguous keys left out)."""
    index: dict[str, str] = {}
    clashes: dict[str, set[str]] = {}
    for folded in gaz.keys():  # noqa: SIM118 (a method of the gazetteer, not a dict)
        if len(folded) < 5 or not folded.isascii():
            continue
        key = name_key(folded, "en")
        other = index.setdefault(key, folded)
        if other != folded:
            clashes.setdefault(key, {other}).add(folded)
    for key, names in clashes.items():  # spellings sharing a key: kept only when they name the same places
        first = gaz.lookup(index[key])
        if any(gaz.lookup(name) != first for name in names):
            del index[key]
    return index
