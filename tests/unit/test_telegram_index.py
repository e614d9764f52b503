"""A Telegram export in the index: one source, many articles; a re-export adds only the new messages,
keeps the old ones' names and their read marks. Exports are written here; the sentences are made up."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pg_server import Backend
from warreader.ingest.sync import sync
from warreader.library import load_library
from warreader.reading_marks import Marks
from warreader.store.index import Index
from warreader.store.state import StateStore

CHANNEL = 1555000111


def message(ident: int, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "type": "message",
        "date": f"2026-12-0{1 + ident % 7}T09:00:00",
        "date_unixtime": str(1764580000 + ident * 3600),
        "from": "Front Desk Test",
        "text": text,
        "text_entities": [{"type": "plain", "text": text}],
        **extra,
    }


FIRST = [
    {"id": 1, "type": "service", "date": "2026-11-30T08:00:00", "action": "create_channel", "text": ""},
    message(2, "Kharkiv: Governor Oleh Testenko said two districts were shelled overnight."),
    message(3, "Kupiansk: power is back in the centre, officials said."),
    message(4, "", photo="photos/photo_4.jpg"),
]
LATER = [
    message(5, "Izium: the new bridge opened to trucks on Monday."),
    message(6, "Lyman: residents were told to stay near shelters."),
]


def write(folder: Path, messages: list[dict[str, Any]], mtime: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "result.json"
    data = {"name": "Front Desk Test", "type": "public_channel", "id": CHANNEL, "messages": messages}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    os.utime(path, (mtime, mtime))
    return path


def names(index: Index) -> list[str]:
    rows = index.conn.execute("SELECT path FROM articles ORDER BY ord").fetchall()
    return [row[0].rsplit("/", 1)[-1] for row in rows]


def test_a_re_export_in_a_new_folder_adds_only_the_new_messages(tmp_path: Path, backend: Backend) -> None:
    corpus = tmp_path / "Telegram Desktop"
    write(corpus / "ChatExport_2026-12-01", FIRST, 1764600000)
    paths = [str(corpus)]
    index = backend.open(paths)
    first = sync(index, paths, workers=1)
    assert (first.added, first.articles) == (1, 2)
    before = names(index)
    assert before == [f"result.json#{CHANNEL}:2", f"result.json#{CHANNEL}:3"]

    write(corpus / "ChatExport_2026-12-07", FIRST + LATER, 1765100000)
    second = sync(index, paths, workers=1)
    assert (second.added, second.removed, second.articles) == (1, 1, 4)
    after = names(index)
    assert after[:2] == before and after[2:] == [f"result.json#{CHANNEL}:5", f"result.json#{CHANNEL}:6"]
    assert index.conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 1

    third = sync(index, paths, workers=1)
    assert (third.unchanged, third.added, third.changed, third.articles) == (1, 0, 0, 0)
    index.close()


def test_a_re_export_over_the_old_file_keeps_paths_and_reads_the_edit(
    tmp_path: Path, backend: Backend
) -> None:
    folder = tmp_path / "ChatExport_2026-12-01"
    path = write(folder, FIRST, 1764600000)
    paths = [str(tmp_path)]
    index = backend.open(paths)
    sync(index, paths, workers=1)
    edited = message(
        3, "Kupiansk: power is back in the whole town, officials said.", edited_unixtime="1764900000"
    )
    write(folder, [*FIRST[:2], edited, *LATER], 1765100000)
    report = sync(index, paths, workers=1)
    assert (report.changed, report.articles) == (1, 4)
    rows = [
        (path, index.body_text(body))  # bodies are stored compressed
        for path, body in index.conn.execute("SELECT path, body FROM articles ORDER BY ord")
    ]
    assert [p for p, _ in rows] == [f"{path}#{CHANNEL}:{i}" for i in (2, 3, 5, 6)]
    assert rows[1][1] == "Kupiansk: power is back in the whole town, officials said."
    index.close()


def test_read_marks_survive_a_re_export_into_a_new_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "exports"
    write(corpus / "ChatExport_2026-12-01", FIRST, 1764600000)
    store = StateStore.memory()
    library = load_library([corpus])
    marks = Marks(library, store)
    first = library.position(str(corpus / "ChatExport_2026-12-01" / "result.json") + f"#{CHANNEL}:2")
    assert first is not None
    marks.toggle("read", first, True)
    library.close()

    newer = write(corpus / "ChatExport_2026-12-07", FIRST + LATER, 1765100000)
    library = load_library([corpus])
    marks = Marks(library, store)
    moved = library.position(f"{newer}#{CHANNEL}:2")
    new = library.position(f"{newer}#{CHANNEL}:5")
    assert moved is not None and new is not None
    assert marks.has("read", moved, library.path_of(moved))
    assert not marks.has("read", new, library.path_of(new))
    library.close()
