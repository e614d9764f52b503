"""Snapshots of the main screens on a small hand-made library (independent of extraction).

Update the baselines with ``pytest tests/snapshots --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

import datetime as dt

from snap_helpers import settled

from warreader.library import Library
from warreader.model import Article, Group, Mention
from warreader.ui.app import WarReaderApp

SIZE = (120, 36)
SMALL = (80, 24)

BODIES = [
    (
        "corpus/kyiv-independent/kharkiv.txt",
        "Counteroffensive reaches Kharkiv region",
        dt.date(2022, 9, 10),
        "en",
        "Ukrainian forces entered Balakliia, Kharkiv Oblast, on Thursday.\n\n"
        "President Volodymyr Zelensky said the city was back under Ukrainian control. "
        "Zelensky thanked the soldiers. Governor Oleh Syniehubov said Kharkiv itself was calm.",
    ),
    (
        "corpus/svt/charkiv.txt",
        "Ukraina tar tillbaka byar i Charkiv",
        None,
        "sv",
        "Ukrainska styrkor har tagit tillbaka flera byar i Charkiv, säger Zelenskyj.",
    ),
]
MARKS = {
    "Balakliia": ("place", "place:balakliia"),
    "Kharkiv": ("place", "place:kharkiv"),
    "Charkiv": ("place", "place:kharkiv"),
    "Volodymyr Zelensky": ("speaker", "speaker:zelensky"),
    "Zelensky": ("speaker", "speaker:zelensky"),
    "Zelenskyj": ("speaker", "speaker:zelensky"),
    "Oleh Syniehubov": ("speaker", "speaker:syniehubov"),
}


def _mentions(body: str) -> list[Mention]:
    found = []
    for surface, (kind, group) in MARKS.items():
        start = body.find(surface)
        while start >= 0:
            end = start + len(surface)
            if not body[end : end + 1].isalpha():  # whole words only ("Zelensky" not in "Zelenskyj")
                found.append(Mention(kind, surface, start, end, group, group))  # type: ignore[arg-type]
            start = body.find(surface, start + 1)
    return sorted(found, key=lambda m: (m.start, -m.end))


def library() -> Library:
    articles = [
        Article(path, title, date, lang, body, path.split("/")[1], "", _mentions(body))
        for path, title, date, lang, body in BODIES
    ]
    groups: dict[str, Group] = {}
    for article in articles:
        for m in article.mentions:
            assert m.group is not None
            group = groups.setdefault(m.group, Group(m.group, m.kind, "", [], 0, []))
            group.variants += [m.text] if m.text not in group.variants else []
            group.articles += [article.path] if article.path not in group.articles else []
    result = Library(articles, groups)
    for group in groups.values():
        group.name = max(group.variants, key=len)
        group.mentions = len(result.mentions_of(group.id))
    return result


def many_articles(count: int = 60) -> Library:
    """``count`` short reports (a fixed folder name: the snapshot shows the path of the open one)."""
    articles = []
    for number in range(count):
        lines = [f"Line {k} of report {number} from Kharkiv." for k in range(20)]
        body = "\n".join(lines)
        path = f"corpus/many/report-{number:03}.txt"
        articles.append(
            Article(path, f"Report {number}", dt.date(2022, 9, 1 + number % 28), "en", body, "many", "", [])
        )
    for article in articles:
        start = article.body.find("Kharkiv")
        while start >= 0:
            article.mentions.append(
                Mention("place", "Kharkiv", start, start + 7, "place:kharkiv", "place:kharkiv")
            )
            start = article.body.find("Kharkiv", start + 1)
    group = Group("place:kharkiv", "place", "Kharkiv", ["Kharkiv"], 0, [a.path for a in articles])
    result = Library(articles, {group.id: group})
    group.mentions = len(result.mentions_of(group.id))
    return result


def app(theme: str = "textual-dark", corpus: Library | None = None) -> WarReaderApp:
    reader = WarReaderApp(library=corpus or library())
    reader.theme = theme
    return reader


def test_main_layout(snap_compare) -> None:
    assert snap_compare(app(), terminal_size=SIZE)


def test_help_screen(snap_compare) -> None:
    assert snap_compare(app(), terminal_size=SIZE, press=["question_mark"])


def test_following_an_entity_marks_the_current_mention(snap_compare) -> None:
    # Entities panel, second entity (Zelensky), select it, then its next mention.
    assert snap_compare(app(), terminal_size=SIZE, run_before=settled("3", "j", "enter", "n"))


def test_highlights_in_a_light_theme(snap_compare) -> None:
    assert snap_compare(app("textual-light"), terminal_size=SIZE, run_before=settled("j", "enter"))


def test_80x24_with_many_articles_keeps_the_list_the_reader_and_the_key_bar(snap_compare) -> None:
    # The list shrinks to three rows so the reader keeps eight lines of text above the status line.
    assert snap_compare(app(corpus=many_articles()), terminal_size=SMALL)
