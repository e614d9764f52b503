"""The feed list is the user's file: ``feeds add``/``remove`` edit it in place (comments, order and
keys warreader does not know survive), and an entry that cannot be used is one line, not silence."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from warreader.cli import main

HAND_WRITTEN = """\
# My feeds, most trusted first.

[[feed]]
url = "https://a.example/rss"  # the main one
tags = ["ua", "front"]

# this one is broken on purpose
[[feed]]
url = 5

[[feed]]
url = "https://b.example/rss"
name = "B"
priority = 2

[display]
colour = "green"
"""


@pytest.fixture
def feed_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WARREADER_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "data" / "feeds.toml"
    path.parent.mkdir(parents=True)
    return path


def feeds(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["feeds", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_add_and_remove_keep_comments_order_and_unknown_keys(
    feed_list: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_list.write_text(HAND_WRITTEN, encoding="utf-8")
    assert feeds(capsys, "add", "https://c.example/rss", "--name", "C")[0] == 0
    text = feed_list.read_text(encoding="utf-8")
    assert text.startswith(HAND_WRITTEN.split("[display]")[0])  # everything before, byte for byte
    for kept in ("# My feeds, most trusted first.", "# the main one", "# this one is broken on purpose"):
        assert kept in text
    data = tomllib.loads(text)
    assert data["feed"][0]["tags"] == ["ua", "front"]
    assert data["feed"][1] == {"url": 5}  # not understood: kept as written
    assert data["feed"][2] == {"url": "https://b.example/rss", "name": "B", "priority": 2}
    assert data["feed"][3] == {"url": "https://c.example/rss", "name": "C"}
    assert data["display"] == {"colour": "green"}

    assert feeds(capsys, "remove", "https://b.example/rss")[0] == 0
    text = feed_list.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert [entry["url"] for entry in data["feed"]] == ["https://a.example/rss", 5, "https://c.example/rss"]
    assert data["feed"][0]["tags"] == ["ua", "front"] and data["display"] == {"colour": "green"}
    assert "# the main one" in text and "# this one is broken on purpose" in text


def test_an_unusable_entry_is_one_line_each(feed_list: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed_list.write_text(HAND_WRITTEN + '\n[[feed]]\nname = "no url"\n', encoding="utf-8")
    code, out, err = feeds(capsys, "list")
    assert code == 0
    assert "https://a.example/rss" in out and "https://b.example/rss" in out
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert "[[feed]] number 2" in lines[0] and "a number, not a URL in quotes" in lines[0]
    assert "[[feed]] number 4" in lines[1] and "has no url" in lines[1]


def test_feed_as_a_number_is_one_line_and_the_file_is_not_written(
    feed_list: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_list.write_text("feed = 5\n", encoding="utf-8")
    code, out, err = feeds(capsys, "list")
    assert code == 0 and "no feeds yet" in out
    assert len(err.splitlines()) == 1 and "'feed' is a number" in err
    code, _, err = feeds(capsys, "add", "https://c.example/rss")
    assert code == 2 and len(err.splitlines()) == 1 and "fix it by hand" in err
    assert feed_list.read_text(encoding="utf-8") == "feed = 5\n"


def test_a_name_that_is_not_text_is_reported_and_kept(
    feed_list: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_list.write_text('[[feed]]\nurl = "https://a.example/rss"\nname = 7', encoding="utf-8")  # no last \n
    code, out, err = feeds(capsys, "list")
    assert code == 0 and "https://a.example/rss" in out
    assert len(err.splitlines()) == 1 and "name that is a number" in err
    assert feeds(capsys, "add", "https://b.example/rss")[0] == 0
    data = tomllib.loads(feed_list.read_text(encoding="utf-8"))
    assert data["feed"] == [{"url": "https://a.example/rss", "name": 7}, {"url": "https://b.example/rss"}]


def test_a_new_list_and_inline_tables(feed_list: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert feeds(capsys, "add", "https://a.example/rss")[0] == 0
    assert feeds(capsys, "add", "https://b.example/rss")[0] == 0
    assert feeds(capsys, "remove", "https://a.example/rss")[0] == 0
    assert tomllib.loads(feed_list.read_text(encoding="utf-8"))["feed"] == [{"url": "https://b.example/rss"}]
    feed_list.write_text('feed = [{ url = "https://a.example/rss", tags = ["x"] }]  # inline\n', "utf-8")
    assert feeds(capsys, "add", "https://b.example/rss")[0] == 0
    text = feed_list.read_text(encoding="utf-8")
    assert "# inline" in text
    assert tomllib.loads(text)["feed"] == [
        {"url": "https://a.example/rss", "tags": ["x"]},
        {"url": "https://b.example/rss"},
    ]
