"""Telegram Desktop channel exports ("Export chat history", machine-readable JSON) as articles.

An export is a folder holding ``result.json``: ``{"name", "type", "id", "messages": [...]}``.
A JSON file is taken for one when, before its ``"messages"`` key, it has a ``"type"`` that is a
Telegram chat type (``public_channel``, ``private_channel``, …) and a numeric ``"id"``, as Telegram
Desktop writes them at the top of the file; other JSON (without the chat ``id``) is read by
:mod:`warreader.corpus.jsonfile` as before.

One article per message:

- service messages (``"type": "service"``: pinned, joined, …) are skipped silently; messages
  without text (a photo, a file or a sticker alone) are skipped and counted in one line;
- the body is ``text_entities`` (else ``text``) joined in order; a ``link`` entity's URL and a
  ``text_link``'s ``href`` become the article's :attr:`~warreader.model.Article.links`, not body
  words (a ``text_link`` keeps its visible text in the body);
- the source is ``forwarded_from`` when the message is a forward, else the channel's ``name``;
- the date is the day of ``date`` (as the export writes it, the exporter's local time);
- the title is the message's first line with a letter or digit, shortened at a word;
- the URL is ``https://t.me/USERNAME/ID`` only when the export carries the channel's public
  username (a top-level ``username``, ``channel_username`` or ``link`` ``https://t.me/NAME``).
  Telegram Desktop's own single-chat export writes none, so its articles have no URL;
- the path is ``FILE#CHANNEL_ID:MESSAGE_ID``: its name (``result.json#CHANNEL_ID:MESSAGE_ID``,
  what read marks fall back on when the folder changes) depends on the channel and the message
  only, so a message keeps it in every later export.

Re-exporting: a message edited since keeps its path and the latest text wins (the version with
the latest ``edited_unixtime`` / ``date_unixtime``; on a tie, the newer export's). Telegram
Desktop puts each export in a new folder next to the others (``ChatExport_2026-12-01``,
``ChatExport_2026-12-07``); exports of one channel in folders named so, side by side, are read
as one source (folders named otherwise are each read on their own): :func:`merge_exports`
(called by discovery) keeps the newest ``result.json`` (by mtime) and the reader adds the older
exports' messages it lacks, so a re-export adds only the new messages. The reader finds those
older exports itself (it runs in a worker that knows only its file), so naming one
``ChatExport_…`` folder also reads the older exports of its channel beside it; the index notices
the newest file changing, not an older one.

The file is streamed (the standard library's ``raw_decode`` over a window of the file, one
message at a time), never held whole or parsed into one tree; what is kept per message is its
text, links and a few fields. A file damaged part way keeps the messages before the damage.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from warreader.corpus.build import new_article, shorten
from warreader.corpus.problem import Problem
from warreader.model import Article
from warreader.wording import counted

EXPORT_NAME = "result.json"
EXPORT_FOLDER = "ChatExport"
"""Telegram Desktop writes each export into a new folder ``ChatExport_DATE`` (`` (1)``, … on the same day)."""
CHAT_TYPES = frozenset(
    {
        "public_channel",
        "private_channel",
        "public_supergroup",
        "private_supergroup",
        "private_group",
        "personal_chat",
        "bot_chat",
        "saved_messages",
    }
)
HEAD_BYTES = 16_384
CHUNK = 1 << 20
"""Bytes read at a time: the window held is about one chunk plus the longest message."""

_HEAD_TYPE = re.compile(r'"type"\s*:\s*"([a-z_]+)"')
_HEAD_ID = re.compile(r'"id"\s*:\s*(-?\d{1,20})\b')
_WS = re.compile(r"[ \t\n\r]*")
_USERNAME = re.compile(r"@?([A-Za-z][A-Za-z0-9_]{3,31})")
_T_ME = re.compile(r"https?://t\.me/([A-Za-z][A-Za-z0-9_]{3,31})/?")
_SPACES = re.compile(r"[ \t]{2,}")
_WORDY = re.compile(r"[^\W_]")
_DECODER = json.JSONDecoder()


class Damaged(ValueError):
    """The file stops being JSON (or an export) at ``line``."""

    def __init__(self, reason: str, line: int) -> None:
        super().__init__(f"{reason} (line {line})")
        self.line = line


# -- recognising an export ----------------------------------------------------------------------


def channel_in_head(head: str) -> int | None:
    """The chat id of an export whose first bytes are ``head``; None: not a Telegram export."""
    cut = head.find('"messages"')
    top = head[:cut] if cut >= 0 else ""
    kind, ident = _HEAD_TYPE.search(top), _HEAD_ID.search(top)
    if not top.lstrip("\ufeff \t\r\n").startswith("{") or kind is None or ident is None:
        return None
    return int(ident.group(1)) if kind.group(1) in CHAT_TYPES else None


def _open(path: Path) -> IO[bytes] | None:
    """``path`` opened for reading when it is a regular file (never waits on a pipe), else None."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):
        return None
    file = os.fdopen(fd, "rb")
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return file
    except OSError:
        pass
    file.close()
    return None


