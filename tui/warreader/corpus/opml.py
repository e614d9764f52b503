"""OPML subscription lists: read one into feeds (folders become tags) and write the feed list as OPML 2.0.

Read with the standard library's XML parser behind defusedxml: a file that declares entities
(billion laughs) or points at external ones (XXE) is refused whole, with one reason, before
anything is expanded or fetched. An outline with an ``xmlUrl`` is a feed; an outline around
others is a folder, and the path of folders above a feed is one tag ("World/Ukraine"). The OPML
2.0 ``category`` attribute ("/Tag,/Other/Tag") adds more tags. Writing puts each feed in the
folder of its first tag and lists any other tags in ``category``, so reading the output again
gives back the same titles, URLs and tags.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import quoteattr

from warreader.corpus.sanitize import clean_line

MAX_BYTES = 20_000_000
"""Largest OPML file read (a list of 100,000 feeds is about 15 MB)."""
MAX_DEPTH = 50
"""Folders nested deeper than this are not read."""


class OpmlError(Exception):
    """The file is not an OPML list that can be read; the message is for the user."""


@dataclass(slots=True)
class OpmlFeed:
    url: str
    title: str = ""
    tags: list[str] = field(default_factory=list)


def read_opml(data: bytes, problems: list[str]) -> list[OpmlFeed]:
    """The feeds of an OPML file, in document order, one per URL (a URL in two folders gets both
    tags). An outline that cannot be used is one line in ``problems``; a file that is not OPML, or
    is hostile, raises :class:`OpmlError`."""
    from xml.etree.ElementTree import ParseError

    import defusedxml
    import defusedxml.ElementTree as SafeTree

    if len(data) > MAX_BYTES:
        raise OpmlError(f"larger than the {MAX_BYTES / 1e6:g} MB an OPML file may have")
    try:
        root = SafeTree.fromstring(data)
    except defusedxml.EntitiesForbidden:
        raise OpmlError("it declares XML entities, which an OPML file never needs: not read") from None
    except (defusedxml.ExternalReferenceForbidden, defusedxml.DTDForbidden):
        raise OpmlError("it refers to an external document: not read") from None
    except ParseError as error:
        raise OpmlError(f"not XML ({error})") from None
    except (ValueError, RecursionError) as error:
        raise OpmlError(f"not XML ({type(error).__name__})") from None
    if _local(root.tag) != "opml":
        raise OpmlError(f"not an OPML file (its root element is <{clean_line(_local(root.tag))[:40]}>)")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise OpmlError("an OPML file without a <body>: no feeds in it")
    found: dict[str, OpmlFeed] = {}
    counter = [0]
    _walk(body, [], found, problems, counter)
    return list(found.values())


def _local(tag: Any) -> str:
    text = tag if isinstance(tag, str) else ""
    return text.rpartition("}")[2]


def _walk(
    element: Any, folders: list[str], found: dict[str, OpmlFeed], problems: list[str], counter: list[int]
) -> None:
    for outline in element:
        if _local(outline.tag) != "outline":
            continue
        counter[0] += 1
        title = clean_line(outline.get("title") or outline.get("text") or "").strip()
        where = f"outline {counter[0]}" + (f" ({title[:60]})" if title else "")
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        children = [child for child in outline if _local(child.tag) == "outline"]
        if url:
            if (
                not url[:8].lower().startswith(("http://", "https://"))
                or clean_line(url) != url
                or " " in url
            ):
                problems.append(f"{where}: xmlUrl {clean_line(url)[:80]!r} is not an http(s) URL: skipped")
                continue
            tags = ["/".join(folders)] if folders else []
            tags += _categories(outline.get("category") or "")
            feed = found.setdefault(url, OpmlFeed(url, title))
            feed.title = feed.title or title
            feed.tags += [tag for tag in tags if tag not in feed.tags]
        elif children:
            if len(folders) >= MAX_DEPTH:
                problems.append(f"{where}: folders nested more than {MAX_DEPTH} deep: not read")
                continue
            _walk(outline, [*folders, (title or "untitled").replace("/", "∕")], found, problems, counter)
        elif (outline.get("type") or "").lower() in {"rss", "atom"}:
            problems.append(f"{where}: a feed without an xmlUrl: skipped")


def _usable_url(url: str) -> bool:
    return url[:8].lower().startswith(("http://", "https://")) and clean_line(url) == url and " " not in url


def _categories(text: str) -> list[str]:
    """``"/World/Ukraine,/war"`` → ``["World/Ukraine", "war"]``."""
    return [tag for part in text.split(",") if (tag := clean_line(part).strip().strip("/").strip())]


def write_opml(feeds: list[tuple[str, str, list[str]]], title: str = "warreader feeds") -> str:
    """OPML 2.0 for ``(url, title, tags)`` feeds: the first tag is the folder (nested at each "/")."""
    tree: dict[tuple[str, str], Any] = {}
    for url, name, tags in feeds:
        node = tree
        for folder in tags[0].split("/") if tags else []:
            node = node.setdefault(("folder", folder), {})
        node[("feed", url)] = (name, tags[1:])
    when = dt.datetime.now(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{_text(title)}</title>",
        f"    <dateCreated>{when}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    _write(tree, 2, lines)
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _write(node: dict[Any, Any], depth: int, lines: list[str]) -> None:
    indent = "  " * depth
    for (kind, key), value in node.items():
        if kind == "folder":
            lines.append(f"{indent}<outline text={quoteattr(key)}>")
            _write(value, depth + 1, lines)
            lines.append(f"{indent}</outline>")
            continue
        name, others = value
        label = name or key
        attributes = f'type="rss" text={quoteattr(label)} title={quoteattr(label)} xmlUrl={quoteattr(key)}'
        if others:
            attributes += f" category={quoteattr(','.join('/' + tag for tag in others))}"
        lines.append(f"{indent}<outline {attributes}/>")


def _text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
