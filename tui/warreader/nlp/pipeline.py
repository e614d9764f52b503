"""Extraction pipeline: articles → mentions → variant groups (pure functions; no files, no store).

Extracting a corpus on every core, and storing it, is the ingest package's job
(:mod:`warreader.ingest.pool`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING

from warreader.model import Article

if TYPE_CHECKING:
    from warreader.model import Group

_START, _END = attrgetter("start"), attrgetter("end")


@lru_cache(maxsize=16)
def _vocabulary(language: str) -> frozenset[str]:
    from warreader.nlp import contextplaces, speakers, textdates

    return (
        contextplaces.scanned_words(language)
        | speakers.scanned_words(language)
        | textdates.scanned_words(language)
    )


def extract_article(article: Article) -> None:
    """Find places and speakers in one article (fills ``article.mentions``)."""
    from warreader.nlp.places import places_in
    from warreader.nlp.speakers import speakers_in
    from warreader.nlp.text import Words
    from warreader.nlp.textdates import find_dates

    words = Words(article.body)  # tokenized once for both extractors
    words.look_for(_vocabulary(article.language))  # the words every finder looks for, in one scan
    places = places_in(words, article.language)
    speakers = speakers_in(words, article.language, places)
    if speakers:
        spoken = set(chain.from_iterable(map(range, map(_START, speakers), map(_END, speakers))))
        places = [m for m in places if m.start not in spoken and m.end - 1 not in spoken]
    mentions = places + speakers
    mentions.sort(key=lambda m: (m.start, -m.end))
    article.mentions = mentions
    article.dates = find_dates(article.body, article.language, article.date, words)


def extract_all(articles: Sequence[Article]) -> dict[str, Group]:
    """Extract every article, then group the mentions of the whole corpus."""
    from warreader.nlp.grouping import group_mentions

    for article in articles:
        extract_article(article)
    return group_mentions(articles)
