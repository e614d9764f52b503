"""``warreader feeds import/export``: OPML in and out, folders as tags, hostile files refused in one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from warreader.cli import main

LIST = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>mine</title></head><body>
  <outline text="World">
    <outline text="Ukraine">
      <outline type="rss" text="Kyiv desk" xmlUrl="https://kyiv.example/rss" category="/war,/daily"/>
      <outline type="rss" text="Oblast &amp; city" xmlUrl="https://oblast.example/feed?a=1&amp;b=2"/>
    </outline>
    <outline type="rss" text="Wire" xmlUrl="https://wire.example/atom"/>
  </outline>
  <outline type="rss" text="short" title="Top level &lt;b&gt;" xmlUrl="http://top.example/"/>
  <outline type="rss" text="bad" xmlUrl="javascript:alert(1)"/>
  <outline type="rss" text="no url"/>
</body></opml>
"""
EXPECTED = {
    "https://kyiv.example/rss": ("Kyiv desk", ["World/Ukraine", "war", "daily"]),
    "https://oblast.example/feed?a=1&b=2": ("Oblast & city", ["World/Ukraine"]),
    "https://wire.example/atom": ("Wire", ["World"]),
    "http://top.example/": ("Top level <b>", []),
}


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("WARREADER_DATA_DIR", str(folder))
    return folder


def feeds() -> dict[str, tuple[str, list[str]]]:
    from warreader.corpus.feedstore import load_feeds

    return {feed.url: (feed.name, feed.tags) for feed in load_feeds()}


def test_import_export_import_keeps_titles_urls_and_folders(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.opml"
    source.write_text(LIST, encoding="utf-8")
    assert main(["feeds", "import", str(source)]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == f"{source}: 4 feeds added, 0 already in the list, 2 outlines not usable"
    assert len(err.strip().splitlines()) == 2
    assert "outline 7 (bad)" in err and "javascript:alert(1)" in err
    assert "outline 8 (no url): a feed without an xmlUrl" in err
    assert feeds() == EXPECTED

    exported = tmp_path / "out.opml"
    assert main(["feeds", "export", "-o", str(exported)]) == 0
    text = exported.read_text(encoding="utf-8")
    assert '<opml version="2.0">' in text
    assert re.search(
        r'<outline text="World">\s*<outline text="Ukraine">\s*<outline type="rss" text="Kyiv desk"', text
    )

    # Into a new list: the same feeds, names and tags come back.
    (data / "feeds.toml").unlink()
    assert main(["feeds", "import", str(exported)]) == 0
    assert capsys.readouterr().out.strip() == f"{exported}: 4 feeds added, 0 already in the list"
    assert feeds() == EXPECTED

    # Into the same list again: nothing is duplicated.
    assert main(["feeds", "import", str(exported)]) == 0
    assert capsys.readouterr().out.strip() == f"{exported}: 0 feeds added, 4 already in the list"
    assert len(feeds()) == 4


def test_import_keeps_what_the_list_already_has(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data.mkdir()
    (data / "feeds.toml").write_text(
        '# my feeds\n\n[[feed]]\nurl = "https://wire.example/atom"  # the wire\nname = "My wire"\nlang = "uk"\n',
        encoding="utf-8",
    )
    source = tmp_path / "in.opml"
    source.write_text(LIST, encoding="utf-8")
    assert main(["feeds", "import", str(source)]) == 0
    assert capsys.readouterr().out.startswith(f"{source}: 3 feeds added, 1 already in the list")
    text = (data / "feeds.toml").read_text(encoding="utf-8")
    assert text.startswith(
        '# my feeds\n\n[[feed]]\nurl = "https://wire.example/atom"  # the wire\nname = "My wire"\nlang = "uk"\n'
    )
    assert feeds()["https://wire.example/atom"] == ("My wire", [])


HOSTILE = {
    "billion laughs": '<?xml version="1.0"?>\n<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + ']>\n<opml><body><outline text="&i;" xmlUrl="https://x.example/"/></body></opml>',
    "xxe": '<?xml version="1.0"?>\n<!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    '<opml><body><outline text="&x;" xmlUrl="https://x.example/"/></body></opml>',
    "parameter entity": '<?xml version="1.0"?>\n<!DOCTYPE opml [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x">%p;]>\n'
    "<opml><body/></opml>",
    "not xml": "this is not XML at all <<<",
    "binary": "\x00\x01\x02\xff",
    "not opml": '<?xml version="1.0"?><rss><channel/></rss>',
    "empty": "",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_opml_is_one_line_and_exit_1(
    name: str, tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bad.opml"
    source.write_bytes(HOSTILE[name].encode("utf-8", "surrogateescape"))
    assert main(["feeds", "import", str(source)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith(f"warreader: feeds: {source}: ")
    assert "Traceback" not in err and "root:" not in err
    assert not (data / "feeds.toml").exists()


def test_import_of_a_missing_file_is_one_line(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feeds", "import", "/no/such/file.opml"]) == 1
    assert capsys.readouterr().err.startswith("warreader: feeds: cannot read /no/such/file.opml")