def export_channel(path: Path) -> int | None:
    """The chat id when ``path`` is a Telegram export, else None (unreadable files too)."""
    file = _open(path)
    if file is None:
        return None
    with file:
        try:
            head = file.read(HEAD_BYTES)
        except OSError:
            return None
    return channel_in_head(head.decode("utf-8", "replace"))


def _mtime(path: Path) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def in_export_folder(path: Path) -> bool:
    """``path`` is a ``result.json`` in a folder named as Telegram Desktop names them (``ChatExport_…``)."""
    return path.name.lower() == EXPORT_NAME and path.parent.name.startswith(EXPORT_FOLDER)


def _older(path: Path, channel: int) -> list[Path]:
    """Other exports of ``channel`` in ``ChatExport_…`` folders next to ``path``'s that are older
    than it, newest first."""
    if not in_export_folder(path):
        return []
    own = (_mtime(path), str(path))
    try:
        neighbours = sorted(path.parent.parent.glob(f"{EXPORT_FOLDER}*/{EXPORT_NAME}"))
    except (OSError, ValueError):
        return []
    older = []
    for other in neighbours:
        if other.parent.name == path.parent.name or not in_export_folder(other):
            continue
        when = (_mtime(other), str(other))
        if when < own and export_channel(other) == channel:
            older.append((when, other))
    return [other for _, other in sorted(older, reverse=True)]


def merge_exports(found: list[Path | str], problems: list[Problem]) -> list[Path | str]:
    """``found`` with, of several exports of one channel in neighbouring folders, only the newest
    (the reader adds the older ones' messages to it); each one left out is said once."""
    exports: dict[tuple[str, int], list[Path]] = {}
    for source in found:
        if isinstance(source, Path) and in_export_folder(source):
            channel = export_channel(source)
            if channel is not None:
                where = os.path.realpath(source.parent.parent)
                exports.setdefault((where, channel), []).append(source)
    dropped: set[Path] = set()
    for paths in exports.values():
        if len(paths) > 1:
            newest = max(paths, key=lambda p: (_mtime(p), str(p)))
            for path in paths:
                if path != newest:
                    dropped.add(path)
                    problems.append(
                        Problem(str(path), f"an older export of the channel of {newest}: read with that one")
                    )
    return [source for source in found if source not in dropped] if dropped else found


# -- streaming the file -------------------------------------------------------------------------


