"""Exit codes: 0 when something was read, 1 when nothing could be read or a path is missing, 2 for usage.

Each failure is one line on stderr, and a path that does not exist never gets an index.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from warreader.resources import seeds_dir


def run(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WARREADER_CACHE_DIR": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "warreader", *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr
    return lines[-1]


@pytest.mark.parametrize("command", [["index"], ["extract", "--json"], ["eval", "GOLD"]])
def test_a_missing_path_exits_1_with_one_line_and_makes_no_index(
    command: list[str], tmp_path: Path, cache: Path, seeds_gold_path: Path
) -> None:
    missing = str(tmp_path / "nonexistent")
    args = [seeds_gold_path.as_posix() if a == "GOLD" else a for a in command]
    result = run(*args[:1], *args[1:], missing, cache=cache)
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert one_line(result.stderr) == f"warreader: {missing}: no such file or folder"
    assert not list(cache.rglob("*.sqlite3*"))


def test_the_paths_that_exist_are_still_read_and_the_exit_code_says_one_was_missing(
    tmp_path: Path, cache: Path
) -> None:
    missing = str(tmp_path / "nonexistent")
    result = run("extract", "--json", str(seeds_dir()), missing, cache=cache)
    assert result.returncode == 1
    assert len(json.loads(result.stdout)["articles"]) == 5
    assert one_line(result.stderr) == f"warreader: {missing}: no such file or folder"


def test_the_reader_on_a_missing_path_exits_1(tmp_path: Path, cache: Path) -> None:
    result = run(str(tmp_path / "nonexistent"), cache=cache)
    assert result.returncode == 1
    assert "no such file or folder" in one_line(result.stderr)


@pytest.mark.parametrize("command", [["index"], ["extract", "--json"]])
def test_an_empty_folder_exits_1_and_says_so(command: list[str], tmp_path: Path, cache: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(*command, str(empty), cache=cache)
    assert result.returncode == 1
    assert one_line(result.stderr) == f"warreader: no articles could be read in {empty}"


@pytest.mark.parametrize("command", [["index", "-q"], ["extract", "--json"]])
def test_something_read_exits_0(command: list[str], cache: Path) -> None:
    result = run(*command, str(seeds_dir()), cache=cache)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("command", [["extract", "--bogus"], ["index", "--workers", "many"], ["--bogus"]])
def test_usage_errors_exit_2(command: list[str], cache: Path) -> None:
    result = run(*command, cache=cache)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_help_documents_the_exit_codes(cache: Path) -> None:
    for command in ([], ["extract"], ["index"]):
        result = run(*command, "--help", cache=cache)
        assert result.returncode == 0
        text = " ".join(result.stdout.split())
        assert "1 when nothing could be read or a path does not exist" in text, command


def test_output_cut_short_by_the_reader_is_not_a_traceback(cache: Path) -> None:
    env = {**os.environ, "WARREADER_CACHE_DIR": str(cache)}
    corpus = Path(__file__).parent.parent / "data" / "generated"  # ~1 MB of JSON: more than a pipe holds
    with subprocess.Popen(
        [sys.executable, "-m", "warreader", "extract", str(corpus), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()  # as `| head -c 10` does
        stderr = process.stderr.read().decode()
        process.wait(timeout=60)
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["extract", "--json"], ["eval", "GOLD"]])
def test_a_full_disk_for_the_output_is_one_line(
    command: list[str], cache: Path, seeds_gold_path: Path
) -> None:
    args = [seeds_gold_path.as_posix() if a == "GOLD" else a for a in command]
    env = {**os.environ, "WARREADER_CACHE_DIR": str(cache)}
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "warreader", *args, str(seeds_dir())],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=120,
        )
    assert result.returncode == 1
    assert result.stderr.strip() == "warreader: cannot write the output: No space left on device"


def test_a_cache_folder_that_cannot_be_written_reads_without_an_index(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    result = run("extract", "--json", str(seeds_dir()), cache=blocker / "cache")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["articles"]) == 5
    assert "the index cannot be written" in one_line(result.stderr)
    assert "reading without one" in one_line(result.stderr)
    indexed = run("index", str(seeds_dir()), cache=blocker / "cache")
    assert indexed.returncode == 1 and "the index cannot be written" in one_line(indexed.stderr)


def test_a_folder_named_like_a_command_gets_a_hint(tmp_path: Path, cache: Path) -> None:
    (tmp_path / "check").mkdir()
    env = {**os.environ, "WARREADER_CACHE_DIR": str(cache)}
    result = subprocess.run(
        [sys.executable, "-m", "warreader", "check", str(seeds_dir())],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0
    assert "to open the folder or file check, type: warreader ./check" in result.stderr


def test_help_lists_every_command_and_input(cache: Path) -> None:
    text = " ".join(run("--help", cache=cache).stdout.split())
    for word in ("extract", "eval", "check", "index", "feeds", "export", "import", ".html", ".json"):
        assert word in text, word
