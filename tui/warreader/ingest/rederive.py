"""A shared database's articles extracted again after an upgrade, from the bodies it stores.

On SQLite an index whose extraction changed (:mod:`warreader.derivation`) is extracted again file
by file at the next sync. A PostgreSQL database holds every machine's folders, and a run can read
only its own, so the first run of a release whose extraction differs extracts every stored article
of the other folders again from its stored body (no file is read), in one transaction under the
index's lock, before it syncs its own folders (read again from the files, as on SQLite); its
grouping then sees the whole corpus extracted one way. The
database records the digests it has been extracted with, in order (``meta`` ``derivations``): a
client whose digest is an older one of these is refused at its next write transaction
(:class:`warreader.store.pg.dialect.PgConnection`), so no old-derivation mention is written after
the upgrade; it may still read.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from warreader.ingest.columns import columns_of
from warreader.ingest.pool import SourceTask, extract_sources
from warreader.ingest.writer import Writer
from warreader.model import Article, parse_iso
from warreader.store.index import Index

PAGE = 500
"""Sources whose articles are read, extracted and stored again at a time (their bodies in memory)."""


def rederive(
    index: Index, writer: Writer, derived: str, inside: Callable[[str], bool], workers: int | None = None
) -> int:
    """Bring a shared index to the extraction ``derived`` (this release's digest): when it was
    extracted otherwise and no run of this release has done it yet, every stored article outside
    this run's paths (``inside``: a stored source key is under them) is extracted again from its
    body; the run's own files are read again by its sync, as on SQLite (the database's
    ``derivation`` is still the old one until the sync ends). The articles done (0: none needed)."""
    conn: Any = index.conn  # a PgConnection
    conn.derivation = derived  # checked at every write transaction from now on
    if _history(index)[-1:] == [derived] and index.meta("derivation") == derived:
        return 0  # up to date (read without the lock: the usual case)
    with index.transaction():
        current, history = index.meta("derivation"), _history(index)
        (count,) = conn.execute("SELECT count(*) FROM articles").fetchone()
        done = 0
        if not count:  # nothing stored yet: nothing to mix (and a first build cut short resumes)
            index.set_meta("derivation", derived)
        elif current != derived and history[-1:] != [derived]:
            done = _extract_again(index, writer, inside, workers)
        if history[-1:] != [derived]:
            index.set_meta("derivations", json.dumps([*(d for d in history if d != derived), derived]))
        if done:
            writer.bump()
            index.message = index.message or (
                f"extraction has changed since this database was indexed: {done:,} stored articles of "
                "other folders extracted again from their stored text"
            )
    return done


def _history(index: Index) -> list[str]:
    """The digests the database was extracted with, the last the current one (an index made
    before they were recorded: its one digest)."""
    current = index.meta("derivation")
    found: list[str] = json.loads(index.meta("derivations") or "[]")
    return found or ([current] if current else [])


def _extract_again(index: Index, writer: Writer, inside: Callable[[str], bool], workers: int | None) -> int:
    conn = index.conn
    done, last = 0, 0
    writer.buffering = True
    try:
        while True:
            page = conn.execute(
                "SELECT id, path FROM sources WHERE id > ?"
                " AND EXISTS (SELECT 1 FROM articles WHERE source_id = sources.id) ORDER BY id LIMIT ?",
                (last, PAGE),
            ).fetchall()
            if not page:
                return done
            last = page[-1][0]
            ids = [source_id for source_id, path in page if not inside(path)]
            if not ids:
                continue
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
                marks = columns_of(result)  # from a worker: the mentions come in columns
                for (pos, ord_), article, words, mark in zip(
                    spots, result.articles, counts, marks, strict=True
                ):
                    writer._store_article(source_id, pos, article, ord_, mark, words)
                done += len(spots)
            writer.flush()
    finally:
        writer.buffering = False