class _Window:
    """The part of a JSON file being parsed: values decoded one at a time, the rest not yet read."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")("replace")
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.line = 1
        """The line ``buf`` starts on."""

    def more(self) -> bool:
        """Read the next chunk (dropping what was parsed); False at the end of the file."""
        if self.eof:
            return False
        try:
            data = self.file.read(CHUNK)
        except OSError as error:
            raise Damaged(f"unreadable ({error.strerror or error})", self.here()) from None
        if self.pos:
            self.line += self.buf.count("\n", 0, self.pos)
            self.buf, self.pos = self.buf[self.pos :], 0
        self.buf += self.decoder.decode(data, final=not data)
        self.eof = not data
        return True

    def here(self, pos: int | None = None) -> int:
        return self.line + self.buf.count("\n", 0, self.pos if pos is None else pos)

    def char(self) -> str:
        """The next character after white space ("" at the end)."""
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()  # type: ignore[union-attr]  # \s* always matches
            if self.pos < len(self.buf) or not self.more():
                return self.buf[self.pos : self.pos + 1]

    def take(self, expected: str, what: str) -> None:
        if self.char() != expected:
            found = self.buf[self.pos : self.pos + 1]
            raise Damaged(f"expected {what}, found {found!r}" if found else "cut short", self.here())
        self.pos += 1

    def value(self) -> Any:
        """The JSON value that starts here."""
        if not self.char():
            raise Damaged("cut short", self.here())
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as error:
                near_end = error.pos + 64 >= len(self.buf) or error.msg.startswith("Unterminated")
                if near_end and self.more():
                    continue  # the value goes on in the next chunk
                reason = error.msg.lower().removesuffix(" starting at")
                raise Damaged(reason, self.here(error.pos)) from None
            except RecursionError:
                raise Damaged("nested too deeply", self.here()) from None
            if end < len(self.buf) or not self.more():  # a number may go on in the next chunk
                self.pos = end
                return value


def parse_export(file: IO[bytes], on_message: Callable[[Any], None], meta: dict[str, Any]) -> None:
    """Stream an export: each message to ``on_message`` in file order, the other top-level fields
    into ``meta``. Raises :class:`Damaged` where the file stops being an export (``meta`` and the
    messages before that point are kept)."""
    window = _Window(file)
    window.take("{", "a JSON object")
    if window.char() == "}":
        return
    while True:
        key = window.value()
        if not isinstance(key, str):
            raise Damaged("expected a field name", window.here())
        window.take(":", "':'")
        if key == "messages" and window.char() == "[":
            window.pos += 1
            if window.char() == "]":
                window.pos += 1
            else:
                while True:
                    on_message(window.value())
                    after = window.char()
                    window.pos += 1
                    if after == "]":
                        break
                    if after != ",":
                        window.pos -= 1
                        window.take(",", "',' or ']' after a message")
        else:
            meta[key] = window.value()
        after = window.char()
        if after == "}":
            return
        window.take(",", "',' or '}'")


# -- messages -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Message:
    """What an article needs of one message."""

    id: int
    stamp: float
    """When this version was written (edited, else sent): the latest version wins."""
    day: dt.date | None
    text: str
    links: list[str] = field(default_factory=list)
    forwarded: str = ""


def message_text(message: dict[str, Any]) -> tuple[str, list[str]]:
    """The message's text (``text_entities``, else ``text``) and its link targets, in order."""
    parts = message.get("text_entities")
    if not isinstance(parts, list) or not parts:
        text = message.get("text")
        parts = text if isinstance(text, list) else [text]
    body: list[str] = []
    links: list[str] = []
    removed = False
    for part in parts:
        if isinstance(part, str):
            body.append(part)
            continue
        if not isinstance(part, dict):
            continue
        kind, text = part.get("type"), part.get("text")
        text = text if isinstance(text, str) else ""
        if kind == "link":
            if text.strip():
                links.append(text.strip())
            removed = True
            continue
        href = part.get("href")
        if kind == "text_link" and isinstance(href, str) and href.strip():
            links.append(href.strip())
        body.append(text)
    joined = "".join(body)
    if removed:
        joined = _SPACES.sub(" ", joined)
    return joined, list(dict.fromkeys(links))


def _number(value: Any) -> float:
    if isinstance(value, bool):
        return 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and value.strip().isdigit():
        return float(value)
    return 0.0


def _day(message: dict[str, Any]) -> dt.date | None:
    written = message.get("date")
    if isinstance(written, str):
        try:
            return dt.date.fromisoformat(written.strip()[:10])
        except ValueError:
            pass
    stamp = _number(message.get("date_unixtime"))
    if 0 < stamp < 7e9:
        return dt.datetime.fromtimestamp(stamp, dt.UTC).date()
    return None


class _Collector:
    """Messages of one or more exports of a channel, by id, the latest version of each."""

    def __init__(self) -> None:
        self.messages: dict[int, Message] = {}
        self.service = 0
        self.empty: set[int] = set()
        self.odd = 0

    def add(self, raw: Any) -> None:
        if not isinstance(raw, dict):
            self.odd += 1
            return
        ident = raw.get("id")
        if isinstance(ident, bool) or not isinstance(ident, int):
            self.odd += 1
            return
        if raw.get("type", "message") != "message":
            self.service += 1
            return
        stamp = _number(raw.get("edited_unixtime")) or _number(raw.get("date_unixtime"))
        old = self.messages.get(ident)
        if old is not None and old.stamp > stamp:  # a newer version of it is already here
            return
        text, links = message_text(raw)
        if not text.strip():
            if old is None:
                self.empty.add(ident)
            return
        self.empty.discard(ident)
        forwarded = raw.get("forwarded_from")
        self.messages[ident] = Message(
            ident, stamp, _day(raw), text, links, forwarded if isinstance(forwarded, str) else ""
        )


