"""D beside a busy Telegram channel (issue 16.4 at scale): a channel's templated messages stay listed
one by one, and the wire story republished by two outlets among them is folded once."""

from __future__ import annotations

import datetime as dt
import time

from test_one_story import _library
from ui_helpers import SIZE, RecordingApp, listed_titles, screen_text

from warreader.library import Library
from warreader.model import Article
from warreader.nlp.pipeline import extract_all

PLACES = ["Kharkiv", "Sumy", "Odesa", "Kherson"]


def _channel(messages: int) -> list[Article]:
    """A channel's templated messages: fixed sentences around a place and two numbers."""
    return [
        Article(
            f"tg/{n}",
            f"{PLACES[n % 4]} morning report {n}",
            dt.date(2024, 3, 1 + n % 28),
            "en",
            f"{PLACES[n % 4]} morning report {n}\nAir defence worked over {PLACES[n % 4]} overnight and "
            f"{n % 5 + 1} buildings were damaged. Emergency crews are at the sites. Details follow.",
            "Regional channel",
        )
        for n in range(messages)
    ]


async def test_d_folds_the_wire_story_and_keeps_the_channels_messages_apart() -> None:
    wire = list(_library().raw.articles)
    articles = wire + _channel(2000)  # its fixed words in more than MAX_SHARED messages
    app = RecordingApp(library=Library(articles, extract_all(articles)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("D")
        deadline = time.monotonic() + 60
        while app.reading.list_keys.stories is None and time.monotonic() < deadline:
            await pilot.pause(0.1)
        await pilot.pause()
        found = app.reading.list_keys.stories
        assert found is not None and found.clusters == [[0, 1, 2]]
        titles = listed_titles(app)
        assert len(titles) == len(articles) - 2 and "Odesa morning report 6" in titles
        text = screen_text(app)
        assert "Drones shot down over Odesa  · also in 2 sources" in text
        assert "each story once (2 republications folded)" in text
