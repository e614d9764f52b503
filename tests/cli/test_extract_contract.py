"""The `warreader extract --json` contract that tools and the scorer rely on."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from warreader.cli import main

ARTICLE_KEYS = {"path", "title", "date", "language", "body", "mentions"}
MENTION_KEYS = {"kind", "text", "start", "end", "group"}
GROUP_KEYS = {"id", "kind", "name", "variants", "mentions", "articles"}


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def seeds_output(seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    # A module's fixture is made before the per-test isolated HOME: give the process a cache of its
    # own (an index left by older code would answer with that code's mentions).
    import os

    home = tmp_path_factory.mktemp("extract-home")
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
    env.pop("WARREADER_CACHE_DIR", None)
    result = subprocess.run(
        [sys.executable, "-m", "warreader", "extract", str(seeds), "--json"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(result.stdout)


def test_every_article_and_mention_has_the_contract_fields(seeds_output: dict) -> None:
    assert len(seeds_output["articles"]) == 5
    for article in seeds_output["articles"]:
        assert article.keys() >= ARTICLE_KEYS
        assert article["mentions"], article["path"]
        for mention in article["mentions"]:
            assert mention.keys() >= MENTION_KEYS
            assert mention["kind"] in ("place", "speaker")
            assert article["body"][mention["start"] : mention["end"]] == mention["text"]


def test_groups_cover_every_mention(seeds_output: dict) -> None:
    groups = {g["id"]: g for g in seeds_output["groups"]}
    for group in groups.values():
        assert group.keys() >= GROUP_KEYS
        assert group["kind"] in ("place", "speaker")
        assert group["name"] and group["variants"]
    counted: dict[str, int] = {}
    for article in seeds_output["articles"]:
        for mention in article["mentions"]:
            assert mention["group"] in groups
            assert groups[mention["group"]]["kind"] == mention["kind"]
            counted[mention["group"]] = counted.get(mention["group"], 0) + 1
    assert counted == {gid: g["mentions"] for gid, g in groups.items()}


def test_dates_are_iso_or_null_never_invented(seeds_output: dict) -> None:
    dates = {Path(a["path"]).name: a["date"] for a in seeds_output["articles"]}
    assert dates["000_866f60ed53f75899.txt"] == "2022-10-06"
    assert dates["002_3c9bcfb2537f8c2b.txt"] is None
    assert dates["004_14ef429fea0aec65.txt"] is None


def test_languages_detected(seeds_output: dict) -> None:
    languages = {Path(a["path"]).name: a["language"] for a in seeds_output["articles"]}
    assert languages["002_3c9bcfb2537f8c2b.txt"] == "sv"
    assert languages["003_f30c5174b8d17868.txt"] == "en"


def test_default_corpus_is_the_bundled_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "extract", "--json")
    assert code == 0
    assert len(json.loads(out)["articles"]) == 5


def test_single_file_and_header_variants(capsys, write_articles) -> None:
    folder = write_articles(
        {
            "a.txt": " date 2023-03-01 Governor Oleh Syniehubov said Kharkiv was shelled.",
            "b.md": "Headline about Kyiv\n\nThe mayor spoke.",
            "c.txt": " date 1 March 2023 Text with a written date.",
            "d.txt": " date not-a-date Body of an article with a broken header.",
            "ignored.pdf": "not an article",
        }
    )
    code, out, err = run_cli(capsys, "extract", str(folder), "--json")
    assert code == 0
    articles = {Path(a["path"]).name: a for a in json.loads(out)["articles"]}
    assert set(articles) == {"a.txt", "b.md", "c.txt", "d.txt"}
    assert articles["a.txt"]["date"] == "2023-03-01"
    assert articles["a.txt"]["body"].startswith("Governor")
    assert articles["b.md"]["title"] == "Headline about Kyiv"
    assert articles["c.txt"]["date"] == "2023-03-01"
    assert articles["d.txt"]["date"] is None
    assert "d.txt" in err and "date" in err


def test_bad_inputs_are_reported_and_the_rest_loads(capsys, write_articles) -> None:
    folder = write_articles(
        {
            "good.txt": "Russian forces shelled Kherson, officials said.",
            "empty.txt": "",
            "binary.txt": b"\x00\x01\x02\xff" * 50,
            "latin1.txt": "Kyiv caf\xe9 text".encode("latin-1"),
        }
    )
    code, out, err = run_cli(capsys, "extract", str(folder), "--json", str(folder / "missing.txt"))
    assert code == 1  # a path was missing; the rest is still read
    names = {Path(a["path"]).name for a in json.loads(out)["articles"]}
    assert names == {"good.txt", "latin1.txt"}
    assert "empty.txt: empty file" in err
    assert "binary.txt: binary file" in err
    assert "missing.txt: no such file or folder" in err


def test_check_lists_problems_with_exit_status(capsys, write_articles) -> None:
    folder = write_articles({"good.txt": "Text about Odesa.", "empty.txt": "  \n"})
    code, out, err = run_cli(capsys, "check", str(folder))
    assert code == 1
    assert "empty.txt" in out
    assert "1 articles read, 1 problems" in err


def test_launch_with_only_missing_paths_fails_cleanly(capsys, tmp_path) -> None:
    code, _, err = run_cli(capsys, str(tmp_path / "nowhere"))
    assert code == 1
    assert "no such file or folder" in err


def test_version_and_help(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert "warreader" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "extract" in capsys.readouterr().out


def _overlaps(article: dict) -> list[tuple[str, str]]:
    spans = sorted((m["start"], m["end"], m["text"]) for m in article["mentions"])
    return [(a[2], b[2]) for a, b in itertools.pairwise(spans) if b[0] < a[1]]


def test_mentions_of_an_article_never_overlap(seeds_output: dict) -> None:
    for article in seeds_output["articles"]:
        assert _overlaps(article) == [], article["path"]


def test_the_longest_reading_wins_when_names_nest(capsys, write_articles) -> None:
    folder = write_articles(
        {
            "a.txt": (
                "Finance Minister Petra Nowak said the budget would hold. Nowak added that "
                "the Dnipro River crossing near Kherson stays closed, Nowak said."
            )
        }
    )
    code, out, _ = run_cli(capsys, "extract", str(folder), "--json")
    assert code == 0
    article = json.loads(out)["articles"][0]
    assert _overlaps(article) == []
    texts = [m["text"] for m in article["mentions"]]
    assert texts.count("Petra Nowak") == 1 and texts.count("Nowak") == 2
    assert "Dnipro River" in texts and "Dnipro" not in texts


def test_a_month_only_header_gives_a_month_date_through_the_index(capsys, write_articles) -> None:
    folder = write_articles(
        {"a.txt": " date 2024-02 \nKyiv in winter\n\nThe mayor of Kyiv said the bridge is open."}
    )
    code, out, err = run_cli(capsys, "extract", str(folder), "--json")
    assert code == 0 and "date" not in err
    assert json.loads(out)["articles"][0]["date"] == "2024-02"
