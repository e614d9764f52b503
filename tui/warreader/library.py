"""The loaded corpus: articles with mentions, variant groups, and the problems met on the way.

This is the one object the UI and the CLI consume. It knows nothing of Textual.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from warreader.corpus.article import Article, Mention
from warreader.corpus.reader import Problem, read_articles


@dataclass(slots=True)
class Group:
    """Surface forms of one place or person, across articles and languages."""

    id: str
    kind: str
    name: str
    variants: list[str]
    mentions: int
    articles: list[str]
    detail: str = ""


@dataclass(slots=True, frozen=True)
class MentionRef:
    """Where one mention sits: the article's position in the library and the mention's index in it."""

    article: int
    mention: int


@dataclass
class Library:
    articles: list[Article]
    groups: dict[str, Group]
    problems: list[Problem] = field(default_factory=list)
    _by_group: dict[str, list[MentionRef]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        """Rebuild the group → mentions index (in reading order)."""
        self._by_group = {}
        for ai, article in enumerate(self.articles):
            reach: dict[str, int] = {}  # group -> end of its last indexed mention in this article
            for mi, mention in enumerate(article.mentions):
                if not mention.group:
                    continue
                if mention.start < reach.get(mention.group, -1):
                    continue  # nested in a longer mention of the same entity ("Putin" in "Vladimir Putin")
                reach[mention.group] = mention.end
                self._by_group.setdefault(mention.group, []).append(MentionRef(ai, mi))

    def mentions_of(self, group_id: str) -> list[MentionRef]:
        """All mentions of a group, ordered by article then position."""
        return self._by_group.get(group_id, [])

    def mention(self, ref: MentionRef) -> Mention:
        return self.articles[ref.article].mentions[ref.mention]

    def step(self, group_id: str, article: int, offset: int, forward: bool = True) -> MentionRef | None:
        """The next (or previous) mention of ``group_id`` after (before) ``offset`` in ``article``.

        Wraps around the corpus; returns None when the group has no mentions.
        """
        refs = self.mentions_of(group_id)
        if not refs:
            return None
        keys = [(r.article, self.mention(r).start) for r in refs]
        if forward:
            index = bisect_right(keys, (article, offset))
            return refs[index % len(refs)]
        index = bisect_right(keys, (article, offset - 1)) - 1
        return refs[index % len(refs)]

    def groups_in(self, article: Article) -> list[Group]:
        ids = dict.fromkeys(m.group for m in article.mentions if m.group)
        return [self.groups[g] for g in ids if g in self.groups]


def load_library(paths: Sequence[str | os.PathLike[str]] | Iterable[str | os.PathLike[str]]) -> Library:
    """Read, extract and group a corpus."""
    from warreader.nlp.pipeline import extract_all

    problems: list[Problem] = []
    articles = list(read_articles(paths, problems))
    groups = extract_all(articles)
    return Library(articles, groups, problems)
