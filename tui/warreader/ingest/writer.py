"""Writing an index: sources, articles, mentions and forms, in the index's reading order.

Mentions and forms: a mention stores where it is (article, position, span), its group and
whether n / N stop at it; what it says is its *form*, shared by every mention that says the
same. Forms are never deleted, so a form's id stays valid in every process. A mention is stored
with the group its form had at the last regrouping (or a guess: a gazetteer place's group is its
key), so on a first build, too, few mentions change when the corpus is grouped.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from warreader.ingest.pool import words_in
from warreader.model import Article
from warreader.store.files import db_key
from warreader.store.index import Index
from warreader.store.schema import FormKey


def _guess_group(kind: str, key: str) -> str:
    """The group a mention of a form never grouped before will likely get (certain for a gazetteer place)."""
    if kind == "place":
        return "place:" + key
    return "speaker:" + key.removeprefix("person:").partition("|")[0]


def _stops(groups: Sequence[str | None], spans: Sequence[tuple[int, int]]) -> list[int]:
    """:func:`warreader.library.step_flags` of one article's mentions given their groups and spans."""
    reach: dict[str, int] = {}
    flags = []
    for grp, (start, end) in zip(groups, spans, strict=True):
        if not grp or start < reach.get(grp, -1):
            flags.append(0)
            continue
        reach[grp] = end
        flags.append(1)
    return flags


