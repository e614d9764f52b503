"""Saved web pages: the main text and the metadata (title, date, site, url), via trafilatura."""

from __future__ import annotations

import html
import logging
import re
from typing import Any

from warreader.corpus.build import new_article, parse_meta_date
from warreader.corpus.problem import Problem
from warreader.model import Article

HTML_MAX_BYTES = 16_000_000
"""Bytes of a page file read (saved pages carry megabytes of scripts and styles)."""
EXTRACT_MAX_BYTES = 2_000_000
"""Bytes handed to the extractor once scripts and styles are gone (its time grows with the text)."""

_BLOCKS = frozenset(
    "p div br li h1 h2 h3 h4 h5 h6 tr blockquote section article header footer pre dd dt".split()
)
_SPACES = re.compile(r"[ \t\u00a0]+")
_TAG = re.compile(r"<[^<>]*>")
_quiet = False


def _quiet_loggers() -> None:
    """trafilatura and its helpers log warnings about odd pages; the reader reports its own problems."""
    global _quiet
    if not _quiet:
        for name in ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer"):
            logging.getLogger(name).addHandler(logging.NullHandler())
            logging.getLogger(name).propagate = False
        _quiet = True


def html_to_text(markup: str) -> str:
    """Plain text of HTML (a feed entry or a whole page): block elements become paragraph breaks."""
    if "<" not in markup and "&" not in markup:
        return markup
    root = _parse(markup)
    if root is None:
        return ""
    for element in list(root.iter("script", "style", "head", "template", "noscript")):
        if element.getparent() is not None:
            element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    lines = (_SPACES.sub(" ", line).strip() for line in root.text_content().split("\n"))
    return "\n\n".join(line for line in lines if line)


def _parse(markup: str) -> Any:
    import lxml.etree
    import lxml.html

    try:
        return lxml.html.document_fromstring(markup)
    except (lxml.etree.LxmlError, ValueError):  # empty document, encoding declaration in a str
        try:
            return lxml.html.document_fromstring(markup.encode("utf-8", "replace"))
        except (lxml.etree.LxmlError, ValueError):
            return None


def strip_scripts(data: bytes) -> bytes:
    """Drop ``<script>`` and ``<style>`` elements in one linear pass (no backtracking on odd markup)."""
    lower, kept, position = data.lower(), [], 0
    while True:
        start = min(
            (i for i in (lower.find(b"<script", position), lower.find(b"<style", position)) if i >= 0),
            default=-1,
        )
        if start < 0:
            break
        tag = b"</script" if lower.startswith(b"<script", start) else b"</style"
        end = lower.find(tag, start)
        kept.append(data[position:start])
        close = lower.find(b">", end) if end >= 0 else -1
        if close < 0:
            return b"".join(kept)
        position = close + 1
    kept.append(data[position:])
    return b"".join(kept)


def read_html(
    path: str, data: bytes, problems: list[Problem], file_size: int | None = None, url: str = ""
) -> Article | None:
    """One article from a saved page; the page title and visible text when no main text is found."""
    import trafilatura

    _quiet_loggers()
    if len(data) > EXTRACT_MAX_BYTES:
        data = strip_scripts(data)
    if len(data) > EXTRACT_MAX_BYTES:
        file_size, data = file_size or len(data), data[:EXTRACT_MAX_BYTES]
    try:
        found = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            # Only dates the page states in its metadata: never one guessed from text or links.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as error:  # a third-party parser on hostile markup: report, never crash
        problems.append(Problem(path, f"unreadable web page ({type(error).__name__})"))
        return None
    doc: dict[str, Any] = {} if found is None else found if isinstance(found, dict) else found.as_dict()
    text = str(doc.get("text") or "").replace("\n", "\n\n")
    title = str(doc.get("title") or "")
    if title and text.startswith(title):
        text = text[len(title) :]
    if not text.strip():
        return _fallback(path, data, problems, file_size, url)
    return new_article(
        path,
        text,
        problems,
        title=title,
        date=parse_meta_date(doc.get("date")),
        source=str(doc.get("sitename") or ""),
        url=str(doc.get("url") or url),
        file_size=file_size,
    )


def _fallback(
    path: str, data: bytes, problems: list[Problem], file_size: int | None, url: str
) -> Article | None:
    """A page trafilatura finds no main text in (too short, odd markup): its title and visible text."""
    from warreader.corpus.decoding import decode

    markup = decode(data, truncated=file_size is not None).text
    root = _parse(markup)
    title = (root.findtext(".//title") or "") if root is not None else ""
    text = html_to_text(markup)
    if not text.strip():  # markup the parser gives up on (nesting past its depth limit): drop the tags
        text = html.unescape(_TAG.sub(" ", strip_scripts(markup.encode("utf-8", "replace")).decode()))
    return new_article(path, text, problems, title=title, url=url, file_size=file_size)
