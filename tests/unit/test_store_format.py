"""The index's storage format 4 (issue 17): compact, migrated from format 3, regrouped incrementally."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_store import ARTICLES, in_memory, write_corpus

from pg_server import Backend
from warreader.contract import library_to_json
from warreader.ingest.sync import sync
from warreader.library import load_library
from warreader.store.files import index_path
from warreader.store.index import Index
from warreader.store.schema import SCHEMA_VERSION, connect
from warreader.store.state import StateStore

FORMAT_3 = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE sources(
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    hash TEXT NOT NULL,
    ord INTEGER NOT NULL,
    problems TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE articles(
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    ord INTEGER NOT NULL,
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT,
    language TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    body TEXT NOT NULL,
    words INTEGER NOT NULL
);
CREATE INDEX articles_ord ON articles(ord);
CREATE INDEX articles_source ON articles(source_id, pos);
CREATE INDEX articles_id_ord ON articles(id, ord);
CREATE TABLE mentions(
    article_id INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    ord INTEGER NOT NULL,
    form INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    grp TEXT,
    step INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY(article_id, idx)
) WITHOUT ROWID;
CREATE INDEX mentions_walk ON mentions(step, grp, ord, start);
CREATE INDEX mentions_form ON mentions(form, grp, ord, idx);
CREATE TABLE forms(
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    key TEXT NOT NULL,
    language TEXT NOT NULL,
    detail TEXT NOT NULL,
    grp TEXT NOT NULL,
    UNIQUE(kind, text, key, language, detail)
);
CREATE TABLE dates(
    article_id INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    value TEXT,
    PRIMARY KEY(article_id, idx)
) WITHOUT ROWID;
CREATE TABLE groups(
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    variants TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    steps INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    detail TEXT NOT NULL
) WITHOUT ROWID;
CREATE VIRTUAL TABLE search USING fts5(
    title, body, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
"""
"""The schema of format 3, as the release before issue 17 made it."""


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("WARREADER_CACHE_DIR", str(folder))
    monkeypatch.setenv("WARREADER_DATA_DIR", str(tmp_path / "data"))
    return folder


