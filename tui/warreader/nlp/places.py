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

from dataclasses import dataclass
from functools import lru_cache

from warreader.model import Mention
from warreader.nlp import lexicon
from warreader.nlp.contextplaces import ContextRules, capitalised
from warreader.nlp.furniture import furniture_spans, inside, menu_spans
from warreader.nlp.gazetteer import Gazetteer, Place, fold, load_gazetteer
from warreader.nlp.inflection import base_forms
from warreader.nlp.keys import name_key
from warreader.nlp.placekeys import key_index as _key_index
from warreader.nlp.placeresolve import DOMINANT, detail, largest, resolve
from warreader.nlp.text import (
    POSSESSIVE_ENDINGS,
    Token,
    Words,
    elided_prefix,
    is_sentence_start,
    strip_possessive,
)


@dataclass(slots=True)
class _Match:
    start: int
    end: int
    first: int  # token index of the first word
    last: int  # token index of the last word
    places: tuple[Place, ...]
    folded: str


# A run of words looked up: (index of its last word counted from the first, start, end, places,
# folded name), offsets counted from the run's first character.
_RunHit = tuple[int, int, int, tuple[Place, ...], str]
# A run found by transliteration key: (index of its last word counted from the first, end, folded name).
_KeyHit = tuple[int, int, str]

_FEMININE_SURNAME_ENDINGS = tuple("ова ева ёва єва ина іна їна ska cka owa ewa ina".split())
_DE_ARTICLES = frozenset("der die das den dem des ein eine einer einem einen eines".split())
_ABBREVIATIONS = frozenset({"St", "Ste", "Mt", "Ft", "S:t"})
_CACHE_LIMIT = 100_000  # entries kept per lookup cache (a bound on memory; results never depend on it)


@lru_cache(maxsize=4096)
def _candidates(word_text: str, language: str) -> tuple[tuple[str, int], ...]:
    word = strip_possessive(word_text)
    return ((word, len(word)), *base_forms(word, language))


def _lookup_run(words: Words, i: int, j: int, language: str, gaz: Gazetteer) -> _Match | None:
    """Try tokens i..j (inclusive) as one place name."""
    text, starts = words.text, words.start
    skip = elided_prefix(text[i]) if language == "fr" else 0
    start = starts[i] + skip
    head = words.body[start : starts[j]].replace(".", "")
    last_text = text[j][skip:] if i == j else text[j]
    shift = skip if i == j else 0
    literal: _Match | None = None
    for form, covered in _candidates(last_text, language):
        covered += shift
        folded = fold(head + form)
        places = gaz.lookup(folded)
        if not places:
            continue
        match = _Match(start, starts[j] + covered, i, j, places, folded)
        if literal is None:
            if language not in _AGREEING or i != j:
                return match
            literal = match  # "Lwowie" is a hamlet's name and the locative of Lwów: weigh both
        elif largest(places) >= DOMINANT * max(largest(literal.places), 1):
            return match
    if literal is not None:
        return literal
    if j == i + 1 and language in _AGREEING and words.joined(i):
        # Both words declined ("Morzem Bałtyckim", "Чорному морі", "Schwarzen Meer"): the first word's
        # base forms that open a listed name, with the last word's.
        firsts = _first_words(gaz)
        for first, _ in _candidates(text[i], language)[1:]:
            folded_first = fold(first)
            if folded_first not in firsts:
                continue
            for form, covered in _candidates(last_text, language):
                folded = folded_first + " " + fold(form)
                places = gaz.lookup(folded)
                if places:
                    return _Match(start, starts[j] + covered, i, j, places, folded)
    return None


_AGREEING = frozenset({"pl", "uk", "ru", "de"})
"""Languages whose adjectives and nouns both decline in a name of two words."""


@lru_cache(maxsize=4)
def _first_words(gaz: Gazetteer) -> frozenset[str]:
    """The first words of the gazetteer's names of two words or more (folded)."""
    return frozenset(key.split(" ", 1)[0] for key in gaz.keys() if " " in key)  # noqa: SIM118


