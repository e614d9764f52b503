"""Highlights in the reading pane and n / N across the corpus."""

from __future__ import annotations

from rich.style import Style
from ui_helpers import SIZE, RecordingApp, make_article, make_library, screen_text

from warreader.library import Library
from warreader.model import MentionRef
from warreader.ui.highlight import HighlightStyles, highlight_body
from warreader.ui.messages import ArticleOpened, EntitySelected, MentionJumped
from warreader.ui.widgets.reader import Reader

KHARKIV_1 = (13, 20)  # "Shelling hit Kharkiv overnight."
KHARKIV_2 = (62, 69)  # "... Syniehubov said Kharkiv was calm"


def styles_at(reader: Reader, start: int, end: int) -> list[Style]:
    """Styles of the spans of the rendered body that cover exactly ``start:end``."""
    return [s.style for s in reader.body_text.spans if (s.start, s.end) == (start, end)]


async def test_places_and_speakers_are_highlighted_differently(tiny_library: Library) -> None:
    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        body = reader.body_text.plain
        assert body[slice(*KHARKIV_1)] == "Kharkiv" and body[slice(*KHARKIV_2)] == "Kharkiv"
        (place,) = styles_at(reader, *KHARKIV_1)
        assert styles_at(reader, *KHARKIV_2) == [place]
        full = body.index("Oleh Syniehubov")
        (speaker,) = styles_at(reader, full, full + len("Oleh Syniehubov"))
        (nested,) = styles_at(reader, full + 5, full + len("Oleh Syniehubov"))  # overlapping surname span
        assert isinstance(place, Style) and isinstance(speaker, Style)
        assert place.underline and not place.bold
        assert speaker.bold and not speaker.underline
        assert place.color is not None and speaker.color is not None and place.color != speaker.color
        assert nested == speaker
        # nothing else is styled: "Shelling", "Governor" stay plain
        assert not styles_at(reader, 0, 8)


def test_highlight_body_keeps_nested_spans_and_ignores_bad_ones() -> None:
    article = make_article(
        "a.txt",
        "t",
        None,
        "en",
        "Vladimir Putin spoke.",
        [("speaker", "Vladimir Putin", "p"), ("speaker", "Putin", "p"), ("place", "spoke", "x")],
    )
    article.mentions[-1].end = 999  # a span past the end of the body must not be trusted
    styles = HighlightStyles()
    text = highlight_body(article, styles, current=(9, 14))
    spans = [(s.start, s.end, s.style) for s in text.spans]
    assert spans == [
        (0, 14, styles.speaker),
        (9, 14, styles.speaker),
        (9, 14, styles.current),
    ]
    assert text.plain == article.body


async def test_n_walks_mentions_across_articles_and_N_goes_back(tiny_library: Library) -> None:
    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        app.select_entity("place:kharkiv")
        await pilot.pause()
        assert app.of(EntitySelected)[-1].group_id == "place:kharkiv"
        assert (app.reading.current, app.reading.mark) == (0, KHARKIV_1)
        current = app.query_one(Reader).highlight_styles().current
        assert styles_at(reader, *KHARKIV_1)[-1] == current

        await pilot.press("n")
        await pilot.pause()
        assert (app.reading.current, app.reading.mark) == (0, KHARKIV_2)
        assert styles_at(reader, *KHARKIV_2)[-1] == current
        assert current not in styles_at(reader, *KHARKIV_1)

        await pilot.press("n")
        await pilot.pause()
        german = tiny_library.articles[2]
        start = german.body.index("Charkiw")
        assert app.reading.current == 2 and reader.article is german
        assert app.reading.mark == (start, start + len("Charkiw"))
        assert app.of(ArticleOpened)[-1].index == 2
        jump = app.of(MentionJumped)[-1]
        assert (jump.group_id, jump.number, jump.total) == ("place:kharkiv", 3, 3)
        assert jump.ref == MentionRef(2, german.mentions.index(tiny_library.mention(jump.ref)))
        assert "mention 3/3 of Kharkiv" in screen_text(app)
        # the mention is at the end of a long article: the pane scrolled to show it
        assert reader.scroll_y > 0
        assert "In Charkiw fielen Raketen" in screen_text(app)

        await pilot.press("n")  # wraps around to the first mention
        await pilot.pause()
        assert (app.reading.current, app.reading.mark) == (0, KHARKIV_1)
        assert reader.scroll_y == 0

        await pilot.press("N")  # and back again
        await pilot.pause()
        assert app.reading.current == 2 and app.reading.mark == (start, start + len("Charkiw"))
        await pilot.press("N")
        await pilot.pause()
        assert (app.reading.current, app.reading.mark) == (0, KHARKIV_2)
        assert [m.number for m in app.of(MentionJumped)] == [1, 2, 3, 1, 3, 2]


