"""A shared database's articles extracted again after an upgrade, from the bodies it stores.

On SQLite an index whose extraction changed (:mod:`warreader.derivation`) is extracted again file
by file at the next sync. A PostgreSQL database holds every machine's folders, and a run can read
only its own, so the first run of a release whose extraction differs extracts *every* stored
article again from its stored body (no file is read), in one transaction under the index's lock,
before it syncs its own folders; its grouping then sees the whole corpus extracted one way. The
database records the digests it has been extracted with, in order (``meta`` ``derivations``): a
client whose digest is an older one of these is refused at its next write transaction
(:class:`warreader.store.pg.dialect.PgConnection`), so no old-derivation mention is written after
the upgrade; it may still read.
"""

from __future__ import annotations

import itertools
import json
from operator import itemgetter
from typing import Any

from warreader.ingest.pool import SourceTask, extract_sources
from warreader.ingest.writer import Writer
from warreader.model import Article, parse_iso
from warreader.store.index import Index

PAGE = 500
"""Sources whose articles are read, extracted and stored again at a time (their bodies in memory)."""


def rederive(index: Index, writer: Writer, derived: str, workers: int | None = None) -> int:
    """Bring a shared index to the extraction ``derived`` (this release's digest): every stored
    article extracted again when it was extracted otherwise; the articles done (0: none needed)."""
    conn: Any = index.conn  # a PgConnection
    conn.derivation = derived  # checked at every write transaction from now on
    with index.transaction():
        current = index.meta("derivation")
        history = json.loads(index.meta("derivations") or "[]") or ([current] if current else [])
        if current == derived and history[-1:] == [derived]:
            return 0
        (count,) = conn.execute("SELECT count(*) FROM articles").fetchone()
        done = _extract_again(index, writer, workers) if count and current != derived else 0
        index.set_meta("derivations", json.dumps([*(d for d in history if d != derived), derived]))
        index.set_meta("derivation", derived)
        if done:
            writer.bump()
            index.message = index.message or (
                f"extraction has changed since this database was indexed: {done:,} stored articles "
                "extracted again from their stored text"
            )
    return done


def _extract_again(index: Index, writer: Writer, workers: int | None) -> int:
    conn = index.conn
    done, last = 0, 0
    writer.buffering = True
    try:
        while True:
            ids = [
                row[0]
                for row in conn.execute(
                    "SELECT DISTINCT source_id FROM articles WHERE source_id > ? ORDER BY source_id LIMIT ?",
                    (last, PAGE),
                )
            ]
            if not ids:
                return done
            last = ids[-1]
            rows = conn.execute(
                "SELECT source_id, pos, ord, path, title, date, language, source, url, body FROM articles"
                f" WHERE source_id IN ({','.join('?' * len(ids))}) ORDER BY source_id, pos",
                ids,
            ).fetchall()
            tasks: list[SourceTask] = []
            places: list[tuple[int, list[tuple[int, int]]]] = []
            for source_id, found in itertools.groupby(rows, key=itemgetter(0)):
                here = list(found)
                articles = [
                    Article(path, title, parse_iso(date), language, index.body_text(body), source, url)
                    for _, _, _, path, title, date, language, source, url, body in here
                ]
                tasks.append(SourceTask(f"stored source {source_id}", articles=articles))
                places.append((source_id, [(row[1], row[2]) for row in here]))
            del rows
            results = (r for chunk in extract_sources(tasks, workers=workers) for r in chunk)
            del tasks
            for (source_id, spots), result in zip(places, results, strict=True):
                writer._delete_articles(source_id)
                counts: list[Any] = result.article_words or [None] * len(spots)
                for (pos, ord_), article, words in zip(spots, result.articles, counts, strict=True):
                    writer._store_article(source_id, pos, article, ord_, words)
                done += len(spots)
            writer.flush()
    finally:
        writer.buffering = False
