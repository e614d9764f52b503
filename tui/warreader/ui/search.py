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

COUNT_BATCH = 24
"""Articles read at a time while counting (one query for their bodies)."""

Match = tuple[int, int, int]
"""Article index, start, end."""


class TextSearch:
    """The matches of one query in one library."""

    def __init__(self, library: Library, query: str) -> None:
        self.library = library
        self.query = query
        found = library.search(query)
        self.articles: list[int] = list(range(len(library.articles))) if found is None else list(found)
        """Articles that may hold a match, in corpus order."""
        self._spans: dict[int, list[Span]] = {}
        self._counted = 0
        """How many of ``articles`` (from the start) have been scanned by :meth:`count_some`."""

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

    # -- counting -------------------------------------------------------------------------

    @property
    def complete(self) -> bool:
        return self._counted >= len(self.articles)

    def count_some(self, articles: int | None = None, *, seconds: float = 0.008) -> bool:
        """Scan the next candidates: ``articles`` of them, or as many as fit in about ``seconds``
        (a slice short enough not to delay a key press); True when every candidate is scanned."""
        deadline = perf_counter() + seconds
        while not self.complete:
            batch = articles if articles is not None else COUNT_BATCH
            chosen = self.articles[self._counted : self._counted + batch]
            self._scan(chosen)
            self._counted += len(chosen)
            if articles is not None or perf_counter() > deadline:
                break
        return self.complete

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
