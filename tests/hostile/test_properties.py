"""Property-based: extraction and grouping never raise, spans are exact, results are deterministic."""

from __future__ import annotations

import dataclasses
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warreader.contract import library_to_json
from warreader.corpus.decoding import decode
from warreader.corpus.formats import read_data
from warreader.corpus.reader import Problem
from warreader.corpus.textfile import parse_article
from warreader.library import load_library
from warreader.model import Article
from warreader.nlp.pipeline import extract_article

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words that make extraction work: places and people in several scripts and spellings, speech verbs,
# titles, prepositions, quotes, apostrophes, digits and dates, and characters that are trouble on screen.
WORDS = (
    "Kharkiv Charkiw Charków Харків Харьков Kupiansk Купʼянськ Купянск Kupjansk Lyman Kyiv Kiew Київ "
    "Haidai Hajdaj Hayday Гайдай Serhiy Сергій Zelensky Selenskyj Зеленський Putin Governor President "
    "said says sagte säger powiedział a déclaré заявив сообщил according to enligt laut według selon "
    "in near the village of byn region oblast Luhansk Donetsk Dnipro Dnipr Bug Don Sejm "
    "Monday 6 October 2022-10-06 30. September , . : ; — – “ ” « » ' ’ ʼ \" ( ) \n \n\n "
    "\x1b[31m \u202e [bold] \x00 \t é ß ł ї ё"
).split(" ")
NEWSY = st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join)
ANY_TEXT = st.text(max_size=400)
TEXTS = st.one_of(NEWSY, ANY_TEXT)
LANGUAGES = st.sampled_from(["en", "sv", "de", "pl", "fr", "uk", "ru", "xx"])


def spans(article: Article) -> list[tuple[object, ...]]:
    return [dataclasses.astuple(m) for m in article.mentions] + [
        dataclasses.astuple(d) for d in article.dates
    ]


def check_spans(article: Article) -> None:
    for mention in article.mentions:
        assert 0 <= mention.start < mention.end <= len(article.body)
        assert article.body[mention.start : mention.end] == mention.text
    for date in article.dates:
        assert article.body[date.start : date.end] == date.text


@SETTINGS
@given(body=TEXTS, language=LANGUAGES)
def test_extract_article_on_arbitrary_text(body: str, language: str, tally) -> None:
    first = Article("a.txt", "t", None, language, body)
    tally.guard("property-extract", lambda: extract_article(first))
    check_spans(first)
    second = Article("a.txt", "t", None, language, body)
    extract_article(second)
    assert spans(first) == spans(second)


@SETTINGS
@given(text=TEXTS)
def test_read_then_extract_any_text(text: str, tally) -> None:
    problems: list[Problem] = []
    article = tally.guard("property-read", lambda: parse_article("x.txt", text, problems))
    if article is None:
        assert problems
        return
    extract_article(article)
    check_spans(article)


@SETTINGS
@given(data=st.binary(max_size=600), suffix=st.sampled_from(["", ".txt", ".html", ".rss", ".json", ".jsonl"]))
def test_any_bytes_in_any_format_never_raise(data: bytes, suffix: str, tally) -> None:
    problems: list[Problem] = []
    articles = tally.guard("property-bytes", lambda: read_data("x" + suffix, data, problems, suffix=suffix))
    assert articles or problems
    assert isinstance(decode(data).text, str)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(st.one_of(NEWSY, ANY_TEXT, st.binary(max_size=200)), min_size=1, max_size=5))
def test_load_library_groups_consistently_and_deterministically(files: list[str | bytes], tally) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for number, content in enumerate(files):
            path = Path(folder, f"{number:02d}.txt")
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", errors="surrogatepass")
        library = tally.guard("property-library", lambda: load_library([folder]))
        tally.tried("property-library", len(files) - 1)
        again = load_library([folder])
    assert len(library.articles) + len(library.problems) >= len(files)
    counted: dict[str, int] = {}
    for article in library.articles:
        check_spans(article)
        for mention in article.mentions:
            assert mention.group in library.groups
            counted[mention.group] = counted.get(mention.group, 0) + 1
    assert counted == {gid: g.mentions for gid, g in library.groups.items()}
    assert json.dumps(library_to_json(library)) == json.dumps(library_to_json(again))
