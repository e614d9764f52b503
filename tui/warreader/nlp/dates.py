"""Dates: the article's own date from its header."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from warreader.model import PartialDate, parse_iso

# " date 2022-10-06 Body…": the header word, then a date written in one to four words.
HEADER = re.compile(r"\A\s*date[ \t]+(?P<value>\S+(?:[ \t]+\S+){0,3})", re.IGNORECASE)
# A month and a year written with digits only: "02/2024", "02.2024", "2024/02".
_NUMERIC_MONTH = re.compile(
    r"(?:(?P<m1>0?[1-9]|1[0-2])[./](?P<y1>\d{4})|(?P<y2>\d{4})[./](?P<m2>0?[1-9]|1[0-2]))"
)
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_LANGUAGES = ["en", "sv", "de", "pl", "fr", "uk", "ru"]

__all__ = ["HEADER", "PartialDate", "parse_date", "parse_iso", "split_header"]


@lru_cache(maxsize=4096)
def parse_date(value: str) -> dt.date | None:
    """Parse a header date; ISO fast path (a month-only "2024-02" stays a month), then dateparser for
    other written forms, else None."""
    value = value.strip()
    if not value:
        return None
    iso = parse_iso(value)
    if iso is not None:
        return iso
    numeric = _NUMERIC_MONTH.fullmatch(value)
    if numeric is not None:
        return PartialDate(int(numeric["y1"] or numeric["y2"]), int(numeric["m1"] or numeric["m2"]))
    import dateparser  # imported lazily: it costs about half a second

    parsed = dateparser.parse(
        value,
        # Day before month for numeric dates (06.10.2022), as written in Europe.
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY"},
        # Only the languages warreader reads: trying every language takes seconds on a bad header.
        languages=_LANGUAGES,
    )
    if isinstance(parsed, dt.datetime):  # dateparser is untyped: its result is checked here
        return parsed.date()
    return _month_of_year(value)


@lru_cache(maxsize=1)
def _month_parser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=_LANGUAGES, settings={"DATE_ORDER": "DMY"})


def _month_of_year(value: str) -> PartialDate | None:
    """A month name with a year ("February 2024", "luty 2024", "лютого 2024 року") is the month, never
    its first day; relative words ("last month") and a month without a year are not dates."""
    if not _YEAR.search(value) or not any(ch.isalpha() for ch in value):
        return None
    data = _month_parser().get_date_data(value)
    if data.date_obj is None or data.period != "month" or str(data.date_obj.year) not in value:
        return None
    return PartialDate(data.date_obj.year, data.date_obj.month)


def split_header(text: str) -> tuple[dt.date | None, str, str | None]:
    """Split ``text`` into (date, rest, problem).

    ``problem`` describes a header that is present but unreadable; the article
    then has no date (never a made-up one) and the header is left out of the body.
    """
    match = HEADER.match(text)
    if not match:
        return None, text, None
    words = match.group("value").split()
    if len(words) > 1 and not words[1][:1].isdigit() and parse_iso(words[0]) is not None:
        # "date 2022-10-06 Body text…" (body on the header line): the ISO date is the whole date;
        # asking dateparser about "2022-10-06 Body text" first costs seconds per article.
        words = words[:1]
    for count in range(len(words), 0, -1):  # the longest run of words that is a whole date
        value = " ".join(words[:count])
        date = parse_date(value)
        if date:
            end = match.start("value")
            for word in words[:count]:
                end = text.index(word, end) + len(word)
            return date, text[end:].lstrip(" \t"), None
    first = words[0]
    end = text.index(first, match.start("value")) + len(first)
    return None, text[end:].lstrip(" \t"), f"unreadable date header {first[:40]!r}"
