"""The writer keeps an article's side rows (form counts, postings, stops, group deltas) back until its
batch commits (issue 17: fewer statements in the main process of a cold index), and never writes
those of a batch that rolled back."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from pg_server import Backend
from warreader.ingest.writer import Batches, Writer, _stops, article_stops
from warreader.model import Article, Mention
from warreader.store.index import Index
from warreader.store.packing import unpack_marks


def result(key: str, *names: str) -> SimpleNamespace:
    body = " ".join(names)
    mentions, at = [], 0
    for name in names:
        mentions.append(
            Mention("place", name, at, at + len(name), "k:" + name.lower(), "place:" + name.lower())
        )
        at += len(name) + 1
    article = Article(key, key, None, "en", body, mentions=mentions)
    return SimpleNamespace(key=key, problems=[], size=1, mtime_ns=1, hash="", articles=[article])


def side_rows(index: Index) -> tuple[object, ...]:
    conn = index.conn
    return (
        sorted(conn.execute("SELECT id, count FROM forms").fetchall()),
        sorted(conn.execute("SELECT form, article_id FROM postings").fetchall()),
        sorted(conn.execute("SELECT article_id FROM fresh").fetchall()),
        sorted(conn.execute("SELECT gid, ord, n, marks FROM stops").fetchall()),
        sorted(conn.execute("SELECT gid, steps, articles FROM deltas").fetchall()),
    )


def expected_side_rows(index: Index) -> tuple[object, ...]:
    """What the stored articles' own rows say their side rows are."""
    conn = index.conn
    counts: Counter[int] = Counter()
    postings, fresh = set(), []
    for article_id, marks in conn.execute("SELECT id, marks FROM articles"):
        forms = unpack_marks(marks)[0]
        counts.update(forms)
        postings.update((f, article_id) for f in forms)
        fresh.append((article_id,))
    all_forms = [row[0] for row in conn.execute("SELECT id FROM forms")]
    stops = sorted(conn.execute("SELECT gid, ord, n, marks FROM stops").fetchall())
    per_group: dict[int, list[int]] = {}
    for gid, _, n, _ in stops:
        per_group.setdefault(gid, [0, 0])
        per_group[gid][0] += n
        per_group[gid][1] += 1
    ords = {row[0] for row in conn.execute("SELECT ord FROM articles")}
    assert {row[1] for row in stops} <= ords  # no stop of an article that is not there
    return (
        sorted((f, counts[f]) for f in all_forms),
        sorted(postings),
        sorted(fresh),
        stops,
        sorted((gid, s, a) for gid, (s, a) in per_group.items()),
    )


def test_a_batch_that_rolls_back_leaves_none_of_its_side_rows(tmp_path: Path, backend: Backend) -> None:
    index = backend.open([str(tmp_path)])
    writer = Writer(index)
    writer.next_ord = 0  # a first build: stops written as articles are stored
    with Batches(index.conn, 3600, writer) as batches:
        with batches.part():
            writer.store_source(result("a.txt", "Kyiv", "Kharkiv", "Kyiv"), 0)
        with batches.part():  # not committed yet: rolled back with the next
            writer.store_source(result("b.txt", "Odesa", "Kyiv"), 1)
            assert index.conn.execute("SELECT count(*) FROM postings").fetchone()[0] == 2  # a.txt's only
        with pytest.raises(RuntimeError), batches.part():
            writer.store_source(result("c.txt", "Lviv", "Odesa"), 2)
            raise RuntimeError("a batch fails")
        writer.next_ord = 1
        with batches.part():
            writer.store_source(result("d.txt", "Dnipro", "Kharkiv"), 1)
    assert not writer.buffering
    paths = [row[0] for row in index.conn.execute("SELECT path FROM articles ORDER BY ord")]
    assert paths == ["a.txt", "d.txt"]
    assert side_rows(index) == expected_side_rows(index)
    assert index.conn.execute("SELECT count(*) FROM postings").fetchone()[0] == 4
    index.close()


def test_without_batches_each_article_writes_its_side_rows_at_once(tmp_path: Path, backend: Backend) -> None:
    index = backend.open([str(tmp_path)])
    writer = Writer(index)
    writer.next_ord = 0
    with index.transaction():
        writer.store_source(result("a.txt", "Kyiv", "Kharkiv"), 0)
        assert side_rows(index) == expected_side_rows(index)
        assert index.conn.execute("SELECT count(*) FROM postings").fetchone()[0] == 2
    index.close()


def test_stops_in_one_pass_are_the_flagged_mentions() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        n = rng.randint(0, 12)
        groups = [rng.choice([None, "", "a", "b", "c"]) for _ in range(n)]
        if rng.random() < 0.5:
            starts = [rng.randint(0, 40) for _ in range(n)]  # not in order: nested mentions go back
            ends = [s + rng.randint(1, 8) for s in starts]
        else:  # as extraction gives them: in order, none overlapping (the writer's quick path)
            starts, ends, at = [], [], 0
            for _ in range(n):
                at += rng.randint(0, 5)
                starts.append(at)
                at += rng.randint(1, 8)
                ends.append(at)
        expected: dict[str, list[tuple[int, int]]] = {}
        for idx, (grp, flag) in enumerate(
            zip(groups, _stops(groups, list(zip(starts, ends, strict=True))), strict=True)
        ):
            if flag and grp:
                expected.setdefault(grp, []).append((starts[idx], idx))
        for stops in expected.values():
            stops.sort()
        found = article_stops(groups, starts, ends)
        assert found == expected and list(found) == list(expected)
