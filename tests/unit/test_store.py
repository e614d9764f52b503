"""The persistent index: incremental updates, rebuilds, damage, concurrent writers, search, stepping."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pg_server import Backend
from warreader.contract import library_to_json
from warreader.corpus.reader import read_articles
from warreader.ingest.sync import sync
from warreader.library import Library, load_library
from warreader.nlp.pipeline import extract_all
from warreader.store.files import corpus_key, index_path
from warreader.store.index import Index
from warreader.store.schema import SCHEMA_VERSION

ARTICLES = {
    "kyiv/one.txt": " date 2022-10-06 \nShelling hit Kharkiv overnight. Governor Oleh Syniehubov said Kharkiv was "
    "calm by morning. Later Syniehubov said the city of Izium had power again.\n",
    "kyiv/two.txt": "A quiet day in Lviv\n\nNothing happened in Lviv today, said mayor Andriy Sadovyi. "
    "Residents of Lviv and Kharkiv waited.\n",
    "berlin/drei.txt": "Charkiw im Fokus\n\nIn Charkiw fielen Raketen, sagte Synjehubow. Auch in Lwiw gab es "
    "Alarm, sagte Selenskyj am Abend.\n",
    "stockholm/fyra.txt": "Läget i Charkiv\n\nI Charkiv föll raketer i natt, säger Oleh Synjehubov. "
    "Enligt Zelenskyj är läget i Kyiv lugnt.\n",
}


def write_corpus(root: Path, files: dict[str, str] | None = None) -> Path:
    for name, text in (files or ARTICLES).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("WARREADER_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


def in_memory(paths: list[str]) -> dict:
    problems: list = []
    articles = list(read_articles(paths, problems))
    return library_to_json(Library(articles, extract_all(articles), problems))


def touch_later(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


def test_index_gives_the_same_contract_as_extraction_in_memory(
    backend: Backend, corpus: Path, cache: Path
) -> None:
    library = backend.load([str(corpus)])
    assert library.index is not None
    if backend.name == "sqlite":
        assert library.index.path.parent.parent == cache
    assert library_to_json(library) == in_memory([str(corpus)])


def test_reopening_reads_the_index_not_the_files(backend: Backend, corpus: Path) -> None:
    backend.load([str(corpus)]).close()
    index = backend.open([str(corpus)])
    report = sync(index, [str(corpus)])
    assert (report.added, report.changed, report.removed, report.unchanged) == (0, 0, 0, 4)
    assert not report.regrouped
    assert index.complete


def test_added_changed_and_removed_files_are_reindexed(backend: Backend, corpus: Path) -> None:
    paths = [str(corpus)]
    backend.load(paths).close()
    (corpus / "kyiv" / "two.txt").unlink()
    touch_later(corpus / "berlin" / "drei.txt", "Odesa heute\n\nIn Odesa war es ruhig, sagte Selenskyj.\n")
    write_corpus(corpus, {"kyiv/zero.txt": "Mykolaiv\n\nRockets hit Mykolaiv, said Vitaliy Kim.\n"})
    # Same size and content but a new mtime: hashed, found unchanged, not extracted again.
    one = corpus / "kyiv" / "one.txt"
    touch_later(one, one.read_text(encoding="utf-8"))
    index = backend.open(paths)
    report = sync(index, paths)
    assert (report.added, report.changed, report.removed, report.unchanged) == (1, 1, 1, 2)
    assert report.regrouped
    library = Library.from_index(index)
    assert library_to_json(library) == in_memory(paths)
    names = [a.name for a in library.articles]
    assert names == ["drei.txt", "one.txt", "zero.txt", "fyra.txt"]
    assert "place:ctx:lviv" not in library.groups and not any(
        "Lviv" in g.variants for g in library.groups.values()
    )


def test_schema_change_rebuilds(corpus: Path) -> None:
    paths = [str(corpus)]
    load_library(paths).close()
    path = index_path(paths)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value='0' WHERE key='schema'")
    index = Index(path)
    assert "rebuilding" in index.message
    assert index.meta("schema") == str(SCHEMA_VERSION)
    assert index.article_count() == 0
    report = sync(index, paths)
    assert report.added == 4


def test_rebuild_flag_starts_over(backend: Backend, corpus: Path) -> None:
    paths = [str(corpus)]
    backend.load(paths).close()
    library = backend.load(paths, rebuild=True)
    assert len(library.articles) == 4
    assert library_to_json(library) == in_memory(paths)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty-header"])
def test_damaged_index_is_moved_aside_and_rebuilt(corpus: Path, damage: str) -> None:
    paths = [str(corpus)]
    library = load_library(paths)
    library.index.checkpoint()
    library.close()
    path = index_path(paths)
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"this is not a database at all" * 100)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2 + 100])
    else:
        path.write_bytes(b"\0" * len(data))
    library = load_library(paths)
    assert any("could not be read" in p.message for p in library.problems)
    assert list(path.parent.glob(path.name + ".damaged-*"))
    assert library_to_json(library) == in_memory(paths)


def test_full_text_search_finds_word_starts(backend: Backend, corpus: Path) -> None:
    library = backend.load([str(corpus)])
    names = lambda found: [library.articles[i].name for i in found]  # noqa: E731
    assert names(library.search("kharkiv")) == ["one.txt", "two.txt"]
    assert names(library.search("Kharkiv overnight")) == ["one.txt"]
    assert names(library.search("Chark")) == ["drei.txt", "fyra.txt"]
    assert library.search("Zaporizhzhia") == []
    assert library.search("…") is None  # nothing to look up: the caller scans


def test_search_in_an_index_built_before_its_order_index_works_and_the_next_sync_adds_it(
    corpus: Path,
) -> None:
    paths = [str(corpus)]
    index = Index.for_paths(paths)
    sync(index, paths)
    expected = index.search("kharkiv")
    index.conn.execute("DROP INDEX articles_id_ord")  # as an index made by an earlier release
    assert index.search("kharkiv") == expected  # found without it
    sync(index, paths)
    names = {row[0] for row in index.conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "articles_id_ord" in names
    assert index.search("kharkiv") == expected
    index.close()


def test_stepping_through_the_index_matches_memory(backend: Backend, corpus: Path) -> None:
    paths = [str(corpus)]
    indexed = backend.load(paths)
    problems: list = []
    articles = list(read_articles(paths, problems))
    memory = Library(articles, extract_all(articles))
    assert set(indexed.groups) == set(memory.groups)
    for group in memory.groups:
        assert indexed.mentions_of(group) == memory.mentions_of(group)
        assert indexed.mention_count(group) == len(memory.mentions_of(group))
        refs = memory.mentions_of(group)
        numbered = list(enumerate(refs, 1))
        for number, ref in [*numbered, *reversed(numbered), *numbered[::2]]:  # steps, back, jumps
            assert indexed.mention_number(ref) == (number, len(refs))
        for article in range(-1, len(articles) + 1):
            for offset in (-1, 0, 40, 10_000):
                for forward in (True, False):
                    assert indexed.step(group, article, offset, forward) == memory.step(
                        group, article, offset, forward
                    )


def test_a_corrected_view_over_the_index_shows_the_change_and_the_base_does_not(
    backend: Backend, corpus: Path
) -> None:
    from warreader.corrections import Correction, corrected

    library = backend.load([str(corpus)])
    kharkiv = next(g for g in library.groups.values() if g.name == "Kharkiv")
    first = library.step(kharkiv.id, -1, 0)
    assert first is not None
    path = library.articles[first.article].path
    spellings = {
        library.mention(r).text for r in library.mentions_of(kharkiv.id) if r.article == first.article
    }
    rules = [Correction("not-a-place", spelling=s, article=path) for s in sorted(spellings)]
    view, skipped = corrected(library, rules)
    assert not skipped
    assert all(ref.article != first.article for ref in view.mentions_of(kharkiv.id))
    step = view.step(kharkiv.id, -1, 0)
    assert step is None or step.article != first.article
    assert all(m.group != kharkiv.id for m in view.articles[first.article].mentions)
    assert library.step(kharkiv.id, -1, 0) == first  # the library it came from is unchanged
    assert any(m.group == kharkiv.id for m in library.articles[first.article].mentions)


def test_corpus_key_names_the_resolved_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (tmp_path / "link").symlink_to(feeds)
    monkeypatch.chdir(tmp_path)
    key = corpus_key(["feeds"])
    assert corpus_key(["./feeds"]) == key
    assert corpus_key([str(feeds)]) == key
    assert corpus_key(["sub/../feeds"]) == key
    assert corpus_key(["link"]) == key
    assert corpus_key([str(tmp_path / "other")]) != key
    assert corpus_key(["feeds", "/b"]) != corpus_key(["/b", "feeds"])
    assert index_path(["./feeds"]) == index_path([str(feeds)])  # 'index feeds', then './feeds': one file
    stdin, url = corpus_key(["-"]), corpus_key(["https://example.org/rss"])
    monkeypatch.chdir(feeds)
    assert corpus_key(["feeds"]) != key  # another folder of that name
    assert corpus_key(["../feeds"]) == key
    assert (corpus_key(["-"]), corpus_key(["https://example.org/rss"])) == (stdin, url)  # not folders


def test_an_index_kept_under_the_earlier_key_is_renamed_not_rebuilt(corpus: Path, cache: Path) -> None:
    from warreader.store.files import legacy_key

    sync(Index.for_paths([str(corpus)]), [str(corpus)])
    current = index_path([str(corpus)])
    legacy = current.with_name(legacy_key([str(corpus)]) + current.suffix)
    current.rename(legacy)
    index = Index.for_paths([str(corpus)])
    assert index.path == current and not legacy.exists()
    report = sync(index, [str(corpus)])
    assert report.added == 0 and report.unchanged == len([p for p in corpus.rglob("*") if p.is_file()])
    index.close()


def test_two_processes_indexing_the_same_corpus_do_not_corrupt_it(
    backend: Backend, corpus: Path, cache: Path
) -> None:
    script = textwrap.dedent(
        """
        import sys
        from warreader.ingest.sync import sync
        from warreader.store.index import Index
        if __name__ == "__main__":
            if len(sys.argv) > 2:
                from warreader.store.pg.index import PgIndex
                from warreader.store.pg.location import validate
                index = PgIndex(validate(sys.argv[2]), paths=[sys.argv[1]])
            else:
                index = Index.for_paths([sys.argv[1]])
            sync(index, [sys.argv[1]], workers=1)
            print(index.article_count())
        """
    )
    env = {**os.environ, "WARREADER_CACHE_DIR": str(cache)}
    db = [] if backend.location is None else [backend.location.url]
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(corpus), *db], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120)[0].strip() for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert outputs == ["4", "4"]
    if backend.location is None:
        with sqlite3.connect(index_path([str(corpus)])) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 4
    index = backend.open([str(corpus)])
    assert index.conn.execute("SELECT count(*), count(DISTINCT path) FROM articles").fetchone() == (4, 4)
    index.close()
    assert library_to_json(backend.load([str(corpus)])) == in_memory([str(corpus)])


def test_index_command_prints_progress_and_a_summary(backend: Backend, corpus: Path, cache: Path) -> None:
    env = {**os.environ, "WARREADER_CACHE_DIR": str(cache)}
    db = [] if backend.location is None else ["--db", backend.location.url]
    command = [sys.executable, "-m", "warreader", "index", *db]
    run = subprocess.run([*command, str(corpus)], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "indexing:" in run.stderr
    assert "4 articles indexed" in run.stderr and "4 files added" in run.stderr
    where = str(index_path([str(corpus)])) if backend.location is None else backend.location.shown
    assert run.stderr.rstrip().endswith(f"at {where}")
    same = subprocess.run([*command, str(corpus)], env=env, capture_output=True, text=True)
    assert same.returncode == 0 and "0 files added, 0 changed, 0 removed, 4 unchanged" in same.stderr
    again = subprocess.run([*command, "--rebuild", str(corpus)], env=env, capture_output=True, text=True)
    rebuilt = "4 files added" if backend.location is None else "4 changed"  # PostgreSQL: read again in place
    assert again.returncode == 0 and rebuilt in again.stderr


def test_indexes_unused_for_a_month_are_pruned_when_a_new_corpus_is_indexed(
    corpus: Path, cache: Path
) -> None:
    load_library([str(corpus)]).close()
    old = index_path([str(corpus)])
    month_ago = old.stat().st_mtime - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    other = write_corpus(corpus.parent / "other", {"a.txt": "Rockets hit Odesa, said Oleh Kiper."})
    load_library([str(other)]).close()
    assert not old.exists()
    assert index_path([str(other)]).exists()


def test_a_sync_commits_its_first_batch_at_once_then_about_once_a_second(tmp_path: Path) -> None:
    from warreader.ingest.writer import Batches
    from warreader.store.schema import connect

    path = tmp_path / "batches.sqlite3"
    writer = connect(path)
    writer.execute("CREATE TABLE t(x)")
    reader = connect(path)
    seen = lambda: reader.execute("SELECT count(*) FROM t").fetchone()[0]  # noqa: E731
    with Batches(writer, seconds=3600) as batches:
        with batches.part():
            writer.execute("INSERT INTO t VALUES (1)")
        assert seen() == 1  # the first batch: committed at once
        with batches.part():
            writer.execute("INSERT INTO t VALUES (2)")
        assert seen() == 1  # within the hour: kept in the open transaction
        with pytest.raises(RuntimeError), batches.part():
            writer.execute("INSERT INTO t VALUES (3)")
            raise RuntimeError("a batch fails")
        assert not writer.in_transaction  # rolled back with the uncommitted batch before it
        with batches.part():
            writer.execute("INSERT INTO t VALUES (4)")
        assert seen() == 1
    assert sorted(r[0] for r in reader.execute("SELECT x FROM t")) == [1, 4]  # leaving commits
    writer.close()
    reader.close()


def test_a_sync_keeps_what_it_stored_when_extraction_fails_later(
    backend: Backend, corpus: Path, monkeypatch
) -> None:
    import warreader.ingest.sync as pipeline

    stored = pipeline.extract_sources

    def failing(tasks, **options):  # type: ignore[no-untyped-def]
        for number, results in enumerate(stored(tasks, **{**options, "chunk": 1})):
            if number == 2:
                raise RuntimeError("a worker died")
            yield results

    monkeypatch.setattr(pipeline, "extract_sources", failing)
    index = backend.open([str(corpus)])
    with pytest.raises(RuntimeError):
        sync(index, [str(corpus)])
    assert not index.conn.in_transaction
    other = index.reopen()  # committed (to the build file, resumed next time), not only visible to the writer
    assert other.conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 2  # the two before it
    other.close()
    index.close()


def test_corrections_walk_only_the_groups_they_touch(
    backend: Backend, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12.4: a saved correction made every panel refresh walk every group through the index."""
    from warreader.corrections import Correction, corrected

    base = backend.load([str(corpus)])
    assert base.index is not None
    before = {g: base.mention_count(g) for g in base.groups}
    for index in range(len(base.articles)):
        base.articles[index]  # every article read
    speakers = sorted(g.id for g in base.groups.values() if g.kind == "speaker")
    gone, into = speakers[0], speakers[1]
    library, skipped = corrected(base, [Correction("merge", group=gone, into=into)])
    assert not skipped and library.index is not None
    walked: list[str] = []
    walk = library.index.walk
    monkeypatch.setattr(library.index, "walk", lambda group: walked.append(group) or walk(group))
    after = {g: library.mention_count(g) for g in library.groups}  # what the entity panel shows
    assert after == {g: n for g, n in before.items() if g not in (gone, into)} | {
        into: before[gone] + before[into]
    }
    untouched = [g for g in library.groups if g != into]
    for group in untouched:  # n / N and the status line's "mention i/n" of an untouched group
        ref = library.step(group, -1, 0)
        assert ref is not None and library.mention(ref).group == group
        assert library.mention_number(ref) == (1, after[group])
    assert walked == []
    fresh = backend.load([str(corpus)])
    for group in untouched:  # the same stops as an index that was never corrected
        assert [(r.article, library.mention(r).start) for r in library.mentions_of(group)] == [
            (r.article, fresh.mention(r).start) for r in fresh.mentions_of(group)
        ]


def test_a_checkpoint_never_waits_for_a_reader(corpus: Path) -> None:
    """A quitting app checkpoints its writer while the screen's connection may hold a snapshot:
    TRUNCATE used to wait the whole busy timeout (60 s) for that reader to finish."""
    import time

    sync(Index.for_paths([str(corpus)]), [str(corpus)])
    path = index_path([str(corpus)])
    writer, reader = Index(path), Index(path)
    try:
        rows = reader.conn.execute("SELECT id FROM articles")
        assert rows.fetchone() is not None  # a statement left open: its snapshot is held
        with writer.transaction():
            writer.set_meta("touched", "1")
        started = time.monotonic()
        writer.checkpoint()
        assert time.monotonic() - started < 10.0  # the busy timeout is 60 s
        assert writer.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 60_000
    finally:
        reader.close()
        writer.close()
