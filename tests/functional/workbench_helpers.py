"""A small library with gazetteer place ids (so the map can plot it) and speakers who say things."""

from __future__ import annotations

import datetime as dt

from ui_helpers import make_article, make_library

from warreader.library import Library

KHARKIV = "place:gn:706483"
LVIV = "place:gn:702550"
KYIV = "place:gn:703448"
HAIDAI = "speaker:haidai"
ZELENSKY = "speaker:zelensky"
ZELENSKYJ = "speaker:zelenskyj"

ARTICLES = [
    (
        "news/kharkiv.txt",
        "Shelling in Kharkiv",
        dt.date(2022, 9, 10),
        "en",
        "Shelling hit Kharkiv overnight. Governor Serhiy Haidai said: “The city of Kharkiv held, and the "
        "power is back.” Zelensky thanked the soldiers in Kyiv.",
        [
            ("place", "Kharkiv", KHARKIV),
            ("place", "Kyiv", KYIV),
            ("speaker", "Serhiy Haidai", HAIDAI),
            ("speaker", "Zelensky", ZELENSKY),
        ],
    ),
    (
        "news/lviv.txt",
        "A quiet day in Lviv",
        None,
        "en",
        "Nothing happened in Lviv today, Haidai said.",
        [("place", "Lviv", LVIV), ("speaker", "Haidai", HAIDAI)],
    ),
    (
        "news/charkiw.txt",
        "Raketen auf Kharkiv",
        dt.date(2022, 9, 12),
        "de",
        "In Kharkiv fielen Raketen, sagte Selenskyj in Kyiv.",
        [("place", "Kharkiv", KHARKIV), ("place", "Kyiv", KYIV), ("speaker", "Selenskyj", ZELENSKYJ)],
    ),
    (
        "news/wire.txt",
        "Another wire",
        dt.date(2022, 9, 11),
        "en",
        "A wire story with no entities.",
        [],
    ),
]


def workbench_library() -> Library:
    library = make_library([make_article(*spec) for spec in ARTICLES])
    for article, source in zip(library.articles, ["kyiv-post", "ukrinform", "dpa", "ap"], strict=True):
        article.source = source
    return library
