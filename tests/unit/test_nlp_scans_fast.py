"""Scans of the whole text made faster (str.find, token lists, line starts instead of a pattern tried at
every character) give exactly what the plain patterns give."""

from __future__ import annotations

import random
import re
from bisect import bisect_left, bisect_right

import pytest
import test_fast_paths as fast_paths

from warreader.nlp import furniture, lexicon, pipeline, speakers, surnames
from warreader.nlp.contextplaces import _REGION_KEYS, _REGION_PATTERN, _settlement_keys, _settlement_pattern
from warreader.nlp.text import POSSESSIVE_ENDINGS, Words, positions, strip_possessive, word_start_matches

_PIECES = [
    *furniture._CREDIT_WORDS[:8],
    "Photo",
    "FOTO",
    "By",
    "by",
    "Von",
    "av",
    "par",
    "Read more",
    "Läs mer",
    "Czytaj też",
    "Читайте також",
    "Related",
    "Autor:",
    "Text",
    "Kharkiv",
    "Anna Lind",
    "re",
    "x",
    "said",
    "©",
    "(c)",
    "Copyright",
    "Menu",
    "ſ",
    "İ",
    "Kelvin \u212a",
    *' \t\n:/|().!?»”"·•–—,',
    "  ",
    "\n\n",
    " | ",
]


def _texts(seed: int, count: int, tabs: bool = True) -> list[str]:
    rnd = random.Random(seed)
    pieces = _PIECES if tabs else [p for p in _PIECES if "\t" not in p]
    joints = [" ", " ", "", "\n", " by ", ": ", "/", "  ", "."] + (["\t"] if tabs else [])
    return [
        "".join(rnd.choice(pieces) + rnd.choice(joints) for _ in range(rnd.randint(0, 25)))
        for _ in range(count)
    ]


@pytest.mark.parametrize("tabs", [False, True])
def test_credit_tails_are_the_tail_pattern_matches(tabs: bool) -> None:
    for text in [" by by ", ":/|", " par av ", " von:", "x by\tby ", *_texts(1, 5000, tabs)]:
        lowered = text.lower()
        assert furniture._credit_tails(lowered) == [
            m.start() for m in furniture._CREDIT_TAIL.finditer(lowered)
        ]


def _plain_furniture(body: str) -> tuple[tuple[int, int], ...]:
    """furniture_spans as the plain patterns find the spans (each one's finditer over the body)."""
    spans = [m.span() for m in furniture._CREDIT_PATTERN.finditer(body)]
    spans += [m.span() for m in furniture._COPYRIGHT.finditer(body)]
    spans += furniture.menu_spans.__wrapped__(body)
    spans += [m.span() for m in furniture._BYLINE.finditer(body) if not furniture._sentence_like(m.group())]
    for heading in furniture._READ_MORE_PATTERN.finditer(body):
        start = heading.start()
        blank = furniture._BLANK_LINE.search(body, heading.end())
        end = blank.start() if blank else len(body)
        spans.append((start, min(end, start + furniture._MAX_LIST)))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


@pytest.mark.parametrize("tabs", [False, True])
def test_furniture_spans_are_the_plain_patterns_spans(tabs: bool) -> None:
    for body in _texts(2, 4000, tabs):
        assert furniture.furniture_spans.__wrapped__(body) == _plain_furniture(body), body


def test_menu_spans_are_remembered_not_changed() -> None:
    body = "Menu   World   Subscribe   Sign in\nKharkiv was shelled."
    assert furniture.menu_spans(body) == furniture.menu_spans.__wrapped__(body) == ((0, 34),)
    assert furniture.menu_spans(body) is furniture.menu_spans(body)


def test_line_starts() -> None:
    assert furniture.line_starts("") == [0]
    assert furniture.line_starts("a\n\nbc\n") == [0, 2, 3, 6]


def _plain_sentences(words: Words) -> list[int]:
    body, starts, n = words.body, words.start, len(words)
    ends = set()
    for found in re.finditer(r"[.!?]|\n+", body):
        position = found.start()
        if body[position] == "\n":
            k = bisect_right(starts, position) - 1
            if 0 <= k < n - 1:
                ends.add(k)
        else:
            ends.add(bisect_left(starts, position))
    ends.add(n - 1)
    return sorted(ends)


@pytest.mark.parametrize("language", ["en", "uk"])
def test_sentence_ends_are_the_plain_pattern_ones(language: str) -> None:
    for body in ["", "\n", "A.\n\nB!", "x\U0001f600. y\n", *_texts(3, 3000)]:
        words = Words(body)
        assert speakers._Finder(words, language, [])._sentences()[0] == _plain_sentences(words), body


