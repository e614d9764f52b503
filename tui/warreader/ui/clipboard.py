"""Copying text out of the terminal, and opening links, wherever the reader runs.

A terminal clipboard is reached with OSC 52 (the terminal puts the text on the system
clipboard). Inside tmux or GNU screen the sequence must be wrapped so the multiplexer passes it
on (tmux also keeps the text in its paste buffer, through ``tmux load-buffer``); where a desktop
clipboard tool exists (wl-copy, xclip, xsel, pbcopy) it is used too. :func:`copy_text` says where
the text went, for the message the user sees.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

TOOL_TIMEOUT = 2.0
"""Seconds a clipboard tool may take before it is given up (a stuck X server must not freeze the app)."""

DESKTOP_TOOLS: tuple[tuple[str, list[str], str], ...] = (
    ("WAYLAND_DISPLAY", ["wl-copy"], "the Wayland clipboard"),
    ("DISPLAY", ["xclip", "-selection", "clipboard"], "the X clipboard"),
    ("DISPLAY", ["xsel", "--clipboard", "--input"], "the X clipboard"),
    ("", ["pbcopy"], "the macOS clipboard"),
)


def osc52(text: str, env: Mapping[str, str]) -> str:
    """The escape sequence that asks the terminal to put ``text`` on the clipboard, wrapped for
    tmux (DCS passthrough, inner ESC doubled) or GNU screen when the reader runs inside one."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    sequence = f"\x1b]52;c;{payload}\x07"
    if env.get("TMUX"):
        return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    if env.get("STY") or env.get("TERM", "").startswith("screen"):
        return "\x1bP" + sequence + "\x1b\\"
    return sequence


def _run(command: list[str], text: str) -> bool:
    try:
        done = subprocess.run(
            command,
            input=text.encode("utf-8"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=TOOL_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def copy_text(text: str, write: Callable[[str], None] | None, env: Mapping[str, str] | None = None) -> str:
    """Put ``text`` on every clipboard within reach; return where it went ("" : nowhere).

    ``write`` sends raw bytes to the terminal (None: no terminal, as in a headless test)."""
    env = os.environ if env is None else env
    places: list[str] = []
    tmux = bool(env.get("TMUX")) and shutil.which("tmux") is not None
    if tmux and (_run(["tmux", "load-buffer", "-w", "-"], text) or _run(["tmux", "load-buffer", "-"], text)):
        places.append("the tmux paste buffer")
    for needed, command, name in DESKTOP_TOOLS:
        if (not needed or env.get(needed)) and shutil.which(command[0]) and _run(command, text):
            places.append(name)
            break
    if write is not None:
        write(osc52(text, env))
        through = ", through tmux" if env.get("TMUX") else ", through screen" if env.get("STY") else ""
        places.append(f"the terminal's clipboard (OSC 52{through})")
    return ", ".join(places)


def web_link(value: str) -> str | None:
    """``value`` when it is an http(s) link that can be opened, else None (an article's own text
    never gets a browser to open a file:, javascript: or custom-scheme address)."""
    value = value.strip()
    if any(not ch.isprintable() or ch.isspace() for ch in value):
        return None
    parts = urlsplit(value)
    return value if parts.scheme in {"http", "https"} and parts.netloc else None


def copy_for(app: Any, text: str) -> None:
    """Put ``text`` (on one line) on the clipboard for ``app``, in a thread, and say where it went."""
    from contextlib import suppress

    from warreader import analysis
    from warreader.ui.highlight import inert_line

    line = analysis.one_line(text)
    app._clipboard = line  # what app.clipboard gives (Textual's own copy_to_clipboard sets it too)
    driver = app._driver
    write = driver.write if driver is not None else None
    shown = line if len(line) <= 80 else line[:79] + "…"

    def copy() -> None:  # a clipboard tool may take a moment: never on the screen's thread
        where = copy_text(line, write)
        note = f"{inert_line(shown)}\n→ {where}" if where else inert_line(shown)
        with suppress(RuntimeError):  # the app has closed
            app.call_from_thread(app.notify, note, title="Copied", markup=False)

    app.run_worker(copy, name="copy", thread=True, exit_on_error=False)


def open_for(app: Any, url: str) -> None:
    """Open ``url`` (an http(s) link) in the browser for ``app``, in a thread; say so, or why not."""
    from contextlib import suppress

    from warreader.ui.highlight import inert_line

    link = web_link(url)
    if link is None:
        app.notify("This article has no web link to open.", title="Open link")
        return

    def open_it() -> None:
        import webbrowser

        try:
            opened = webbrowser.open(link, new=2)
        except webbrowser.Error:
            opened = False
        note = "Opened in the browser: " if opened else "No browser could be started here; the link is "
        with suppress(RuntimeError):
            app.call_from_thread(
                app.notify, note + inert_line(link), title="Open link", markup=False, timeout=8
            )

    app.run_worker(open_it, name="open-link", thread=True, exit_on_error=False)
