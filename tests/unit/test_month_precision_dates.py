"""Issue 13 §8: a date is kept at the precision the source states (YYYY, YYYY-MM or YYYY-MM-DD)."""

from __future__ import annotations

import pytest

from warreader.corpus.build import parse_meta_date
from warreader.corpus.textfile import parse_article
from warreader.nlp.dates import split_header


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-02", "2024-02"),
        ("2024", "2024"),
        ("2024-02-05", "2024-02-05"),
        ("02/2024", "2024-02"),
        ("2024/02", "2024-02"),
        ("February 2024", "2024-02"),
        ("Februar 2024", "2024-02"),
        ("februari 2024", "2024-02"),
        ("février 2024", "2024-02"),
        ("luty 2024", "2024-02"),
        ("лютого 2024 року", "2024-02"),
        ("февраль 2024", "2024-02"),
        ("6 October 2022", "2022-10-06"),
    ],
)
def test_meta_date_keeps_the_stated_precision(value: str, iso: str) -> None:
    date = parse_meta_date(value)
    assert date is not None and date.isoformat() == iso


@pytest.mark.parametrize("value", ["March", "last month", "12 2024", "13/2024", "2024-13", "yesterday"])
def test_no_month_is_invented(value: str) -> None:
    assert parse_meta_date(value) is None


def test_written_month_header_gives_a_month_article() -> None:
    date, rest, problem = split_header("date February 2024\nKharkiv was shelled overnight.")
    assert problem is None and date is not None and date.isoformat() == "2024-02"
    assert rest.startswith("\nKharkiv")


def test_markdown_front_matter_month_stays_a_month() -> None:
    text = "---\ntitle: Night strikes\ndate: 2024-02\n---\nKharkiv was shelled overnight.\n"
    article = parse_article("a.md", text, [], markdown=True)
    assert article is not None and article.date is not None
    assert article.date.isoformat() == "2024-02"
