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

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import attrgetter

from warreader.model import Mention
from warreader.nlp import lexicon, wordclasses
from warreader.nlp.furniture import furniture_spans, inside
from warreader.nlp.inflection import base_forms, person_lemma
from warreader.nlp.keys import name_key
from warreader.nlp.surnames import surname_key as _surname_key
from warreader.nlp.surnames import surname_spans as _surname_spans
from warreader.nlp.text import POSSESSIVE_ENDINGS, Token, Words, is_sentence_start, strip_possessive

_START, _END = attrgetter("start"), attrgetter("end")
_SENTENCE_END = frozenset(".!?")
_QUOTES = frozenset("\"“”„«»‘’'")
_OPENING_QUOTES = frozenset('"“„«–—')
_APPOSITION_STOPS = _SENTENCE_END | {","} | _QUOTES
_MAX_GAP = 5
_MAX_APPOSITION = 30
_MAX_GENITIVE_GAP = 8
_ARTICLES = frozenset(
    "the a an den det de der die das dem des ein eine einer le la les l' un une ten ta".split()
)


@dataclass(slots=True)
class _Run:
    first: int  # token index of the first name word
    last: int  # token index of the last name word
    titled: bool  # a title stood before the name
    possessive: bool


@lru_cache(maxsize=65536)
def _name_word(token_text: str) -> bool:
    """A capitalised word that can be part of a person's name (not in capitals, not a month or day)."""
    text = strip_possessive(token_text)
    return (
        token_text[0].isalpha()
        and text[:1].isupper()
        and not (token_text[0].isupper() and len(token_text) > 1 and token_text.isupper())
        and any(ch.islower() for ch in text)
        and text not in lexicon.MONTHS_AND_DAYS
    )


_TWO_WORD_NAMES = frozenset({"pl", "uk", "ru"})
_GENITIVE_ENDINGS = (*"aeuyiąęаяуюиіїеы", "ów", "ів", "ей", "ой", "ого", "ої")
# Ukrainian and Russian adverbial participles ("Отвечая Лаврову", "Відповідаючи Лаврову"): a sentence
# opened by one has its subject later; the participle is no first name.
_GERUND_ENDINGS = {
    "ru": ("ая", "яя", "уя", "юя", "ясь", "вшись", "ивши"),
    "uk": ("ючи", "учи", "вши", "вшись"),
}
# Plural demonyms ("Rosjanie ostrzelali", "Россияне заявили", "Росіяни"): a people, not a person.
_DEMONYM_ENDINGS = {"pl": ("anie", "ańcy", "ińcy"), "uk": ("яни", "ани", "нці"), "ru": ("яне", "ане", "нцы")}
_PATRONYMIC_ENDINGS = ("ович", "евич", "йович", "івна", "ївна", "овна", "евна", "ична", "ич")


def _patronymic(word: str, language: str) -> bool:
    return language == "ru" and word.endswith(_PATRONYMIC_ENDINGS)


@lru_cache(maxsize=65536)
def _lone_name(word: str, verb: bool) -> bool:
    """A word standing alone is a name: not a title, sentence word, speech verb or organisation word
    (what :meth:`_Finder._trim` asks of a one-word run, before its context)."""
    return (
        not lexicon.is_title(word)
        and word not in lexicon.SENTENCE_WORDS
        and _name_word(word)
        and not verb
        and strip_possessive(word) not in lexicon.ORGANISATION_WORDS
        and word not in lexicon.REGION_NOUNS  # "the Oblast said": a bare region word is no one's name
    )


@lru_cache(maxsize=65536)
def _organisation(word: str, language: str) -> bool:
    """An organisation word in any case form ("Sztabu Generalnego" → Sztab, "Kremla" → Kreml)."""
    word = strip_possessive(word)
    if word in lexicon.ORGANISATION_WORDS:
        return True
    return language in _TWO_WORD_NAMES and any(
        form in lexicon.ORGANISATION_WORDS for form, _ in base_forms(word, language)
    )


@dataclass(frozen=True, slots=True)
class _Words:
    """A language's word lists as the finder uses them."""

    language: str
    verbs: frozenset[str]
    inverted: frozenset[str]
    preps: frozenset[str]
    marker_ends: frozenset[str]
    cues: frozenset[str]  # words (lower case) and marks that make a sentence a reporting one
    markers_by_end: dict[str, list[list[str]]]  # source markers (lower case) by their last word, in order