def _username(meta: dict[str, Any]) -> str:
    for key in ("username", "channel_username"):
        value = meta.get(key)
        if isinstance(value, str) and (match := _USERNAME.fullmatch(value.strip())):
            return match.group(1)
    link = meta.get("link")
    if isinstance(link, str) and (match := _T_ME.fullmatch(link.strip())):
        return match.group(1)
    return ""


def _title(text: str) -> str:
    for line in text.splitlines():
        if _WORDY.search(line):
            return shorten(" ".join(line.split()))
    return ""


def _read_into(collector: _Collector, file: IO[bytes]) -> tuple[dict[str, Any], Damaged | None]:
    meta: dict[str, Any] = {}
    try:
        parse_export(file, collector.add, meta)
    except Damaged as error:
        return meta, error
    return meta, None


def read_export(path: Path, problems: list[Problem], *, merge: bool = True) -> list[Article]:
    """Articles of the export ``path`` (with the older exports of its channel next to it, unless
    not ``merge``); what could not be read is said in ``problems``."""
    name = os.fspath(path)
    file = _open(path)
    if file is None:
        problems.append(Problem(name, "not a readable file"))
        return []
    with file:
        return export_articles(name, file, problems, older=None if merge else [], path=path)


def export_articles(
    name: str,
    file: IO[bytes],
    problems: list[Problem],
    *,
    older: Iterable[Path] | None = None,
    path: Path | None = None,
) -> list[Article]:
    """Articles of the export streamed from ``file`` (named ``name``), plus the messages of
    ``older`` exports (or of the older exports next to ``path``) that it lacks."""
    collector = _Collector()
    meta, damage = _read_into(collector, file)
    channel = meta.get("id")
    if damage is not None:
        read = len(collector.messages)
        kept = f"; {counted(read, 'message')} before it read" if read else ""
        problems.append(Problem(name, f"damaged Telegram export: {damage}{kept}"))
    if isinstance(channel, bool) or not isinstance(channel, int):
        if damage is None:
            problems.append(Problem(name, "not a Telegram export (no chat id)"))
        if not collector.messages:
            return []
        channel = 0
    newest = dict(collector.messages)
    sources = list(older) if older is not None else (_older(path, channel) if path is not None else [])
    for other in sources:
        more = _Collector()
        handle = _open(other)
        if handle is None:
            continue
        with handle:
            _, other_damage = _read_into(more, handle)
        if other_damage is not None:
            problems.append(Problem(str(other), f"damaged Telegram export: {other_damage}"))
        for ident, message in more.messages.items():
            if ident in collector.empty:  # the newest export has it without text now
                continue
            have = newest.get(ident)
            if have is None or message.stamp > have.stamp:
                newest[ident] = message
        collector.empty.update(i for i in more.empty if i not in newest)
    return _articles(name, channel, meta, newest, collector, problems, damaged=damage is not None)


def _articles(
    name: str,
    channel: int,
    meta: dict[str, Any],
    messages: dict[int, Message],
    collector: _Collector,
    problems: list[Problem],
    *,
    damaged: bool,
) -> list[Article]:
    channel_name = meta.get("name") if isinstance(meta.get("name"), str) else ""
    username = _username(meta)
    articles = []
    for ident in sorted(messages):
        message = messages[ident]
        article = new_article(
            f"{name}#{channel}:{ident}",
            message.text,
            problems,
            title=_title(message.text),
            date=message.day,
            source=message.forwarded or str(channel_name),
            url=f"https://t.me/{username}/{ident}" if username else "",
            links=message.links,
        )
        if article is not None:
            articles.append(article)
    notes = []
    empty = len(collector.empty - messages.keys())
    if empty:
        notes.append(f"{counted(empty, 'message')} without text (a photo, file or sticker alone) skipped")
    if collector.odd:
        notes.append(f"{counted(collector.odd, 'entry', 'entries')} that are not messages skipped")
    if not articles and not notes and not damaged:
        notes.append("no messages with text")
    if notes:
        problems.append(Problem(name, "; ".join(notes)))
    return articles
