"""Transliteration keys and dates written in article bodies."""

from __future__ import annotations

import datetime as dt

import pytest

from warreader.nlp.keys import name_key
from warreader.nlp.textdates import find_dates


@pytest.mark.parametrize(
    "spellings",
    [
        [("Hayday", "en"), ("Haidai", "en"), ("Gaidai", "en"), ("Hajdaj", "sv"), ("Gajdaj", "de")],
        [
            ("Zelensky", "en"),
            ("Zelenskyy", "en"),
            ("Zelenskiy", "en"),
            ("Selenskyj", "de"),
            ("Zełenski", "pl"),
        ],
        [("Kupiansk", "en"), ("Kupyansk", "en"), ("Kupjansk", "sv"), ("Kupiańsk", "pl"), ("Koupiansk", "fr")],
        [("Kharkiv", "en"), ("Charkiv", "sv"), ("Charkiw", "de")],
        [
            ("Sievierodonetsk", "en"),
            ("Sievjerodonetsk", "sv"),
            ("Sjewjerodonezk", "de"),
            ("Severodonetsk", "en"),
        ],
        [("Zaporizhzhia", "en"), ("Saporischschja", "de"), ("Zaporijjia", "fr")],
        [("Гайдай", "uk"), ("Haidai", "en")],
    ],
)
def test_variants_share_a_key(spellings) -> None:
    keys = {name_key(text, language) for text, language in spellings}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    ("a", "b"),
    [("Putin", "Pushilin"), ("Kherson", "Kharkiv"), ("Ukraine", "Ukrainka"), ("Bilohorivka", "Bilyaivka")],
)
def test_lookalikes_keep_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


BASE = dt.date(2022, 10, 6)  # a Thursday


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Kyiv said on Thursday that", [("Thursday", "2022-10-06")]),
        ("en", "a video posted on September 8", [("September 8", "2022-09-08")]),
        ("en", "fighting since July 2022", [("July 2022", "2022-07-01")]),
        ("en", "attacks on 30 December", [("30 December", "2021-12-30")]),
        ("sv", "i juli kom beskedet", [("juli", "2022-07-01")]),
        ("sv", "sade han i torsdags", [("torsdags", "2022-10-06")]),
        ("de", "am 30. September wurde", [("30. September", "2022-09-30")]),
        ("pl", "30 września wojska", [("30 września", "2022-09-30")]),
        ("pl", "wczoraj rano", [("wczoraj", "2022-10-05")]),
        ("fr", "le 1er mars à Kyiv", [("1er mars", "2022-03-01")]),
    ],
)
def test_dates_in_text_are_resolved_against_the_article_date(language, text, expected) -> None:
    found = [(d.text, d.value.isoformat() if d.value else None) for d in find_dates(text, language, BASE)]
    assert found == expected
    for d in find_dates(text, language, BASE):
        assert text[d.start : d.end] == d.text


@pytest.mark.parametrize(
    "text", ["It may rain in Kyiv.", "Troops March on Kharkiv.", "a second wave", "in 2022 alone"]
)
def test_false_dates_are_not_found(text: str) -> None:
    assert find_dates(text, "en", BASE) == []


def test_relative_dates_without_an_article_date_have_no_value() -> None:
    (found,) = find_dates("on Thursday", "en", None)
    assert found.value is None


@pytest.mark.parametrize(
    ("header", "iso"),
    [
        (" date 2024-02 \nBody.", "2024-02"),
        (" date 2023\nBody.", "2023"),
        (" date 2024-02-03 Body.", "2024-02-03"),
    ],
)
def test_a_header_date_keeps_the_precision_the_source_states(header, iso) -> None:
    from warreader.nlp.dates import split_header

    date, body, problem = split_header(header)
    assert problem is None
    assert date is not None and date.isoformat() == iso
    assert body.lstrip().startswith("Body")


def test_a_month_that_does_not_exist_is_no_date() -> None:
    from warreader.nlp.dates import split_header

    date, _, problem = split_header(" date 2024-13\nBody.")
    assert date is None and problem


def test_partial_dates_sort_among_full_ones_and_survive_pickling() -> None:
    import datetime as dt
    import pickle

    from warreader.nlp.dates import parse_iso

    month, year, day = parse_iso("2024-02"), parse_iso("2024"), parse_iso("2024-02-05")
    assert sorted([day, month, year]) == [year, month, day]  # type: ignore[type-var]
    again = pickle.loads(pickle.dumps(month))
    assert again.isoformat() == "2024-02" and again == dt.date(2024, 2, 1)
