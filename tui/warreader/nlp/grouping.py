"""Variant grouping (temporary stub)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from warreader.corpus.article import Article
from warreader.library import Group


def group_mentions(articles: Sequence[Article]) -> dict[str, Group]:
    forms: dict[str, Counter[str]] = {}
    arts: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    for article in articles:
        for m in article.mentions:
            gid = f"{m.kind}:{m.key}"
            m.group = gid
            forms.setdefault(gid, Counter())[m.text] += 1
            kinds[gid] = m.kind
            if article.path not in arts.setdefault(gid, []):
                arts[gid].append(article.path)
    return {
        gid: Group(gid, kinds[gid], c.most_common(1)[0][0], [f for f, _ in c.most_common()], sum(c.values()), arts[gid])
        for gid, c in forms.items()
    }
