"""An upgrade that changes extraction, on a database several machines index: the first run of the
new release extracts every stored article again from its stored body (another machine's too, no
file read), so no old-derivation mention is left beside new ones; an older client is then
refused in one line when it indexes (and at any write transaction), and may still read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from warreader.cli import main
from warreader.contract import library_to_json
from warreader.ingest.sync import sync
from warreader.library import Library, load_library
from warreader.model import Article
from warreader.store.index import Index
from warreader.store.pg.errors import StoreError
from warreader.store.pg.index import PgIndex
from warreader.store.pg.location import validate


def folders(tmp_path: Path) -> list[Path]:
    made = []
    for name, place in (("a", "Kharkiv"), ("b", "Lviv")):
        folder = tmp_path / name
        folder.mkdir()
        for n in range(4):
            (folder / f"{n}.txt").write_text(
                f"{place} {n}\n\nShelling hit {place} and Izium, said Oleh Syniehubov on day {n}.\n",
                encoding="utf-8",
            )
        made.append(folder)
    return made


def release(monkeypatch: pytest.MonkeyPatch, digest: str, *, new: bool) -> None:
    """Act as the release with extraction ``digest``; the new one no longer finds Izium."""
    import warreader.ingest.pool
    import warreader.ingest.sync
    import warreader.store.pg.index
    from warreader.nlp.pipeline import extract_article

    def extract(article: Article) -> None:
        extract_article(article)
        if new:
            article.mentions = [m for m in article.mentions if m.text != "Izium"]

    monkeypatch.setattr(warreader.ingest.sync, "derivation", lambda: digest)
    monkeypatch.setattr(warreader.store.pg.index, "derivation", lambda: digest)
    monkeypatch.setattr(warreader.ingest.pool, "extract_article", extract)


def index_into(url: str, folder: Path) -> None:
    index = PgIndex(validate(url))
    try:
        sync(index, [str(folder)], workers=1)
    finally:
        index.close()


def shown(index: Index) -> dict[str, Any]:
    """What a library over ``index`` shows (the index stays open)."""
    return library_to_json(Library.from_index(index))


def test_an_upgrade_extracts_every_machines_articles_again_and_older_clients_only_read(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = folders(tmp_path)
    release(monkeypatch, "v1", new=False)
    index_into(pg_url, first)
    index_into(pg_url, second)  # another machine's folder
    old = PgIndex(validate(pg_url))
    assert "Izium" in {m["text"] for a in shown(old)["articles"] for m in a["mentions"]}
    old.conn.derivation = "v1"  # a v1 process still running (as rederive sets it)

    release(monkeypatch, "v2", new=True)
    index_into(pg_url, first)  # only its own folder: the other machine's files are not here
    upgraded = PgIndex(validate(pg_url))
    lite = Index.for_paths([str(first), str(second)])
    sync(lite, [str(first), str(second)], workers=1)  # what v2 makes of both folders
    got, want = shown(upgraded), shown(lite)
    assert "Izium" not in {m["text"] for a in got["articles"] for m in a["mentions"]}
    assert got == want
    assert upgraded.meta("derivations") == '["v1", "v2"]'
    upgraded.close()

    # the v1 process that was running: its next write transaction is refused, nothing written
    with pytest.raises(StoreError) as caught, old.transaction():
        old.conn.execute("DELETE FROM articles")
    assert caught.value.problem.kind == "outdated" and not old.conn.in_transaction
    old.close()

    release(monkeypatch, "v1", new=False)  # an older client started now
    assert main(["index", "--db", pg_url, "-q", str(first)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "indexed by a newer warreader" in err and "upgrade warreader" in err, err
    reader = PgIndex(validate(pg_url))
    with pytest.raises(StoreError):  # any sync, not only the command's
        sync(reader, [str(first)], workers=1)
    reader.close()
    library = load_library([str(first)], location=validate(pg_url))  # reading works, as it is
    try:
        assert library_to_json(library) == want
        assert any("newer warreader" in p.message for p in library.problems)
    finally:
        library.close()

    release(monkeypatch, "v3", new=True)  # a newer release still: it upgrades again
    index_into(pg_url, second)
    checked = PgIndex(validate(pg_url))
    assert checked.meta("derivations") == '["v1", "v2", "v3"]' and shown(checked) == want
    checked.close()
