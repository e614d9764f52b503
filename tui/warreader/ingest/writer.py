"""Writing an index: sources, articles, mentions and forms, in the index's reading order.

Mentions and forms: a mention stores where it is (article, position, span), its group and
whether n / N stop at it; what it says is its *form*, shared by every mention that says the
same. Forms are never deleted, so a form's id stays valid in every process. A mention is stored
with the group its form had at the last regrouping (or a guess: a gazetteer place's group is its
key), so on a first build, too, few mentions change when the corpus is grouped.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import operator
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from warreader.ingest.columns import Columns, columns_of
from warreader.ingest.pool import words_in
from warreader.model import Article
from warreader.store.files import db_key
from warreader.store.index import Index
from warreader.store.packing import (
    TRAIN_AT,
    pack_ints,
    pack_marks,
    pack_stops,
    train,
    unpack_ints,
    unpack_marks,
)
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


def article_stops(
    groups: Sequence[str | None], starts: Sequence[int], ends: Sequence[int]
) -> dict[str, list[tuple[int, int]]]:
    """Group → (start, mention index) of its stops in one article, in order of start: the
    mentions :func:`_stops` flags, worked out in the same pass (the main process of a first build
    runs this for every article)."""
    found: dict[str, list[tuple[int, int]]] = {}
    if all(map(operator.le, ends[:-1], starts[1:])):  # none overlaps (extraction's output): all stop
        for idx, grp in enumerate(groups):
            if grp:
                stops = found.get(grp)
                if stops is None:
                    found[grp] = [(starts[idx], idx)]
                else:
                    stops.append((starts[idx], idx))  # in order of start already
        return found
    reach: dict[str, int] = {}
    for idx, grp in enumerate(groups):
        if not grp:
            continue
        start = starts[idx]
        if start < reach.get(grp, -1):
            continue
        reach[grp] = ends[idx]
        stops = found.get(grp)
        if stops is None:
            found[grp] = [(start, idx)]
        else:
            stops.append((start, idx))
    for stops in found.values():
        if len(stops) > 1:
            stops.sort()
    return found


def gid_list(blob: bytes) -> list[int]:
    return unpack_ints(blob)


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
        self._names: dict[str, int] | None = None
        self._dict: int | None = None
        """The dictionary new bodies are compressed with (0: none yet), read when first needed."""
        self._stored = 0
        """Articles in the index while no dictionary is trained yet."""
        self.buffering = False
        """Articles' rows beside their own (counts, postings, stops) are kept until :meth:`flush`
        (a sync's :class:`Batches` flushes them right before each commit); else at once."""
        self._pending = Pending()
        self._summed: dict[int, list[int]] | None = None
        """Count changes kept back by :meth:`deltas_summed` (None: written at once)."""

    @property
    def conn(self) -> sqlite3.Connection:
        return self.index.conn

    def flush(self) -> None:
        """Write the rows kept back by :attr:`buffering` (in this transaction: before its commit)."""
        pending, self._pending = self._pending, Pending()
        pending.write(self.conn)

    def discard(self) -> None:
        """The transaction rolled back: the rows kept back for it go with it."""
        self._pending = Pending()

    def forget_forms(self) -> None:
        """The forms' groups changed (a regrouping): read them again when articles are next stored."""
        self._forms = None

    def bump(self) -> None:
        self.conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")
        self.index.set_meta("grouped", 0)

    # -- group ids of the stops table ---------------------------------------------------

    def names(self) -> dict[str, int]:
        if self._names is None:
            self._names = {grp: gid for gid, grp in self.conn.execute("SELECT id, grp FROM names")}
        return self._names

    def gid(self, grp: str) -> int:
        names = self.names()
        found = names.get(grp)
        if found is None:
            self.conn.execute("INSERT INTO names(grp) VALUES (?) ON CONFLICT DO NOTHING", (grp,))
            found = int(self.conn.execute("SELECT id FROM names WHERE grp=?", (grp,)).fetchone()[0])
            names[grp] = found
        return found

    def count_change(self, changes: Iterable[tuple[int, int, int]]) -> None:
        """(group id, stops, articles) added to a group's stops since the groups were counted
        (summed in memory inside :meth:`deltas_summed`)."""
        summed = self._summed
        if summed is None:
            self._write_deltas(changes)
            return
        for gid, steps, articles in changes:
            found = summed.get(gid)
            if found is None:
                summed[gid] = [steps, articles]
            else:
                found[0] += steps
                found[1] += articles

    def _write_deltas(self, changes: Iterable[tuple[int, int, int]]) -> None:
        self.conn.executemany(
            "INSERT INTO deltas(gid, steps, articles) VALUES (?, ?, ?) ON CONFLICT(gid) DO UPDATE"
            " SET steps = deltas.steps + excluded.steps, articles = deltas.articles + excluded.articles",
            changes,
        )

    @contextlib.contextmanager
    def deltas_summed(self) -> Iterator[None]:
        """Within this block the groups' count changes are summed and written once, at its end:
        numbering or restepping 100k articles changed the same few hundred ``deltas`` rows once an
        article each, and in one PostgreSQL transaction each change of a row steps over every
        earlier version of it (the 100k team ingest spent over 26 minutes there). Nothing reads
        ``deltas`` inside the block."""
        if self._summed is not None:
            yield
            return
        self._summed = {}
        try:
            yield
            summed = self._summed
        finally:
            self._summed = None
        self._write_deltas((gid, steps, articles) for gid, (steps, articles) in sorted(summed.items()))

    def write_stops(self, article_id: int, ord_: int, stops: dict[str, list[tuple[int, int]]]) -> None:
        """Store the stops of an article numbered ``ord_`` that has none stored."""
        rows = [(self.gid(grp), ord_, len(found), pack_stops(found)) for grp, found in stops.items()]
        self.conn.executemany("INSERT OR REPLACE INTO stops(gid, ord, n, marks) VALUES (?, ?, ?, ?)", rows)
        self.count_change((gid, n, 1) for gid, _, n, _ in rows)
        self.conn.execute(
            "UPDATE articles SET stopped=? WHERE id=?",
            (pack_ints(sorted(r[0] for r in rows)), article_id),
        )

    def delete_stops(self, ord_: int, gids: Iterable[int]) -> dict[int, int]:
        """Delete the stops of ``gids`` in article ``ord_``; gid → how many there were."""
        gone = {}
        for gid in gids:
            row = self.conn.execute(
                "DELETE FROM stops WHERE gid=? AND ord=? RETURNING n", (gid, ord_)
            ).fetchone()
            if row is not None:
                gone[gid] = int(row[0])
        self.count_change((gid, -n, -1) for gid, n in gone.items())
        return gone

    def groups_of(self, article_id: int, forms: Sequence[int]) -> list[str]:
        """The group of each mention of an article, from its forms' groups and its exceptions."""
        grps = (
            dict(
                self.conn.execute(
                    f"SELECT id, grp FROM forms WHERE id IN ({','.join('?' * len(set(forms)))})",
                    list(set(forms)),
                ).fetchall()
            )
            if forms
            else {}
        )
        found = [grps[f] for f in forms]
        for idx, grp in self.conn.execute(
            "SELECT idx, grp FROM exceptions WHERE article_id=?", (article_id,)
        ):
            found[idx] = grp
        return found

    # -- articles -----------------------------------------------------------------------

    def delete_sources(self, ids: Iterable[int]) -> None:
        for source_id in ids:
            self._delete_articles(source_id)
            self.conn.execute("DELETE FROM sources WHERE id=?", (source_id,))

    def _delete_articles(self, source_id: int) -> None:
        conn = self.conn
        rows = conn.execute(
            "SELECT id, ord, title, body, marks, stopped FROM articles WHERE source_id=?", (source_id,)
        ).fetchall()
        for article_id, ord_, title, body, marks, stopped in rows:
            self.index.drop_text(article_id, title, body)
            forms = Counter(unpack_marks(marks)[0])
            conn.executemany(
                "UPDATE forms SET count = count - ? WHERE id=?", [(n, f) for f, n in forms.items()]
            )
            conn.executemany(
                "DELETE FROM postings WHERE form=? AND article_id=?", [(f, article_id) for f in forms]
            )
            conn.execute(
                "UPDATE forms SET first_article=NULL, first_idx=NULL WHERE first_article=?", (article_id,)
            )
            if ord_ >= 0:
                self.delete_stops(ord_, gid_list(stopped))
            conn.execute("DELETE FROM exceptions WHERE article_id=?", (article_id,))
            conn.execute("DELETE FROM fresh WHERE article_id=?", (article_id,))
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
        elsewhere = getattr(self.index, "stored_elsewhere", None)  # PostgreSQL: keyed by content too
        if elsewhere is not None and elsewhere(result.hash, source_id):
            return  # the same file under another path holds these articles
        counts = getattr(result, "article_words", None) or [None] * len(result.articles)
        columns = columns_of(result)
        for pos, (article, words, marks) in enumerate(zip(result.articles, counts, columns, strict=True)):
            self._store_article(source_id, pos, article, self.next_ord, marks, words)
            if self.next_ord >= 0:
                self.next_ord += 1

    def _dictionary(self) -> int:
        """The dictionary to compress the next body with; trained once :data:`TRAIN_AT` bodies are stored."""
        if self._dict is None:
            row = self.conn.execute("SELECT max(id) FROM dicts").fetchone()
            self._dict = int(row[0] or 0)
            if self._dict and not self.index.codec.known(self._dict):
                (data,) = self.conn.execute("SELECT data FROM dicts WHERE id=?", (self._dict,)).fetchone()
                self.index.codec.learn(self._dict, bytes(data))
            if not self._dict:
                self._stored = int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        if self._dict or self._stored < TRAIN_AT:
            self._stored += 1
            return self._dict
        index, conn = self.index, self.conn
        rows = conn.execute("SELECT id, body FROM articles ORDER BY id LIMIT ?", (TRAIN_AT * 2,)).fetchall()
        data = train([index.body_text(body) for _, body in rows])
        if data is None:  # too little text to learn from: try again much later
            self._stored = -10 * TRAIN_AT
            return 0
        number = int(conn.execute("INSERT INTO dicts(data) VALUES (?)", (data,)).lastrowid or 0)
        self._dict = number
        index.codec.learn(number, data)
        conn.executemany(  # the bodies it learnt from, compressed with it
            "UPDATE articles SET body=? WHERE id=?",
            [(index.codec.pack(index.body_text(body), number), article_id) for article_id, body in rows],
        )
        return number

    def _store_article(
        self, source_id: int, pos: int, article: Article, ord_: int, marks: Columns, words: int | None = None
    ) -> None:
        conn = self.conn
        forms = self._forms if self._forms is not None else self._load_forms()
        kinds, texts, keys, details, starts, ends, dates = marks
        add = self._add_form
        found = [
            forms.get(form) or add(form)
            for form in zip(kinds, texts, keys, itertools.repeat(article.language), details)
        ]
        ids = [form for form, _ in found]
        stops: list[tuple[int, int, int, bytes]] = []
        stopped = b""
        if ord_ >= 0:  # numbered now (a first build): its stops are known, stored with it
            names = self.names()
            stops = [
                (names.get(grp) or self.gid(grp), ord_, len(here), pack_stops(here))
                for grp, here in article_stops([grp for _, grp in found], starts, ends).items()
            ]
            stopped = pack_ints(sorted(row[0] for row in stops))
        cursor = conn.execute(
            "INSERT INTO articles(source_id, pos, ord, path, title, date, language, source, url, body, words,"
            " marks, dates, stopped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                self.index.codec.pack(article.body, self._dictionary()),
                words_in(article.body) if words is None else words,
                pack_marks(ids, starts, ends),
                dates,
                stopped,
            ),
        )
        article_id = int(cursor.lastrowid or 0)
        self.index.add_text(article_id, article.title, article.body, article.language)
        self._pending.add(article_id, ids, stops)
        if not self.buffering:
            self.flush()

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

    def _appended(self) -> list[tuple[int, int, int]] | None:
        """The numbers of the articles not numbered yet when they all come after the numbered ones,
        else None (the numbered ones are then read too)."""
        conn = self.conn
        count, top = conn.execute("SELECT count(*), max(ord) FROM articles WHERE ord >= 0").fetchone()
        if count and count != top + 1:
            return None  # some went: the ones after them move up
        waiting = conn.execute(
            "SELECT s.ord, a.pos, a.id FROM articles a INDEXED BY articles_ord"
            " JOIN sources s ON s.id = a.source_id WHERE a.ord < 0 ORDER BY s.ord, a.pos"
        ).fetchall()
        if count and waiting:
            last = conn.execute(
                "SELECT s.ord, a.pos FROM articles a INDEXED BY articles_ord"
                " JOIN sources s ON s.id = a.source_id WHERE a.ord = ?",
                (top,),
            ).fetchone()
            if tuple(waiting[0][:2]) <= tuple(last):
                return None
        return [(count + n, article_id, -1) for n, (_, _, article_id) in enumerate(waiting)]

    def renumber(self, kept_order: bool = False) -> None:
        """Number the articles 0… in reading order (sources in order, articles in file order).

        ``kept_order``: no source holding numbered articles changed its place, so when the articles
        not numbered yet all come last (files added at the end) only they are read. The stops of
        an article that moved move with it; an article numbered for the first time gets its stops.
        When articles kept change their order, the forms' first mentions are looked up again at
        the next regrouping."""
        conn = self.conn
        changed = self._appended() if kept_order else None
        if changed is None:
            rows = conn.execute(
                "SELECT a.id, a.ord FROM articles a JOIN sources s ON s.id = a.source_id"
                " ORDER BY s.ord, a.pos"
            ).fetchall()
            changed = [
                (number, article_id, old) for number, (article_id, old) in enumerate(rows) if old != number
            ]
            kept = [old for _, old in rows if old >= 0]
            if any(b < a for a, b in itertools.pairwise(kept)):
                conn.execute("UPDATE forms SET first_article=NULL, first_idx=NULL")
        if not changed:
            return
        moved: list[tuple[int, int, int, bytes]] = []
        new: list[tuple[int, int]] = []
        for number, article_id, old in changed:
            if old < 0:
                new.append((article_id, number))
                continue
            (stopped,) = conn.execute("SELECT stopped FROM articles WHERE id=?", (article_id,)).fetchone()
            for gid in gid_list(stopped):
                row = conn.execute(
                    "DELETE FROM stops WHERE gid=? AND ord=? RETURNING n, marks", (gid, old)
                ).fetchone()
                if row is not None:
                    moved.append((gid, number, row[0], row[1]))
        conn.executemany("INSERT OR REPLACE INTO stops(gid, ord, n, marks) VALUES (?, ?, ?, ?)", moved)
        conn.executemany("UPDATE articles SET ord=? WHERE id=?", [(number, a) for number, a, _ in changed])
        with self.deltas_summed():
            for article_id, number in new:
                (marks,) = conn.execute("SELECT marks FROM articles WHERE id=?", (article_id,)).fetchone()
                forms, starts, ends = unpack_marks(marks)
                self.write_stops(
                    article_id, number, article_stops(self.groups_of(article_id, forms), starts, ends)
                )


