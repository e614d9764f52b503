"""Grouping the stored mentions of the whole corpus, and writing only what changed.

Grouping is corpus-wide but works on the forms (a few thousand, each with its count and first
position kept up to date as articles are stored and deleted), never on the mentions
(:func:`warreader.nlp.grouping.group_forms`). What is then rewritten follows the change, not the
corpus: the articles whose forms changed group (found in ``postings``) or whose exceptions
changed have their stops worked out again, and only the groups whose stops or forms changed have
their counts taken again; the others keep their stored row.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from warreader.ingest.writer import Writer, article_stops, gid_list
from warreader.store.packing import pack_ints, pack_stops, unpack_marks

POSITION = 4294967296
"""A mention's reading-order position: article ord * POSITION + mention index."""


def regroup(writer: Writer) -> None:
    """Group the stored mentions of the whole corpus again and store the groups (one transaction)."""
    with writer.index.transaction():
        _regroup(writer)


def _firsts(writer: Writer) -> list[tuple[Any, ...]]:
    """Every form with mentions: (id, kind, text, key, language, detail, grp, count, first position).

    A form's first mention is kept as (article id, idx); the articles stored since the last
    regrouping may hold an earlier one, and a form whose first article went is looked up again."""
    conn = writer.conn
    candidates: dict[int, tuple[int, int, int]] = {}  # form → (ord, idx, article id)
    in_fresh: Counter[int] = Counter()  # form → its mentions in those articles
    for article_id, ord_, marks in conn.execute(  # streamed: a first build has every article fresh
        "SELECT a.id, a.ord, a.marks FROM fresh f JOIN articles a ON a.id = f.article_id"
    ):
        forms_here = unpack_marks(marks)[0]
        in_fresh.update(forms_here)
        for idx, form in enumerate(forms_here):
            here = (ord_, idx, article_id)
            if form not in candidates or here < candidates[form]:
                candidates[form] = here
    forms: list[tuple[Any, ...]] = []
    updates: list[tuple[int, int, int]] = []
    for row in conn.execute(
        "SELECT f.id, f.kind, f.text, f.key, f.language, f.detail, f.grp, f.count, f.first_article,"
        " f.first_idx, a.ord FROM forms f LEFT JOIN articles a ON a.id = f.first_article WHERE f.count > 0"
    ).fetchall():
        form_id, first_article, first_idx, first_ord = row[0], row[8], row[9], row[10]
        current = (first_ord, first_idx, first_article) if first_ord is not None else None
        if current is None and in_fresh.get(form_id) != row[7]:  # else all its mentions are fresh:
            current = _first_of(writer, form_id)  # the first of them is its first (a first build)
        better = candidates.get(form_id)
        if better is not None and (current is None or better < current):
            current = better
        if current is None:
            current = (POSITION, 0, 0)
        if (current[2], current[1]) != (first_article, first_idx):
            updates.append((current[2], current[1], form_id))
        forms.append((*row[:8], current[0] * POSITION + current[1]))
    conn.executemany("UPDATE forms SET first_article=?, first_idx=? WHERE id=?", updates)
    return forms


def _first_of(writer: Writer, form_id: int) -> tuple[int, int, int] | None:
    row = writer.conn.execute(
        "SELECT a.id, a.ord, a.marks FROM postings p JOIN articles a ON a.id = p.article_id"
        " WHERE p.form=? AND a.ord >= 0 ORDER BY a.ord LIMIT 1",
        (form_id,),
    ).fetchone()
    if row is None:
        return None
    return (row[1], unpack_marks(row[2])[0].index(form_id), row[0])


