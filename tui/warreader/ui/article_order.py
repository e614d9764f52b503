"""Which articles the list shows and in which order (filters, bookmarks, sorting), without reading bodies."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

from warreader.library import Library
from warreader.model import Article, ArticleSequence

SORTS = ("corpus", "date", "source", "title")
SORT_NAMES = {"corpus": "corpus order", "date": "newest first", "source": "by source", "title": "by title"}


Meta = tuple[int, str, str, str, str, str]
"""(index, ISO date or "", title, language, source, path) of one article."""


def article_rows(library: Library) -> list[Meta]:
    """The list columns and path of every article, without reading bodies when the library's article
    sequence can list rows (an index can)."""
    rows = getattr(library.articles, "rows", None)
    if callable(rows):
        try:
            return [cast(Meta, tuple(r)) for r in rows(0, len(library.articles))]
        except (TypeError, IndexError, ValueError):
            pass
    return [
        (i, a.date.isoformat() if a.date else "", a.title, a.language or "", a.source or "", a.path)
        for i, a in enumerate(library.articles)
    ]


def article_order(
    library: Library,
    *,
    group: str | None = None,
    bookmarks: set[str] | None = None,
    sort: str = "corpus",
    rows: list[Meta] | None = None,
    keep: Callable[[Meta], bool] | None = None,
) -> list[int] | None:
    """Which articles the list shows, in which order (library indexes); None: all, in corpus order.

    ``rows`` are :func:`article_rows` when already at hand; ``keep`` is any other filter (source,
    language, dates, unread)."""
    if group is None and bookmarks is None and sort == "corpus" and keep is None:
        return None
    meta = list(rows) if rows is not None else article_rows(library)
    if keep is not None:
        meta = [m for m in meta if keep(m)]
    if group is not None:
        from warreader import analysis

        wanted = set(analysis.articles_mentioning(library, group))
        meta = [m for m in meta if m[0] in wanted]
    if bookmarks is not None:
        meta = [m for m in meta if m[5] in bookmarks]
    if sort == "date":
        dated = sorted((m for m in meta if m[1]), key=lambda m: (m[1], -m[0]), reverse=True)
        meta = dated + [m for m in meta if not m[1]]
    elif sort == "source":
        meta.sort(key=lambda m: (m[4].casefold(), m[1], m[0]))
    elif sort == "title":
        meta.sort(key=lambda m: (m[2].casefold(), m[0]))
    return [m[0] for m in meta]


class ArticleView(ArticleSequence):
    """Some of a library's articles in a chosen order, read only when the list asks for one;
    :meth:`rows` gives the list its columns without reading bodies."""

    def __init__(self, articles: Sequence[Article], order: list[int], meta: dict[int, Meta]) -> None:
        self._articles = articles
        self.order = order
        self._meta = meta

    def rows(self, start: int, stop: int) -> list[Meta]:
        """(row, date, title, language, source, path) for rows ``start`` to ``stop`` of the view."""
        found: list[Meta] = []
        for row in range(max(0, start), min(stop, len(self.order))):
            index = self.order[row]
            meta = self._meta.get(index)
            if meta is None:
                article = self._articles[index]
                date = article.date.isoformat() if article.date else ""
                meta = (
                    index,
                    date,
                    article.title,
                    article.language or "",
                    article.source or "",
                    article.path,
                )
            found.append((row, *meta[1:]))
        return found

    def __len__(self) -> int:
        return len(self.order)

    def _article(self, index: int) -> Article:
        return self._articles[self.order[index]]
