"""UI test helpers: a tiny hand-made library (independent of extraction), a recording app, screen text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from textual.message import Message

from warreader.library import Library
from warreader.model import Article, Group, Mention
from warreader.ui.app import WarReaderApp
from warreader.ui.messages import ArticleOpened, EntitySelected, MentionJumped, SearchMatched

SIZE = (160, 45)
FILLER = "\n\n".join(f"Paragraph {n}: nothing about the city here, only filler text." for n in range(80))

# (path, title, date, language, body, [(kind, surface, group id)])
ARTICLES = [
    (
        "fixtures/kharkiv.txt",
        "Shelling in Kharkiv",
        dt.date(2022, 9, 10),
        "en",
        "Shelling hit Kharkiv overnight. Governor Oleh Syniehubov said Kharkiv was calm by morning.",
        [
            ("place", "Kharkiv", "place:kharkiv"),
            ("speaker", "Oleh Syniehubov", "speaker:syniehubov"),
            ("speaker", "Syniehubov", "speaker:syniehubov"),  # nested in the full name
        ],
    ),
    (
        "fixtures/lviv.txt",
        "A quiet day in Lviv",
        None,
        "en",
        "Nothing happened in Lviv today.",
        [("place", "Lviv", "place:lviv")],
    ),
    (
        "fixtures/charkiw.txt",
        "Charkiw im Fokus",
        dt.date(2022, 9, 12),
        "de",
        FILLER + "\n\nIn Charkiw fielen Raketen, sagte Synjehubow.",
        [("place", "Charkiw", "place:kharkiv"), ("speaker", "Synjehubow", "speaker:syniehubov")],
    ),
]


def make_article(
    path: str,
    title: str,
    date: dt.date | None,
    language: str,
    body: str,
    marks: Iterable[tuple[str, str, str]],
) -> Article:
    """An article whose mentions are every occurrence of each marked surface form."""
    mentions = []
    for kind, surface, group in marks:
        start = body.find(surface)
        while start >= 0:
            mentions.append(Mention(kind, surface, start, start + len(surface), group, group))  # type: ignore[arg-type]
            start = body.find(surface, start + 1)
    mentions.sort(key=lambda m: (m.start, -m.end))
    return Article(path, title, date, language, body, "fixtures", "", mentions)


def make_library(articles: list[Article]) -> Library:
    """Group mentions by their group id, as extraction would."""
    groups: dict[str, Group] = {}
    for article in articles:
        for mention in article.mentions:
            assert mention.group is not None
            fresh = Group(mention.group, mention.kind, mention.text, [], 0, [])
            group = groups.setdefault(mention.group, fresh)
            if mention.text not in group.variants:
                group.variants.append(mention.text)
            if article.path not in group.articles:
                group.articles.append(article.path)
    library = Library(articles, groups)
    for group_id, group in groups.items():
        group.mentions = len(library.mentions_of(group_id))
        group.name = max(group.variants, key=len)
    return library


def tiny_library() -> Library:
    """Kharkiv (twice) and its governor; Lviv; a long German article with Charkiw at its end."""
    return make_library([make_article(*spec) for spec in ARTICLES])


class RecordingApp(WarReaderApp):
    """The app, keeping every warreader message it receives in ``posted``."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.posted: list[Message] = []

    def on_article_opened(self, message: ArticleOpened) -> None:
        self.posted.append(message)

    def on_entity_selected(self, message: EntitySelected) -> None:
        self.posted.append(message)

    def on_mention_jumped(self, message: MentionJumped) -> None:
        self.posted.append(message)

    def on_search_matched(self, message: SearchMatched) -> None:
        self.posted.append(message)

    def of(self, kind: type[Message]) -> list:
        """The recorded messages of one type, oldest first."""
        return [m for m in self.posted if isinstance(m, kind)]


def screen_text(app: WarReaderApp) -> str:
    """What the terminal shows, as plain text (one line per row)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def listed_titles(app: WarReaderApp) -> list[str]:
    """Titles of the articles the article list shows, top to bottom."""
    library = app.library
    assert library is not None
    rows = app.reading.listing.rows
    return [library.articles[i].title for i in (rows if rows is not None else range(len(library.articles)))]


async def pick(app: WarReaderApp, pilot, starts: str) -> None:
    """Choose the item whose filter text starts with ``starts`` in the open picker."""
    from warreader.ui.screens.dialogs import PickScreen

    screen = app.screen
    assert isinstance(screen, PickScreen), screen
    key = next(key for key, _prompt, plain in screen.items if plain.startswith(starts))
    screen.dismiss(key)
    await pilot.pause()