def _plain_surname_spans(words: Words, language: str, wanted: set[str]) -> dict[str, list[tuple[int, int]]]:
    found: dict[str, list[tuple[int, int]]] = {}
    for k in words.caps:
        length, key, forms = surnames._surname_forms(words.text[k], language)
        start = words.start[k]
        if key in wanted:
            found.setdefault(key, []).append((start, start + length))
        else:
            for key, covered in forms:
                if key in wanted:
                    found.setdefault(key, []).append((start, start + covered))
                    break
    return found


@pytest.mark.parametrize("language", ["en", "fr", "uk", "ru", "sv", "de", "pl"])
def test_surname_spans_are_the_word_by_word_ones(language: str) -> None:
    rnd = random.Random(4)
    names = ["Haidai", "Haidai's", "Zelensky", "Selenskyjs", "Зеленський", "Зеленского", "Peskow", "Pieskowa"]
    for body in _texts(5, 500):
        body = " ".join([body, *rnd.sample(names, 3)])
        words = Words(body)
        keys = {surnames.surname_key(strip_possessive(words.text[k]), language) for k in words.caps}
        wanted = set(rnd.sample(sorted(keys), min(3, len(keys))))
        assert surnames.surname_spans(words, language, wanted) == _plain_surname_spans(
            words, language, wanted
        )


_KEY_SETS = [
    frozenset({"village", "kharkiv", ".", "by"}),
    frozenset({"Kharkiv", "Photo", "by", "."}),  # as written: where_exactly
    frozenset({"said", "x"}),
    frozenset(),
]


@pytest.mark.parametrize("vocabulary", [frozenset(), frozenset({"village", "kharkiv", ".", "by", "said"})])
def test_where_is_positions_of_the_lower_case(vocabulary: frozenset[str]) -> None:
    for body in [*_texts(6, 1500), "Kharkiv village. KHARKIV said by X"]:
        words = Words(body)
        words.look_for(vocabulary)
        for keys in _KEY_SETS:
            assert words.where(keys) == positions(words.lower, keys)
            assert words.where_exactly(keys) == positions(words.text, keys)


@pytest.mark.parametrize("language", ["en", "sv", "de", "pl", "fr", "uk", "ru", "xx"])
def test_the_finders_scans_with_the_articles_vocabulary_are_the_plain_ones(language: str) -> None:
    verbs = lexicon.CONTROL_VERBS.get(language, frozenset())
    cues = speakers._lists(language).cues
    for body in fast_paths.texts(7, 400):
        plain, scanned = Words(body), Words(body)
        scanned.look_for(pipeline._vocabulary(language))
        for pattern, keys in (
            (_settlement_pattern(language), _settlement_keys(language)),
            (_REGION_PATTERN, _REGION_KEYS),
        ):
            spans = [m.span() for m in pattern.finditer(body)]
            assert [m.span() for m in word_start_matches(pattern, scanned, keys)] == spans
        assert scanned.where_exactly(verbs) == positions(plain.text, verbs)
        assert scanned.where(cues) == positions(plain.lower, cues)
        assert (
            speakers._Finder(scanned, language, [])._sentences()
            == speakers._Finder(plain, language, [])._sentences()
        )
        if language in ("en", "sv", "de", "pl", "fr"):
            assert fast_paths.outcome(body, language, scanned) == fast_paths.outcome(body, language, None)


def test_possessive_endings_tell_what_strip_possessive_strips() -> None:
    words = ["Luhansk's", "Kyiv’s", "Kyivʼs", "Donbas'", "s", "'s", "Boris", "X's'", "Kharkiv", "", "ʼs"]
    for word in [*words, *fast_paths.PIECES]:
        assert word.endswith(POSSESSIVE_ENDINGS) == (strip_possessive(word) != word), word


def _mentions(body: str, language: str) -> list[tuple[str, int, int, str, str]]:
    from warreader.model import Article

    article = Article("x", "", None, language, body)
    pipeline.extract_article(article)
    return [(m.kind, m.start, m.end, m.key, m.detail) for m in article.mentions]


def test_what_is_remembered_between_articles_never_changes_what_is_found() -> None:
    """The place finder skips work by what its caches already know; an article's mentions are the same
    with cold caches and with caches warmed by the same article and others."""
    from warreader.nlp import places

    bodies = [
        "Kharkiv and Izium were shelled. Zolota Balka, Kherson and Ukrainka lie nearby, Kharkiv said.",
        "Drones struck Evpatoria and Gulyaipole overnight; in Gulyaipole and Evpatoria fires broke out.",
        "Governor Oleh Syniehubov said Kharkiv was hit. Syniehubov added that Izium was quiet.",
        "The village of Pisky and Sievjerodonetsk, said Serhiy Haidai. St. Petersburg and Lyman too.",
        "KHARKIV, Ukraine (AP) — Lyman and Sloviansk. Most residents left Bar, President Zelensky said.",
    ]
    places._caches.cache_clear()
    cold = [_mentions(body, "en") for body in bodies]
    assert any(cold)
    warm = [_mentions(body, "en") for body in bodies * 2]
    assert warm == cold * 2
