"""One way to make an :class:`Article` from untrusted fields, whatever the format.

Every field is sanitised, the body is capped so one huge article cannot stall
extraction, metadata dates are parsed strictly (never guessed), and the source
falls back to the URL's host.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from warreader.corpus.problem import Problem
from warreader.corpus.sanitize import clean_line, clean_text
from warreader.model import Article, parse_iso

BODY_MAX = 250_000
"""Characters of body kept per article (extraction time grows faster than length)."""
TITLE_MAX = 90

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)]*\s|\n")
_BLANK_RUNS = re.compile(r"\n{3,}")


def make_title(body: str) -> str:
    """Title: the headline-like first line, or the first sentence, shortened."""
    first = body.lstrip()[:2000].split("\n", 1)[0]
    match = _SENTENCE_END.search(first)
    title = first[: match.start()] if match and match.start() > 20 else first
    return shorten(clean_line(title)) or "(untitled)"


def shorten(title: str, limit: int = TITLE_MAX) -> str:
    if len(title) <= limit:
        return title
    cut = title.rfind(" ", 0, limit - 1)
    return title[: cut if cut > 40 else limit - 1].rstrip(",;:- ") + "…"


def cap_body(body: str, path: str, problems: list[Problem] | None, file_size: int | None = None) -> str:
    """Keep at most :data:`BODY_MAX` characters, cut at a line or word, and say so.

    ``file_size`` is given when only the start of a larger file was read.
    """
    cut = len(body) > BODY_MAX
    if cut:
        end = max(body.rfind("\n", BODY_MAX // 2, BODY_MAX), body.rfind(" ", BODY_MAX - 200, BODY_MAX))
        body = body[: end if end > 0 else BODY_MAX].rstrip()
    if (cut or file_size is not None) and problems is not None:
        size = f" of {file_size / 1e6:.1f} MB" if file_size else ""
        problems.append(
            Problem(path, f"very long article{size}: only the first {len(body):,} characters read")
        )
    return body


def parse_meta_date(value: object) -> dt.date | None:
    """A date from metadata: ISO 8601, RFC 822 (feeds), a Unix timestamp, or a strict written form."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return _from_timestamp(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()[:80]
    if not text:
        return None
    partial = parse_iso(text)  # "2024-02" and "2024" keep their precision; no day is invented
    if partial is not None:
        return partial
    try:
        return dt.datetime.fromisoformat(text.replace("z", "Z")).date()
    except ValueError:
        pass
    import email.utils  # here: feeds need it, opening an index does not

    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    if text.isdigit() and len(text) >= 9:
        return _from_timestamp(float(text))
    if not any(ch.isdigit() for ch in text) or len(text.split()) > 6:
        return None  # not a written date; dateparser would spend seconds searching its locales
    from warreader.nlp.dates import parse_date

    try:
        return parse_date(text)
    except (ValueError, OverflowError, RecursionError):
        return None


def _from_timestamp(value: float) -> dt.date | None:
    if value > 1e11:  # milliseconds
        value /= 1000
    try:
        return dt.datetime.fromtimestamp(value, dt.UTC).date() if 0 < value < 7e9 else None
    except (ValueError, OverflowError, OSError):
        return None


def host_of(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def safe_path(path: str) -> str:
    """A path that can always be printed: undecodable file-name bytes become ``\\xNN`` text."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


def new_article(
    path: str,
    body: str,
    problems: list[Problem] | None,
    *,
    title: str = "",
    date: dt.date | None = None,
    source: str = "",
    url: str = "",
    file_size: int | None = None,
    links: list[str] | None = None,
) -> Article | None:
    """Build a clean article; None (with a problem) when there is no text to read."""
    from warreader.nlp.language import detect_language

    path = safe_path(path)
    if len(body) > BODY_MAX + 4096:  # cut before cleaning: a 50 MB string is not worth a full pass
        file_size, body = file_size or len(body.encode("utf-8", "replace")), body[: BODY_MAX + 4096]
    body = clean_text(body)
    if "\n\n\n" in body:  # a C-level scan first: most bodies have no run of blank lines to close up
        body = _BLANK_RUNS.sub("\n\n", body)
    body = body.strip()
    if not body:
        if problems is not None:
            problems.append(Problem(path, "no article text"))
        return None
    body = cap_body(body, path, problems, file_size)
    url = clean_line(url)[:2000]
    return Article(
        path=path,
        title=shorten(clean_line(title)) or make_title(body),
        date=date,
        language=detect_language(body),
        body=body,
        source=shorten(clean_line(source), 80) or host_of(url),
        url=url,
        links=[clean_line(link) for link in links or []],
    )
