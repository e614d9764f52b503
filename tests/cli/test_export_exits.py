"""``warreader export`` and ``eval`` after an error: a missing path exits 1 with one line; a full disk
for the output is "cannot write the output: No space left on device", exit 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from warreader.resources import seeds_dir


def run(
    *args: str, tmp_path: Path, stdout: int | object = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WARREADER_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run(
        [sys.executable, "-m", "warreader", *args],
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=120,
    )


EXPORTS = [
    ["export", "groups"],
    ["export", "groups", "--format", "md"],
    ["export", "groups", "--format", "csv"],
    ["export", "entity", "Luhansk"],
    ["export", "entity", "Luhansk", "--format", "md"],
    ["export", "entity", "Luhansk", "--format", "csv"],
]


@pytest.mark.parametrize("command", [*EXPORTS, ["eval", "GOLD"]], ids=" ".join)
def test_a_missing_path_exits_1_with_one_line(
    command: list[str], tmp_path: Path, seeds_gold_path: Path
) -> None:
    missing = str(tmp_path / "nonexistent")
    args = [str(seeds_gold_path) if a == "GOLD" else a for a in command]
    result = run(*args, missing, tmp_path=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"warreader: {missing}: no such file or folder"]
    assert not list((tmp_path / "cache").rglob("*.sqlite3*"))  # no index for a corpus that is not there


def test_a_missing_path_beside_one_that_exists_still_exports_and_exits_1(tmp_path: Path) -> None:
    missing = str(tmp_path / "nonexistent")
    result = run("export", "groups", "--format", "csv", str(seeds_dir()), missing, tmp_path=tmp_path)
    assert result.returncode == 1
    assert "Luhansk" in result.stdout
    assert f"warreader: {missing}: no such file or folder" in result.stderr.splitlines()


def test_a_folder_with_no_articles_exits_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("export", "groups", str(empty), tmp_path=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == f"warreader: no articles could be read in {empty}"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("command", [*EXPORTS, ["export", "--aliases", "-"]], ids=" ".join)
def test_a_full_disk_for_the_output_is_one_line_and_exit_1(command: list[str], tmp_path: Path) -> None:
    paths = [] if "--aliases" in command else [str(seeds_dir())]
    with open("/dev/full", "w") as full:
        result = run(*command, *paths, tmp_path=tmp_path, stdout=full)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == ["warreader: cannot write the output: No space left on device"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_for_the_output_file_names_the_file(tmp_path: Path) -> None:
    result = run("export", "groups", str(seeds_dir()), "-o", "/dev/full", tmp_path=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["warreader: cannot write /dev/full: No space left on device"]