class Batches:
    """Stored batches grouped into transactions of about ``seconds`` each.

    A commit costs ~20 ms (the WAL write, the full-text index's new segment), about as much as
    storing a batch of 16 articles, so a first build commits once a second rather than once a
    batch; the first batch is committed at once (the app shows the articles stored so far).
    A batch that fails rolls back the uncommitted ones with it: their files are extracted again
    at the next sync. Leaving the ``with`` (extraction done, cancelled or failed) commits the rest.
    """

    def __init__(self, conn: sqlite3.Connection, seconds: float, writer: Writer | None = None) -> None:
        self.conn = conn
        self.seconds = seconds
        self.committed = -float("inf")
        self.writer = writer
        """Its rows kept back (:attr:`Writer.buffering`) are written before each commit."""
        if writer is not None:
            writer.buffering = True

    @contextlib.contextmanager
    def part(self) -> Iterator[None]:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            now = time.perf_counter()
            if now - self.committed >= self.seconds:
                self._commit()
                self.committed = now
        except BaseException:
            self._roll_back()
            raise

    def _roll_back(self) -> None:
        """Drop what the batches since the last commit stored, kept side rows too."""
        if self.writer is not None:
            self.writer.discard()
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def _commit(self) -> None:
        if self.writer is not None:
            self.writer.flush()
        self.conn.execute("COMMIT")

    def __enter__(self) -> Batches:
        return self

    def __exit__(self, *_: object) -> None:
        """Commit the batches stored since the last commit (a failed one has rolled back)."""
        try:
            if self.conn.in_transaction:
                self._commit()
        except BaseException:
            self._roll_back()
            raise
        finally:
            if self.writer is not None:
                self.writer.buffering = False


