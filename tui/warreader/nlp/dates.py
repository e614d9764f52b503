"""Dates: the article's own date from its header."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from warreader.model import PartialDate, parse_iso

# " date 2022-10-06 Body…": the header word, then a date written in one to four words.
HEADER = re.compile(r"\A\s*date[ \t]+(?P<value>\S+(?:[ \t]+\S+){0,3})", re.IGNORECASE)

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
    import dateparser  # imported lazily: it costs about half a second

    parsed = dateparser.parse(
        value,
        # Day before month for numeric dates (06.10.2022), as written in Europe.
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY"},
        # Only the languages warreader reads: trying every language takes seconds on a bad header.
        languages=["en", "sv", "de", "pl", "fr", "uk", "ru"],
    )
    return parsed.date() if parsed else None


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
