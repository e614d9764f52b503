"""Which gazetteer entry a place mention means: the article's regions, rivers beside the name, population.

Split from :mod:`warreader.nlp.places`, which finds the mentions; this module picks one entry for each
(:func:`resolve`) and describes it (:func:`detail`).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from warreader.nlp import lexicon
from warreader.nlp.gazetteer import Gazetteer, Place
from warreader.nlp.text import Words

if TYPE_CHECKING:
    from warreader.nlp.places import _Match

_CACHE_LIMIT = 100_000  # details kept (a bound on memory; results never depend on it)


DOMINANT = 10
"""A place this many times as populous as every other of its name is what the name means alone."""


def largest(places: tuple[Place, ...]) -> int:
    return max(p.population for p in places)


def dominant(places: tuple[Place, ...]) -> bool:
    top = places[0]
    return top.kind == "city" and all(
        top.population >= DOMINANT * max(p.population, 1) for p in places[1:] if p.kind == "city"
    )


def resolve(matches: list[_Match], words: Words, gaz: Gazetteer) -> list[Place]:
    """Pick one gazetteer entry per match.

    The gazetteer lists candidates best first (countries and regions, then a place's own
    name before a former one, then population). A river word beside the name picks the river
    ("the Dnepr river", "floden Dnepr"); among same-named settlements, the one in a region the
    article's other places lie in wins ("Lyman" beside Sloviansk is Lyman in Donetsk Oblast).
    """
    owned: list[tuple[Place, ...]] = []
    for match in matches:
        places = match.places
        if len(places) > 1:
            # A place that bears the name only as an alternate or a former one (Mykolaivka, once
            # listed as Mykolaiv) is never preferred to a place whose own name it is.
            alternates = gaz.alternates(match.folded)
            if alternates:
                places = tuple(p for p in places if p.id not in alternates) or places
        owned.append(places)
    support: Counter[str] = Counter()
    for places in owned:
        if places[0].admin1 and (
            len(places) == 1
            or len({(p.country, p.admin1) for p in places}) == 1
            or dominant(places)  # "Donetsk", "Avdiivka": one of them is the place meant by default
        ):
            support[places[0].admin1] += 1
    chosen = []
    lower, n = words.lower, len(words)
    for match, places in zip(matches, owned, strict=True):
        if len(places) == 1:
            chosen.append(places[0])  # the only candidate, whatever its kind
            continue
        neighbours = {lower[k] for k in (match.first - 1, match.last + 1) if 0 <= k < n}
        rivers = [p for p in places if p.kind in ("river", "sea")]
        if rivers and neighbours & lexicon.RIVER_WORDS:
            chosen.append(rivers[0])
        elif places[0].kind != "city":
            chosen.append(places[0])
        else:
            ranked = [(support[p.admin1], -i, p) for i, p in enumerate(places) if p.kind == "city"]
            chosen.append(max(ranked, key=lambda r: (r[0], r[1]))[2])
    return chosen


_DETAILS: dict[tuple[int, int], tuple[Place, str]] = {}


def detail(place: Place, alternatives: int) -> str:
    """Which gazetteer entry a mention resolved to: "city · Donetsk Oblast, UA · 48.99, 37.81 · 1 of 3"."""
    known = _DETAILS.get((id(place), alternatives))
    if known is not None and known[0] is place:
        return known[1]
    where = ", ".join(x for x in (place.admin1, place.country) if x)
    parts = [place.kind, where, f"{place.lat:.2f}, {place.lon:.2f}"]
    if alternatives > 1:
        parts.append(f"1 of {alternatives} places named {place.name}")
    detail = " · ".join(p for p in parts if p)
    if len(_DETAILS) >= _CACHE_LIMIT:
        _DETAILS.clear()
    _DETAILS[id(place), alternatives] = (place, detail)  # the place is kept, so its id is not reused
    return detail
