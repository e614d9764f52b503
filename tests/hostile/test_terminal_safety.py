"""Escapes, controls, bidi overrides and markup in every field of every format arrive inert."""

from __future__ import annotations

import html
import io
import json
import re
import sys
from pathlib import Path

import pytest

from warreader.cli import main
from warreader.corpus.reader import Problem, read_articles
from warreader.corpus.sanitize import clean_line, clean_text
from warreader.model import Article

EVIL = (
    "\x1b[31mRED\x1b[0m \x1b]0;owned\x07 \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ "
    "\u202eevil\u202c \u2066iso\u2069 [bold red]markup[/] [link=https://x.example]y[/link] "
    "\x00\x08\x7f\x9b31m\x90 line\u2028sep \U000e0041tag \r"
)
# What must never reach the screen: C0 controls but tab and newline, DEL, C1, bidi controls,
# lone surrogates, tag characters, Unicode line separators.
DANGER = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff\U000e0000-\U000e007f\u2028\u2029]"
)
BODY = "Governor Serhiy Haidai said Kupiansk was shelled. "


def _xml(text: str) -> str:
    """The evil string as XML text: the controls XML cannot carry raw are given as references."""
    return "".join(
        f"&#{ord(ch)};" if ch in "\x00\x08\x1b\x07\x7f\x90\x9b\r" else html.escape(ch) for ch in text
    )


def formats() -> dict[str, str]:
    meta = {
        "title": "T " + EVIL,
        "text": BODY + EVIL,
        "source": "S " + EVIL,
        "url": "https://a.example/" + EVIL,
    }
    rss_item = (
        f"<item><title>{_xml(meta['title'])}</title><link>{_xml(meta['url'])}</link>"
        f"<description>{_xml(meta['text'])}</description></item>"
    )
    return {
        "a.txt": " date 2022-10-06 " + BODY + EVIL,
        "a.md": "# " + EVIL + "\n\n" + BODY + EVIL,
        "a.json": json.dumps(meta),
        "a.jsonl": json.dumps(meta) + "\n" + json.dumps({**meta, "body": meta["text"]}),
        "a.rss": f'<?xml version="1.0"?><rss version="2.0"><channel><title>{_xml("F " + EVIL)}</title>{rss_item}</channel></rss>',
        "a.atom": (
            f'<feed xmlns="http://www.w3.org/2005/Atom"><title>{_xml(EVIL)}</title><entry><title>{_xml(meta["title"])}</title>'
            f'<link href="{_xml(meta["url"])}"/><content type="html">{html.escape("<p>" + meta["text"] + "</p>")}</content></entry></feed>'
        ),
        "a.html": (
            f"<html><head><title>{html.escape(meta['title'])}</title>"
            f'<meta property="og:site_name" content="{html.escape(meta["source"])}">'
            f'<meta property="og:url" content="{html.escape(meta["url"])}"></head>'
            f"<body><article><p>{html.escape(meta['text'])}</p><p>{html.escape(BODY * 3)}</p></article></body></html>"
        ),
        EVIL.replace("/", "_").replace("\x00", "") + ".txt": BODY,
    }


def assert_inert(article: Article) -> None:
    for name in ("title", "body", "source", "url"):
        value = getattr(article, name)
        assert not DANGER.search(value), (article.path, name, value)


def test_every_field_of_every_format_is_inert(write_articles, tally) -> None:
    folder = write_articles(formats())
    problems: list[Problem] = []
    articles = tally.guard("terminal", lambda: list(read_articles([folder], problems)))
    tally.tried("terminal", len(formats()) - 1)
    kinds = {Path(a.path.split("#")[0]).suffix for a in articles}
    assert kinds == {".txt", ".md", ".json", ".jsonl", ".rss", ".atom", ".html"}
    for article in articles:
        assert_inert(article)
        if "owned" not in article.path:  # (the file with the hostile name has a plain body)
            assert "[bold red]markup[/]" in article.body  # kept as text, never interpreted or lost
    for problem in problems:
        assert not DANGER.search(str(problem))
    by_suffix = {Path(a.path.split("#")[0]).suffix: a for a in articles}
    assert "␛[31mRED" in by_suffix[".json"].title and "␛[31mRED" in by_suffix[".json"].source
    assert by_suffix[".rss"].source.startswith("F ")


def test_stdin_and_cli_output_are_inert(monkeypatch, capsys, write_articles) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((BODY + EVIL).encode())))
    assert main(["extract", "-", "--json"]) == 0
    out, err = capsys.readouterr()
    article = json.loads(out)["articles"][0]
    assert not DANGER.search(article["title"] + article["body"])
    folder = write_articles({EVIL.replace("/", "_").replace("\x00", "") + ".txt": b""})
    assert main(["check", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert "empty file" in out
    assert not DANGER.search(out.replace("\n", "") + err.replace("\n", ""))


@pytest.mark.parametrize("text", [EVIL, "\r\n\r", "\ud800x\udfff", "plain", "", "\t\n"])
def test_clean_text_is_inert_and_keeps_offsets(text: str) -> None:
    cleaned = clean_text(text)
    assert not DANGER.search(cleaned)
    assert clean_text(cleaned) == cleaned
    if "\r" not in text:
        assert len(cleaned) == len(text)  # one character for one: spans stay put
    line = clean_line(text)
    assert "\n" not in line and not DANGER.search(line)
