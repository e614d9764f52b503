"""Dates: the article's own date from its header."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

# " date 2022-10-06 Body…": the header word, then a date token (ISO or another written form).
HEADER = re.compile(r"\A\s*date[ \t]+(?P<value>\S+)[ \t]*", re.IGNORECASE)


@lru_cache(maxsize=4096)
def parse_date(value: str) -> dt.date | None:
    """Parse a header date; ISO fast path, then dateparser for other written forms, else None."""
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    import dateparser  # imported lazily: it costs about half a second

    parsed = dateparser.parse(
        value,
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
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
    value = match.group("value")
    date = parse_date(value)
    problem = None if date else f"unreadable date header {value[:40]!r}"
    return date, text[match.end() :], problem