def _regroup(writer: Writer) -> None:
    from warreader.nlp.grouping import CONTEXT, Form, group_forms

    conn = writer.conn
    stored = _firsts(writer)
    forms = [
        Form(kind, text, key, language, detail, count, first)
        for _, kind, text, key, language, detail, _, count, first in stored
    ]
    where: dict[int, tuple[int, int, int]] = {}  # position → (article id, idx, form) of context mentions

    def context_mentions() -> Iterator[tuple[int, str, str, str, str]]:
        wanted = {row[0]: row for row in stored if row[1] == "place" and row[3].startswith(CONTEXT)}
        ids = sorted(wanted)
        rows = []
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            for article_id, ord_, marks in conn.execute(
                "SELECT DISTINCT a.id, a.ord, a.marks FROM postings p JOIN articles a ON a.id = p.article_id"
                f" WHERE p.form IN ({','.join('?' * len(part))})",
                part,
            ).fetchall():
                for idx, form in enumerate(unpack_marks(marks)[0]):
                    if form in part:
                        rows.append((ord_ * POSITION + idx, article_id, idx, form))
        rows.sort()
        for position, article_id, idx, form in dict.fromkeys(rows):
            where[position] = (article_id, idx, form)
            _, _, text, key, language, detail, *_ = wanted[form]
            yield position, text, key, language, detail

    grouping = group_forms(forms, context_mentions)
    # Which forms changed group, which exceptions changed: the articles they are in.
    changed: dict[int, str] = {}
    for form, row in zip(forms, stored, strict=True):
        gid = grouping.by_key[(form.kind, form.key)]
        if row[6] != gid:
            changed[row[0]] = gid
    new_exceptions = {
        (article_id, idx): (form, gid)
        for position, gid in grouping.exceptions.items()
        for article_id, idx, form in [where[position]]
    }
    old_exceptions = {
        (article_id, idx): (form, grp)
        for article_id, idx, form, grp in conn.execute("SELECT article_id, idx, form, grp FROM exceptions")
    }
    affected = {key[0] for key in set(new_exceptions) ^ set(old_exceptions)} | {
        key[0] for key, value in new_exceptions.items() if old_exceptions.get(key, value) != value
    }
    ids = sorted(changed)
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        affected.update(
            row[0]
            for row in conn.execute(
                f"SELECT article_id FROM postings WHERE form IN ({','.join('?' * len(part))})", part
            )
        )
    groups_now = {row[0]: row[6] for row in stored}
    groups_then = dict(groups_now)
    groups_now.update(changed)
    conn.executemany(
        "UPDATE forms SET grp=? WHERE id=?", [(gid, form_id) for form_id, gid in changed.items()]
    )
    conn.execute("DELETE FROM exceptions")
    conn.executemany(
        "INSERT INTO exceptions(article_id, idx, form, grp) VALUES (?, ?, ?, ?)",
        [(a, i, form, gid) for (a, i), (form, gid) in new_exceptions.items()],
    )
    writer.forget_forms()  # read again (with the new groups) when articles are next stored
    with writer.deltas_summed():
        _restep(writer, sorted(affected), groups_then, groups_now, old_exceptions, new_exceptions)
    _write_groups(writer, grouping)
    conn.execute("DELETE FROM fresh")
    conn.execute("DELETE FROM deltas")
    writer.index.set_meta("grouped", 1)
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")


