"""The gazetteer's names by transliteration key: unlisted spellings of listed places (Sievjerodonetsk)."""

from __future__ import annotations

from warreader.nlp.gazetteer import Gazetteer
from warreader.nlp.keys import name_key

_built: tuple[Gazetteer, dict[str, str]] | None = None
"""The one gazetteer whose key index is at hand, with it (built, or adopted from a cache)."""


def key_index(gaz: Gazetteer) -> dict[str, str]:
    """Transliteration key → the one folded gazetteer name with that key (ambiguous keys left out)."""
    global _built
    found = _built
    if found is not None and found[0] is gaz:
        return found[1]
    index = build_key_index(gaz)
    _built = (gaz, index)
    return index


def adopt_key_index(gaz: Gazetteer, index: dict[str, str]) -> None:
    """Use ``index`` as ``gaz``'s key index from now on (one :func:`build_key_index` made for the
    same gazetteer and key code earlier, kept by the caller; nlp/ keeps nothing on disk)."""
    global _built
    _built = (gaz, index)


def has_key_index(gaz: Gazetteer) -> bool:
    """Whether ``gaz``'s key index is at hand (built or adopted) in this process."""
    found = _built
    return found is not None and found[0] is gaz


def build_key_index(gaz: Gazetteer) -> dict[str, str]:
    """:func:`key_index` worked out from the gazetteer (~0.8 s for the bundled one)."""
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
