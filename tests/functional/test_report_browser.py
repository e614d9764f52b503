"""The HTML report in a real browser (issue 16, item 9): headless Chromium renders an entity report
and an article list built from hostile text; the screenshot shows the highlight colours, and the DOM
Chromium builds holds no element from article text. Skipped where Chromium is not installed."""

from __future__ import annotations

import datetime as dt
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from warreader import export, report_html
from warreader.export_articles import render_articles
from warreader.library import Library
from warreader.model import Article, Group, Mention

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install -y chromium)"
)

TITLE = '<script>document.title="pwned"</script>"><img src=x onerror=alert(1)> \u202eevil'
BODY = (
    "Officials said <script>document.body.innerHTML='pwned'</script> shelling hit Kharkiv overnight. "
    '"><img src=x onerror=alert(1)> Governor Oleh Syniehubov said Kharkiv was calm by morning.\x1b[2J'
)


def _library() -> Library:
    mentions = []
    for surface, kind, group in (
        ("Kharkiv", "place", "place:k"),
        ("Oleh Syniehubov", "speaker", "speaker:s"),
    ):
        at = BODY.find(surface)
        while at >= 0:
            mentions.append(Mention(kind, surface, at, at + len(surface), group, group))  # type: ignore[arg-type]
            at = BODY.find(surface, at + 1)
    mentions.sort(key=lambda m: m.start)
    articles = [
        Article(f"n/{i}.txt", TITLE, dt.date(2024, 10, i + 1), "en", BODY, f"<b>Source {i}</b>", "", mentions)
        for i in range(3)
    ]
    paths = [a.path for a in articles]
    groups = {
        "place:k": Group("place:k", "place", "Kharkiv", ["Kharkiv"], 6, paths),
        "speaker:s": Group("speaker:s", "speaker", "Oleh Syniehubov", ["Oleh Syniehubov"], 3, paths),
    }
    return Library(articles, groups)


def _chromium(tmp_path: Path, page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,900", *extra, page.as_uri(),
        ],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit, non-interlaced truecolour PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, header = 8, b"", b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, chunk = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            idat += chunk
        at += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0
    size = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * size
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - size] if x >= size else 0
            up = previous[x]
            corner = previous[x - size] if x >= size else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[x] = (line[x] + pred) & 0xFF
        rows.append(bytes(line) if size == 3 else bytes(b for i, b in enumerate(line) if i % 4 != 3))
        previous = line
    return width, height, rows


def count_colour(rows: list[bytes], hex_colour: str) -> int:
    target = bytes.fromhex(hex_colour.removeprefix("#"))
    return sum(sum(1 for x in range(0, len(row), 3) if row[x : x + 3] == target) for row in rows)


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("which", ["entity", "articles"])
def test_chromium_renders_the_report_with_its_highlights(tmp_path: Path, which: str) -> None:
    library = _library()
    text = (
        export.render_entity(library, "place:k", "html")
        if which == "entity"
        else render_articles(library, None, "html")
    )
    page = tmp_path / "report.html"
    page.write_text(text, encoding="utf-8")
    shot = tmp_path / "shot.png"
    result = _chromium(tmp_path, page, f"--screenshot={shot}")
    assert shot.exists(), result.stderr[-2000:]
    width, height, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (1200, 900)
    place = count_colour(rows, report_html.PLACE)
    speaker = count_colour(rows, report_html.SPEAKER)
    if which == "entity":
        assert count_colour(rows, report_html.HIT) > 500  # the reported mentions, filled
        assert speaker > 500  # the speaker in the same sentence
    else:
        assert place > 500 and speaker > 500
    # The DOM after Chromium loaded the page (scripts would have run by then): no element from the text.
    dom = _chromium(tmp_path, page, "--dump-dom").stdout
    parser = Elements()
    parser.feed(dom)
    assert "script" not in parser.tags and "img" not in parser.tags and "iframe" not in parser.tags
    seen = "".join(parser.text)
    assert "pwned" not in seen.replace('document.title="pwned"', "").replace("innerHTML='pwned'", "")
    assert '<script>document.title="pwned"</script>' in seen  # shown as text
    assert "<b>Source 0</b>" in seen
