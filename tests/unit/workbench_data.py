"""A small hand-built library for the workbench's unit tests (independent of extraction)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from warreader.library import Library
from warreader.model import Article, DateMention, Group, Mention


def article(
    path: str,
    body: str,
    marks: Iterable[tuple[str, str, str]],
    date: dt.date | None = None,
    source: str = "wire",
    language: str = "en",
    dates: Iterable[tuple[str, dt.date]] = (),
) -> Article:
    """An article whose mentions are every whole-word occurrence of each (kind, surface, group)."""
    mentions = []
    for kind, surface, group in marks:
        start = body.find(surface)
        while start >= 0:
            end = start + len(surface)
            if not body[end : end + 1].isalpha():
                mentions.append(Mention(kind, surface, start, end, group, group))  # type: ignore[arg-type]
            start = body.find(surface, start + 1)
    mentions.sort(key=lambda m: (m.start, -m.end))
    found = [
        DateMention(text, body.index(text), body.index(text) + len(text), value) for text, value in dates
    ]
    return Article(path, path.rsplit("/", 1)[-1], date, language, body, source, "", mentions, found)


def library(articles: list[Article]) -> Library:
    groups: dict[str, Group] = {}
    for a in articles:
        for m in a.mentions:
            assert m.group is not None
            group = groups.setdefault(m.group, Group(m.group, m.kind, m.text, [], 0, []))
            if m.text not in group.variants:
                group.variants.append(m.text)
            if a.path not in group.articles:
                group.articles.append(a.path)
    result = Library(articles, groups)
    for group in groups.values():
        group.mentions = len(result.mentions_of(group.id))
        group.name = max(group.variants, key=len)
    return result


KHARKIV = "place:gn:706483"
LVIV = "place:gn:702550"
ZELENSKY = "speaker:zelensky"
ZELENSKYJ = "speaker:zelenskyj"
SYNIEHUBOV = "speaker:syniehubov"


def sample() -> Library:
    """Three articles: Kharkiv in English and German, Zelensky under two group ids, a governor, Lviv."""
    return library(
        [
            article(
                "news/a.txt",
                "Shelling hit Kharkiv on Thursday. Governor Oleh Syniehubov said: “Kharkiv is calm now and "
                "the city is working.” Zelensky thanked the soldiers.\n\nNothing else happened in Lviv.",
                [
                    ("place", "Kharkiv", KHARKIV),
                    ("place", "Lviv", LVIV),
                    ("speaker", "Oleh Syniehubov", SYNIEHUBOV),
                    ("speaker", "Zelensky", ZELENSKY),
                ],
                date=dt.date(2022, 9, 10),
                dates=[("on Thursday", dt.date(2022, 9, 8))],
            ),
            article(
                "news/b.txt",
                "In Charkiw fielen Raketen, sagte Selenskyj. Zelenskyj sagte, die Lage sei stabil.",
                [
                    ("place", "Charkiw", KHARKIV),
                    ("speaker", "Selenskyj", ZELENSKYJ),
                    ("speaker", "Zelenskyj", ZELENSKYJ),
                ],
                date=dt.date(2022, 9, 12),
                source="dpa",
                language="de",
            ),
            article(
                "news/c.txt",
                "Lviv was quiet. Kharkiv, again, was not.",
                [("place", "Lviv", LVIV), ("place", "Kharkiv", KHARKIV)],
                date=None,
                source="=cmd|' /C calc'!A0",
            ),
        ]
    )
