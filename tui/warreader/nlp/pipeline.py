"""Extraction pipeline: articles → mentions → variant groups."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from warreader.corpus.article import Article

if TYPE_CHECKING:
    from warreader.library import Group


def extract_article(article: Article) -> None:
    """Find places and speakers in one article (fills ``article.mentions``)."""
    from warreader.nlp.places import find_places
    from warreader.nlp.speakers import find_speakers
    from warreader.nlp.text import tokenize
    from warreader.nlp.textdates import find_dates

    tokens = tokenize(article.body)
    places = find_places(article.body, article.language, tokens=tokens)
    speakers = find_speakers(article.body, article.language, places, tokens=tokens)
    spoken = {i for m in speakers for i in range(m.start, m.end)}
    mentions = [m for m in places if m.start not in spoken and m.end - 1 not in spoken] + speakers
    mentions.sort(key=lambda m: (m.start, -m.end))
    article.mentions = mentions
    article.dates = find_dates(article.body, article.language, article.date)


def extract_all(articles: Sequence[Article]) -> dict[str, Group]:
    """Extract every article, then group the mentions of the whole corpus."""
    from warreader.nlp.grouping import group_mentions

    for article in articles:
        extract_article(article)
    return group_mentions(articles)