@lru_cache(maxsize=65536)
def _opens_no_name(word_text: str, language: str, gaz: Gazetteer) -> bool:
    """No name of two words or more in ``gaz`` can open with the word ``word_text``: looking up a
    run of words from it as one name (:func:`_lookup_run`, ``j > i``) finds nothing.

    Such a run is looked up as ``fold(head + form)``: when the head's first word folds to one
    word (``lead``) and whitespace follows it (checked by the caller), that fold's first word is
    ``lead``, so a listed name of it opens with ``lead``; declined first words are tried too. Most
    capitalised runs (a title and a person's name) open with no listed name's first word, and are
    not looked up word by word."""
    firsts = _first_words(gaz)
    skip = elided_prefix(word_text) if language == "fr" else 0
    lead = fold(word_text[skip:])
    if not lead or " " in lead or lead in firsts:
        return False
    return not (
        language in _AGREEING
        and any(fold(first) in firsts for first, _ in _candidates(word_text, language)[1:])
    )


@lru_cache(maxsize=4)
def _caches(
    gaz: Gazetteer,
) -> tuple[
    dict[tuple[str, str], _RunHit | None],
    dict[tuple[str, str], _KeyHit | None],
    dict[tuple[str, str], _RunHit | None],
]:
    """Lookups of runs of words in one gazetteer, by (the run's text, language): the longest name
    from a run's first word, its transliteration-key match, and each run tried as one whole name.

    What a run looks up to depends only on its text (its words, the spaces between them) and the
    language, so names met again, in this article or an earlier one, are not looked up again.
    """
    return {}, {}, {}


def _remember(cache: dict[tuple[str, str], _RunHit | None] | dict[tuple[str, str], _KeyHit | None]) -> None:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()


