"""``warreader index --db URL --rebuild DIR`` reads again only what is under DIR (the run's scope):
another machine's folders, the groups' other members and the corrections stay as they are;
``--rebuild-all`` empties the whole database's index first (the corrections are kept)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from warreader.model import Correction
from warreader.store.pg.corrections import SharedCorrections
from warreader.store.pg.index import PgIndex
from warreader.store.pg.location import validate


def folders(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, place, other in ((first, "Kharkiv", "Izium"), (second, "Lviv", "Kharkiv")):
        folder.mkdir()
        for n in range(3):
            (folder / f"a{n}.txt").write_text(
                f"{place} {n}\n\nShelling hit {place} and {other}, said Oleh Syniehubov on day {n}.\n",
                encoding="utf-8",
            )
    return first, second


def index(url: str, *args: str) -> str:
    run = subprocess.run(
        [sys.executable, "-m", "warreader", "index", "--db", url, *args], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    return run.stderr


def stored(url: str) -> dict[str, Any]:
    """Each article's path → its row id (a new id: it was extracted and stored again), the reading
    order, and the groups with their counts."""
    shown = PgIndex(validate(url))
    try:
        assert shown.complete
        ids = dict(shown.conn.execute("SELECT path, id FROM articles").fetchall())
        order = [row[5] for row in shown.rows(0, 100)]
        groups = sorted((g[0], g[4], g[6]) for g in shown.groups())
        return {"ids": ids, "order": order, "groups": groups}
    finally:
        shown.close()


def test_rebuild_reads_again_only_the_paths_given(pg_url: str, tmp_path: Path) -> None:
    first, second = folders(tmp_path)
    index(pg_url, "-q", str(first))
    index(pg_url, "-q", str(second))
    with SharedCorrections(validate(pg_url), "ana", queue=tmp_path / "queue.json") as team:
        team.save(Correction("rename", group="place:gn:706483", name="Kharkiv city"))
    before = stored(pg_url)
    assert len(before["ids"]) == 6

    line = index(pg_url, "--rebuild", str(first))
    assert "3 changed, 0 removed, 0 unchanged" in line and "6 articles indexed" in line, line
    after = stored(pg_url)
    mine = {p for p in before["ids"] if p.startswith(str(first))}
    assert all(after["ids"][p] != before["ids"][p] for p in mine)  # extracted again
    assert {p: after["ids"][p] for p in before["ids"] if p not in mine} == {
        p: i for p, i in before["ids"].items() if p not in mine
    }  # the other machine's articles untouched
    assert after["order"] == before["order"] and after["groups"] == before["groups"]
    with SharedCorrections(validate(pg_url), "ana", queue=tmp_path / "queue.json") as team:
        assert [c.name for c in team.live()] == ["Kharkiv city"]

    # a file gone from the rebuilt folder goes; the other folder still counts in its groups
    (first / "a0.txt").unlink()
    line = index(pg_url, "--rebuild", str(first))
    assert "0 files added, 2 changed, 1 removed" in line, line
    assert stored(pg_url)["order"] == [
        *(str(first / f"a{n}.txt") for n in (1, 2)),
        *(str(second / f"a{n}.txt") for n in range(3)),
    ]


def test_rebuild_all_empties_every_machines_folders(pg_url: str, tmp_path: Path) -> None:
    first, second = folders(tmp_path)
    index(pg_url, "-q", str(first))
    index(pg_url, "-q", str(second))
    with SharedCorrections(validate(pg_url), "ana", queue=tmp_path / "queue.json") as team:
        team.save(Correction("rename", group="place:gn:706483", name="Kharkiv city"))
    line = index(pg_url, "--rebuild-all", str(first))
    assert "3 articles indexed" in line and "3 files added" in line, line
    assert stored(pg_url)["order"] == [str(first / f"a{n}.txt") for n in range(3)]
    with SharedCorrections(validate(pg_url), "ana", queue=tmp_path / "queue.json") as team:
        assert [c.name for c in team.live()] == ["Kharkiv city"]