@lru_cache(maxsize=16)
def _lists(language: str) -> _Words:
    language = language if language in lexicon.INVERTED_VERBS else "en"
    markers = lexicon.SOURCE_MARKERS.get(language, ())
    verbs, inverted = lexicon.SPEECH_VERBS[language], lexicon.INVERTED_VERBS[language]
    firsts = {w for marker in markers for w in marker[:1]}
    by_end: dict[str, list[list[str]]] = {}
    for marker in markers:
        lowered = [w.lower() for w in marker]
        by_end.setdefault(lowered[-1], []).append(lowered)
    return _Words(
        language,
        verbs,
        inverted,
        lexicon.PLACE_PREPOSITIONS[language] | {"till", "zu", "to", "do", "à", "för", "für"},
        frozenset(m[-1].lower() for m in markers),
        # A word token is a cue when its lower-case form is listed; ":" is the one mark that is a cue
        # (no listed word lowers to ":", and no mark lowers to a listed word).
        verbs | inverted | firsts | {":"},
        by_end,
    )


class _Finder:
    def __init__(self, words: Words, language: str, places: list[Mention]) -> None:
        self.body = words.body
        self.words = words
        lists = _lists(language)
        self.language = lists.language
        self.lists = lists
        self.marker_ends = lists.marker_ends
        self.verbs = lists.verbs
        self.inverted = lists.inverted
        self.preps = lists.preps
        # Only gazetteer places block a name; places guessed from context ("Serhiy Hayday" in a list
        # after "Luhansk,") give way to a speaker found here.
        listed = [m for m in places if not m.key.startswith("ctx:")]
        self.place_chars = set(chain.from_iterable(map(range, map(_START, listed), map(_END, listed))))

    def _is_place(self, k: int) -> bool:
        return self.words.start[k] in self.place_chars

    def _sentences(self) -> tuple[list[int], list[int]]:
        """The last token of every sentence, and the tokens that are reporting cues (speech verbs,
        source markers, colons), both in order.

        A sentence ends at ``.``, ``!`` or ``?``, before a line break, and at the last token.
        """
        words, body = self.words, self.body
        starts, n = words.start, len(words)
        # ".", "!" and "?" are tokens of their own (a mark is never part of a word or number token), so
        # they are found among the tokens (a C-level scan), not by a pattern tried at every character.
        ends = set(words.where_exactly(_SENTENCE_END))
        position = body.find("\n")  # every line break (no token starts inside a run of them)
        while position >= 0:
            k = bisect_right(starts, position) - 1  # the token before the line break
            if 0 <= k < n - 1:
                ends.add(k)
            position = body.find("\n", position + 1)
        ends.add(n - 1)
        cues = self.lists.cues
        return sorted(ends), words.where(cues)

    def runs(self) -> list[_Run]:
        """Capitalised runs with titles and leading non-names stripped.

        A one-word run outside any reporting sentence can be neither a speaker nor a full
        name, so it is skipped without further work.
        """
        words, body = self.words, self.body
        text, starts, ends, word, cap = words.text, words.start, words.end, words.word, words.cap
        n = len(text)
        sentence_ends: list[int] | None = None
        cues: list[int] = []
        runs: list[_Run] = []
        resume = 0
        for i in words.caps:
            if i < resume:
                continue
            j = i
            while j + 1 < n and word[j + 1] and cap[j + 1]:
                if (
                    starts[j + 1] != ends[j] + 1
                    or body[ends[j]] != " "
                    or text[j].endswith(POSSESSIVE_ENDINGS)
                ):
                    break
                j += 1
            if j == i:
                if sentence_ends is None:
                    sentence_ends, cues = self._sentences()
                # Is there a cue in the sentence of token i?
                e = bisect_left(sentence_ends, i)
                first = sentence_ends[e - 1] + 1 if e else 0
                c = bisect_left(cues, first)
                if not (c < len(cues) and cues[c] <= sentence_ends[e]):
                    resume = i + 1
                    continue
            run = self._trim(i, j)
            if run is not None:
                runs.append(run)
            resume = j + 1
        return runs

    def _trim(self, i: int, j: int) -> _Run | None:
        words = self.words
        text = words.text
        if i == j:  # one word: a name unless a title, a sentence word, a verb or an organisation
            if self.language == "fr" and i > 0 and words.lower[i - 1] in ("du", "des"):
                return None  # "le ministre des Armées": a person's name takes no article
            if (
                not _lone_name(text[i], words.lower[i] in self.verbs)
                or words.after_connectors(i, lexicon.NAME_CONNECTORS)
                or self._genitive_before_title(i)  # "Kremls talesperson …": whose spokesperson
                or text[i].endswith(_DEMONYM_ENDINGS.get(self.language, ("\0",)))
                or self._institution_word(i)
            ):
                return None
            return _Run(i, i, False, text[i].endswith(POSSESSIVE_ENDINGS))
        titled = False
        while i <= j:
            word = text[i]
            if lexicon.is_title(word):
                titled = True
            elif not (
                word in lexicon.SENTENCE_WORDS
                or (self._is_place(i) and i < j)
                or not _name_word(word)
                or (words.lower[i] in self.verbs)
            ):
                break
            i += 1
        if (
            i < j
            and text[i].lower().endswith(_GERUND_ENDINGS.get(self.language, ("\0",)))
            and is_sentence_start(self.body, words.start[i])
        ):
            i += 1  # "Отвечая Лаврову, Холмвик напомнил": the participle opens the sentence
        for k in range(j - 1, i - 1, -1):
            if lexicon.is_title(text[k]):
                i, titled = k + 1, True  # "Infrastructure Minister Oleksandr Kubrakov"
                break
        while j - i >= 2 and strip_possessive(text[i]) in lexicon.ORGANISATION_WORDS:
            i += 1  # "Rzecznik Kremla Dmitrij Pieskow": the institution is part of the title
            titled = True
        while j > i and self._is_place(j):
            j -= 1  # "Wołodymyra Zełenskiego Ukraina odzyskała": the country is the next phrase
        if (
            j - i >= 2
            and self.language in _TWO_WORD_NAMES
            and text[i].endswith(_GENITIVE_ENDINGS)
            and not _patronymic(text[j - 1], self.language)
        ):
            # Polish, Ukrainian and Russian news name a person by first name and surname (Russian
            # adds a patronymic): what stands before them is the office's genitive ("Міноборони",
            # "Grupy Wagnera", "России").
            i, titled = j - 1, True
        if i > j or j - i > 3:
            return None
        if any(
            _organisation(text[k], self.language) or text[k] in lexicon.REGION_NOUNS for k in range(i, j + 1)
        ):
            return None
        if self.words.after_connectors(i, lexicon.NAME_CONNECTORS):
            return None
        if any(not _name_word(text[k]) for k in range(i, j + 1)) or any(
            self._is_place(k) for k in range(i, j)
        ):
            return None
        possessive = text[j].endswith(POSSESSIVE_ENDINGS)
        return _Run(i, j, titled, possessive)

    def _institution_word(self, i: int) -> bool:
        """Polish, Ukrainian, Russian: a capitalised word between a title (or a lower-case word) and a
        lower-case noun opens an institution's name, the title's genitive ("речник Оперативного
        командування", "радника Офісу президента", "за даними Повітряних сил"), not a person."""
        words = self.words
        k = i + 1
        if self.language not in _TWO_WORD_NAMES or i == 0 or k >= len(words) or not words.joined(i):
            return False
        before = words.text[i - 1]
        if not (lexicon.is_title(before) or (words.word[i - 1] and not words.cap[i - 1])):
            return False
        lower = words.lower[k]
        return (
            words.word[k]
            and not words.cap[k]
            and lower not in self.verbs
            and lower not in self.preps
            and lower not in wordclasses.FUNCTION_WORDS[self.language]
        )

    # -- reporting constructions ---------------------------------------------
    def cued(self, run: _Run) -> bool:
        return not run.possessive and (self._subject(run) or self._inverted(run) or self._colon(run))

    def _subject(self, run: _Run) -> bool:
        words = self.words
        text, n = words.text, len(words)
        k = run.last + 1
        if k < n and text[k] == ",":
            if k + 1 < n and words.lower[k + 1] in self.verbs:
                return not self._opens_inversion(k + 1)
            if self._verb_after(k + 1):  # "Dmitri Peskov, a assuré que …", "X, on Monday declared"
                return True
            end = k + 1
            while end < n and end - k < _MAX_APPOSITION and text[end] not in _APPOSITION_STOPS:
                end += 1
            return end < n and text[end] == "," and self._verb_after(end + 1)
        return self._verb_after(k)

    def _verb_after(self, k: int) -> bool:
        """A speech verb within a short gap from token k, in the same paragraph, not opening an inversion."""
        words, body = self.words, self.body
        text, starts, ends, lower, n = words.text, words.start, words.end, words.lower, len(words)
        for step in range(_MAX_GAP + 1):
            at = k + step
            if at >= n:
                return False
            if "\n" in body[ends[at - 1] : starts[at]]:
                return False
            if lower[at] in self.verbs:
                return not self._opens_inversion(at)
            if not words.word[at]:
                return False
            word = text[at]
            if (
                word[:1].isupper()
                and word not in lexicon.MONTHS_AND_DAYS
                and (strip_possessive(word) not in lexicon.ORGANISATION_WORDS)
            ):
                return False
        return False

    def _opens_inversion(self, verb: int) -> bool:
        """``, sagte Selenskyj`` / ``, säger guvernören``: the verb's subject is the name after it."""
        words = self.words
        if verb + 1 >= len(words) or self.language == "en":
            return False
        follower = verb + 1
        if not words.word[follower]:
            return False
        if words.cap[follower]:
            if self.language in _TWO_WORD_NAMES and self._is_place(follower):
                # "Sybiha dziękował Polsce": a place after the verb is its object, unless a name
                # follows it ("powiedział Kijowa mer Ołeksandr …" keeps the inversion)
                nxt = follower + 1
                return nxt < len(words) and words.cap[nxt] and words.word[nxt]
            return True
        if self.language == "fr":  # French inverts only after a quote: "« … », a déclaré le maire"
            text = words.text
            if not any(text[k] in _QUOTES for k in range(max(0, verb - 4), verb)):
                return False
        return words.lower[follower] in _ARTICLES

    def _inverted(self, run: _Run) -> bool:
        words = self.words
        text, lower = words.text, words.lower
        k = run.first - 1
        skipped = 0
        # Polish, Ukrainian, Russian put a long office phrase in the genitive between a source marker
        # and the name ("По словам представителя одной из бригад майора Назара Белоуса"): past the
        # usual gap, or across a preposition, only a source marker introduces the name.
        slavic = self.language in _TWO_WORD_NAMES
        marker_only = False
        while k >= 0 and skipped < (_MAX_GENITIVE_GAP if slavic else _MAX_GAP):
            low = lower[k]
            if skipped >= _MAX_GAP:
                marker_only = True
            if low in lexicon.INSTITUTION_NOUNS:
                return False  # "a précisé le ministère ukrainien de la Défense"
            if low in self.marker_ends and self._source_marker(k):
                return True  # "За словами Сергія Гайдая": a marker ending in a lower-case word
            word = text[k]
            if self.language in _TWO_WORD_NAMES and (
                words.all_caps(k)
                or self._is_place(k)
                or (
                    words.cap[k]
                    and (
                        self._institution_word(k)
                        or _organisation(word, self.language)
                        or (k > 0 and words.cap[k - 1] and _organisation(text[k - 1], self.language))
                    )
                )
            ):
                k -= 1  # "По словам представителя ВМС Украины капитана …": the office's genitive
                continue
            if (
                lexicon.is_title(word)
                or low in _ARTICLES
                or self._genitive_before_title(k)
                or (
                    words.word[k]
                    and word[:1].islower()
                    and low not in self.preps
                    and low not in self.inverted
                )
            ):
                k -= 1
                skipped += 1
                continue
            if slavic and low in self.preps and words.word[k]:
                k -= 1
                skipped += 1
                marker_only = True
                continue
            break
        if marker_only:
            return k >= 0 and self._source_marker(k)
        if k >= 0 and text[k] == "," and skipped == 0:
            k = self._title_phrase_before(k)  # "a déclaré la vice-ministre de la Défense, Hanna Maliar"
        if k < 0:
            return False
        if lower[k] in self.inverted:
            if self.language != "en":
                return True
            before = text[k - 1] if k > 0 else "."
            return before in {",", "”", '"', "’", "'"}
        return self._source_marker(k)

    def _title_phrase_before(self, comma: int) -> int:
        """Before the comma at ``comma``: a title phrase ("le secrétaire général de l'Alliance"); returns
        the token before it (a speech verb or source marker, for the caller to test), else -1."""
        words = self.words
        text, lower = words.text, words.lower
        k, titled = comma - 1, False
        while k >= 0 and comma - k <= _MAX_APPOSITION // 3 and text[k] not in _APPOSITION_STOPS:
            if lower[k] in self.inverted or (lower[k] in self.marker_ends and self._source_marker(k)):
                return k if titled else -1
            titled = titled or lexicon.is_office(text[k])
            k -= 1
        return -1

    def _genitive_before_title(self, k: int) -> bool:
        """Swedish and German: token k is a capitalised genitive before a title ("Kremls talesperson")."""
        words = self.words
        return (
            self.language in ("sv", "de")
            and words.cap[k]
            and words.text[k].endswith("s")
            and k + 1 < len(words)
            and lexicon.is_title(words.text[k + 1])
        )

    def _source_marker(self, k: int) -> bool:
        words = self.words
        lower = words.lower
        for marker in self.lists.markers_by_end.get(lower[k], ()):
            m = len(marker)
            if k - m + 1 < 0:
                continue
            if lower[k - m + 1 : k + 1] == marker:
                if marker == ["so"]:  # German ", so Selenskyj"
                    return k > 0 and words.text[k - 1] == ","
                return True
        return False

    def _colon(self, run: _Run) -> bool:
        words, body = self.words, self.body
        text, n = words.text, len(words)
        k = run.last + 1
        if k + 1 < n and text[k] == ":" and text[k + 1] in _OPENING_QUOTES:
            return True
        # A headline closing on its source: "… has started: Hayday"
        previous = run.first - 1
        line_end = words.end[run.last]
        return (
            previous >= 1
            and text[previous] == ":"
            and text[previous - 1] not in lexicon.CREDIT_WORDS
            and "/" not in body[line_end : line_end + 1]
            and (line_end == len(body) or body[line_end : line_end + 1] == "\n")
        )


