"""Text search over a corpus, lazily: the next match is found at once, the total is counted in parts.

The full-text index narrows the search to the articles that may hold the query; their
bodies are read and scanned only when a step reaches them, so the first match of a
common word in 100,000 articles costs a few articles' reading. Counting every match
(for "match 3/11,648") is done in slices by :meth:`TextSearch.count_some`, which the
caller runs between key presses.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from time import perf_counter
from typing import TYPE_CHECKING

from warreader.ui.highlight import Span, find_all

if TYPE_CHECKING:
    from warreader.library import Library

NEAR_PAGE = 16
"""Candidates asked at a time when stepping to the next match (and read a page at a time)."""
NEAR_PAGES = 4
"""Pages stepping asks for before taking every candidate in order."""

LIST_PAGE = 4000
"""Candidates listed at a time while counting (a common word at 100k: 35,000, 9 pages)."""

COUNT_BATCH = 24
"""Articles read at a time while counting (one query for their bodies)."""

Match = tuple[int, int, int]
"""Article index, start, end."""


class TextSearch:
    """The matches of one query in one library."""

    def __init__(self, library: Library, query: str) -> None:
        self.library = library
        self.query = query
        self._articles: list[int] | None = None
        self._listing: list[int] = []
        """The candidates listed so far, a page at a time, while counting (all: ``_articles``)."""
        self._spans: dict[int, list[Span]] = {}
        self._counted = 0
        """How many of ``articles`` (from the start) have been scanned by :meth:`count_some`."""

    @property
    def articles(self) -> list[int]:
        """Articles that may hold a match, in corpus order (asked of the full-text index when first
        needed: counting; stepping asks only for the next few)."""
        if self._articles is None:
            found = self.library.search(self.query)
            self._articles = list(range(len(self.library.articles))) if found is None else list(found)
        return self._articles

    # -- per article --------------------------------------------------------------------

    def spans(self, article: int) -> list[Span]:
        """The matches in ``article`` (scanned on first use)."""
        if article not in self._spans:
            position = bisect_left(self.articles, article)
            if position < len(self.articles) and self.articles[position] == article:
                self._scan([article])
            else:
                self._spans[article] = []  # not a candidate of the full-text index
        return self._spans[article]

    def _scan(self, chosen: list[int]) -> None:
        missing = [a for a in chosen if a not in self._spans]
        for article, body in self.library.texts(missing):
            self._spans[article] = find_all(body, self.query)
        for article in missing:
            self._spans.setdefault(article, [])  # no text to read: no match

    # -- stepping -------------------------------------------------------------------------

    def step(self, article: int, offset: int, *, forward: bool = True) -> Match | None:
        """The first match after (before) ``offset`` in ``article``, else in the next (previous)
        articles, wrapping around the corpus; None when there is none at all."""
        if self._articles is None:
            found = self._step_near(article, offset, forward)
            if found is not None:
                return found
        here = self.spans(article)
        if forward:
            after = [span for span in here if span[0] > offset]
            if after:
                return (article, *after[0])
        else:
            before = [span for span in here if span[0] < offset]
            if before:
                return (article, *before[-1])
        count = len(self.articles)
        if not count:
            return None
        start = bisect_right(self.articles, article) if forward else bisect_left(self.articles, article) - 1
        batch = 16
        for done in range(0, count + 1, batch):  # articles in order, read a few at a time
            steps = range(done, min(done + batch, count + 1))
            positions = [(start + (i if forward else -i)) % count for i in steps]
            chosen = [self.articles[p] for p in positions]
            self._scan(chosen)
            for candidate in chosen:
                spans = self._spans[candidate]
                if spans:
                    return (candidate, *(spans[0] if forward else spans[-1]))
        return None

    def _step_near(self, article: int, offset: int, forward: bool) -> Match | None:
        """:meth:`step` among the next few candidates of the full-text index after (before)
        ``article``, in the same order, without asking for all of them; None when none of the
        first pages holds a match (or the end of the corpus is reached): :meth:`step` goes on."""
        mark = article - 1 if forward else article + 1  # the open article is one of them
        for _ in range(NEAR_PAGES):
            page = self.library.search_from(self.query, mark, NEAR_PAGE, forward)
            if page is None:
                return None
            self._scan(page)
            for candidate in page:
                spans = self._spans[candidate]
                if candidate == article:
                    spans = [s for s in spans if (s[0] > offset if forward else s[0] < offset)]
                if spans:
                    return (candidate, *(spans[0] if forward else spans[-1]))
            if len(page) < NEAR_PAGE:
                return None  # the end of the corpus: wrapping around takes every candidate
            mark = page[-1]
        return None

    # -- counting -------------------------------------------------------------------------

    @property
    def complete(self) -> bool:
        return self._articles is not None and self._counted >= len(self._articles)

    def count_some(self, articles: int | None = None, *, seconds: float = 0.008) -> bool:
        """Scan the next candidates: ``articles`` of them, or as many as fit in about ``seconds``
        (a slice short enough not to delay a key press); True when every candidate is scanned."""
        deadline = perf_counter() + seconds
        while not self.complete:
            listed = self._articles if self._articles is not None else self._listing
            if self._counted >= len(listed):
                self._list_more()  # the next page of candidates (listing them all at once took 40 ms)
                continue
            batch = articles if articles is not None else COUNT_BATCH
            chosen = listed[self._counted : self._counted + batch]
            self._scan(chosen)
            self._counted += len(chosen)
            if articles is not None or perf_counter() > deadline:
                break
        return self.complete

    def _list_more(self) -> None:
        """List the next page of candidates (all of them when the index cannot page)."""
        last = self._listing[-1] if self._listing else -(1 << 62)
        page = self.library.search_from(self.query, last, LIST_PAGE)
        if page is None:
            _ = self.articles
            return
        self._listing.extend(page)
        if len(page) < LIST_PAGE:
            self._articles = self._listing

    @property
    def total(self) -> int:
        """Matches found so far (all of them once :attr:`complete`)."""
        return sum(len(spans) for spans in self._spans.values())

    def number(self, match: Match) -> int | None:
        """The 1-based number of ``match`` among all matches (None until counting is complete)."""
        if not self.complete:
            return None
        article, start, _ = match
        before = sum(len(self._spans[a]) for a in self.articles[: bisect_left(self.articles, article)])
        return before + sum(1 for span in self._spans.get(article, []) if span[0] < start) + 1

    def matches(self) -> list[Match]:
        """Every match found so far, in corpus order."""
        return [(a, s, e) for a in self.articles for s, e in self._spans.get(a, ())]