def _restep(
    writer: Writer,
    articles: list[int],
    then: dict[int, str],
    now: dict[int, str],
    old_exceptions: dict[tuple[int, int], tuple[int, str]],
    new_exceptions: dict[tuple[int, int], tuple[int, str]],
) -> set[int]:
    """Work out again where n / N stop in ``articles`` (their groups changed); the group ids touched."""
    conn = writer.conn
    touched: set[int] = set()
    exceptions: dict[int, tuple[list[tuple[int, str]], list[tuple[int, str]]]] = {}
    for (a, i), (_, grp) in old_exceptions.items():
        exceptions.setdefault(a, ([], []))[0].append((i, grp))
    for (a, i), (_, grp) in new_exceptions.items():
        exceptions.setdefault(a, ([], []))[1].append((i, grp))
    for start in range(0, len(articles), 500):
        part = articles[start : start + 500]
        for article_id, ord_, marks, stopped in conn.execute(
            f"SELECT id, ord, marks, stopped FROM articles WHERE id IN ({','.join('?' * len(part))})", part
        ).fetchall():
            if ord_ < 0:
                continue  # numbered (and given its stops) by the next renumbering
            forms, starts, ends = unpack_marks(marks)
            before = [then.get(f) for f in forms]
            after = [now.get(f) for f in forms]
            old_here, new_here = exceptions.get(article_id, ([], []))
            for i, grp in old_here:
                if i < len(before):  # else a damaged row, deleted now
                    before[i] = grp
            for i, grp in new_here:
                after[i] = grp
            old = {writer.gid(g): v for g, v in article_stops(before, starts, ends).items()}
            new = {writer.gid(g): v for g, v in article_stops(after, starts, ends).items()}
            kept = set(gid_list(stopped))
            gone = (kept | set(old)) - set(new)
            written = [
                (g, ord_, len(v), pack_stops(v)) for g, v in new.items() if g not in kept or old.get(g) != v
            ]
            replaced = writer.delete_stops(ord_, [*gone, *(row[0] for row in written)])
            conn.executemany("INSERT INTO stops(gid, ord, n, marks) VALUES (?, ?, ?, ?)", written)
            writer.count_change((g, n, 1) for g, _, n, _ in written)
            touched.update(replaced)
            touched.update(row[0] for row in written)
            if set(new) != kept:
                conn.execute(
                    "UPDATE articles SET stopped=? WHERE id=?",
                    (pack_ints(sorted(new)), article_id),
                )
    return touched


def _distinct_paths(writer: Writer) -> str:
    """ "1" when no two articles have one path (then a group's articles are counted by ``ord``)."""
    conn = writer.conn
    if writer.index.meta("distinct_paths") == "1":
        (twice,) = conn.execute(  # did an article stored since have the path of another?
            "SELECT EXISTS(SELECT 1 FROM fresh f JOIN articles a ON a.id = f.article_id"
            " JOIN articles b INDEXED BY articles_path ON b.path = a.path AND b.id <> a.id)"
        ).fetchone()
        return "0" if twice else "1"
    total, paths = conn.execute("SELECT count(*), count(DISTINCT path) FROM articles").fetchone()
    return str(int(total == paths))


def _write_groups(writer: Writer, grouping: Any) -> None:
    """Write the group rows that changed. A group's stops and articles are its stored counts and
    what was added to its stops since (``deltas``); a new group's are counted."""
    conn = writer.conn
    names = writer.names()
    stored = {row[0]: row for row in conn.execute("SELECT * FROM groups")}
    deltas = {gid: (steps, articles) for gid, steps, articles in conn.execute("SELECT * FROM deltas")}
    distinct = _distinct_paths(writer)
    again = writer.index.meta("distinct_paths") != distinct  # articles were counted the other way
    if again:
        writer.index.set_meta("distinct_paths", distinct)
    rows = []
    for g in grouping.groups.values():
        gid = names.get(g.id)
        old = stored.get(g.id)
        if gid is None:
            stats = (0, 0)
        elif old is not None and not again and (distinct == "1" or gid not in deltas):
            steps, articles = deltas.get(gid, (0, 0))
            stats = (old[5] + steps, old[6] + articles)
        elif distinct == "1":
            stats = conn.execute(
                "SELECT coalesce(sum(n), 0), count(*) FROM stops WHERE gid=?", (gid,)
            ).fetchone()
        else:
            stats = conn.execute(
                "SELECT coalesce(sum(s.n), 0), count(DISTINCT a.path) FROM stops s"
                " JOIN articles a INDEXED BY articles_ord ON a.ord = s.ord WHERE s.gid=?",
                (gid,),
            ).fetchone()
        row = (g.id, g.kind, g.name, json.dumps(g.variants, ensure_ascii=False), g.mentions, *stats, g.detail)
        if old != row:
            rows.append(row)
    conn.executemany("INSERT OR REPLACE INTO groups VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    gone = [(gid,) for gid in stored if gid not in grouping.groups]
    conn.executemany("DELETE FROM groups WHERE id=?", gone)