async def test_n_skips_the_nested_surname_of_a_full_name(tiny_library: Library) -> None:
    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.select_entity("speaker:syniehubov")
        await pilot.pause()
        body = tiny_library.articles[0].body
        full = body.index("Oleh Syniehubov")
        assert app.reading.mark == (full, full + len("Oleh Syniehubov"))
        await pilot.press("n")
        await pilot.pause()
        assert app.reading.current == 2  # not the "Syniehubov" inside the full name
        assert app.of(MentionJumped)[-1].total == 2


async def test_n_without_entity_follows_the_next_one_in_the_article(tiny_library: Library) -> None:
    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2", "n")
        await pilot.pause()
        assert app.reading.entity == "place:kharkiv"
        assert app.reading.mark == KHARKIV_1


async def test_n_with_nothing_to_follow_tells_the_user() -> None:
    library = make_library([make_article("plain.txt", "Plain", None, "en", "No names at all.", [])])
    app = RecordingApp(library=library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.reading.entity is None and not app.of(MentionJumped)
        assert any("pick one in the Entities panel" in n.message for n in app._notifications)
        assert "No places or speakers in this article." in screen_text(app)


async def test_escape_stops_following(tiny_library: Library) -> None:
    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.select_entity("place:kharkiv")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.reading.entity is None and app.reading.mark is None
        assert app.of(EntitySelected)[-1].group_id is None
        assert "Select an entity" in screen_text(app)


async def test_following_from_inside_a_full_name_lands_on_a_countable_mention(tiny_library: Library) -> None:
    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        inside = tiny_library.articles[0].body.index("Oleh Syniehubov") + 2
        app.reading._follow_nearby(0, inside)  # the next mention starting after this is the nested surname
        await pilot.pause()
        jump = app.of(MentionJumped)[-1]
        assert jump.group_id == "speaker:syniehubov"
        assert (jump.number, jump.total) == (2, 2) and app.reading.current == 2


def test_dates_in_text_get_their_own_style() -> None:
    """Dates found in the body are styled apart from places and speakers (a third style)."""
    import datetime as dt

    from warreader.model import Article, DateMention, Mention
    from warreader.ui.highlight import HighlightStyles, highlight_body

    body = "On Thursday Haidai said Kharkiv was shelled."
    article = Article("a.txt", "t", dt.date(2022, 10, 6), "en", body)
    article.mentions = [Mention("speaker", "Haidai", 12, 18), Mention("place", "Kharkiv", 24, 31)]
    article.dates = [DateMention("Thursday", 3, 11, dt.date(2022, 10, 6))]
    styles = HighlightStyles()
    text = highlight_body(article, styles)
    spans = {(s.start, s.end): s.style for s in text.spans}
    assert spans[(3, 11)] == styles.date
    assert styles.date not in (styles.place, styles.speaker)
    assert spans[(24, 31)] == styles.place


def _drawn_reversed(app: RecordingApp, word: str, row_with: str) -> list[bool]:
    """For each segment drawing ``word`` on the screen row showing ``row_with``: is it reversed?"""
    for strip in app.screen._compositor.render_strips():
        if row_with in strip.text:
            return [bool(seg.style and seg.style.reverse) for seg in strip if seg.text == word]
    return []


async def test_moving_the_mark_within_an_article_redraws_the_lines_it_left_and_reached(
    tiny_library: Library,
) -> None:
    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.select_entity("place:kharkiv")
        await pilot.pause()
        assert _drawn_reversed(app, "Kharkiv", "Shelling hit") == [True, False]
        await pilot.press("n")
        await pilot.pause()
        assert app.reading.mark == KHARKIV_2
        assert _drawn_reversed(app, "Kharkiv", "Shelling hit") == [False, True]


async def test_a_jump_before_the_first_layout_scrolls_once_the_pane_has_a_size(tiny_library: Library) -> None:
    german = tiny_library.articles[2]
    ref = next(r for r in tiny_library.refs_in(2) if tiny_library.mention(r).text == "Charkiw")

    class JumpAtStart(RecordingApp):
        def _set_library(self, library: Library) -> None:
            super()._set_library(library)
            self.reading.jump_to(ref)  # before the first layout: the reader has no width yet

    app = JumpAtStart(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        assert reader.article is german
        assert reader.scroll_y > 0
        assert "In Charkiw fielen Raketen" in screen_text(app)
