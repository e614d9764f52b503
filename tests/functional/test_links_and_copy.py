"""o opens the article's web link; y copies through tmux / screen and says where the text went (issue 16.5, 16.12)."""

from __future__ import annotations

import base64
import os
import stat
import time
import webbrowser
from pathlib import Path

import pytest
from ui_helpers import SIZE, RecordingApp
from workbench_helpers import HAIDAI, workbench_library

from warreader.ui.clipboard import copy_text, osc52, web_link


async def _notice(app: RecordingApp, pilot, words: str, seconds: float = 10.0) -> str:
    """The first notification holding ``words`` (notices from threads arrive a moment later)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for note in app._notifications:
            if words in str(note.message):
                return str(note.message)
        await pilot.pause(0.05)
    raise AssertionError(f"no notice with {words!r}: {[n.message for n in app._notifications]}")


async def test_o_opens_the_articles_web_link(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, new=0: opened.append(url) or True)
    library = workbench_library()
    library.articles[0].url = "https://news.example.org/kharkiv-power"
    app = RecordingApp(library=library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        note = await _notice(app, pilot, "Opened in the browser")
        assert opened == ["https://news.example.org/kharkiv-power"]
        assert "news.example.org/kharkiv-power" in note


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "file:///etc/passwd", "", "https://a.example/\x1b[2J"]
)
async def test_o_never_opens_what_is_not_a_web_link(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda link, new=0: opened.append(link) or True)
    library = workbench_library()
    library.articles[0].url = url
    app = RecordingApp(library=library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await _notice(app, pilot, "no web link")
        assert opened == []


async def test_o_says_when_no_browser_can_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(webbrowser, "open", lambda url, new=0: False)
    library = workbench_library()
    library.articles[0].url = "https://news.example.org/a"
    app = RecordingApp(library=library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        note = await _notice(app, pilot, "No browser could be started")
        assert "https://news.example.org/a" in note


def _fake_tmux(folder: Path) -> Path:
    """A ``tmux`` on PATH that keeps what it was given on standard input."""
    kept = folder / "tmux-buffer.txt"
    script = folder / "tmux"
    script.write_text(f'#!/bin/sh\ncat > "{kept}"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return kept


async def test_y_inside_tmux_fills_the_paste_buffer_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = _fake_tmux(tmp_path)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.select_entity(HAIDAI)
        await pilot.pause()
        await pilot.press("y")
        note = await _notice(app, pilot, "tmux paste buffer")
    sentence = "Governor Serhiy Haidai said: “The city of Kharkiv held, and the power is back.”"
    assert kept.read_text(encoding="utf-8") == sentence
    assert "through tmux" in note and app.clipboard == sentence


def test_osc52_is_wrapped_for_tmux_and_screen() -> None:
    payload = base64.b64encode(b"Kharkiv").decode()
    plain = f"\x1b]52;c;{payload}\x07"
    assert osc52("Kharkiv", {}) == plain
    assert osc52("Kharkiv", {"TMUX": "x"}) == "\x1bPtmux;\x1b\x1b]52;c;" + payload + "\x07\x1b\\"
    assert osc52("Kharkiv", {"STY": "1.pts"}) == "\x1bP" + plain + "\x1b\\"


def test_copy_text_writes_the_sequence_and_names_the_terminal() -> None:
    written: list[str] = []
    where = copy_text("Lviv", written.append, env={"PATH": ""})
    assert written == [osc52("Lviv", {})] and where == "the terminal's clipboard (OSC 52)"
    assert copy_text("Lviv", None, env={"PATH": ""}) == ""


@pytest.mark.parametrize(
    ("value", "link"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("  https://example.org/x  ", "https://example.org/x"),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("https://", None),
        ("https://exa mple.org", None),
        ("https://example.org/\x07", None),
        ("news/kharkiv.txt", None),
    ],
)
def test_web_link_takes_only_http_links(value: str, link: str | None) -> None:
    assert web_link(value) == link