class Pending:
    """What stored articles add beside their own rows, kept to be written at once: form counts and
    group deltas summed over the articles, postings and stops sorted by their keys (B-tree pages
    in order, one statement each instead of several per article)."""

    __slots__ = ("counts", "deltas", "fresh", "postings", "stops")

    def __init__(self) -> None:
        self.counts: Counter[int] = Counter()
        self.postings: list[tuple[int, int]] = []
        self.fresh: list[tuple[int]] = []
        self.stops: list[tuple[int, int, int, bytes]] = []
        self.deltas: dict[int, list[int]] = {}

    def add(self, article_id: int, forms: Sequence[int], stops: list[tuple[int, int, int, bytes]]) -> None:
        counts = Counter(forms)
        self.counts.update(counts)
        self.postings.extend((form, article_id) for form in counts)
        self.fresh.append((article_id,))
        self.stops.extend(stops)
        deltas = self.deltas
        for gid, _, n, _ in stops:
            found = deltas.get(gid)
            if found is None:
                deltas[gid] = [n, 1]
            else:
                found[0] += n
                found[1] += 1

    def write(self, conn: sqlite3.Connection) -> None:
        if self.counts:
            conn.executemany(
                "UPDATE forms SET count = count + ? WHERE id=?",
                [(n, f) for f, n in sorted(self.counts.items())],
            )
        self.postings.sort()
        conn.executemany("INSERT OR IGNORE INTO postings(form, article_id) VALUES (?, ?)", self.postings)
        conn.executemany("INSERT OR IGNORE INTO fresh(article_id) VALUES (?)", self.fresh)
        self.stops.sort(key=lambda row: row[:2])
        conn.executemany("INSERT OR REPLACE INTO stops(gid, ord, n, marks) VALUES (?, ?, ?, ?)", self.stops)
        conn.executemany(
            "INSERT INTO deltas(gid, steps, articles) VALUES (?, ?, ?) ON CONFLICT(gid) DO UPDATE"
            " SET steps = deltas.steps + excluded.steps, articles = deltas.articles + excluded.articles",
            [(gid, steps, articles) for gid, (steps, articles) in sorted(self.deltas.items())],
        )