def scanned_words(language: str) -> frozenset[str]:
    """The words (lower case) this finder looks for among an article's tokens (see
    :meth:`warreader.nlp.text.Words.look_for`)."""
    return _lists(language).cues | _SENTENCE_END


def find_speakers(
    body: str, language: str, places: list[Mention], tokens: list[Token] | None = None
) -> list[Mention]:
    """Speaker mentions in ``body``.

    ``places`` (already found) are stripped from the front of names ("Luhansk Serhiy Haidai");
    a surname that is also a place name ("Kim") is a speaker when the article gives the full name.
    """
    return speakers_in(Words(body, tokens), language, places)


def speakers_in(words: Words, language: str, places: list[Mention]) -> list[Mention]:
    """Speaker mentions in the text of ``words`` (see :func:`find_speakers`)."""
    body = words.body
    finder = _Finder(words, language, places)
    text, starts = words.text, words.start
    runs = finder.runs()
    furniture = furniture_spans(body)
    if furniture:  # credits, bylines and link lists name no one who speaks here
        runs = [run for run in runs if not inside(furniture, starts[run.first])]
    full_names: dict[str, set[str]] = {}  # surname key -> full names in the article ending in it
    for run in runs:
        if run.last > run.first:
            surname = strip_possessive(text[run.last])
            full = body[starts[run.first] : starts[run.last]] + surname
            full_names.setdefault(_surname_key(surname, language), set()).add(full)
    # Surnames an office stands before somewhere in the article ("Kremlsprecher Peskow … sagte Peskow").
    titled = {
        _surname_key(strip_possessive(text[run.last]), language)
        for run in runs
        if run.titled and run.first > 0 and lexicon.is_office(text[run.first - 1])
    }
    speakers: dict[str, set[str]] = {}  # surname key -> full names (possibly none)
    for run in runs:
        if run.possessive:
            continue  # never a speaker (see _Finder.cued)
        surname = strip_possessive(text[run.last])
        key = _surname_key(surname, language)
        fulls = full_names.get(key, set())
        if finder._is_place(run.last) and (not fulls or run.last > run.first):
            continue  # a place name, unless the article names a person with that surname ("Maria Zakharova")
        if run.last == run.first and not fulls and not run.titled and key not in titled:
            opens = is_sentence_start(body, starts[run.first])
            if language == "de" or opens:  # German capitalises every noun
                continue
        if finder.cued(run):  # the costliest test last
            speakers[key] = fulls

    spans: dict[tuple[int, int], str] = {}
    if not speakers:
        return []
    surname_spans = _surname_spans(words, language, set(speakers))
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
    return [
        Mention("speaker", body[s:e], s, e, key=key)
        for s, e, key in _longest(spans, places)
        if not (furniture and inside(furniture, s))
    ]


def _longest(spans: dict[tuple[int, int], str], places: list[Mention]) -> list[tuple[int, int, str]]:
    """The spans that overlap no longer one, in order: "Sergei Shoigu" leaves out the "Shoigu" inside
    it, and a place longer than a span it covers ("… Street") leaves the span out. Where a span
    and a place overlap otherwise, the span stays (the caller drops the place)."""
    kept: list[tuple[int, int, str]] = []
    for (start, end), key in sorted(spans.items(), key=lambda item: (item[0][0], -item[0][1])):
        if kept and start < kept[-1][1]:
            continue  # inside (or across the end of) the longer span before it
        kept.append((start, end, key))
    if not places or not kept:
        return kept
    covers = sorted((m.start, m.end) for m in places)
    starts = [s for s, _ in covers]
    result = []
    for start, end, key in kept:
        k = bisect_right(starts, start) - 1
        if k >= 0 and covers[k][1] >= end and covers[k][1] - covers[k][0] > end - start:
            continue
        result.append((start, end, key))
    return result
