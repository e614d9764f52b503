"""Find an entity group by a name the user types, in any spelling: "kharkov", "Charkiw", "Харків".

The corpus may never spell a name the way the user does, so a name is looked up the way the
grouping joins spellings (:mod:`warreader.nlp.grouping`): by the transliteration key of
:func:`warreader.nlp.keys.name_key`, and through the gazetteer's spellings of a place. Tiers, the
first that finds something wins:

1. a group id;
2. a group's name, then one of its spellings (case and accents ignored);
3. a spelling with the same transliteration key, read with each language's conventions
   ("charkiw" read as German is the key of "Kharkiv" read as English);
4. a place the gazetteer knows by that name (Kharkov, Charków) or by a spelling with that key;
5. a spelling whose key is close (the similarity grouping uses for surnames).

Used by the command palette's "Go to entity" and by ``warreader export entity NAME``.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from warreader.library import Library
from warreader.model import Group
from warreader.nlp.gazetteer import fold, load_gazetteer
from warreader.nlp.keys import name_key

LANGUAGES = ("en", "de", "sv", "pl", "fr")
"""Spelling conventions a typed name is read with (the user's language is not known)."""
CLOSE = 88.0
"""Key similarity (rapidfuzz ratio) of tier 5: the grouping's surname threshold."""
MIN_CLOSE_LENGTH = 5
"""Keys shorter than this are not matched by similarity (too many near neighbours)."""


def query_keys(name: str) -> set[str]:
    """The transliteration keys of ``name`` read in every language of :data:`LANGUAGES`."""
    return {key for key in (name_key(name, language) for language in LANGUAGES) if key}


class _Keys:
    """Which groups answer to which key: from their spellings, and from the gazetteer's spellings
    of the places they are (built once per library and set of groups)."""

    def __init__(self, groups: Iterable[Group]) -> None:
        self.spelled: dict[str, set[str]] = defaultdict(set)
        self.gazetteer: dict[str, set[str]] = defaultdict(set)
        gaz = load_gazetteer()
        for group in groups:
            spellings = [group.name, *group.variants]
            if group.kind == "speaker":  # people are grouped by surname: "Syniehubov" finds Oleh Syniehubov
                spellings += [v.split()[-1] for v in spellings if " " in v.strip()]
            for spelling in dict.fromkeys(spellings):
                for key in query_keys(spelling):
                    self.spelled[key].add(group.id)
            place = group.id.removeprefix("place:") if group.kind == "place" else ""
            for spelling in gaz.names(place) if place else ():
                key = name_key(spelling, "en")
                if key:
                    self.gazetteer[key].add(group.id)


_CACHE: weakref.WeakKeyDictionary[Library, tuple[tuple[object, ...], _Keys]] = weakref.WeakKeyDictionary()


def _signature(library: Library) -> tuple[object, ...]:
    """Changes when corrections rename, merge or split groups (the key index is rebuilt then)."""
    return tuple((g.id, g.name, len(g.variants)) for g in library.groups.values())


def _keys(library: Library) -> _Keys:
    signature = _signature(library)
    cached = _CACHE.get(library)
    if cached is None or cached[0] != signature:
        cached = (signature, _Keys(library.groups.values()))
        _CACHE[library] = cached
    return cached[1]


def _ranked(library: Library, ids: Iterable[str]) -> list[Group]:
    """The groups of ``ids``, most mentioned first."""
    groups = [library.groups[i] for i in set(ids) if i in library.groups]
    return sorted(groups, key=lambda g: (-g.mentions, g.name.casefold(), g.id))


def find_groups(library: Library, query: str) -> list[Group]:
    """The groups ``query`` names (most mentioned first); several when it is ambiguous, none when
    nothing answers to it. See the module docstring for the tiers."""
    query = query.strip()
    if not query:
        return []
    if query in library.groups:
        return [library.groups[query]]
    folded = fold(query)
    named = [g.id for g in library.groups.values() if fold(g.name) == folded]
    if named:
        return _ranked(library, named)
    spelled = [g.id for g in library.groups.values() if any(fold(v) == folded for v in g.variants)]
    if spelled:
        return _ranked(library, spelled)
    keys = query_keys(query)
    index = _keys(library)
    found = {gid for key in keys for gid in index.spelled.get(key, ())}
    if found:
        return _ranked(library, found)
    places = ["place:" + place.id for place in load_gazetteer().lookup(folded)]
    found = {gid for gid in places if gid in library.groups}
    found |= {gid for key in keys for gid in index.gazetteer.get(key, ())}
    if found:
        return _ranked(library, found)
    close: set[str] = set()
    for key in keys:
        if len(key) < MIN_CLOSE_LENGTH:
            continue
        for other, gids in index.spelled.items():
            if other[:1] == key[:1] and abs(len(other) - len(key)) <= 3 and fuzz.ratio(key, other) >= CLOSE:
                close |= gids
    return _ranked(library, close)


def find_group(library: Library, query: str) -> Group | None:
    """The one group ``query`` names (the most mentioned when several do), or None."""
    found = find_groups(library, query)
    return found[0] if found else None
