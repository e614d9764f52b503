"""Which articles the list shows and in which order (filters, bookmarks, sorting), without reading bodies."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
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
            found = [cast(Meta, tuple(r)) for r in rows(0, len(library.articles))]
        except (TypeError, IndexError, ValueError):
            pass
        else:
            if all(m[0] == i for i, m in enumerate(found)) and len(found) == len(library.articles):
                return found
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
    return sort_order(meta, sort)


def sort_order(rows: Sequence[Meta], sort: str) -> list[int]:
    """Indexes of ``rows`` (in library order) in ``sort`` order: "date" newest first (equal dates
    in library order, undated last), "source" by source (case folded), then oldest first, "title"
    by title (case folded), equal ones in library order. Python's sort is stable, so the library
    order breaks ties without being part of the keys."""
    if sort == "date":
        dated = [m for m in rows if m[1]]
        dated.sort(key=itemgetter(1), reverse=True)  # reverse keeps equal dates in their order
        return [m[0] for m in dated] + [m[0] for m in rows if not m[1]]
    if sort == "source":
        folded = {source: source.casefold() for source in {m[4] for m in rows}}
        buckets: dict[str, list[int]] = {}
        for m in sorted(rows, key=itemgetter(1)):  # oldest first ("" first), library order within
            buckets.setdefault(folded[m[4]], []).append(m[0])
        return [index for key in sorted(buckets) for index in buckets[key]]
    if sort == "title":
        keys = [m[2].casefold() for m in rows]
        return [rows[p][0] for p in sorted(range(len(rows)), key=keys.__getitem__)]
    return [m[0] for m in rows]


class ArticleView(ArticleSequence):
    """Some of a library's articles in a chosen order, read only when the list asks for one;
    :meth:`rows` gives the list its columns without reading bodies (``meta``: the rows by index,
    a sequence whose item ``i`` is article ``i``'s or a mapping)."""

    def __init__(
        self, articles: Sequence[Article], order: Sequence[int], meta: Sequence[Meta] | Mapping[int, Meta]
    ) -> None:
        self._articles = articles
        self.order = order
        self._meta = meta

    def rows(self, start: int, stop: int) -> list[Meta]:
        """(row, date, title, language, source, path) for rows ``start`` to ``stop`` of the view."""
        found: list[Meta] = []
        for row in range(max(0, start), min(stop, len(self.order))):
            index = self.order[row]
            try:
                meta: Meta | None = self._meta[index]
            except (IndexError, KeyError):
                meta = None
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
