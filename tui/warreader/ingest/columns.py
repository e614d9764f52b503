"""An extracted article's mentions and dates as the writer stores them, in columns.

An extraction worker sends its results to the indexing process pickled. As ``Mention`` and
``DateMention`` objects that cost ~0.18 ms an article to pickle and ~0.28 ms to unpickle (each
object rebuilt by its ``__init__``: 100k articles, ~8M mentions, ~45 s of CPU on two cores
that are busy extracting). What the writer needs of them is a few columns: each mention's kind,
text, key, detail, start and end, and the dates already packed as stored. Sent that way an
article costs ~0.03 ms to pickle and ~0.08 ms to unpickle; the writer makes each form's key with
one ``zip`` instead of six attribute reads a mention.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from warreader.model import Article
from warreader.store.packing import pack_dates

Columns = tuple[list[str], list[str], list[str], list[str], list[int], list[int], bytes]
"""(kinds, texts, keys, details, starts, ends, packed dates) of one article."""


def article_columns(article: Article) -> Columns:
    """``article``'s mentions in columns, its dates packed (:func:`~warreader.store.packing.pack_dates`)."""
    mentions = article.mentions
    dates = [(d.text, d.start, d.end, d.value.isoformat() if d.value else None) for d in article.dates]
    return (
        [m.kind for m in mentions],
        [m.text for m in mentions],
        [m.key for m in mentions],
        [m.detail for m in mentions],
        [m.start for m in mentions],
        [m.end for m in mentions],
        pack_dates(dates),
    )


def columns_of(result: Any) -> Sequence[Columns]:
    """The columns of each of ``result``'s articles: sent with it (from a worker) or made now."""
    sent = getattr(result, "columns", None)
    if sent:
        return sent  # type: ignore[no-any-return]
    return [article_columns(article) for article in result.articles]


def in_columns(results: list[Any]) -> list[Any]:
    """``results`` (a worker's, about to be sent) with each article's mentions and dates moved into
    :attr:`columns`: the articles go without them (their other fields are sent as they are)."""
    for result in results:
        if result.articles and not result.columns:
            result.columns = [article_columns(article) for article in result.articles]
            for article in result.articles:
                article.mentions = []
                article.dates = []
    return results
