"""Snapshots of the workbench screens on a small hand-made library (independent of extraction).

Update the baselines with ``pytest tests/snapshots/test_workbench_screens.py --snapshot-update``
after a deliberate change.
"""

from __future__ import annotations

import datetime as dt

from snap_helpers import settled

from warreader.library import Library
from warreader.model import Article, DateMention, Group, Mention
from warreader.store.state import StateStore
from warreader.ui.app import WarReaderApp

SIZE = (120, 36)
KHARKIV, KYIV, LVIV, IZIUM = "place:gn:706483", "place:gn:703448", "place:gn:702550", "place:gn:707292"

BODIES = [
    (
        "corpus/kyiv-independent/kharkiv.txt",
        "Counteroffensive reaches Kharkiv region",
        dt.date(2022, 9, 10),
        "Ukrainian forces entered Izium, Kharkiv Oblast, on Thursday.\n\n"
        "President Volodymyr Zelensky said: “The city of Izium is ours again, and Kharkiv is safer.” "
        "Governor Oleh Syniehubov said Kharkiv itself was calm.",
    ),
    (
        "corpus/svt/charkiv.txt",
        "Ukraina tar tillbaka byar i Charkiv",
        dt.date(2022, 9, 12),
        "Ukrainska styrkor har tagit tillbaka flera byar i Charkiv, säger Zelenskyj i Kyiv.",
    ),
    (
        "corpus/wire/lviv.txt",
        "Quiet night in Lviv",
        dt.date(2022, 9, 14),
        "Lviv had a quiet night. Kharkiv did not: “Explosions all night,” Syniehubov said.",
    ),
]
MARKS = {
    "Izium": ("place", IZIUM),
    "Kharkiv": ("place", KHARKIV),
    "Charkiv": ("place", KHARKIV),
    "Kyiv": ("place", KYIV),
    "Lviv": ("place", LVIV),
    "Volodymyr Zelensky": ("speaker", "speaker:zelensky"),
    "Zelenskyj": ("speaker", "speaker:zelensky"),
    "Oleh Syniehubov": ("speaker", "speaker:syniehubov"),
    "Syniehubov": ("speaker", "speaker:syniehubov"),
}


def _mentions(body: str) -> list[Mention]:
    found = []
    for surface, (kind, group) in MARKS.items():
        start = body.find(surface)
        while start >= 0:
            end = start + len(surface)
            if not body[end : end + 1].isalpha() and not (start and body[start - 1].isalpha()):
                found.append(Mention(kind, surface, start, end, group, group))  # type: ignore[arg-type]
            start = body.find(surface, start + 1)
    return sorted(found, key=lambda m: (m.start, -m.end))


def library() -> Library:
    articles = []
    for path, title, date, body in BODIES:
        dates = []
        if "on Thursday" in body:
            start = body.index("on Thursday")
            dates.append(DateMention("on Thursday", start, start + 11, dt.date(2022, 9, 8)))
        source = path.split("/")[1]
        articles.append(Article(path, title, date, "en", body, source, "", _mentions(body), dates))
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


class Following(WarReaderApp):
    """The app, following ``entity`` once it is up."""

    def __init__(self, entity: str | None) -> None:
        super().__init__(library=library(), state=StateStore.memory())
        self.start_with = entity

    def on_mount(self) -> None:
        if self.start_with is not None:
            self.call_after_refresh(self.select_entity, self.start_with)


def app(entity: str | None = None) -> WarReaderApp:
    reader = Following(entity)
    reader.theme = "textual-dark"
    return reader


def test_entity_view_with_timeline_and_kwic(snap_compare) -> None:
    assert snap_compare(app(KHARKIV), terminal_size=SIZE, press=["e", "j"])


def test_who_said_what(snap_compare) -> None:
    assert snap_compare(app("speaker:syniehubov"), terminal_size=SIZE, press=["w"])


def test_map_with_the_selected_place(snap_compare) -> None:
    assert snap_compare(app(KHARKIV), terminal_size=SIZE, press=["m", "left"])


def test_filtered_sorted_list_with_read_and_bookmark_marks(snap_compare) -> None:
    # Read the second article, bookmark the third, back to the first; newest first; only Kharkiv's.
    keys = ["j", "enter", "j", "enter", "B", "k", "k", "enter", "s", "f"]
    assert snap_compare(app(KHARKIV), terminal_size=SIZE, press=keys)


def test_corrections_menu(snap_compare) -> None:
    assert snap_compare(app("speaker:zelensky"), terminal_size=SIZE, run_before=settled("c"))


def test_watched_view_with_new_articles_and_unread_counts(snap_compare) -> None:
    """i lists the watches with their new (unread) articles; the list marks them and counts unread."""
    reader = app(KHARKIV)
    reader.reading.watching.load(
        [{"entity": KHARKIV, "name": "Kharkiv"}, {"query": "quiet night"}, {"query": "explosions"}]
    )
    assert snap_compare(reader, terminal_size=SIZE, run_before=settled("i"))
