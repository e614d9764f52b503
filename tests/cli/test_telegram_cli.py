"""`warreader extract` and `warreader index` on Telegram Desktop exports written here (made-up sentences)."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CHANNEL = 1444000222


def run(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WARREADER_CACHE_DIR": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "warreader", *args], capture_output=True, text=True, env=env, timeout=300
    )


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def plain(ident: int, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "type": "message",
        "date": "2026-12-03T10:00:00",
        "date_unixtime": str(1764752400 + ident),
        "from": "Border Desk Test",
        "text": text,
        "text_entities": [{"type": "plain", "text": text}],
        **extra,
    }


MESSAGES = [
    {"id": 1, "type": "service", "date": "2026-12-01T08:00:00", "action": "create_channel", "text": ""},
    {
        "id": 2,
        "type": "message",
        "date": "2026-12-02T09:30:00",
        "date_unixtime": "1764660600",
        "from": "Border Desk Test",
        "text": [
            {"type": "bold", "text": "Kharkiv overnight"},
            "\nGovernor Oleh Testenko said three districts were shelled. More: ",
            {"type": "link", "text": "https://news.example/a/2"},
            " and ",
            {"type": "text_link", "text": "the map", "href": "https://maps.example/2"},
            ".",
        ],
        "text_entities": [
            {"type": "bold", "text": "Kharkiv overnight"},
            {"type": "plain", "text": "\nGovernor Oleh Testenko said three districts were shelled. More: "},
            {"type": "link", "text": "https://news.example/a/2"},
            {"type": "plain", "text": " and "},
            {"type": "text_link", "text": "the map", "href": "https://maps.example/2"},
            {"type": "plain", "text": "."},
        ],
    },
    plain(3, "", photo="photos/photo_3.jpg", width=640, height=480),
    plain(
        4,
        "Голова ОВА Олег Тестенко повідомив, що у Харкові пошкоджено школу.",
        forwarded_from="Oblast Admin Test",
    ),
    plain(
        5, "Kupiansk: evacuation buses leave at noon.", reply_to_message_id=2, edited="2026-12-03T11:00:00"
    ),
]


def write(folder: Path, messages: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "result.json"
    data = {"name": "Border Desk Test", "type": "public_channel", "id": CHANNEL, "messages": messages}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    return path


def lines(stderr: str) -> list[str]:
    assert "Traceback" not in stderr
    return [line for line in stderr.splitlines() if line.strip()]


def test_extract_gives_one_article_per_message_with_sound_mentions(tmp_path: Path, cache: Path) -> None:
    export = write(tmp_path / "ChatExport_2026-12-03", MESSAGES)
    result = run("extract", str(tmp_path / "ChatExport_2026-12-03"), "--json", cache=cache)
    assert result.returncode == 0, result.stderr
    assert lines(result.stderr) == [
        f"warreader: {export}: 1 message without text (a photo, file or sticker alone) skipped"
    ]
    articles = json.loads(result.stdout)["articles"]
    got = [(a["path"], a["title"], a["date"], a["source"], a["language"], a["url"]) for a in articles]
    assert got == [
        (f"{export}#{CHANNEL}:2", "Kharkiv overnight", "2026-12-02", "Border Desk Test", "en", None),
        (
            f"{export}#{CHANNEL}:4",
            "Голова ОВА Олег Тестенко повідомив, що у Харкові пошкоджено школу.",
            "2026-12-03",
            "Oblast Admin Test",
            "uk",
            None,
        ),
        (
            f"{export}#{CHANNEL}:5",
            "Kupiansk: evacuation buses leave at noon.",
            "2026-12-03",
            "Border Desk Test",
            "en",
            None,
        ),
    ]
    assert articles[0]["body"] == (
        "Kharkiv overnight\nGovernor Oleh Testenko said three districts were shelled. More: and the map."
    )
    found = set()
    for article in articles:
        spans = sorted((m["start"], m["end"]) for m in article["mentions"])
        assert all(end <= start for (_, end), (start, _) in itertools.pairwise(spans))
        for mention in article["mentions"]:
            assert article["body"][mention["start"] : mention["end"]] == mention["text"]
            found.add((mention["kind"], mention["text"]))
    assert {("place", "Kharkiv"), ("place", "Kupiansk"), ("speaker", "Oleh Testenko")} <= found


def test_a_malformed_export_alone_is_one_line_and_exit_1(tmp_path: Path, cache: Path) -> None:
    corpus = tmp_path / "corpus"  # the cache is beside it, not in it
    export = write(corpus / "ChatExport_2026-12-03", MESSAGES)
    export.write_text(export.read_text("utf-8")[:200], "utf-8")  # cut inside the first message
    result = run("extract", str(corpus), "--json", cache=cache)
    assert result.returncode == 1
    said = lines(result.stderr)
    assert said[0].startswith(f"warreader: {export}: damaged Telegram export: ")
    assert said[-1] == f"warreader: no articles could be read in {corpus}"
    assert len(said) == 2


def test_a_malformed_export_leaves_the_rest_of_the_corpus_read(tmp_path: Path, cache: Path) -> None:
    corpus = tmp_path / "corpus"  # the cache is beside it, not in it
    export = write(corpus / "ChatExport_2026-12-03", MESSAGES)
    export.write_text('{"name": "x", "type": "public_channel", "id": 9, "messages": [{"id": 1,, }]}', "utf-8")
    (corpus / "note.txt").write_text("Odesa: the port reopened on Tuesday, officials said.\n", "utf-8")
    result = run("extract", str(corpus), "--json", cache=cache)
    assert result.returncode == 0, result.stderr
    assert [a["path"] for a in json.loads(result.stdout)["articles"]] == [str(corpus / "note.txt")]
    said = lines(result.stderr)
    assert len(said) == 1 and said[0].startswith(f"warreader: {export}: damaged Telegram export: ")


def test_index_counts_a_re_export_as_only_its_new_messages(tmp_path: Path, cache: Path) -> None:
    corpus = tmp_path / "Telegram Desktop"
    old = write(corpus / "ChatExport_2026-12-03", MESSAGES)
    os.utime(old, (1764752400, 1764752400))
    first = run("index", "-q", str(corpus), cache=cache)
    assert first.returncode == 0, first.stderr
    assert "3 articles indexed" in first.stderr and "1 files added, 0 changed, 0 removed" in first.stderr
    new = write(
        corpus / "ChatExport_2026-12-07", [*MESSAGES, plain(6, "Sumy: schools switch to online classes.")]
    )
    second = run("index", "-q", str(corpus), cache=cache)
    assert second.returncode == 0, second.stderr
    assert f"warreader: {old}: an older export of the channel of {new}: read with that one" in second.stderr
    assert "4 articles indexed" in second.stderr and "1 files added, 0 changed, 1 removed" in second.stderr
    result = run("extract", str(corpus), "--json", cache=cache)
    names = [a["path"].rsplit("/", 1)[-1] for a in json.loads(result.stdout)["articles"]]
    assert names == [f"result.json#{CHANNEL}:{i}" for i in (2, 4, 5, 6)]
