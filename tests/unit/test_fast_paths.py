"""The fast paths of extraction give exactly what the plain ones give (tokens, pattern matches, dates)."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from warreader.nlp.contextplaces import _REGION_KEYS, _REGION_PATTERN, _settlement_keys, _settlement_pattern
from warreader.nlp.text import (
    _TOKEN,
    Words,
    digit_class,
    letter_class,
    mark_class,
    tokenize,
    word_start_matches,
)
from warreader.nlp.textdates import find_dates

PIECES = (
    "Kharkiv Charków Харків Купʼянськ Kupiansk-Vuzlovyi d'Odessa l’Ukraine Luhansk's KRAMATORSK İstanbul "
    "ıdag ſeptember village of byn region oblast région obwodzie Monday May may March 5 05 30. 1st 2022 "
    "٣ ² ½ _ - ' ’ ʼ , . : ; — “ ” « » ( ) \n \t i går aujourd'hui avant-hier jusqu'en mid-July Jan.-5 "
    "5er w lipcu im Juli en juillet yesterday TODAY gestern \u0301 \U0001f600 \U00010400"
).split(" ")


def texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    joints = [" ", " ", "", "\n", "-", "'", "’", ".", ", ", "_", "5", "  "]
    return [
        "".join(rng.choice(PIECES) + rng.choice(joints) for _ in range(rng.randint(0, 30)))
        for _ in range(count)
    ]


@pytest.mark.parametrize(
    ("listed", "original"),
    [(letter_class, r"[^\W\d_]"), (digit_class, r"\d"), (mark_class, r"[^\w\s]")],
)
def test_listed_classes_are_the_regex_classes_on_the_whole_plane(listed, original) -> None:
    fast, plain = re.compile(listed()), re.compile(original)
    assert [c for c in range(0x10000) if bool(fast.match(chr(c))) != bool(plain.match(chr(c)))] == []


def test_words_are_the_tokens() -> None:
    for text in texts(1, 2000):
        words, tokens = Words(text), tokenize(text)
        assert words.text == [t.text for t in tokens]
        assert words.start == [t.start for t in tokens]
        assert words.end == [t.end for t in tokens]
        assert words.word == [t.is_word for t in tokens]
        assert words.cap == [t.is_capitalized for t in tokens]
        assert [words.all_caps(k) for k in range(len(words))] == [t.is_all_caps for t in tokens]
        assert words.caps == [k for k, t in enumerate(tokens) if t.is_word and t.is_capitalized]
        assert [m.group() for m in _TOKEN.finditer(text)] == words.text


@pytest.mark.parametrize("language", ["en", "sv", "de", "pl", "fr", "uk", "ru", "xx"])
def test_word_start_matches_are_the_pattern_matches(language: str) -> None:
    for text in texts(2, 500):
        words = Words(text)
        for pattern, keys in (
            (_settlement_pattern(language), _settlement_keys(language)),
            (_REGION_PATTERN, _REGION_KEYS),
        ):
            fast = [m.span() for m in word_start_matches(pattern, words, keys)]
            assert fast == [m.span() for m in pattern.finditer(text)]


def outcome(text: str, language: str, words: Words | None) -> object:
    return find_dates(text, language, dt.date(2022, 9, 30), words)


@pytest.mark.parametrize("language", ["en", "sv", "de", "pl", "fr"])
def test_dates_found_at_words_are_the_dates_found_by_search(language: str) -> None:
    for text in texts(3, 1000):
        assert outcome(text, language, Words(text)) == outcome(text, language, None)


@pytest.mark.parametrize("language", ["en", "sv", "de", "pl", "fr"])
def test_spellings_matched_only_case_insensitively_are_skipped_not_fatal(language: str) -> None:
    text = "ıdag och ſeptember 2022, 5 ſeptember, on ſunday, MAJ 2022"
    for words in (Words(text), None):
        found = find_dates(text, language, dt.date(2022, 9, 30), words)
        assert all(text[d.start : d.end] == d.text for d in found)
        assert all("ſ" not in d.text and "ı" not in d.text for d in found)


def test_every_weekday_resolves_monday_included() -> None:
    base = dt.date(2022, 9, 30)  # a Friday
    days = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
    found = find_dates(" ".join(f"on {day}," for day in days), "en", base)
    assert [d.text for d in found] == days
    assert [d.value for d in found] == [base - dt.timedelta(days=(4 - i) % 7) for i in range(7)]
