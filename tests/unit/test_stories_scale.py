"""Near-duplicates at the scale of a Telegram channel (issue 16.4): thousands of templated messages
are not one story, MinHash's estimate never joins two stories by itself, exact copies are one story
whatever their number, and "also in N sources" is counted once per story (texts written here)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from stories_texts import REPUBLISHED, WIRE

from warreader.nlp import duplicates
from warreader.stories import Stories

PLACES = ["Kharkiv", "Sumy", "Odesa", "Kherson", "Dnipro", "Poltava"]
PEOPLE = ["Olena Prykladna", "Taras Vyhadka", "Mykola Zrazkovyi"]


def templated(n: int) -> str:
    """A channel's n-th templated message: fixed sentences, a place, a person and two numbers."""
    place = PLACES[n % len(PLACES)]
    person = PEOPLE[n // len(PLACES) % len(PEOPLE)]
    return (
        f"{place} morning report {n}\n{person} said air defence worked over {place} overnight and "
        f"{n % 5 + 1} buildings were damaged. Emergency crews are at the sites. Details follow in the "
        "channel."
    )


def test_templated_messages_are_not_one_story_and_a_wire_story_among_them_is() -> None:
    messages = [templated(n) for n in range(2400)]
    assert all(len(duplicates.shingles(m)) >= duplicates.MIN_SHINGLES for m in messages[:50])
    bodies = [*messages, WIRE, *REPUBLISHED]
    found = duplicates.clusters(bodies)
    # once 32,500 such messages chained into one "story"; now the template's fixed words are not
    # the story, and only the wire story and its republications are one
    assert found == [list(range(2400, 2400 + 1 + len(REPUBLISHED)))]


def test_the_minhash_estimate_alone_never_joins_two_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    """LSH only proposes: here it proposes every text inserted (as a correlated MinHash error can,
    e.g. 0.33 estimated 0.56 with datasketch 2.0's permutations; which pairs it errs on depends on
    the release), and the exact Jaccard of the shingle sets decides."""
    from datasketch import MinHashLSH

    real_insert = MinHashLSH.insert
    inserted: dict[int, list[object]] = {}

    def insert(self: MinHashLSH, key: object, *args: object, **kwargs: object) -> None:
        inserted.setdefault(id(self), []).append(key)
        real_insert(self, key, *args, **kwargs)

    def query(self: MinHashLSH, minhash: object) -> list[object]:
        return list(inserted.get(id(self), []))

    monkeypatch.setattr(MinHashLSH, "insert", insert)
    monkeypatch.setattr(MinHashLSH, "query", query)
    a, b = templated(250), templated(273)  # Dnipro and Kherson: other places, numbers and people
    exact = len(duplicates.shingles(a) & duplicates.shingles(b)) / len(
        duplicates.shingles(a) | duplicates.shingles(b)
    )
    assert exact < duplicates.THRESHOLD  # 0.33
    assert duplicates.clusters([a, b]) == []
    assert duplicates.similar_pairs([a, b]) == []
    signer = duplicates.Signer()
    same = templated(280)  # Dnipro again, as many buildings: by the threshold, the same news
    assert duplicates.jaccard(signer.hashes(a), signer.hashes(same)) >= duplicates.THRESHOLD
    assert duplicates.clusters([a, b, same]) == [[0, 2]]
    assert inserted  # the stand-in LSH was the one used


def test_exact_copies_are_one_story_whatever_their_number() -> None:
    statement = WIRE.split("\n\n")[2]  # one paragraph, copied word for word by 400 channels
    alert = "Air raid alert in Kharkiv region."  # too little text to tell, copies or not
    bodies = [templated(n) for n in range(2400)] + [statement] * 400 + [alert] * 400
    assert duplicates.clusters(bodies) == [list(range(2400, 2800))]


def test_a_wire_story_republished_by_many_outlets_is_still_one_story() -> None:
    outlets = 150  # below MAX_SHARED: its shingles are a story's, not a template's
    assert outlets < duplicates.MAX_SHARED
    copies = [
        f"Outlet {n} headline: the night in Kharkiv\n\nBy Writer {n}\n\n"
        + WIRE
        + f"\n\nRead more at outlet {n}"
        for n in range(outlets)
    ]
    found = duplicates.clusters([WIRE, *copies, *[templated(n) for n in range(2400)]])
    assert found == [list(range(outlets + 1))]


class CountingSources(Sequence[str]):
    """Sources that count how often they are read."""

    def __init__(self, names: list[str]) -> None:
        self.names, self.reads = names, 0

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        self.reads += 1
        return self.names[index]

    def __len__(self) -> int:
        return len(self.names)


def test_also_in_is_counted_once_per_story_not_once_per_row() -> None:
    size = 5000  # a story copied by thousands of messages: the list asks for every row's count
    sources = CountingSources([f"channel {i % 40}" if i % 7 else "" for i in range(size)])
    found = Stories([list(range(size))], sources)
    counts = {found.also_in(i) for i in range(size)}
    assert counts == {40 + sum(1 for i in range(size) if i % 7 == 0) - 1}
    assert sources.reads <= 3 * size  # once 2 * size * size: minutes for 57k rows


def test_stories_count_each_story_once_and_lone_articles_each() -> None:
    found = Stories([[1, 0, 2], [5, 6]], ["a"] * 8)
    assert found.count([0, 1, 5, 7, 7]) == 3  # the first story, the second, and 7 alone
    assert found.count([]) == 0 and found.count([3, 4]) == 2
    assert Stories([], ["a"] * 3).collapse([2, 0, 1]) == [2, 0, 1]
