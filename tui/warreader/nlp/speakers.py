"""Speaker mentions: people reported as saying, claiming, posting, announcing, or quoted.

A speaker is a person's name (a run of capitalised words, titles stripped, no
organisation word, not a place) in a reporting construction of the article's
language:

* subject + speech verb, with an optional apposition or short adverbial between
  ("Hayday said", "Serhiy Hayday, head of …, has claimed", "Haidai in a post stated");
* inverted speech verb + name ("…,” said Governor Haidai", "sagte Präsident Selenskyj",
  "säger Serhij Hajdaj", "powiedział Zełenski", "a déclaré le maire X");
* a source marker + name ("according to X", "enligt X", "laut X", "według X", "selon X");
* a name introducing or closing a quote with a colon ("Hayday posted: “…”", "…: Zelenskyy").

Once a person speaks in an article, every mention of them there (full name and
surname) is a speaker mention. A surname alone counts only when the article also
gives the full name or a title, or when it does not open a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from warreader.corpus.article import Mention
from warreader.nlp import lexicon
from warreader.nlp.inflection import base_forms, person_lemma
from warreader.nlp.keys import name_key
from warreader.nlp.text import Token, is_sentence_start, strip_possessive, tokenize

_SENTENCE_END = frozenset(".!?")
_QUOTES = frozenset("\"“”„«»‘’'")
_OPENING_QUOTES = frozenset('"“„«–—')
_MAX_GAP = 5
_MAX_APPOSITION = 30
_ARTICLES = frozenset(
    "the a an den det de der die das dem des ein eine einer le la les l' un une ten ta".split()
)


@dataclass(slots=True)
class _Run:
    first: int  # token index of the first name word
    last: int  # token index of the last name word
    titled: bool  # a title stood before the name
    possessive: bool


def _name_word(token: Token) -> bool:
    text = strip_possessive(token.text)
    return (
        token.is_word
        and text[:1].isupper()
        and not token.is_all_caps
        and any(ch.islower() for ch in text)
        and text not in lexicon.MONTHS_AND_DAYS
    )


class _Finder:
    def __init__(self, body: str, language: str, places: list[Mention], tokens: list[Token] | None) -> None:
        self.body = body
        self.language = language if language in lexicon.INVERTED_VERBS else "en"
        self.tokens = tokenize(body) if tokens is None else tokens
        self.marker_ends = {m[-1].lower() for m in lexicon.SOURCE_MARKERS.get(self.language, ())}
        self.verbs = lexicon.SPEECH_VERBS[self.language]
        self.inverted = lexicon.INVERTED_VERBS[self.language]
        self.preps = lexicon.PLACE_PREPOSITIONS[self.language] | {"till", "zu", "to", "do", "à", "för", "für"}
        # Only gazetteer places block a name; places guessed from context ("Serhiy Hayday" in a list
        # after "Luhansk,") give way to a speaker found here.
        listed = [m for m in places if not m.key.startswith("ctx:")]
        self.place_chars = {i for m in listed for i in range(m.start, m.end)}

    def _is_place(self, token: Token) -> bool:
        return token.start in self.place_chars

    def _reporting_sentences(self) -> list[bool]:
        """For each token: does its sentence hold a speech verb, a source marker or a colon?"""
        tokens, body = self.tokens, self.body
        flags = [False] * len(tokens)
        markers = {w for marker in lexicon.SOURCE_MARKERS.get(self.language, ()) for w in marker[:1]}
        start, cued, last = 0, False, len(tokens) - 1
        for k, token in enumerate(tokens):
            if token.is_word:
                lower = token.text.lower()
                if lower in self.verbs or lower in self.inverted or lower in markers:
                    cued = True
            elif token.text == ":":
                cued = True
            ends = token.text in _SENTENCE_END or (
                k < last
                and token.end != tokens[k + 1].start
                and body.find("\n", token.end, tokens[k + 1].start) >= 0
            )
            if ends or k + 1 == len(tokens):
                if cued:
                    flags[start : k + 1] = [True] * (k + 1 - start)
                start, cued = k + 1, False
        return flags

    def runs(self) -> list[_Run]:
        """Capitalised runs with titles and leading non-names stripped.

        A one-word run outside any reporting sentence can be neither a speaker nor a full
        name, so it is skipped without further work.
        """
        tokens, n, i = self.tokens, len(self.tokens), 0
        reporting = self._reporting_sentences()
        runs: list[_Run] = []
        while i < n:
            if not (tokens[i].is_word and tokens[i].is_capitalized):
                i += 1
                continue
            j = i
            while j + 1 < n and tokens[j + 1].is_word and tokens[j + 1].text[:1].isupper():
                if self.body[tokens[j].end : tokens[j + 1].start] != " " or tokens[
                    j
                ].text != strip_possessive(tokens[j].text):
                    break
                j += 1
            if j == i and not reporting[i]:
                i += 1
                continue
            run = self._trim(i, j)
            if run is not None:
                runs.append(run)
            i = j + 1
        return runs

    def _trim(self, i: int, j: int) -> _Run | None:
        tokens = self.tokens
        titled = False
        while i <= j:
            text = tokens[i].text
            if lexicon.is_title(text):
                titled = True
            elif not (
                text in lexicon.SENTENCE_WORDS
                or (self._is_place(tokens[i]) and i < j)
                or not _name_word(tokens[i])
                or (text.lower() in self.verbs)
            ):
                break
            i += 1
        for k in range(j - 1, i - 1, -1):
            if lexicon.is_title(tokens[k].text):
                i, titled = k + 1, True  # "Infrastructure Minister Oleksandr Kubrakov"
                break
        while j - i >= 2 and strip_possessive(tokens[i].text) in lexicon.ORGANISATION_WORDS:
            i += 1  # "Rzecznik Kremla Dmitrij Pieskow": the institution is part of the title
            titled = True
        while j > i and self._is_place(tokens[j]):
            j -= 1  # "Wołodymyra Zełenskiego Ukraina odzyskała": the country is the next phrase
        if i > j or j - i > 3:
            return None
        if any(strip_possessive(t.text) in lexicon.ORGANISATION_WORDS for t in tokens[i : j + 1]):
            return None
        if self._inside_longer_name(i):
            return None
        if any(not _name_word(t) for t in tokens[i : j + 1]) or any(self._is_place(t) for t in tokens[i:j]):
            return None
        possessive = tokens[j].text != strip_possessive(tokens[j].text)
        return _Run(i, j, titled, possessive)

    def _inside_longer_name(self, i: int) -> bool:
        """``Institute for the Study of War``: a run after a connector that follows a capitalised word."""
        tokens = self.tokens
        k = i - 1
        while k >= 0 and tokens[k].text.lower() in lexicon.NAME_CONNECTORS:
            k -= 1
        return k < i - 1 and k >= 0 and tokens[k].is_word and tokens[k].text[:1].isupper()

    # -- reporting constructions ---------------------------------------------
    def cued(self, run: _Run) -> bool:
        return not run.possessive and (self._subject(run) or self._inverted(run) or self._colon(run))

    def _subject(self, run: _Run) -> bool:
        tokens, n = self.tokens, len(self.tokens)
        k = run.last + 1
        if k < n and tokens[k].text == ",":
            if k + 1 < n and tokens[k + 1].text.lower() in self.verbs:
                return not self._opens_inversion(k + 1)
            if self._verb_after(k + 1):  # "Dmitri Peskov, a assuré que …", "X, on Monday declared"
                return True
            end = k + 1
            while (
                end < n
                and end - k < _MAX_APPOSITION
                and tokens[end].text not in _SENTENCE_END | {","} | _QUOTES
            ):
                end += 1
            return end < n and tokens[end].text == "," and self._verb_after(end + 1)
        return self._verb_after(k)

    def _verb_after(self, k: int) -> bool:
        """A speech verb within a short gap from token k, in the same paragraph, not opening an inversion."""
        tokens, n = self.tokens, len(self.tokens)
        for step in range(_MAX_GAP + 1):
            if k + step >= n:
                return False
            token = tokens[k + step]
            if "\n" in self.body[tokens[k + step - 1].end : token.start]:
                return False
            if token.text.lower() in self.verbs:
                return not self._opens_inversion(k + step)
            if not token.is_word:
                return False
            if (
                token.text[:1].isupper()
                and token.text not in lexicon.MONTHS_AND_DAYS
                and (strip_possessive(token.text) not in lexicon.ORGANISATION_WORDS)
            ):
                return False
        return False

    def _opens_inversion(self, verb: int) -> bool:
        """``, sagte Selenskyj`` / ``, säger guvernören``: the verb's subject is the name after it."""
        tokens = self.tokens
        if verb + 1 >= len(tokens) or self.language == "en":
            return False
        follower = tokens[verb + 1]
        return follower.is_word and (follower.text[:1].isupper() or follower.text.lower() in _ARTICLES)

    def _inverted(self, run: _Run) -> bool:
        tokens = self.tokens
        k = run.first - 1
        skipped = 0
        while k >= 0 and skipped < _MAX_GAP:
            text = tokens[k].text
            if text.lower() in lexicon.INSTITUTION_NOUNS:
                return False  # "a précisé le ministère ukrainien de la Défense"
            if text.lower() in self.marker_ends and self._source_marker(k):
                return True  # "За словами Сергія Гайдая": a marker ending in a lower-case word
            if (
                text in lexicon.TITLES
                or text.lower() in _ARTICLES
                or (
                    tokens[k].is_word
                    and text[:1].islower()
                    and text.lower() not in self.preps
                    and text.lower() not in self.inverted
                )
            ):
                k -= 1
                skipped += 1
                continue
            break
        if k < 0:
            return False
        word = tokens[k].text.lower()
        if word in self.inverted:
            if self.language != "en":
                return True
            before = tokens[k - 1].text if k > 0 else "."
            return before in {",", "”", '"', "’", "'"}
        return self._source_marker(k)

    def _source_marker(self, k: int) -> bool:
        tokens = self.tokens
        for marker in lexicon.SOURCE_MARKERS.get(self.language, ()):
            m = len(marker)
            if k - m + 1 < 0:
                continue
            words = [t.text.lower() for t in tokens[k - m + 1 : k + 1]]
            if words == [w.lower() for w in marker]:
                if marker == ("so",):  # German ", so Selenskyj"
                    return k > 0 and tokens[k - 1].text == ","
                return True
        return False

    def _colon(self, run: _Run) -> bool:
        tokens, n = self.tokens, len(self.tokens)
        k = run.last + 1
        if k + 1 < n and tokens[k].text == ":" and tokens[k + 1].text in _OPENING_QUOTES:
            return True
        # A headline closing on its source: "… has started: Hayday"
        previous = run.first - 1
        line_end = tokens[run.last].end
        return (
            previous >= 1
            and tokens[previous].text == ":"
            and tokens[previous - 1].text not in lexicon.CREDIT_WORDS
            and "/" not in self.body[tokens[run.last].end : line_end + 1]
            and (line_end == len(self.body) or self.body[line_end : line_end + 1] == "\n")
        )