def make_format_3(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path)
    for statement in FORMAT_3.split(";\n"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("INSERT INTO meta VALUES ('schema', '3'), ('generation', '5'), ('grouped', '1')")
    conn.execute(
        "INSERT INTO articles(id, source_id, pos, ord, path, title, date, language, source, url, body, words)"
        " VALUES (1, 1, 0, 0, 'gone.txt', 'Old', NULL, 'en', '', '', 'An article of the old index.', 6)"
    )
    conn.close()


def test_a_format_3_index_is_rebuilt_in_one_line_and_the_state_is_untouched(tmp_path: Path) -> None:
    assert SCHEMA_VERSION == 4
    corpus = write_corpus(tmp_path / "corpus")
    paths = [str(corpus)]
    store = StateStore.default()
    store.state.bookmarks["some-article-key"] = "kyiv/one.txt"
    store.state.read["other-article-key"] = "kyiv/two.txt"
    store.save()
    state_file = store.path
    assert state_file is not None and state_file.exists()
    state_before = state_file.read_bytes()
    make_format_3(index_path(paths))
    done = subprocess.run(
        [sys.executable, "-m", "warreader", "index", "--quiet", str(corpus)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    told = [line for line in done.stderr.splitlines() if "replaced by format" in line]
    assert len(told) == 1 and told[0].endswith("index format 3 replaced by format 4: rebuilding")
    assert "Traceback" not in done.stderr
    index = Index(index_path(paths))
    assert index.meta("schema") == "4" and index.message == ""
    index.close()
    library = load_library(paths)
    assert library_to_json(library) == in_memory(paths)
    assert "gone.txt" not in [a.path for a in library.articles]
    library.close()
    assert state_file.read_bytes() == state_before


def test_bodies_are_stored_once_and_compressed(tmp_path: Path) -> None:
    corpus = write_corpus(
        tmp_path / "corpus", {f"a{n:03d}.txt": text for n, text in enumerate(ARTICLES.values())}
    )
    paths = [str(corpus)]
    library = load_library(paths)
    index = library.index
    assert index is not None
    tables = {row[0] for row in index.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "search_content" not in tables  # the full-text index keeps no copy of the text
    body = next(iter(ARTICLES.values()))
    (stored,) = index.conn.execute("SELECT body FROM articles WHERE ord=0").fetchone()
    assert isinstance(stored, bytes) and body.encode() not in stored
    assert index.article(0).body in body  # type: ignore[union-attr]
    assert index.search("Kharkiv overnight") == [0] and index.search("overnight Kharkiv") == []
    library.close()


def _log_writes(index: Index) -> None:
    """Note every group row and every stops row written from now on (temporary triggers)."""
    conn = index.conn
    conn.execute("CREATE TEMP TABLE written(what TEXT, name TEXT)")
    for event in ("INSERT", "UPDATE", "DELETE"):
        row = "OLD" if event == "DELETE" else "NEW"
        conn.execute(
            f"CREATE TEMP TRIGGER groups_{event} AFTER {event} ON main.groups"
            f" BEGIN INSERT INTO written VALUES ('group', {row}.id); END"
        )
        conn.execute(
            f"CREATE TEMP TRIGGER stops_{event} AFTER {event} ON main.stops BEGIN INSERT INTO written"
            f" SELECT 'stops', grp FROM main.names WHERE id = {row}.gid; END"
        )


def test_adding_a_file_rewrites_only_the_groups_its_mentions_touch(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    paths = [str(corpus)]
    load_library(paths).close()
    index = Index(index_path(paths))
    groups_before = {g[0]: g for g in index.groups()}
    assert len(groups_before) > 4
    _log_writes(index)
    (corpus / "zz").mkdir()
    (corpus / "zz" / "last.txt").write_text(
        "Night in Izium\n\nIn Izium the night was quiet, said Oleh Syniehubov.\n", encoding="utf-8"
    )
    report = sync(index, paths, workers=1)
    assert report.added == 1 and report.regrouped
    assert index.position(str(corpus / "zz" / "last.txt")) == index.article_count() - 1
    written = {(what, name) for what, name in index.conn.execute("SELECT what, name FROM written")}
    new_groups = {m.group for m in index.article(index.article_count() - 1).mentions}  # type: ignore[union-attr]
    assert new_groups == {"place:gn:707292", "speaker:sinehubov"}  # Izium, Syniehubov: known groups
    assert {name for what, name in written if what == "stops"} == new_groups
    assert {name for what, name in written if what == "group"} == new_groups
    assert all(g == groups_before[g[0]] for g in index.groups() if g[0] not in new_groups)
    index.close()
    library = load_library(paths)
    assert library_to_json(library) == in_memory(paths)
    library.close()


def test_bodies_after_the_first_ones_use_a_dictionary_learnt_from_them(
    backend: Backend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from warreader.ingest import writer

    monkeypatch.setattr(writer, "TRAIN_AT", 20)
    source = Path(__file__).resolve().parents[1] / "data" / "generated"
    corpus = tmp_path / "corpus"
    shutil.copytree(source, corpus)
    last = sorted(corpus.iterdir())[-1]
    kept = last.read_bytes()
    last.unlink()
    paths = [str(corpus)]
    backend.load(paths).close()
    index = backend.open(paths)  # a new process's view: the dictionary is read from the index
    assert index.conn.execute("SELECT count(*) FROM dicts").fetchone()[0] == 1
    numbers = {row[0][0] for row in index.conn.execute("SELECT body FROM articles")}
    assert numbers == {1}  # the bodies it learnt from were compressed with it too
    last.write_bytes(kept)  # a later sync stores a body with the stored dictionary
    assert sync(index, paths, workers=1).added == 1
    (body,) = index.conn.execute("SELECT body FROM articles ORDER BY id DESC LIMIT 1").fetchone()
    assert body[0] == 1
    index.close()
    library = backend.load(paths)
    assert library_to_json(library) == in_memory(paths)
    library.close()


def test_a_changed_file_leaves_no_trace_of_its_old_text_in_the_search_index(
    backend: Backend, tmp_path: Path
) -> None:
    import os

    corpus = write_corpus(tmp_path / "corpus")
    paths = [str(corpus)]
    backend.load(paths).close()
    index = backend.open(paths)
    assert index.search("morning") != []
    one = corpus / "kyiv" / "one.txt"
    before = one.stat().st_mtime_ns
    one.write_text(ARTICLES["kyiv/one.txt"].replace("morning", "dawn"), encoding="utf-8")
    os.utime(one, ns=(before + 10**9, before + 10**9))
    assert sync(index, paths, workers=1).changed == 1
    assert index.search("morning") == []
    assert index.search("by dawn") == [index.position(str(one))]
    if backend.name == "sqlite":
        assert index.conn.execute("SELECT rowid FROM search WHERE search MATCH 'morning'").fetchall() == []
        # (the body's words, not only the title's: a word of both goes with the title's)
        index.conn.execute("INSERT INTO search(search) VALUES ('integrity-check')")  # raises when damaged
    index.close()


def test_the_raw_mentions_of_groups_read_at_once_are_the_articles_mentions(
    backend: Backend, tmp_path: Path
) -> None:
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "generated", corpus)
    paths = [str(corpus)]
    backend.load(paths).close()
    index = backend.open(paths)
    with index.transaction():  # one mention put in another group, as context places can be
        (article_id,) = index.conn.execute("SELECT id FROM articles WHERE ord=3").fetchone()
        form = index.article(3).mentions[2]  # type: ignore[union-attr]
        (form_id,) = index.conn.execute(
            "SELECT id FROM forms WHERE text=? AND key=?", (form.text, form.key)
        ).fetchone()
        index.conn.execute(
            "INSERT INTO exceptions VALUES (?, 2, ?, 'place:elsewhere')", (article_id, form_id)
        )
    groups = sorted({g[0] for g in index.groups()} | {"place:elsewhere"})
    chosen = [*groups[::3], "place:elsewhere"]
    ords = list(range(index.article_count()))
    expected = sorted(
        (n, i, m.start, m.end, m.kind, m.text, m.group)
        for n in ords
        for i, m in enumerate(index.article(n).mentions)  # type: ignore[union-attr]
        if m.group in chosen
    )
    assert ("place:elsewhere" in {row[6] for row in expected}) and len(expected) > 100
    assert sorted(index.members(ords[::-1], chosen)) == expected
    assert index.members([], chosen) == [] and index.members(ords, []) == []
    index.close()


def test_many_articles_marks_unpack_as_each_does() -> None:
    import random

    from warreader.store.packing import pack_marks, unpack_many, unpack_marks

    rng = random.Random(11)
    blobs = []
    for _ in range(50):
        n = rng.choice([0, 1, 5, 40])
        starts = [rng.randint(0, 70_000) for _ in range(n)]  # not sorted: starts may go back
        ends = [s + rng.randint(0, 30) for s in starts]
        blobs.append(pack_marks([rng.randint(1, 70_000) for _ in range(n)], starts, ends))
    owner, index, form, start, end = unpack_many(blobs)
    expected = [
        (n, i, f, s, e)
        for n, blob in enumerate(blobs)
        for i, (f, s, e) in enumerate(zip(*unpack_marks(blob), strict=True))
    ]
    got = list(zip(owner.tolist(), index.tolist(), form.tolist(), start.tolist(), end.tolist(), strict=True))
    assert got == expected and len(expected) > 300
