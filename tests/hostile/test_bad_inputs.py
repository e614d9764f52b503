"""Bad input of every kind: each bad file reported once, the rest loads, nothing hangs, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from warreader.cli import main
from warreader.corpus.build import BODY_MAX
from warreader.corpus.reader import Problem, read_articles
from warreader.library import load_library

PROSE = (
    "Governor Serhiy Haidai said Russian forces shelled Kupiansk and Lysychansk overnight. "
    "Oleh Syniehubov, head of the Kharkiv regional administration, said two people were wounded.\n"
)

BAD_FILES: dict[str, bytes] = {
    "empty.txt": b"",
    "blank.md": b" \n\t\r\n ",
    "binary.txt": b"\x00\x01\x02\xff" * 64,
    "png.html": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "elf.json": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 100,
    "only-header.txt": b" date 2022-10-06 ",
    "broken.json": b'{"title": "x", "text": ',
    "not-articles.json": b'{"name": "package", "version": "1.0"}',
    "scalar.json": b"42",
    "deep.json": b"[" * 200_000 + b"]" * 200_000,
    "bigint.json": b'{"text": "Kyiv.", "date": ' + b"9" * 5000 + b"}",
    "all-bad.jsonl": b"{not json\n[1, 2\n\xff\xfe\n",
    "not-a-feed.xml": b"<?xml version='1.0'?><urlset><url><loc>https://a.example/</loc></url></urlset>",
    "dev-zero.rss": b"/dev/zero",
    "empty-feed.rss": b'<?xml version="1.0"?><rss version="2.0"><channel><title>Nothing</title></channel></rss>',
    "empty-page.html": b"<html><head><title></title></head><body><script>var a = 1;</script></body></html>",
}

GOOD_FILES: dict[str, bytes | str] = {
    "good.txt": " date 2022-10-06 " + PROSE,
    "bad-date.txt": " date 32.13.2022 " + PROSE,
    "odd-date.txt": " date 2022-02-30T99:99 " + PROSE,
    "dateword.txt": "date line without value\n" + PROSE,
    "xxe.rss": (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
        '<rss version="2.0"><channel><item><title>XXE &x;</title><description>Kyiv. &x;</description></item></channel></rss>'
    ),
    "types.json": json.dumps(
        [{"title": 5, "text": ["Odesa text."], "date": {"x": 1}, "url": 7, "source": None}]
    ),
    "surrogates.json": '{"title": "\\ud800 lone", "text": "Kyiv \\udfff text \\u0000 nul"}',
    "billion-laughs.xml": (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
            for i in range(1, 10)
        )
        + b']><rss version="2.0"><channel><item><title>&lol9;</title></item></channel></rss>'
    ),
    "nested.html": "<div>" * 50_000 + "Kherson was liberated, officials said." + "</div>" * 50_000,
    "unclosed.html": "<p>Mykolaiv was shelled." + "<b><i><span>" * 30_000,
}


def expected_once(problems: list[Problem], names: list[str]) -> None:
    counts = Counter(Path(p.path.split("#")[0]).name for p in problems)
    for name in names:
        assert counts[name] == 1, (name, [str(p) for p in problems if name in p.path])


def test_each_bad_file_reported_once_and_the_rest_loads(write_articles, tally, keep, snap) -> None:
    folder = write_articles({**BAD_FILES, **GOOD_FILES})
    before = snap(folder)
    problems: list[Problem] = []
    started = time.monotonic()
    articles = tally.guard("bad-file", lambda: list(read_articles([folder], problems)))
    tally.tried("bad-file", len(BAD_FILES) + len(GOOD_FILES) - 1)
    assert time.monotonic() - started < 20
    names = {Path(a.path.split("#")[0]).name for a in articles}
    assert names == set(GOOD_FILES)
    expected_once(problems, [*BAD_FILES, "bad-date.txt", "odd-date.txt"])
    by_name = {Path(a.path.split("#")[0]).name: a for a in articles}
    assert by_name["good.txt"].date is not None and by_name["bad-date.txt"].date is None
    assert (
        "root" not in by_name["xxe.rss"].body or "&x;" in by_name["xxe.rss"].body
    )  # no external entity read
    assert by_name["surrogates.json"].title == "� lone"
    assert by_name["billion-laughs.xml"].title == "&lol9;"  # the entity is never expanded
    assert "Kherson was liberated" in by_name["nested.html"].body
    keep(before, snap(folder))


def test_the_cli_never_prints_a_traceback(write_articles, tally) -> None:
    # Two fresh processes: leave out the malformed date headers, which cost dateparser seconds each.
    folder = write_articles({**BAD_FILES, **{k: v for k, v in GOOD_FILES.items() if "date" not in k}})
    for command in (["check"], ["extract", "--json"]):
        result = subprocess.run(
            [sys.executable, "-m", "warreader", *command, str(folder), str(folder / "missing.txt")],
            capture_output=True,
            text=True,
            timeout=120,
        )
        tally.tried("cli-run")
        assert result.returncode in (0, 1), result.stderr
        assert "Traceback" not in result.stderr
        assert "missing.txt: no such file or folder" in result.stdout + result.stderr
    data = json.loads(result.stdout)
    for article in data["articles"]:
        for mention in article["mentions"]:
            assert article["body"][mention["start"] : mention["end"]] == mention["text"]


@pytest.mark.parametrize("suffix", [".txt", ".html", ".jsonl"])
def test_a_50_mb_article_is_capped_not_hung(suffix: str, tmp_path: Path, tally) -> None:
    path = tmp_path / f"huge{suffix}"
    body = PROSE * (50_000_000 // len(PROSE))
    if suffix == ".txt":
        path.write_text(body, encoding="utf-8")
    elif suffix == ".html":
        path.write_text(
            "<html><body><article><p>" + body.replace("\n", "</p><p>") + "</p></article></body></html>"
        )
    else:
        path.write_text(json.dumps({"title": "Huge", "text": body}) + "\n", encoding="utf-8")
    assert path.stat().st_size > 49_000_000
    started = time.monotonic()
    library = tally.guard("50-MB", lambda: load_library([path]))
    assert time.monotonic() - started < 20
    (article,) = library.articles
    assert len(article.body) <= BODY_MAX
    if suffix != ".html":  # the page extractor also drops repeated paragraphs
        assert len(article.body) > BODY_MAX // 2
        assert body.startswith(article.body[:1000])
    (problem,) = library.problems
    assert "very long article" in problem.message and "MB" in problem.message


def test_huge_feed_file_is_refused_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "huge.rss"
    path.write_bytes(b'<rss version="2.0"><channel>' + b"<item><title>x</title></item>" * 1_500_000)
    problems: list[Problem] = []
    assert list(read_articles([path], problems)) == []
    assert "too large" in problems[0].message


def test_symlink_loops_dangling_links_and_pipes(tmp_path: Path, tally) -> None:
    root = tmp_path / "news"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "story.txt").write_text(PROSE)
    (root / "a" / "b" / "up").symlink_to(root)  # loop to an ancestor
    (root / "self").symlink_to(root / "self")  # a link to itself, not an article name: reported too
    (root / "self.md").symlink_to(root / "self.md")
    (root / "x.txt").symlink_to(root / "y.txt")
    (root / "y.txt").symlink_to(root / "x.txt")  # a two-link loop
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    (root / "alias.txt").symlink_to(root / "a" / "b" / "story.txt")  # the same file twice
    os.mkfifo(root / "pipe.txt")
    problems: list[Problem] = []
    started = time.monotonic()
    articles = tally.guard("filesystem", lambda: list(read_articles([root, root / "pipe.txt"], problems)))
    tally.tried("filesystem", 6)
    assert time.monotonic() - started < 10
    assert len(articles) == 1
    messages = {Path(p.path).name: p.message for p in problems}
    assert messages["up"] == f"symlink loop (back to {os.path.realpath(root)}): not followed"
    assert messages["x.txt"] == messages["y.txt"] == "symlink loop"
    assert messages["dangling.txt"] == "broken symlink"
    assert messages["pipe.txt"].startswith("not a regular file")
    assert messages["self.md"] == messages["self"] == "symlink loop"
    assert len(problems) == len(messages)  # each once, even the pipe given twice


def test_unreadable_files_are_reported(tmp_path: Path, monkeypatch, tally) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "ok.txt").write_text(PROSE)
    (folder / "locked.txt").write_text(PROSE)
    (folder / "closed").mkdir()
    (folder / "closed" / "inside.txt").write_text(PROSE)
    real_open, real_scandir = os.open, os.scandir

    def deny_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    def deny_scandir(path):  # type: ignore[no-untyped-def]
        if str(path).endswith("closed"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    # Tests may run as root, whom file modes do not stop: refuse the way the kernel would.
    monkeypatch.setattr(os, "open", deny_open)
    monkeypatch.setattr(os, "scandir", deny_scandir)
    problems: list[Problem] = []
    articles = tally.guard("filesystem", lambda: list(read_articles([folder], problems)))
    assert [Path(a.path).name for a in articles] == ["ok.txt"]
    assert sorted(str(p) for p in problems) == [
        f"{folder / 'closed'}: permission denied",
        f"{folder / 'locked.txt'}: permission denied",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_by_mode(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(PROSE)
    path.chmod(0)
    problems: list[Problem] = []
    assert list(read_articles([path], problems)) == []
    assert problems[0].message == "permission denied"


def test_a_very_deep_folder_tree(tmp_path: Path, tally) -> None:
    deep = tmp_path / "deep"
    path = deep
    path.mkdir()
    for _ in range(1100):  # deeper than Python's recursion limit
        path = path / "d"
        os.mkdir(path)
    (path / "bottom.txt").write_text(PROSE)
    try:
        problems: list[Problem] = []
        articles = tally.guard("filesystem", lambda: list(read_articles([deep], problems)))
        assert len(articles) == 1 and not problems
    finally:  # shutil.rmtree (pytest's clean-up) recurses and would fail on this depth
        (path / "bottom.txt").unlink()
        while path != deep:
            os.rmdir(path)
            path = path.parent


def test_hostile_file_names(write_articles, capsys, tally, backend) -> None:
    folder = write_articles(
        {
            "\x1b]0;title\x07\x1b[31mred.txt": PROSE,
            "new\nline.txt": PROSE,
            "[bold]markup[/bold].txt": PROSE,
            "\u202eevil\u202c.txt": PROSE,
            "bad\x01.txt": b"",
        }
    )
    undecodable = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(undecodable, "wb") as file:
        file.write(PROSE.encode())
    db = [] if backend.location is None else ["--db", backend.location.url]  # through the index there
    code = tally.guard("file-name", lambda: main(["extract", str(folder), "--json", *db]))
    tally.tried("file-name", 5)
    out, err = capsys.readouterr()
    assert code == 0
    assert "\x1b" not in err and "\u202e" not in err and "\x01" not in err
    paths = [a["path"] for a in json.loads(out)["articles"]]
    assert len(paths) == 5
    assert any(p.endswith("caf\\xe9.txt") for p in paths)
    assert main(["check", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert "bad␁.txt: empty file" in out and "\x1b" not in out + err


@pytest.mark.slow
def test_ten_thousand_files_some_broken(tmp_path: Path, tally, capsys) -> None:
    folder = tmp_path / "many"
    broken: list[str] = []
    for i in range(10_000):
        sub = folder / f"{i // 1000:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        if i % 97 == 0:
            name, data = f"{i:05d}.txt", [b"", b"\x00\xff" * 20, b" date 99.99.9999 text"][i % 3]
            broken.append(name)
        elif i % 101 == 0:
            name, data = f"{i:05d}.json", b"{oops"
            broken.append(name)
        else:
            name, data = f"{i:05d}.txt", f"Report {i}: Kharkiv and Kyiv, officials said.".encode()
        (sub / name).write_bytes(data)
    started = time.monotonic()
    code = tally.guard("10k-folder", lambda: main(["check", str(folder)]))
    tally.tried("10k-folder", 9_999)
    assert time.monotonic() - started < 30
    out, err = capsys.readouterr()
    assert code == 1
    reported = [Problem(*line.rsplit(": ", 1)) for line in out.splitlines()]
    expected_once(reported, broken)
    assert len(reported) == len(broken)
    dated = sum(1 for name in broken if int(name[:5]) % 3 == 2 and name.endswith(".txt"))
    assert (
        f"{10_000 - len(broken) + dated} articles read, {len(broken)} problems" in err
    )  # a bad date keeps the text
