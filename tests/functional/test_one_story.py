"""D lists a story republished by several outlets once, "also in N sources", and D again every
article (issue 16.4, the list part)."""

from __future__ import annotations

import datetime as dt
import time

from ui_helpers import SIZE, RecordingApp, listed_titles, screen_text

from warreader.library import Library
from warreader.model import Article
from warreader.nlp.pipeline import extract_all
from warreader.ui.widgets.entity_panel import EntityPanel

WIRE = (
    "Ukrainian air defence shot down most of the drones launched overnight at the Odesa region, "
    "the regional administration said on Tuesday. Debris damaged a warehouse in the port area and "
    "two people were lightly injured, according to the statement. Power was cut in several "
    "districts for a few hours while repair crews worked through the morning. The port resumed "
    "loading grain ships by noon, a spokesperson for the port authority told reporters, adding "
    "that no vessel had been hit and that the shipping corridor remained open."
)


def _library() -> Library:
    articles = [
        Article("wire/ap.txt", "Drones shot down over Odesa", dt.date(2024, 3, 5), "en", WIRE, "ap"),
        Article(
            "news/a.txt",
            "Odesa port hit by drone debris",
            dt.date(2024, 3, 5),
            "en",
            "By A. Writer\n\n" + WIRE,
            "daily-a",
        ),
        Article(
            "news/b.txt",
            "Night of drones in Odesa",
            dt.date(2024, 3, 6),
            "en",
            WIRE + "\n\nRead more: other stories",
            "daily-b",
        ),
        Article(
            "news/c.txt",
            "Grain talks in Istanbul",
            dt.date(2024, 3, 6),
            "en",
            "Delegations met in Istanbul to discuss grain exports, officials said, with no deal reached.",
            "daily-c",
        ),
    ]
    return Library(articles, extract_all(articles))


async def test_d_lists_each_story_once_and_d_again_lists_all() -> None:
    app = RecordingApp(library=_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("D")
        deadline = time.monotonic() + 30
        while app.reading.list_keys.stories is None and time.monotonic() < deadline:
            await pilot.pause(0.1)
        await pilot.pause()
        assert listed_titles(app) == ["Drones shot down over Odesa", "Grain talks in Istanbul"]
        text = screen_text(app)
        assert "Drones shot down over Odesa  · also in 2 sources" in text
        assert "each story once (2 republications folded)" in text
        # the entity panel counts Odesa's articles as the one story they tell
        panel = app.query_one(EntityPanel)
        odesa = next(g for g in app.library.groups.values() if g.name == "Odesa")  # type: ignore[union-attr]
        assert any("3 articles" in line and "1 story" in line for line in panel.group_lines(odesa.id)), (
            panel.group_lines(odesa.id)
        )
        await pilot.press("plus")  # the open article's story, unfolded: every outlet's article
        await pilot.pause()
        assert listed_titles(app) == [
            "Drones shot down over Odesa",
            "Odesa port hit by drone debris",
            "Night of drones in Odesa",
        ]
        assert "the story “Drones shot down over Odesa” in 3 sources" in screen_text(app)
        await pilot.press("f")  # every article again, each story once
        await pilot.pause()
        assert listed_titles(app) == ["Drones shot down over Odesa", "Grain talks in Istanbul"]
        await pilot.press("D")
        await pilot.pause()
        assert len(listed_titles(app)) == 4 and "also in" not in screen_text(app)
        assert not any("story" in line for line in panel.group_lines(odesa.id))