class _Finder(ContextRules):
    def __init__(self, words: Words, language: str, gaz: Gazetteer) -> None:
        self.body = words.body
        self.words = words
        self.language = language
        self.gaz = gaz
        self.preps = lexicon.PLACE_PREPOSITIONS.get(language, lexicon.PLACE_PREPOSITIONS["en"])
        self.ands = lexicon.AND_WORDS.get(language, lexicon.AND_WORDS["en"])
        self.separators = self.ands | {","}
        self.speech = lexicon.SPEECH_VERBS.get(language, lexicon.SPEECH_VERBS["en"])
        self.matches: list[_Match] = []
        self.match_lasts: set[int] = set()  # token index of each match's last word
        self.known: set[int] | None = None

    def _add(self, match: _Match) -> None:
        self.matches.append(match)
        self.match_lasts.add(match.last)

    # -- gazetteer matching -------------------------------------------------
    def match_all(self) -> None:
        """Longest known names from each capitalised word, left to right.

        Only capitalised words can start a name, so only they are visited; what a run of words
        looks up to depends on its text alone, so lookups are remembered per text (:func:`_caches`).
        """
        words, body, language, gaz = self.words, self.body, self.language, self.gaz
        text, starts, ends, word, cap = words.text, words.start, words.end, words.word, words.cap
        n = len(text)
        max_words = gaz.max_words
        caps = words.caps
        heads = (
            [
                k
                for k in range(n)
                if word[k] and (capitalised(text[k], language) or text[k] in lexicon.GEO_HEADS_FR)
            ]
            if language == "fr"
            else caps
        )
        run_cache, key_cache, sub_cache = _caches(gaz)
        tails = lexicon.GEO_TAILS.get(language, frozenset())
        lower = words.lower if tails else text
        resume = c = 0
        n_caps = len(caps)
        is_fr = language == "fr"
        for i in heads:
            if i < resume:
                continue
            token_text, token_start = text[i], starts[i]
            # The run of words joined by single spaces from here, as long as the longest name
            # (``max_words``). A name ends at a capitalised word or at the first word, so only the
            # capitalised words the run reaches matter (``top``: the last of them), and the run's
            # extent only up to two words on (``reach``, for the transliteration-key lookup).
            limit = i + max_words - 1
            last = top = i
            while c < n_caps and caps[c] <= i:
                c += 1
            k = c
            while k < n_caps and caps[k] <= limit:
                following = caps[k]
                while (  # Words.joined, inlined: this runs for every capitalised word
                    last < following
                    and word[last + 1]
                    and starts[last + 1] == ends[last] + 1
                    and body[ends[last]] == " "
                ):
                    last += 1
                if last < following:
                    break
                top = following
                k += 1
            while (
                last < i + 2
                and last < limit
                and last + 1 < n
                and word[last + 1]
                and starts[last + 1] == ends[last] + 1
                and body[ends[last]] == " "
            ):
                last += 1
            # "Чорне море", "Svarta havet", "mer Noire", "mer d'Azov" (the cheap test first: most words
            # are no geographic noun)
            extra = (
                self._geo_extent(i, top)
                if is_fr or (tails and top + 1 < n and lower[top + 1] in tails)
                else -1
            )
            if extra > top:
                top = extra
            reach = min(last, i + 2)
            if reach == i and i + 2 < n and token_text in _ABBREVIATIONS and text[i + 1] == ".":
                reach = i + 2  # "St. Petersburg"
                if cap[reach] and word[reach]:
                    top = reach
            run_text = body[token_start : ends[top]]
            if (
                top > i
                and body[ends[i]] == " "
                and run_text.isascii()
                and _opens_no_name(token_text, language, gaz)
            ):
                # No word after the first can end a listed name (see below): the first word alone,
                # without remembering the run (most such runs are met once: a title and a name).
                word_key = (token_text, language)  # the key _sub_hit(i, i) looks up
                hit = sub_cache[word_key] if word_key in sub_cache else self._sub_hit(i, i, sub_cache)
            elif (run_key := (run_text, language)) in run_cache:
                hit = run_cache[run_key]
            else:
                hit = None
                no_name = top > i and _opens_no_name(token_text, language, gaz)
                for j in range(top, i - 1, -1):
                    if (cap[j] or j in (i, extra) or lower[j] in tails) and word[j]:
                        if (
                            no_name
                            and j > i
                            and body[ends[i] : starts[j]].replace(".", "")[:1].isspace()
                            and fold(text[j][0])
                        ):
                            continue  # a name of two words or more, opening with no listed name's first word
                        sub = self._sub_hit(i, j, sub_cache)
                        if sub is not None:
                            hit = sub
                            break
                _remember(run_cache)
                run_cache[run_key] = hit
            found = None
            if hit is not None:
                found = _Match(token_start + hit[1], token_start + hit[2], i, i + hit[0], hit[3], hit[4])
                if found.first == found.last and (
                    token_text in lexicon.SENTENCE_WORDS
                    or strip_possessive(token_text) in lexicon.ORGANISATION_WORDS
                ):
                    found = None
                elif (
                    language in ("uk", "ru")
                    and found.first == found.last
                    and found.places[0].population < 10_000
                    and is_sentence_start(body, token_start)
                ):
                    found = (
                        None  # Cyrillic has no common-word flags: a small place opening a sentence needs more
                    )
            if (
                found is None
                # what _by_key looks up is not already known to be nothing (the cheap test first)
                and (
                    (by_key := (body[token_start : ends[reach]], language)) not in key_cache
                    or key_cache[by_key] is not None
                )
                and not (cap[i] and len(token_text) > 1 and token_text.isupper())  # not in capitals
                and token_text not in lexicon.SENTENCE_WORDS
                and not is_sentence_start(body, token_start)
            ):
                found = self._by_key(i, reach, key_cache)
            if found is None and "-" in token_text:
                self._hyphenated(i)
                resume = i + 1
                continue
            if found is not None and self._plausible(found):
                self._add(found)
                resume = found.last + 1
            else:
                resume = i + 1

    def _sub_hit(self, i: int, j: int, cache: dict[tuple[str, str], _RunHit | None]) -> _RunHit | None:
        """Tokens i..j looked up as one name (:func:`_lookup_run`), remembered by their text."""
        words, language = self.words, self.language
        token_start = words.start[i]
        key = (self.body[token_start : words.end[j]], language)
        if key in cache:
            return cache[key]
        run = _lookup_run(words, i, j, language, self.gaz)
        sub = (
            None
            if run is None
            else (j - i, run.start - token_start, run.end - token_start, run.places, run.folded)
        )
        _remember(cache)
        cache[key] = sub
        return sub

    def _geo_extent(self, i: int, top: int) -> int:
        """A generic geographic noun in lower case that ends a name after token ``top`` ("море",
        "протока", "havet"), or the capitalised word a French one opens a name before ("mer Noire",
        "détroit de Kertch"): its index, else -1."""
        words = self.words
        n = len(words)
        tails = lexicon.GEO_TAILS.get(self.language)
        if tails and top + 1 < n and words.lower[top + 1] in tails and words.joined(top):
            return top + 1
        if self.language == "fr" and words.lower[i] in lexicon.GEO_HEADS_FR:
            k = i
            while k + 1 < n and k - i < 2 and words.joined(k):
                k += 1
                if capitalised(words.text[k], "fr"):
                    return k
        return -1

    def _by_key(self, i: int, last: int, cache: dict[tuple[str, str], _KeyHit | None]) -> _Match | None:
        """An unlisted spelling of a listed place (Sievjerodonetsk, Zaporizhia), by transliteration key."""
        words, body, language = self.words, self.body, self.language
        text, starts, cap = words.text, words.start, words.cap
        origin = starts[i]
        key = (body[origin : words.end[last]], language)
        if key in cache:
            hit = cache[key]
        else:
            hit = None
            index = _key_index(self.gaz)
            for j in range(last, i - 1, -1):
                if not all(cap[k] for k in range(i, j + 1)):
                    continue
                head = body[origin : starts[j]]
                for form, covered in _candidates(text[j], language):
                    name = head + form
                    if len(name) < 5:
                        continue
                    folded = index.get(name_key(name, language))
                    if folded:
                        hit = (j - i, starts[j] + covered - origin, folded)
                        break
                if hit is not None:
                    break
            _remember(cache)
            cache[key] = hit
        if hit is None:
            return None
        return _Match(origin, origin + hit[1], i, i + hit[0], self.gaz.lookup(hit[2]), hit[2])

    def _hyphenated(self, i: int) -> None:
        """``Russia-Ukraine`` → two places; ``Kharkiv-based`` → one; ``Kupiansk-Vuzlovyi`` → none."""
        offset = self.words.start[i]
        parts = []
        for part in self.words.text[i].split("-"):
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
        for match in found:
            if not self._needs_context(match) or self._has_context(match):
                self._add(match)

    def _needs_context(self, match: _Match) -> bool:
        if self.gaz.is_common_word(match.folded):
            return True
        return match.first == match.last and self.words.all_caps(match.first) and match.end - match.start < 4

    def _has_context(self, match: _Match) -> bool:
        words = self.words
        before, after = match.first - 1, match.last + 1
        if after < len(words) and words.text[after] in lexicon.REGION_NOUNS:
            return True
        if before < 0:
            return False
        if words.lower[before] in self.preps and not is_sentence_start(self.body, match.start):
            return True
        return words.lower[before] in self.separators and (before - 1) in self.match_lasts

    def _plausible(self, match: _Match) -> bool:
        words = self.words
        text, word, cap = words.text, words.word, words.cap
        first, last = match.first, match.last
        last_word = text[last]
        if (
            self.language == "pl"
            and first == last
            and last_word.lower().endswith(lexicon.POLISH_ADJECTIVE_ENDINGS)
            and fold(last_word) != match.folded
            and not (first > 0 and words.lower[first - 1] in self.preps)  # "z Polski"
            and (first == 0 or is_sentence_start(self.body, match.start) or cap[first - 1])
        ):
            return False  # "Ukraińskie wojska": an adjective opening a sentence, not a place
        if self._needs_context(match) and not self._has_context(match):
            return False
        before, after = first - 1, last + 1
        if (
            first == last
            and self.language in ("uk", "ru")
            and after < len(text)
            and words.lower[after] in lexicon.GEO_TAILS[self.language]
            and words.joined(last)
            and fold(last_word) != match.folded
        ):
            return False  # "в Каспийском море": the adjective of a sea, not the town Каспийск
        # Glued to another capitalised word: part of a longer name (a person, an organisation,
        # or a settlement such as "Davydov Brid" whose words are places on their own).
        if before >= 0 and word[before] and cap[before]:
            before_text = text[before]
            if (
                match.places[0].kind not in ("country", "region")
                and before_text not in lexicon.PLACE_NOUNS_BEFORE
                and words.joined(before)
                and not before_text.endswith(POSSESSIVE_ENDINGS)
                and not lexicon.is_title(before_text)
                and before_text not in lexicon.SENTENCE_WORDS
                and before_text not in lexicon.MONTHS_AND_DAYS
                and words.lower[before] not in self.preps  # "We Lwowie", "Pod Charkowem"
                and not self._common_noun(before)
                and not self._genitive_after_opening_noun(match, before)
            ):
                return False
        glued = (
            after < len(text)
            and word[after]
            and cap[after]
            and words.joined(last)
            and not last_word.endswith(POSSESSIVE_ENDINGS)
            and not (self.language == "de" and self._genitive(match, last_word))  # "Kiews Vororte"
            and not lexicon.is_title(text[after])
            and text[after] not in lexicon.REGION_NOUNS
            and not self._community_adjective(after)
        )
        if glued and before >= 0 and self._opens_phrase(before):
            # "i Luhansk Serhiy Haidai", "Mer Mikołajowa Ołeksandr Sienkiewicz", "obrony Ukrainy Iryna
            # Wereszczuk": a place after a preposition, a title or a lower-case word, then a name of
            # two words or more of its own.
            k = after
            return k + 1 < len(text) and cap[k + 1] and word[k + 1] and words.joined(k)
        return not glued

    @staticmethod
    def _genitive(match: _Match, last_word: str) -> bool:
        """The match's last word is its name with a genitive -s ("Kiews", "Charkiws")."""
        return (
            last_word.endswith("s")
            and not match.folded.endswith(fold(last_word))
            and match.folded.endswith(fold(last_word[:-1]))
        )

    def _genitive_after_opening_noun(self, match: _Match, before: int) -> bool:
        """Polish, Ukrainian, Russian: a place in a case form after the noun opening the sentence
        ("Мешканці Марганця", "Громада Кременця", "Mieszkańcy Charkowa"), where a person's first name
        would agree with the case of the surname after it."""
        words = self.words
        return (
            self.language in ("pl", "uk", "ru")
            and is_sentence_start(self.body, words.start[before])
            and not fold(words.text[match.last]).endswith(match.folded.rsplit(" ", 1)[-1])
            # "Наталья Орлова": a woman's surname has the shape of a genitive (Орлов → Орлова)
            and not words.text[match.last].endswith(_FEMININE_SURNAME_ENDINGS)
        )

    def _community_adjective(self, k: int) -> bool:
        """Ukrainian, Russian: token k is a feminine genitive adjective before a lower-case noun, the
        district or community the place lies in ("Миколаївку Білопільської громади", "Украинка
        Запорожской области"), not the next word of a person's name."""
        words = self.words
        return (
            self.language in ("uk", "ru")
            and words.text[k].endswith(("ської", "цької", "зької", "ской", "цкой", "зской"))
            and k + 1 < len(words)
            and words.word[k + 1]
            and not words.cap[k + 1]
        )

    def _common_noun(self, k: int) -> bool:
        """German: token k is a noun after an article or preposition ("im Norden Charkiws"), not a
        first name or part of a longer name."""
        words = self.words
        if self.language != "de" or k == 0:
            return False
        previous = words.lower[k - 1]
        return previous in self.preps or previous in _DE_ARTICLES

    def _opens_phrase(self, k: int) -> bool:
        """Token k ends what comes before a new phrase: a preposition, a title or a lower-case word."""
        words = self.words
        token = words.text[k]
        if token in self.preps or lexicon.is_title(token) or words.all_caps(k):
            return True  # "Глава МИД Молдовы Дойна Кожокару": an acronym ends the office's name
        return words.word[k] and not words.cap[k]


