"""Markdown articles (``.md``) as plain text: what a reader sees, not the markup.

Parsed with markdown-it-py (CommonMark, plus tables and strikethrough): headings, emphasis,
list and quote markers are dropped and their text kept; a link keeps its text in the body
and its target goes to the article's links; an image alone in its paragraph keeps its alt
text as a caption line, an image inside a sentence is dropped; code is kept as text; raw
HTML keeps its text (never scripts, styles or comments). A YAML front matter block gives the
title and date. Mention offsets are taken on the plain text, so ``body[start:end] == text``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

MAX_NESTING = 40
"""Deepest nesting of quotes and lists parsed (a deeper document is read as plain text)."""
LINKS_MAX = 500
"""Link targets kept per article."""
_LINK_SCHEMES = ("http://", "https://")
_HTML_DROPPED = re.compile(r"<(script|style|template)\b.*?(?:</\1\s*>|\Z)|<!--.*?(?:-->|\Z)", re.I | re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>|<![^>]*>|<\?.*?\?>", re.S)
_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>(?:.*\n){0,60}?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
_FRONT_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$", re.M)


@dataclass(slots=True)
class Plain:
    """A Markdown document as plain text."""

    body: str
    links: list[str] = field(default_factory=list)
    title: str = ""
    """From the front matter (``title:``), else empty (the first line is the title)."""
    date: str = ""
    """The front matter's ``date:`` as written, else empty."""
    note: str = ""
    """Why the text was read as plain text instead (a problem to report), else empty."""


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """The ``---`` front matter's simple ``key: value`` fields, and the text after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields: dict[str, str] = {}
    for found in _FRONT_FIELD.finditer(match.group("body")):
        value = found.group("value").strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        fields.setdefault(found.group("key").lower(), value)
    return fields, text[match.end() :]


def markdown_to_text(text: str) -> Plain:
    """``text`` (Markdown) as plain text with its link targets; never raises on odd input."""
    fields, text = front_matter(text)
    title, date = fields.get("title", ""), fields.get("date", "")
    try:
        tokens = _parser().parse(text)
    except (RecursionError, ValueError, IndexError, KeyError, TypeError, RuntimeError) as error:
        return Plain(
            text, [], title, date, f"Markdown not readable ({type(error).__name__}): read as plain text"
        )
    if any(token.level >= MAX_NESTING - 1 for token in tokens):
        # markdown-it drops whatever lies deeper than its nesting limit, and all that follows.
        return Plain(
            text, [], title, date, f"Markdown nested over {MAX_NESTING} levels deep: read as plain text"
        )
    body, links = _render(tokens)
    return Plain(body, links, title, date)


_PARSER: Any = None


def _parser() -> Any:
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt

        parser = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable(
            ["table", "strikethrough"]
        )
        # Every target is kept as a link, not rendered as text; only http(s) ones are stored.
        parser.validateLink = lambda url: True  # type: ignore[method-assign]  # markdown-it's hook: every scheme kept as a link, none opened
        _PARSER = parser
    return _PARSER


class _Blocks:
    """Plain-text blocks in order: paragraphs are apart by a blank line, list items and table
    rows by a line break."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.last = ""

    def add(self, text: str, group: str) -> None:
        text = text.strip("\n")
        if not text.strip():
            return
        if self.parts:
            self.parts.append("\n" if group == self.last and group in ("item", "row") else "\n\n")
        self.parts.append(text)
        self.last = group

    def text(self) -> str:
        return "".join(self.parts)


def _render(tokens: list[Any]) -> tuple[str, list[str]]:
    blocks, links, seen = _Blocks(), list[str](), set[str]()
    lists = 0
    row: list[str] | None = None
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            blocks.add("  ".join(cell for cell in row or [] if cell), "row")
            row = None
        elif kind == "inline":
            text = _inline(token.children or [], links, seen)
            if row is not None:
                row.append(text.strip())
            else:
                blocks.add(text, "item" if lists else "para")
        elif kind in ("fence", "code_block"):
            blocks.add(token.content, "code")
        elif kind == "html_block":
            blocks.add(_html_text(token.content), "item" if lists else "para")
    return blocks.text(), links


def _inline(children: list[Any], links: list[str], seen: set[str]) -> str:
    out: list[str] = []
    images: list[str] = []
    autolink = dropped = False
    for child in children:
        kind = child.type
        if kind == "text":
            if not autolink:
                out.append(child.content)
            dropped |= autolink
        elif kind == "code_inline":
            out.append(child.content)
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("\n")
        elif kind == "link_open":
            autolink = child.markup == "autolink"
            _keep_link(str(child.attrs.get("href") or ""), links, seen)
        elif kind == "link_close":
            autolink = False
        elif kind == "image":
            images.append(child.content)
            dropped = True
        elif kind == "html_inline":
            dropped = True  # a tag: its text, if any, is in the text tokens around it
    text = "".join(out)
    if dropped:  # "a ![map](m.png) b": one space where the image was
        text = _SPACES.sub(" ", text)
    if not text.strip() and images:  # an image alone: its alt text is the caption
        return " ".join(alt for alt in images if alt.strip())
    return text


def _keep_link(href: str, links: list[str], seen: set[str]) -> None:
    if href.lower().startswith(_LINK_SCHEMES) and href not in seen and len(links) < LINKS_MAX:
        seen.add(href)
        links.append(href[:2000])


def _html_text(block: str) -> str:
    """The text of a raw HTML block: tags, scripts, styles and comments removed, entities decoded."""
    text = _HTML_TAG.sub(" ", _HTML_DROPPED.sub(" ", block))
    lines = (" ".join(line.split()) for line in html.unescape(text).splitlines())
    return "\n".join(line for line in lines if line)