class Writer:
    """What one sync writes into ``index`` (its connection), with the forms it has seen."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.next_ord = -1
        """The reading position of the next article stored (-1: numbered at the end, :meth:`renumber`)."""
        self._forms: dict[FormKey, tuple[int, str]] | None = None
        """Form → (id, group of its mentions when last known), read when the first article is stored."""
        self._hints: dict[tuple[str, str], str] = {}
        """(kind, key) → the group of the forms with that kind and key when last known."""

    @property
    def conn(self) -> sqlite3.Connection:
        return self.index.conn

    def forget_forms(self) -> None:
        """The forms' groups changed (a regrouping): read them again when articles are next stored."""
        self._forms = None

    def bump(self) -> None:
        self.conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")
        self.index.set_meta("grouped", 0)

    def delete_sources(self, ids: Iterable[int]) -> None:
        for source_id in ids:
            self._delete_articles(source_id)
            self.conn.execute("DELETE FROM sources WHERE id=?", (source_id,))

    def _delete_articles(self, source_id: int) -> None:
        conn = self.conn
        rows = conn.execute("SELECT id, title, body FROM articles WHERE source_id=?", (source_id,)).fetchall()
        for article_id, title, body in rows:
            conn.execute(
                "INSERT INTO search(search, rowid, title, body) VALUES('delete', ?, ?, ?)",
                (article_id, title, body),
            )
            conn.execute("DELETE FROM mentions WHERE article_id=?", (article_id,))
            conn.execute("DELETE FROM dates WHERE article_id=?", (article_id,))
        conn.execute("DELETE FROM articles WHERE source_id=?", (source_id,))

    def store_source(self, result: Any, ord_: int) -> None:
        conn = self.conn
        problems = json.dumps([[p.path, p.message] for p in result.problems])  # ASCII: survives surrogates
        key = db_key(result.key)
        row = conn.execute("SELECT id FROM sources WHERE path=?", (key,)).fetchone()
        if row is not None:
            source_id = int(row[0])
            self._delete_articles(source_id)
            conn.execute(
                "UPDATE sources SET size=?, mtime_ns=?, hash=?, ord=?, problems=? WHERE id=?",
                (result.size, result.mtime_ns, result.hash, ord_, problems, source_id),
            )
        else:
            cursor = conn.execute(
                "INSERT INTO sources(path, size, mtime_ns, hash, ord, problems) VALUES (?, ?, ?, ?, ?, ?)",
                (key, result.size, result.mtime_ns, result.hash, ord_, problems),
            )
            source_id = int(cursor.lastrowid or 0)
        for pos, article in enumerate(result.articles):
            self._store_article(source_id, pos, article, self.next_ord)
            if self.next_ord >= 0:
                self.next_ord += 1

    def _store_article(self, source_id: int, pos: int, article: Article, ord_: int) -> None:
        conn = self.conn
        cursor = conn.execute(
            "INSERT INTO articles(source_id, pos, ord, path, title, date, language, source, url, body, words)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                source_id,
                pos,
                ord_,
                article.path,
                article.title,
                article.date.isoformat() if article.date else None,
                article.language,
                article.source,
                article.url,
                article.body,
                words_in(article.body),
            ),
        )
        article_id = int(cursor.lastrowid or 0)
        conn.execute(
            "INSERT INTO search(rowid, title, body) VALUES (?, ?, ?)",
            (article_id, article.title, article.body),
        )
        forms = self._forms if self._forms is not None else self._load_forms()
        language = article.language
        found = [
            forms.get((m.kind, m.text, m.key, language, m.detail))
            or self._add_form((m.kind, m.text, m.key, language, m.detail))
            for m in article.mentions
        ]
        flags = _stops([grp for _, grp in found], [(m.start, m.end) for m in article.mentions])
        conn.executemany(
            'INSERT INTO mentions(article_id, idx, ord, form, start, "end", grp, step)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (article_id, i, ord_, form, m.start, m.end, grp, flag)
                for i, (m, flag, (form, grp)) in enumerate(zip(article.mentions, flags, found, strict=True))
            ),
        )
        conn.executemany(
            'INSERT INTO dates(article_id, idx, text, start, "end", value) VALUES (?, ?, ?, ?, ?, ?)',
            (
                (article_id, i, d.text, d.start, d.end, d.value.isoformat() if d.value else None)
                for i, d in enumerate(article.dates)
            ),
        )

    def _load_forms(self) -> dict[FormKey, tuple[int, str]]:
        forms: dict[FormKey, tuple[int, str]] = {}
        hints: dict[tuple[str, str], str] = {}
        for form, kind, text, key, language, detail, grp in self.conn.execute(
            "SELECT id, kind, text, key, language, detail, grp FROM forms"
        ):
            forms[(kind, text, key, language, detail)] = (form, grp)
            hints[(kind, key)] = grp
        self._forms, self._hints = forms, hints
        return forms

    def _add_form(self, ident: FormKey) -> tuple[int, str]:
        """Store a form not seen before, with the group its mentions will likely get (a guess)."""
        kind, _, key, _, _ = ident
        guess = self._hints.get((kind, key)) or _guess_group(kind, key)
        conn = self.conn
        conn.execute(
            "INSERT INTO forms(kind, text, key, language, detail, grp) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (*ident, guess),
        )
        row = conn.execute(  # another process may have stored it first
            "SELECT id, grp FROM forms WHERE kind=? AND text=? AND key=? AND language=? AND detail=?", ident
        ).fetchone()
        found = (int(row[0]), str(row[1]))
        if self._forms is not None:
            self._forms[ident] = found
        return found

    def renumber(self) -> None:
        """Number the articles 0… in reading order (sources in order, articles in file order)."""
        conn = self.conn
        rows = conn.execute(
            "SELECT a.id, a.ord FROM articles a JOIN sources s ON s.id = a.source_id ORDER BY s.ord, a.pos"
        ).fetchall()
        changed = [(number, article_id) for number, (article_id, old) in enumerate(rows) if old != number]
        conn.executemany("UPDATE articles SET ord=? WHERE id=?", changed)
        conn.executemany("UPDATE mentions SET ord=? WHERE article_id=?", changed)


class Batches:
    """Stored batches grouped into transactions of about ``seconds`` each.

    A commit costs ~20 ms (the WAL write, the full-text index's new segment), about as much as
    storing a batch of 16 articles, so a first build commits once a second rather than once a
    batch; the first batch is committed at once (the app shows the articles stored so far).
    A batch that fails rolls back the uncommitted ones with it: their files are extracted again
    at the next sync. Leaving the ``with`` (extraction done, cancelled or failed) commits the rest.
    """

    def __init__(self, conn: sqlite3.Connection, seconds: float) -> None:
        self.conn = conn
        self.seconds = seconds
        self.committed = -float("inf")

    @contextlib.contextmanager
    def part(self) -> Iterator[None]:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        now = time.perf_counter()
        if now - self.committed >= self.seconds:
            self.conn.execute("COMMIT")
            self.committed = now

    def __enter__(self) -> Batches:
        return self

    def __exit__(self, *_: object) -> None:
        """Commit the batches stored since the last commit (a failed one has rolled back)."""
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")
