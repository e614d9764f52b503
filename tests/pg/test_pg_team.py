"""Several machines on one database: 4 processes ingest 4 disjoint folders into one PostgreSQL
corpus while 2 processes save 50 corrections each (issue 18).

Afterwards the database holds every article once, in the reading order a SQLite index of the
four folders has (the folders' names sort in the order they are given), with every mention of
every article and the same groups, and all 100 corrections. Both sizes run: 4 x 250 articles
(16 s on 2 cores) and the issue's 4 x 2,500 (about 60 s, marked ``slow``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from warreader.ingest.sync import sync
from warreader.store.index import Index
from warreader.store.packing import unpack_marks
from warreader.store.pg.corrections import SharedCorrections
from warreader.store.pg.index import PgIndex
from warreader.store.pg.location import validate

PLACES = [
    "Kharkiv",
    "Lviv",
    "Izium",
    "Odesa",
    "Dnipro",
    "Kherson",
    "Sumy",
    "Poltava",
    "Chernihiv",
    "Mykolaiv",
]
SPEAKERS = ["Oleh Syniehubov", "Andriy Sadovyi", "Vitaliy Kim", "Ihor Terekhov", "Serhiy Lysak"]
OPENINGS = [
    "Sirens sounded over {p} before dawn, and {s} said two districts lost power.",
    "Repair crews reached {p} on foot after the bridge near {q} was closed.",
    "In {p}, volunteers handed out water, {s} told reporters in the evening.",
    "Trains from {q} to {p} ran late again on day {n}.",
]
LATER = [
    "Later {s} said schools in {q} would open on Monday.",
    "Residents of {q} counted {n} shelters in the old quarter.",
    "{s} said the market in {p} stayed open.",
    "Nothing new was reported from {q} by nightfall.",
]


def article(folder: int, number: int) -> str:
    """An article of its own (title, date, two or three sentences), varied by its number."""
    n = folder * 100_000 + number
    p, q = PLACES[n % len(PLACES)], PLACES[(n // 7 + 3) % len(PLACES)]
    s = SPEAKERS[(n // 3) % len(SPEAKERS)]
    values = {"p": p, "q": q, "s": s, "n": n}
    lines = [OPENINGS[n % len(OPENINGS)].format(**values), LATER[(n // 4) % len(LATER)].format(**values)]
    if n % 3 == 0:
        lines.append(f"Report number {n} from {p} ends here.")
    day = 1 + n % 28
    return f"{p} update {n}\n\n date 2023-03-{day:02d} \n{' '.join(lines)}\n"


def write_folders(base: Path, folders: int, per_folder: int) -> list[Path]:
    made = []
    for f in range(folders):
        root = base / f"desk{f}"  # sorted as given: the reading order of the union's SQLite index
        for number in range(per_folder):
            path = root / f"{number // 100:03d}" / f"a{number:05d}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(article(f, number), encoding="utf-8")
        made.append(root)
    return made


CORRECTOR = """
import sys, time
from pathlib import Path
from warreader.model import Correction
from warreader.store.pg.corrections import SharedCorrections
from warreader.store.pg.location import validate
url, me, queue, start = sys.argv[1], sys.argv[2], Path(sys.argv[3]), float(sys.argv[4])
time.sleep(max(0.0, start - time.time()))
with SharedCorrections(validate(url), me, queue=queue) as team:
    for i in range(50):
        team.save(Correction("rename", group=f"place:{me}-{i}", name=f"{me} {i}"))
        time.sleep(0.02)
    assert not team.pending(), "a correction was left in the queue"
