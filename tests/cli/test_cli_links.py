"""The commands that read a corpus do not follow a symlink out of it (one line on stderr each),
and ``--follow-links`` makes each of them follow it: extract, index, export, check, eval, the reader."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

INSIDE = "Kyiv was shelled overnight, Ivan Petrov said.\n"
OUTSIDE = "Mariupol was shelled overnight, Olena Koval said.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(INSIDE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "private.txt").write_text(OUTSIDE)
    (news / "private.txt").symlink_to(elsewhere / "private.txt")
    (news / "outside").symlink_to(elsewhere)
    (news / "loop").symlink_to(news)
    return news


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WARREADER_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run(
        [sys.executable, "-m", "warreader", *args], capture_output=True, text=True, env=env, timeout=120
    )


def link_lines(stderr: str) -> list[str]:
    assert "Traceback" not in stderr
    return sorted(line for line in stderr.splitlines() if "symlink" in line)


def expected(corpus: Path, prefix: str = "warreader: ") -> list[str]:
    out = os.path.realpath(corpus.parent / "elsewhere")
    return sorted(
        [
            f"{prefix}{corpus / 'loop'}: symlink loop (back to {os.path.realpath(corpus)}): not followed",
            f"{prefix}{corpus / 'outside'}: symlink to {out}, outside the folders given: not followed "
            "(--follow-links follows it)",
            f"{prefix}{corpus / 'private.txt'}: symlink to {out}/private.txt, outside the folders given: "
            "not followed (--follow-links follows it)",
        ]
    )


def test_extract(corpus: Path, tmp_path: Path) -> None:
    result = run(tmp_path, "extract", str(corpus))
    assert result.returncode == 0
    assert [a["path"] for a in json.loads(result.stdout)["articles"]] == [str(corpus / "a.txt")]
    assert "Mariupol" not in result.stdout
    assert link_lines(result.stderr) == expected(corpus)
    result = run(tmp_path, "extract", str(corpus), "--follow-links")
    assert result.returncode == 0
    assert "Mariupol" in result.stdout and len(json.loads(result.stdout)["articles"]) == 2
    assert link_lines(result.stderr) == [expected(corpus)[0]]  # the loop is still said


def test_index_then_export(corpus: Path, tmp_path: Path) -> None:
    result = run(tmp_path, "index", "-q", str(corpus))
    assert result.returncode == 0 and "1 articles indexed" in result.stderr
    assert link_lines(result.stderr) == expected(corpus)
    result = run(tmp_path, "export", "groups", "--format", "csv", str(corpus))
    assert result.returncode == 0 and "Kyiv" in result.stdout and "Mariupol" not in result.stdout
    assert link_lines(result.stderr) == expected(corpus)
    result = run(tmp_path, "index", "-q", "--follow-links", str(corpus))
    assert result.returncode == 0 and "2 articles indexed" in result.stderr
    result = run(tmp_path, "export", "groups", "--format", "csv", "--follow-links", str(corpus))
    assert result.returncode == 0 and "Mariupol" in result.stdout
    result = run(tmp_path, "export", "entity", "Mariupol", str(corpus))  # without: it is gone again
    assert result.returncode == 1 and "no entity called 'Mariupol'" in result.stderr


def test_check_and_eval(corpus: Path, tmp_path: Path) -> None:
    result = run(tmp_path, "check", str(corpus))
    assert result.returncode == 1
    assert sorted(result.stdout.splitlines()) == expected(corpus, prefix="")
    assert "1 articles read, 3 problems" in result.stderr
    result = run(tmp_path, "check", "--follow-links", str(corpus))
    assert "2 articles read, 1 problems" in result.stderr
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"articles": {}}))
    result = run(tmp_path, "eval", str(gold), str(corpus), "--follow-links", "--json")
    assert result.returncode == 0, result.stderr
    assert link_lines(result.stderr) == [expected(corpus)[0]]


def test_the_reader_follows_links_only_when_told(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from warreader.cli import main
    from warreader.corpus import discover
    from warreader.ui import app

    seen: list[bool] = []

    class Reader:
        rebuild = False

        def __init__(self, **_: object) -> None:
            pass

        def run(self) -> None:  # the app reads the corpus while it runs
            seen.append(discover.FOLLOW_LINKS)

    monkeypatch.setattr(app, "WarReaderApp", Reader)
    assert main([str(corpus)]) == 0
    assert main(["--follow-links", str(corpus)]) == 0
    assert seen == [False, True]
    assert discover.FOLLOW_LINKS is False  # only for that run
