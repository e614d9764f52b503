"""Grouping the stored mentions of the whole corpus, and writing only what changed.

Regrouping counts the few thousand forms with one scan of an index instead of reading every
mention (:func:`warreader.nlp.grouping.group_forms`) and writes only the mentions whose group
changed. ``mentions.step`` follows from the groups of one article's mentions and is computed
again only for articles whose groups changed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator

from warreader.ingest.writer import Writer


def regroup(writer: Writer) -> None:
    """Group the stored mentions of the whole corpus again and store the groups (one transaction)."""
    with writer.index.transaction():
        _regroup(writer)


def _regroup(writer: Writer) -> None:
    from warreader.nlp.grouping import CONTEXT, Form, group_forms

    conn = writer.conn
    # Every form with its count, first position and the groups its mentions have now (one
    # scan of the mentions_form index, no table rows read).
    counted: dict[int, tuple[int, int, set[str | None]]] = {}  # id → count, first, groups
    for form_id, grp, count, first in conn.execute(
        "SELECT form, grp, count(*), min(ord * 4294967296 + idx) FROM mentions GROUP BY form, grp"
    ):
        known = counted.get(form_id)
        if known is None:
            counted[form_id] = (count, first, {grp})
        else:
            known[2].add(grp)
            counted[form_id] = (known[0] + count, min(known[1], first), known[2])
    forms: list[Form] = []
    stored: list[tuple[int, str, set[str | None]]] = []  # form id, hint, groups of its mentions
    for form_id, kind, text, key, language, detail, hint in conn.execute(
        "SELECT id, kind, text, key, language, detail, grp FROM forms"
    ):
        if form_id in counted:
            count, first, groups = counted[form_id]
            forms.append(Form(kind, text, key, language, detail, count, first))
            stored.append((form_id, hint, groups))
    where: dict[int, tuple[int, int]] = {}  # position → (article id, idx) of context mentions

    def context_mentions() -> Iterator[tuple[int, str, str, str, str]]:
        ids = [
            row[0]
            for form, row in zip(forms, stored, strict=True)
            if form.kind == "place" and form.key.startswith(CONTEXT)
        ]
        rows = []
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            rows += conn.execute(
                "SELECT m.ord * 4294967296 + m.idx, m.article_id, m.idx, f.text, f.key, f.language,"
                " f.detail FROM mentions m JOIN forms f ON f.id = m.form"
                f" WHERE m.form IN ({','.join('?' * len(part))})",
                part,
            ).fetchall()
        rows.sort()
        for position, article_id, idx, text, key, language, detail in rows:
            where[position] = (article_id, idx)
            yield position, text, key, language, detail

    grouping = group_forms(forms, context_mentions)
    # Write the groups that changed; note the articles they are in.
    changed: set[int] = set()
    hints: list[tuple[str, int]] = []
    for form, (form_id, hint, groups) in zip(forms, stored, strict=True):
        gid = grouping.by_key[(form.kind, form.key)]
        if groups != {gid}:
            changed.update(
                row[0]
                for row in conn.execute(
                    "UPDATE mentions SET grp=? WHERE form=? AND grp IS NOT ? RETURNING article_id",
                    (gid, form_id, gid),
                ).fetchall()
            )
        if hint != gid:
            hints.append((gid, form_id))
    for position, gid in grouping.exceptions.items():
        article_id, idx = where[position]
        changed.update(
            row[0]
            for row in conn.execute(
                "UPDATE mentions SET grp=? WHERE article_id=? AND idx=? AND grp IS NOT ?"
                " RETURNING article_id",
                (gid, article_id, idx, gid),
            ).fetchall()
        )
    conn.executemany("UPDATE forms SET grp=? WHERE id=?", hints)
    writer.forget_forms()  # read again (with the new groups) when articles are next stored
    _restep(conn, changed)
    stats = _group_stats(conn)
    conn.execute("DELETE FROM groups")
    conn.executemany(
        "INSERT INTO groups VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                g.id,
                g.kind,
                g.name,
                json.dumps(g.variants, ensure_ascii=False),
                g.mentions,
                *stats.get(g.id, (0, 0)),
                g.detail,
            )
            for g in grouping.groups.values()
        ),
    )
    writer.index.set_meta("grouped", 1)
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")


def _restep(conn: sqlite3.Connection, articles: Iterable[int]) -> None:
    """Work out again where n / N stop in ``articles`` (after their groups changed)."""
    ordered = sorted(articles)
    changes: list[tuple[int, int, int]] = []
    for start in range(0, len(ordered), 500):
        part = ordered[start : start + 500]
        current = -1
        reach: dict[str, int] = {}
        for article_id, idx, grp, begin, end, step in conn.execute(
            'SELECT article_id, idx, grp, start, "end", step FROM mentions'
            f" WHERE article_id IN ({','.join('?' * len(part))}) ORDER BY article_id, idx",
            part,
        ):
            if article_id != current:
                current, reach = article_id, {}
            if not grp or begin < reach.get(grp, -1):
                flag = 0  # nested in a longer mention of the same entity
            else:
                reach[grp] = end
                flag = 1
            if flag != step:
                changes.append((flag, article_id, idx))
        if len(changes) > 100_000 or start + 500 >= len(ordered):
            conn.executemany("UPDATE mentions SET step=? WHERE article_id=? AND idx=?", changes)
            changes.clear()


def _group_stats(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """Group → (stops of n / N, articles), from the mentions_walk index.

    An article that mentions a group has a stop of it (its first mention there), so a group's
    articles are the distinct articles of its stops (counted by path: paths are distinct in
    practice, and then articles are counted by ``ord`` without reading the articles)."""
    total, paths, ords = conn.execute(
        "SELECT count(*), count(DISTINCT path), count(DISTINCT ord) FROM articles"
    ).fetchone()
    if total == paths == ords:
        sql = "SELECT grp, count(*), count(DISTINCT ord) FROM mentions WHERE step=1 GROUP BY grp"
    else:
        sql = (
            "SELECT m.grp, count(*), count(DISTINCT a.path) FROM mentions m"
            " JOIN articles a ON a.id = m.article_id WHERE m.step=1 GROUP BY m.grp"
        )
    return {grp: (steps, articles) for grp, steps, articles in conn.execute(sql)}
