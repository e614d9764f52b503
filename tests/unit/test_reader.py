"""Reader building blocks: decoding, sniffing, metadata dates, HTML to text, titles, caps, discovery."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from warreader.corpus.build import BODY_MAX, cap_body, make_title, new_article, parse_meta_date
from warreader.corpus.decoding import decode, looks_binary
from warreader.corpus.discover import discover
from warreader.corpus.feedstore import Feed, config_path, load_feeds, save_feeds
from warreader.corpus.formats import sniff
from warreader.corpus.html import html_to_text, strip_scripts
from warreader.corpus.problem import Problem


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-10-06", dt.date(2022, 10, 6)),
        ("2022-10-06T23:30:00+03:00", dt.date(2022, 10, 6)),  # the date where it was published
        ("2022-10-06T10:00:00Z", dt.date(2022, 10, 6)),
        ("Thu, 06 Oct 2022 23:30:00 +0300", dt.date(2022, 10, 6)),
        ("6 October 2022", dt.date(2022, 10, 6)),
        ("06.10.2022", dt.date(2022, 10, 6)),
        (1665014400, dt.date(2022, 10, 6)),
        (1665014400000, dt.date(2022, 10, 6)),
        ("1665014400", dt.date(2022, 10, 6)),
        ("not a date at all", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (True, None),
        (10**30, None),
        ("9" * 80, None),
        ({"x": 1}, None),
    ],
)
def test_parse_meta_date(value: object, expected: dt.date | None) -> None:
    assert parse_meta_date(value) == expected


def test_decode_prefers_utf8_and_reports_damage() -> None:
    assert decode("Київ".encode()).text == "Київ"
    assert decode("\ufeffKyiv".encode()).text == "Kyiv"
    damaged = decode("Kyiv café ".encode() * 10 + b"\xff")
    assert damaged.encoding == "utf-8" and damaged.note and damaged.text.endswith("\ufffd")
    assert decode("Київ".encode()[:-1], truncated=True).text == "Киї"
    assert decode("Kyiv café".encode("latin-1")).text == "Kyiv café"


def test_binary_or_text() -> None:
    assert looks_binary(b"\x00\x01\x02\xff" * 50)
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    assert not looks_binary("Kharkiv said ".encode("utf-16-le"))
    assert not looks_binary(b"Kyiv text with one stray \x00 byte in a long enough line of prose.")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b'  {"title": 1}', "json"),
        (b"[1]", "json"),
        (b"\xef\xbb\xbf<?xml version='1.0'?><rss version='2.0'>", "feed"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b"<!DOCTYPE html><html><body>x", "html"),
        (b"<p>x</p>", "html"),
        (b"Plain text about Kyiv.", "text"),
        ('{"t": 1}'.encode("utf-16"), "json"),
    ],
)
def test_sniff(data: bytes, kind: str) -> None:
    assert sniff(data) == kind


def test_html_to_text_and_strip_scripts() -> None:
    assert html_to_text("<p>A <b>b</b></p><p>C &amp; D</p><script>x()</script>") == "A b\n\nC & D"
    assert html_to_text("no markup") == "no markup"
    assert html_to_text("") == ""
    assert strip_scripts(b"a<SCRIPT>x</script >b<style>y</style>c<script>open") == b"abc"


def test_titles_and_caps() -> None:
    assert make_title("Headline about Kyiv\n\nBody.") == "Headline about Kyiv"
    assert make_title("   ") == "(untitled)"
    long = make_title("word " * 60)
    assert len(long) <= 90 and long.endswith("…")
    problems: list[Problem] = []
    body = cap_body("Kyiv. " * BODY_MAX, "x", problems)
    assert len(body) <= BODY_MAX and "very long article" in problems[0].message
    assert new_article("x", "  \n ", problems) is None and problems[-1].message == "no article text"


def test_new_article_cleans_every_field() -> None:
    article = new_article(
        "caf\udce9.txt",
        "Body \x1b[2J text",
        None,
        title="T\u202e",
        source="S\n\x07",
        url="https://a.example/\x1b",
    )
    assert article is not None
    assert (article.path, article.title, article.body, article.source, article.url) == (
        "caf\\xe9.txt",
        "T\ufffd",
        "Body ␛[2J text",
        "S ␇",
        "https://a.example/␛",
    )
    assert (
        new_article("p", "Text", None, url="https://www.kyivindependent.com/x").source
        == "kyivindependent.com"
    )


def test_discover_order_suffixes_and_specials(tmp_path: Path) -> None:
    for name in ("b.txt", "a.json", "c.pdf", "sub/d.html", "sub/e.RSS"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x")
    problems: list[Problem] = []
    found = discover(
        [tmp_path, "-", "https://a.example/feed", tmp_path / "b.txt", tmp_path / "gone.txt"], problems
    )
    assert [Path(p).name if isinstance(p, Path) else p for p in found] == [
        "a.json",
        "b.txt",
        "d.html",
        "e.RSS",
        "-",
        "https://a.example/feed",
    ]
    assert [str(p) for p in problems] == [
        f"{tmp_path}: 1 file of other types not read: .pdf 1",
        f"{tmp_path / 'gone.txt'}: no such file or folder",
    ]


def test_problem_prints_inertly() -> None:
    assert str(Problem("a\x1b[31m.txt", "bad\nthing")) == "a␛[31m.txt: bad thing"


def test_feed_list_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARREADER_DATA_DIR", str(tmp_path))
    feeds = [Feed('https://a.example/?q="x"\\', 'Name "quoted" \\'), Feed("https://b.example/атом")]
    save_feeds(feeds)
    assert load_feeds() == feeds
    assert tomllib.loads(config_path().read_text(encoding="utf-8"))["feed"][1] == {
        "url": "https://b.example/атом"
    }
