"""Place mentions: gazetteer matching with inflection, context rules for unlisted villages.

1. Every capitalised word starts a candidate; the longest run of words (up to the
   gazetteer's longest name) that is a known spelling wins. Inflected forms are tried
   through :mod:`warreader.nlp.inflection`; upper-case datelines are matched too.
2. Names that are also ordinary words ("Most", "Bar") need place context: a
   locative preposition, a settlement noun, a region noun, or a list of places.
3. A capitalised word glued to another capitalised word that is not a place is read
   as part of a person's or organisation's name, not as a place.
4. Unlisted settlements are taken from context ("the village of X", "byn X",
   "the X region", lists of settlements) and keyed by their transliteration key.
5. Ambiguous names (three places called Lyman) resolve by the regions of the other
   places in the article, then by population.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from warreader.corpus.article import Mention
from warreader.nlp import lexicon
from warreader.nlp.gazetteer import Gazetteer, Place, fold, load_gazetteer
from warreader.nlp.inflection import base_forms
from warreader.nlp.keys import name_key
from warreader.nlp.text import Token, elided_prefix, is_sentence_start, strip_possessive, tokenize


@dataclass(slots=True)
class _Match:
    start: int
    end: int
    first: int  # token index of the first word
    last: int  # token index of the last word
    places: tuple[Place, ...]
    folded: str


_GERMAN_NOUN_ENDINGS = ("en", "ung", "heit", "keit", "schaft", "ern", "ion", "tät")
_ABBREVIATIONS = frozenset({"St", "Ste", "Mt", "Ft", "S:t"})


def _joined(body: str, tokens: list[Token], i: int, j: int) -> bool:
    """True when tokens i..j are separated by single spaces only (one name, not two)."""
    return all(body[tokens[k].end : tokens[k + 1].start] == " " for k in range(i, j))


def _candidates(word_text: str, language: str) -> list[tuple[str, int]]:
    word = strip_possessive(word_text)
    forms = [(word, len(word))]
    forms += base_forms(word, language)
    return forms


def _lookup_run(
    body: str, tokens: list[Token], i: int, j: int, language: str, gaz: Gazetteer
) -> _Match | None:
    """Try tokens i..j (inclusive) as one place name."""
    first, last = tokens[i], tokens[j]
    skip = elided_prefix(first.text) if language == "fr" else 0
    start = first.start + skip
    head = body[start : last.start].replace(".", "")
    last_text = last.text[skip:] if i == j else last.text
    shift = skip if i == j else 0
    for form, covered in _candidates(last_text, language):
        covered += shift
        folded = fold(head + form)
        places = gaz.lookup(folded)
        if places:
            return _Match(start, last.start + covered, i, j, places, folded)
    return None


def _is_word(token: Token) -> bool:
    return token.is_word


def _capitalised(token: Token, language: str) -> bool:
    text = token.text
    if language == "fr":
        text = text[elided_prefix(text) :]
    return bool(text) and text[0].isupper()


class _Finder:
    def __init__(self, body: str, language: str, gaz: Gazetteer, tokens: list[Token] | None) -> None:
        self.body = body
        self.language = language
        self.gaz = gaz
        self.tokens = tokenize(body) if tokens is None else tokens
        self.preps = lexicon.PLACE_PREPOSITIONS.get(language, lexicon.PLACE_PREPOSITIONS["en"])
        self.ands = lexicon.AND_WORDS.get(language, lexicon.AND_WORDS["en"])
        self.speech = lexicon.SPEECH_VERBS.get(language, lexicon.SPEECH_VERBS["en"])
        self.matches: list[_Match] = []

    # -- gazetteer matching -------------------------------------------------
    def match_all(self) -> None:
        """Longest known names from each capitalised word, left to right.

        Only capitalised words can start a name, so only they are visited; what a run of words
        looks up to depends on its text alone, so the lookups are remembered per text
        (:func:`_run_lookup`, :func:`_key_lookup`).
        """
        tokens, body, n, language = self.tokens, self.body, len(self.tokens), self.language
        max_words = self.gaz.max_words
        if language == "fr":
            starts = [k for k, t in enumerate(tokens) if t.is_word and _capitalised(t, language)]
        else:
            starts = [k for k, t in enumerate(tokens) if t.is_capitalized and t.is_word]
        resume = 0
        for i in starts:
            if i < resume:
                continue
            token = tokens[i]
            # The run of words joined by single spaces from here, as long as the longest name;
            # lookups are tried only at its capitalised words (and at the first word).
            last = top = i
            while (
                last + 1 < n
                and last - i + 1 < max_words
                and tokens[last + 1].is_word
                and body[tokens[last].end : tokens[last + 1].start] == " "
            ):
                last += 1
                if tokens[last].is_capitalized:
                    top = last
            if last == i and i + 2 < n and token.text in _ABBREVIATIONS and tokens[i + 1].text == ".":
                last = i + 2  # "St. Petersburg"
                if tokens[last].is_capitalized and tokens[last].is_word:
                    top = last
            span = body[token.start : tokens[top].end]
            hit = _run_lookup(span, language, self.gaz)
            found = None
            if hit is not None:
                dj, start_shift, end_shift, places, folded = hit
                found = _Match(token.start + start_shift, token.start + end_shift, i, i + dj, places, folded)
            if (
                found is not None
                and found.first == found.last
                and (
                    token.text in lexicon.SENTENCE_WORDS
                    or strip_possessive(token.text) in lexicon.ORGANISATION_WORDS
                )
            ):
                found = None
            if (
                found is not None
                and language in ("uk", "ru")
                and found.first == found.last
                and found.places[0].population < 10_000
                and is_sentence_start(body, token.start)
            ):
                found = None  # Cyrillic has no common-word flags: a small place opening a sentence needs more
            if (
                found is None
                and not token.is_all_caps
                and token.text not in lexicon.SENTENCE_WORDS
                and not is_sentence_start(body, token.start)
            ):
                # An unlisted spelling of a known place (Sievjerodonetsk, Zaporizhia), by transliteration key.
                span = body[token.start : tokens[min(last, i + 2)].end]
                by_key = _key_lookup(span, language, self.gaz)
                if by_key is not None:
                    dj, end_shift, folded = by_key
                    found = _Match(
                        token.start, token.start + end_shift, i, i + dj, self.gaz.lookup(folded), folded
                    )
            if found is None and "-" in token.text:
                self._hyphenated(i)
                resume = i + 1
                continue
            if found is not None and self._plausible(found):
                self.matches.append(found)
                resume = found.last + 1
            else:
                resume = i + 1

    def _hyphenated(self, i: int) -> None:
        """``Russia-Ukraine`` → two places; ``Kharkiv-based`` → one; ``Kupiansk-Vuzlovyi`` → none."""
        token = self.tokens[i]
        offset = token.start
        parts = []
        for part in token.text.split("-"):
            parts.append((part, offset))
            offset += len(part) + 1
        found = []
        for part, start in parts:
            if not part[:1].isupper():
                continue
            places = self.gaz.lookup(fold(strip_possessive(part)))
            if not places:
                return  # an unknown capitalised part: the whole is one unknown name
            found.append(_Match(start, start + len(strip_possessive(part)), i, i, places, fold(part)))
        self.matches.extend(m for m in found if not self._needs_context(m) or self._has_context(m))

    def _needs_context(self, match: _Match) -> bool:
        if self.gaz.is_common_word(match.folded):
            return True
        text = self.body[match.start : match.end]
        return match.first == match.last and self.tokens[match.first].is_all_caps and len(text) < 4

    def _has_context(self, match: _Match) -> bool:
        tokens = self.tokens
        before = tokens[match.first - 1] if match.first > 0 else None
        after = tokens[match.last + 1] if match.last + 1 < len(tokens) else None
        if after is not None and after.text in lexicon.REGION_NOUNS:
            return True
        if before is not None and before.text in self.preps and not is_sentence_start(self.body, match.start):
            return True
        return bool(
            before is not None
            and before.text.lower() in self.ands | {","}
            and self._after_place(match.first - 1)
        )

    def _after_place(self, index: int) -> bool:
        return any(m.last == index - 1 for m in self.matches)

    def _plausible(self, match: _Match) -> bool:
        tokens, body = self.tokens, self.body
        last_word = tokens[match.last].text
        if (
            self.language == "pl"
            and match.first == match.last
            and last_word.lower().endswith(lexicon.POLISH_ADJECTIVE_ENDINGS)
            and fold(last_word) != match.folded
        ):
            return False  # "Ukraińskie wojska": an adjective opening a sentence, not a place
        if self._needs_context(match) and not self._has_context(match):
            return False
        before = tokens[match.first - 1] if match.first > 0 else None
        after = tokens[match.last + 1] if match.last + 1 < len(tokens) else None
        # Glued to another capitalised word: part of a longer name (a person, an organisation,
        # or a settlement such as "Davydov Brid" whose words are places on their own).
        if (
            before is not None
            and match.places[0].kind not in ("country", "region")
            and before.is_word
            and before.is_capitalized
            and before.text not in lexicon.PLACE_NOUNS_BEFORE
            and body[before.end : tokens[match.first].start] == " "
            and strip_possessive(before.text) == before.text
            and not lexicon.is_title(before.text)
            and before.text not in lexicon.SENTENCE_WORDS
            and before.text not in lexicon.MONTHS_AND_DAYS
        ):
            return False
        glued = (
            after is not None
            and after.is_word
            and after.is_capitalized
            and body[tokens[match.last].end : after.start] == " "
            and strip_possessive(tokens[match.last].text) == tokens[match.last].text
            and (match.end == tokens[match.last].end or self.language != "de")  # "Kiews Vororte"
            and not lexicon.is_title(after.text)
            and after.text not in lexicon.REGION_NOUNS
        )
        if glued and before is not None and before.text in self.preps:
            # "i Luhansk Serhiy Haidai": a place, then a two-word name of its own.
            k = match.last + 1
            return k + 1 < len(tokens) and tokens[k + 1].is_capitalized and _joined(body, tokens, k, k + 1)
        return not glued
        return not (
            match.places[0].kind == "city"
            and body[match.start : match.end].isupper()
            and len(body[match.start : match.end]) < 4
        )

    # -- context rules for places the gazetteer lacks -------------------------
    def context_places(self) -> list[tuple[int, int]]:
        """Spans of capitalised names that context says are places."""
        spans: list[tuple[int, int]] = []
        starts = [t.start for t in self.tokens]
        for found in _settlement_pattern(self.language).finditer(self.body):
            spans.extend(self._name_list(bisect_left(starts, found.end())))
        verbs = lexicon.CONTROL_VERBS.get(self.language, frozenset())
        for i, token in enumerate(self.tokens):
            if token.text in verbs:
                spans.extend(self._name_list(i + 1, need_list=True))
        spans.extend(self._list_neighbours())
        for found in _REGION_PATTERN.finditer(self.body):
            i = bisect_left(starts, found.start())
            if i >= 2 and i < len(self.tokens) and self.tokens[i].start == found.start():
                name = self._name_before(i)
                if name:
                    spans.append(name)
        return spans

    def _name_at(self, i: int) -> tuple[int, int, int] | None:
        """A capitalised name of up to three words starting at token i: (start, end, next index)."""
        tokens, n = self.tokens, len(self.tokens)
        if i >= n or not tokens[i].is_word or not _capitalised(tokens[i], self.language):
            return None
        if tokens[i].text in lexicon.SENTENCE_WORDS or tokens[i].text in lexicon.MONTHS_AND_DAYS:
            return None
        j = i
        while (
            j + 1 < n
            and j - i < 2
            and strip_possessive(tokens[j].text) == tokens[j].text
            and tokens[j + 1].is_word
            and tokens[j + 1].is_capitalized
            and _joined(self.body, tokens, j, j + 1)
        ):
            j += 1
        if self.language == "de" and j > i and tokens[i].text.endswith(_GERMAN_NOUN_ENDINGS):
            i += 1  # "Tagen Andrijiwka": a German common noun before the name
        start = tokens[i].start + (elided_prefix(tokens[i].text) if self.language == "fr" else 0)
        end = tokens[j].start + len(strip_possessive(tokens[j].text))
        return start, end, j + 1

    def _name_list(self, i: int, need_list: bool = False) -> list[tuple[int, int]]:
        """Names in a list starting at token i ("A, B and C"); with ``need_list``, only a real list
        (two names or more, one of them a known place) counts, as after a verb of taking ground."""
        spans = []
        tokens = self.tokens
        while True:
            name = self._name_at(i)
            if name is None or (name[2] < len(tokens) and tokens[name[2]].text.lower() in self.speech):
                break
            spans.append((name[0], name[1]))
            i = name[2]
            if i < len(tokens) and tokens[i].text == ",":
                i += 1
            if i < len(tokens) and tokens[i].text.lower() in self.ands:
                i += 1
            elif not (i > 0 and tokens[i - 1].text == ","):
                break
        if need_list:
            known = {m.start for m in self.matches}
            if any(start in known for start, _ in spans):
                return [sp for sp in spans if sp[0] in known or not self._titled(sp[0])]
            if len(spans) < 2 or any(self._person_like(start) for start, _ in spans):
                return []
        return spans

    def _titled(self, start: int) -> bool:
        tokens = self.tokens
        i = bisect_left([t.start for t in tokens], start)
        return i < len(tokens) and lexicon.is_title(tokens[i].text)

    def _person_like(self, start: int) -> bool:
        """A name that opens with a title, or whose first word is a first name before a capitalised
        word (not itself a known place): more likely a person than a settlement."""
        tokens = self.tokens
        i = bisect_left([t.start for t in tokens], start)
        if i < len(tokens) and lexicon.is_title(tokens[i].text):
            return True
        return (
            i + 1 < len(tokens)
            and tokens[i + 1].is_capitalized
            and _joined(self.body, tokens, i, i + 1)
            and not (any(m.start == start for m in self.matches))
        )

    def _list_neighbours(self) -> list[tuple[int, int]]:
        """Unknown names listed with known places ("Bilyaivka, Zolota Balka and Ukrainka")."""
        spans: list[tuple[int, int]] = []
        tokens = self.tokens
        known = {m.start for m in self.matches}
        settlements = {m.start for m in self.matches if m.places[0].kind == "city"}
        i, n = 0, len(tokens)
        separators = self.ands | {","}
        while i < n:
            if not (tokens[i].is_word and tokens[i].is_capitalized) or (i > 0 and tokens[i - 1].text == ","):
                i += 1
                continue
            k = i + 1  # cheap test first: a list needs a separator within the next three words
            while k < n and k - i < 3 and tokens[k].is_word and tokens[k].is_capitalized:
                k += 1
            if k >= n or tokens[k].text.lower() not in separators:
                i = k
                continue
            items, end = self._list_at(i)
            if (
                items
                and items[0][0] not in known
                and (is_sentence_start(self.body, items[0][0]) or self._inside_longer_name(i))
            ):
                items = items[1:]
            if len(items) >= 2 and any(s in settlements for s, _ in items):
                spans.extend(item for item in items if item[0] not in known and not self._titled(item[0]))
            i = max(end, i + 1)
        return spans

    def _inside_longer_name(self, i: int) -> bool:
        """``Institute for the Study of War``: token i follows a connector after a capitalised word."""
        tokens = self.tokens
        k = i - 1
        while k >= 0 and tokens[k].text.lower() in lexicon.NAME_CONNECTORS:
            k -= 1
        return k < i - 1 and k >= 0 and tokens[k].is_word and tokens[k].is_capitalized

    def _list_at(self, i: int) -> tuple[list[tuple[int, int]], int]:
        """Names joined by commas and "and" from token i; returns them and the token after the list."""
        items: list[tuple[int, int]] = []
        tokens = self.tokens
        while True:
            name = self._name_at(i)
            if name is None:
                break
            if name[2] < len(tokens) and tokens[name[2]].text.lower() in self.speech:
                break  # "…, Vladimir Putin said": the list ended before the speaker
            items.append((name[0], name[1]))
            i = name[2]
            if i < len(tokens) and tokens[i].text == ",":
                i += 1
                if i < len(tokens) and tokens[i].text.lower() in self.ands:
                    i += 1
            elif i < len(tokens) and tokens[i].text.lower() in self.ands:
                i += 1
            else:
                break
        return items, i

    def _list_item_ends(self, k: int) -> bool:
        """The name is followed by a list separator or the end of a clause, not by more of a name."""
        tokens = self.tokens
        if k >= len(tokens):
            return True
        return not tokens[k].is_word or tokens[k].text.lower() in self.ands or tokens[k].text[:1].islower()

    def _name_before(self, i: int) -> tuple[int, int] | None:
        tokens = self.tokens
        j = i - 1
        if not tokens[j].is_word or not tokens[j].is_capitalized:
            return None
        k = j
        while (
            k - 1 >= 0
            and tokens[k - 1].is_word
            and tokens[k - 1].is_capitalized
            and strip_possessive(tokens[k - 1].text) == tokens[k - 1].text
            and j - k < 2
        ):
            k -= 1
        if tokens[k].text in lexicon.SENTENCE_WORDS or is_sentence_start(self.body, tokens[k].start):
            return None
        return tokens[k].start, tokens[j].start + len(strip_possessive(tokens[j].text))


@lru_cache(maxsize=65536)
def _run_lookup(
    span: str, language: str, gaz: Gazetteer
) -> tuple[int, int, int, tuple[Place, ...], str] | None:
    """The longest known name at the start of ``span`` (a run of words), ending at a capitalised word
    or at the first word: (index of its last word, start, end, places, folded name), offsets in ``span``."""
    tokens = tokenize(span)
    for j in range(len(tokens) - 1, -1, -1):
        if (tokens[j].is_capitalized or j == 0) and tokens[j].is_word:
            found = _lookup_run(span, tokens, 0, j, language, gaz)
            if found:
                return j, found.start, found.end, found.places, found.folded
    return None


@lru_cache(maxsize=65536)
def _key_lookup(span: str, language: str, gaz: Gazetteer) -> tuple[int, int, str] | None:
    """An unlisted spelling of a listed place at the start of ``span`` (Sievjerodonetsk, Zaporizhia),
    by transliteration key: (index of its last word, end offset in ``span``, folded gazetteer name)."""
    tokens = tokenize(span)
    for j in range(len(tokens) - 1, -1, -1):
        if not all(t.is_capitalized for t in tokens[: j + 1]):
            continue
        head = span[tokens[0].start : tokens[j].start]
        for form, covered in _candidates(tokens[j].text, language):
            name = head + form
            if len(name) < 5:
                continue
            folded = _key_index(gaz).get(name_key(name, language))
            if folded:
                return j, tokens[j].start + covered, folded
    return None


@lru_cache(maxsize=1)
def _key_index(gaz: Gazetteer) -> dict[str, str]:
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


@lru_cache(maxsize=8)
def _settlement_pattern(language: str) -> re.Pattern[str]:
    phrases = lexicon.SETTLEMENT_NOUNS.get(language, ())
    alternatives = sorted((r"\s+".join(map(re.escape, p)) for p in phrases), key=len, reverse=True)
    if not alternatives:
        return re.compile(r"(?!)")  # no settlement nouns for this language: never matches
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")\s+(?=\w)")


_REGION_PATTERN = re.compile(
    r"(?<!\w)(?:"
    + "|".join(sorted((w for w in lexicon.REGION_NOUNS if w[0].islower()), key=len, reverse=True))
    + r")(?!\w)"
)


def _resolve(matches: list[_Match], tokens: list[Token]) -> list[Place]:
    """Pick one gazetteer entry per match.

    The gazetteer lists candidates best first (countries and regions, then a place's own
    name before a former one, then population). A river word beside the name picks the river
    ("the Dnepr river", "floden Dnepr"); among same-named settlements, the one in a region the
    article's other places lie in wins ("Lyman" beside Sloviansk is Lyman in Donetsk Oblast).
    """
    support: Counter[str] = Counter()
    for match in matches:
        if len({(p.country, p.admin1) for p in match.places}) == 1 and match.places[0].admin1:
            support[match.places[0].admin1] += 1
    chosen = []
    for match in matches:
        places = match.places
        neighbours = {
            tokens[k].text.lower() for k in (match.first - 1, match.last + 1) if 0 <= k < len(tokens)
        }
        rivers = [p for p in places if p.kind in ("river", "sea")]
        if rivers and neighbours & lexicon.RIVER_WORDS:
            chosen.append(rivers[0])
        elif places[0].kind != "city":
            chosen.append(places[0])
        else:
            ranked = [(support[p.admin1], -i, p) for i, p in enumerate(places) if p.kind == "city"]
            chosen.append(max(ranked, key=lambda r: (r[0], r[1]))[2])
    return chosen


def _detail(place: Place, alternatives: int) -> str:
    """Which gazetteer entry a mention resolved to: "city · Donetsk Oblast, UA · 48.99, 37.81 · 1 of 3"."""
    where = ", ".join(x for x in (place.admin1, place.country) if x)
    parts = [place.kind, where, f"{place.lat:.2f}, {place.lon:.2f}"]
    if alternatives > 1:
        parts.append(f"1 of {alternatives} places named {place.name}")
    return " · ".join(p for p in parts if p)


_GENERIC_TAILS = (" River", " river", " Reservoir", " reservoir", " Sea")


def _core_name(text: str) -> str | None:
    for tail in _GENERIC_TAILS:
        if text.endswith(tail) and len(text) > len(tail) + 2:
            return text[: -len(tail)]
    return None


def find_places(
    body: str, language: str, gazetteer: Gazetteer | None = None, tokens: list[Token] | None = None
) -> list[Mention]:
    """All place mentions in ``body``, in order (``tokens`` may be passed when already made)."""
    gaz = gazetteer or load_gazetteer()
    finder = _Finder(body, language, gaz, tokens)
    finder.match_all()
    mentions: list[Mention] = []
    taken: set[int] = set()
    for match, place in zip(finder.matches, _resolve(finder.matches, finder.tokens), strict=True):
        mentions.append(
            Mention(
                "place",
                body[match.start : match.end],
                match.start,
                match.end,
                key=place.id,
                detail=_detail(place, len(match.places)),
            )
        )
        taken.update(range(match.start, match.end))
        core = _core_name(body[match.start : match.end])
        if core and gaz.lookup(fold(core)) and place in gaz.lookup(fold(core)):
            # "Oskil River" also mentions the river by its bare name, like a surname in a full name.
            mentions.append(
                Mention(
                    "place",
                    core,
                    match.start,
                    match.start + len(core),
                    key=place.id,
                    detail=mentions[-1].detail,
                )
            )
    for start, end in finder.context_places():
        if start in taken or end - 1 in taken or end - start < 3:
            continue
        text = body[start:end]
        mentions.append(
            Mention(
                "place",
                text,
                start,
                end,
                key="ctx:" + name_key(text, language),
                detail="settlement named by context (not in the gazetteer)",
            )
        )
        taken.update(range(start, end))
    mentions.sort(key=lambda m: m.start)
    return mentions