def _surname_spans(tokens: list[Token], language: str, wanted: set[str]) -> dict[str, list[tuple[int, int]]]:
    """Spans of every capitalised word whose surname key is wanted (genitive/case endings left out)."""
    found: dict[str, list[tuple[int, int]]] = {}
    inflecting = language in ("sv", "de", "pl")
    for token in tokens:
        if not token.is_capitalized or not token.is_word:
            continue
        word = strip_possessive(token.text)
        key = _surname_key(word, language)
        if key in wanted:
            found.setdefault(key, []).append((token.start, token.start + len(word)))
        elif inflecting:
            for form, covered in base_forms(word, language):
                key = name_key(form, language)
                if key in wanted:
                    found.setdefault(key, []).append((token.start, token.start + covered))
                    break
    return found


def _surname_key(word: str, language: str) -> str:
    return name_key(person_lemma(word, language), language)


def find_speakers(
    body: str, language: str, places: list[Mention], tokens: list[Token] | None = None
) -> list[Mention]:
    """Speaker mentions in ``body``.

    ``places`` (already found) are stripped from the front of names ("Luhansk Serhiy Haidai");
    a surname that is also a place name ("Kim") is a speaker when the article gives the full name.
    """
    finder = _Finder(body, language, places, tokens)
    tokens = finder.tokens
    runs = finder.runs()
    full_names: dict[str, set[str]] = {}  # surname key -> full names in the article ending in it
    for run in runs:
        if run.last > run.first:
            surname = strip_possessive(tokens[run.last].text)
            full = body[tokens[run.first].start : tokens[run.last].start] + surname
            full_names.setdefault(_surname_key(surname, language), set()).add(full)
    speakers: dict[str, set[str]] = {}  # surname key -> full names (possibly none)
    for run in runs:
        if not finder.cued(run):
            continue
        surname = strip_possessive(tokens[run.last].text)
        key = _surname_key(surname, language)
        fulls = full_names.get(key, set())
        if finder._is_place(tokens[run.last]) and (not fulls or run.last > run.first):
            continue  # a place name, unless the article names a person with that surname ("Maria Zakharova")
        if run.last == run.first and not fulls and not run.titled:
            opens = is_sentence_start(body, tokens[run.first].start)
            if language == "de" or opens:  # German capitalises every noun
                continue
        speakers[key] = fulls

    spans: dict[tuple[int, int], str] = {}
    if not speakers:
        return []
    surname_spans = _surname_spans(tokens, language, set(speakers))
    for surname_key, fulls in speakers.items():
        firsts = sorted(full.split()[0] for full in fulls)
        key = (
            "person:"
            + surname_key
            + ("|" + name_key(person_lemma(firsts[0], language), language) if firsts else "")
        )
        for full in sorted(fulls, key=len, reverse=True):
            start = body.find(full)
            while start >= 0:
                spans.setdefault((start, start + len(full)), key)
                start = body.find(full, start + 1)
        for span in surname_spans.get(surname_key, ()):
            spans.setdefault(span, key)
    mentions = [Mention("speaker", body[s:e], s, e, key=key) for (s, e), key in sorted(spans.items())]
    return mentions