"""


def mentions_by_path(index: Index) -> dict[str, int]:
    return {
        path: len(unpack_marks(marks)[0])
        for path, marks in index.conn.execute("SELECT path, marks FROM articles").fetchall()
    }


def run_team(pg_url: str, tmp_path: Path, per_folder: int) -> None:
    folders = write_folders(tmp_path / "corpus", 4, per_folder)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    start = time.time() + 5  # every process started (imports done) before any begins
    ingest = [
        "import sys, time; time.sleep(max(0.0, float(sys.argv[1]) - time.time()));"
        " from warreader.cli import main; sys.exit(main(sys.argv[2:]))"
    ]
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                *ingest,
                str(start),
                "index",
                "--db",
                pg_url,
                "-q",
                "--workers",
                "1",
                str(f),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in folders
    ]
    children += [
        subprocess.Popen(
            [sys.executable, "-c", CORRECTOR, pg_url, me, str(tmp_path / f"{me}.json"), str(start)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for me in ("ana", "bo")
    ]
    for child in children:
        _, err = child.communicate(timeout=1800)
        assert child.returncode == 0, err[-3000:]

    shared = PgIndex(validate(pg_url))
    local = Index.for_paths([str(f) for f in folders])
    try:
        sync(local, [str(f) for f in folders], workers=1)
        total = 4 * per_folder
        assert shared.article_count() == total == local.article_count()
        (distinct, lowest, highest) = shared.conn.execute(
            "SELECT count(DISTINCT ord), min(ord), max(ord) FROM articles"
        ).fetchone()
        assert (distinct, lowest, highest) == (total, 0, total - 1)  # every article numbered once
        assert [r[5] for r in shared.rows(0, total)] == [r[5] for r in local.rows(0, total)]
        counted = mentions_by_path(shared)
        assert counted == mentions_by_path(local) and sum(counted.values()) > 2 * total  # every mention
        assert shared.complete and sorted(shared.groups()) == sorted(local.groups())
        some = shared.groups()[0][0]
        assert shared.walk(some) == local.walk(some)
    finally:
        shared.close()
        local.close()
    with SharedCorrections(validate(pg_url), "reader", queue=tmp_path / "reader.json") as team:
        assert len(team.history()) == 100 and len(team.live()) == 100
        assert {e.author for e in team.history()} == {"ana", "bo"}


def test_four_machines_ingest_while_two_save_corrections(pg_url: str, tmp_path: Path) -> None:
    run_team(pg_url, tmp_path, 250)


@pytest.mark.slow  # about 60 s on 2 cores (the 4 x 250 version: 16 s)
def test_four_machines_ingest_10000_articles_while_two_save_100_corrections(
    pg_url: str, tmp_path: Path
) -> None:
    run_team(pg_url, tmp_path, 2500)


def test_one_folder_indexed_from_two_machines_at_once_is_stored_once(pg_url: str, tmp_path: Path) -> None:
    """Files are keyed by path (a shared mount): two runs on one folder at once store each once."""
    (folder,) = write_folders(tmp_path / "corpus", 1, 120)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [
        sys.executable,
        "-m",
        "warreader",
        "index",
        "--db",
        pg_url,
        "-q",
        "--workers",
        "1",
        str(folder),
    ]
    runs = [subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
    index = PgIndex(validate(pg_url))
    try:
        assert index.article_count() == 120
        (distinct,) = index.conn.execute("SELECT count(DISTINCT ord) FROM articles WHERE ord >= 0").fetchone()
        assert distinct == 120
    finally:
        index.close()


def test_grouping_sees_what_another_writer_stored_meanwhile(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run numbers and groups in one transaction under the index lock: another run's articles,
    stored (not yet numbered) while the first is about to group, wait until it is done, so each
    form's first mention stays where a SQLite index of both folders has it."""
    import threading

    import psycopg

    from warreader.ingest import sync as sync_module
    from warreader.ingest.writer import Writer

    first, second = write_folders(tmp_path / "corpus", 2, 60)  # the same places in both
    regroup, renumber = sync_module.regroup, Writer.renumber
    second_done, first_grouped = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def other_machine() -> None:
        try:
            index = PgIndex(validate(pg_url))
            sync(index, [str(second)], workers=1)
            index.close()
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            second_done.set()

    thread = threading.Thread(target=other_machine)

    def slow_renumber(self: Writer, kept_order: bool = False) -> None:
        if threading.current_thread() is thread:
            first_grouped.wait(60)  # the other machine numbers its articles after the first groups
        renumber(self, kept_order)

    def grouping_once_the_other_stored(writer: Writer) -> None:
        if threading.current_thread() is not thread and not thread.is_alive() and not second_done.is_set():
            thread.start()
            with psycopg.connect(pg_url, autocommit=True) as conn:
                deadline = time.monotonic() + 3  # the lock held: they never show
                while time.monotonic() < deadline:
                    (waiting,) = conn.execute(
                        "SELECT count(*) FROM articles WHERE path LIKE %s", (f"{second}%",)
                    ).fetchone()
                    if waiting:
                        break
                    time.sleep(0.05)
            regroup(writer)
            first_grouped.set()
            return
        regroup(writer)

    monkeypatch.setattr(sync_module, "regroup", grouping_once_the_other_stored)
    monkeypatch.setattr(Writer, "renumber", slow_renumber)
    index = PgIndex(validate(pg_url))
    sync(index, [str(first)], workers=1)
    thread.join(120)
    assert not errors and second_done.is_set()
    monkeypatch.undo()
    local = Index.for_paths([str(first), str(second)])
    sync(local, [str(first), str(second)], workers=1)
    firsts = (
        "SELECT f.kind, f.text, f.key, f.first_idx, a.path FROM forms f JOIN articles a ON a.id = f.first_article"
        " WHERE f.count > 0 ORDER BY 1, 2, 3"
    )
    try:
        assert index.conn.execute(firsts).fetchall() == local.conn.execute(firsts).fetchall()
        assert sorted(index.groups()) == sorted(local.groups())
    finally:
        index.close()
        local.close()