def find_places(
    body: str, language: str, gazetteer: Gazetteer | None = None, tokens: list[Token] | None = None
) -> list[Mention]:
    """All place mentions in ``body``, in order (``tokens`` may be passed when already made)."""
    return places_in(Words(body, tokens), language, gazetteer)


def places_in(words: Words, language: str, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """All place mentions in the text of ``words``, in order."""
    gaz = gazetteer or load_gazetteer()
    body = words.body
    finder = _Finder(words, language, gaz)
    finder.match_all()
    mentions: list[Mention] = []
    taken: set[int] = set()
    menus = menu_spans(body)
    for match, place in zip(finder.matches, resolve(finder.matches, words, gaz), strict=True):
        if menus and inside(menus, match.start):
            continue  # "Utrikes   Sverige   Ekonomi   Logga in": a menu names sections, not places
        text = body[match.start : match.end]
        mentions.append(
            Mention(
                "place",
                text,
                match.start,
                match.end,
                key=place.id,
                detail=detail(place, len(match.places)),
            )
        )
        taken.update(range(match.start, match.end))
    furniture = furniture_spans(body)
    for start, end in finder.context_places():
        if start in taken or end - 1 in taken or end - start < 3:
            continue
        if furniture and inside(furniture, start):
            continue  # "Von Anna Berger, Kiew": a byline lists no unknown villages
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
