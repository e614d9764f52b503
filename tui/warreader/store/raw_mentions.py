"""What corrections read of an index's raw mentions: each an indexed query or a few articles' marks.

A mention's group is its form's (``forms.grp``) but for the few in ``exceptions``; the articles
that hold a form are in ``postings``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from warreader.store.packing import unpack_many, unpack_marks


class RawMentions:
    """Reading raw mentions (a part of :class:`warreader.store.index.Index`)."""

    conn: sqlite3.Connection

    def form_counts(self, group_id: str) -> list[tuple[int, int]]:
        """(form id, its raw mentions in ``group_id``, nested ones too) of the forms with some there."""
        counts = dict(self.conn.execute("SELECT id, count FROM forms WHERE grp=? AND count > 0", (group_id,)))
        for form, grp, usual in self.conn.execute(
            "SELECT e.form, e.grp, f.grp FROM exceptions e JOIN forms f ON f.id = e.form"
        ):
            if usual == group_id and grp != group_id:
                counts[form] -= 1
            elif grp == group_id and usual != group_id:
                counts[form] = counts.get(form, 0) + 1
        return [(form, n) for form, n in counts.items() if n > 0]

    def _all_forms(self) -> dict[int, tuple[str, str, str, str, str]]:
        return {
            row[0]: row[1:] for row in self.conn.execute("SELECT id, kind, text, key, detail, grp FROM forms")
        }

    def _effective(self, ords: Sequence[int]) -> Iterator[tuple[int, int, int, int, int, str]]:
        """(ord, idx, form, start, end, group) of every mention of articles ``ords``."""
        forms = dict(self.conn.execute("SELECT id, grp FROM forms"))
        ords = list(ords)
        for first in range(0, len(ords), 500):
            part = ords[first : first + 500]
            rows = self.conn.execute(
                f"SELECT id, ord, marks FROM articles WHERE ord IN ({','.join('?' * len(part))})", part
            ).fetchall()
            excepted: dict[int, dict[int, str]] = {}
            for article_id, idx, grp in self.conn.execute(
                "SELECT article_id, idx, grp FROM exceptions"
                f" WHERE article_id IN ({','.join('?' * len(rows))})",
                [row[0] for row in rows],
            ):
                excepted.setdefault(article_id, {})[idx] = grp
            for article_id, ord_, marks in rows:
                here = excepted.get(article_id, {})
                ids, starts, ends = unpack_marks(marks)
                for idx, (form, start, end) in enumerate(zip(ids, starts, ends, strict=True)):
                    yield ord_, idx, form, start, end, here.get(idx, forms[form])

    def _unpacked(
        self, ords: list[int]
    ) -> Iterator[tuple[list[Any], tuple[Any, ...], list[tuple[int, str]]]]:
        """Articles ``ords``, 2,000 at a time: their rows (id, ord, marks), their mentions unpacked
        as arrays (owner row, idx, form, start, end), and their exceptions as (position in those
        arrays, group)."""
        import numpy as np

        for first in range(0, len(ords), 2000):
            part = ords[first : first + 2000]
            rows = self.conn.execute(
                f"SELECT id, ord, marks FROM articles WHERE ord IN ({','.join('?' * len(part))})", part
            ).fetchall()
            if not rows:
                continue
            arrays = unpack_many([row[2] for row in rows])
            at = {row[0]: n for n, row in enumerate(rows)}
            begins = np.cumsum(np.bincount(arrays[0], minlength=len(rows))).tolist()
            excepted: list[tuple[int, str]] = []
            for article_id, idx, grp in self.conn.execute(
                "SELECT article_id, idx, grp FROM exceptions"
                f" WHERE article_id IN ({','.join('?' * len(rows))})",
                [row[0] for row in rows],
            ):
                n = at[article_id]
                flat = (begins[n - 1] if n else 0) + idx
                if flat >= begins[n]:
                    continue  # a damaged row
                excepted.append((flat, grp))
            yield rows, arrays, excepted

    def members(
        self, ords: Sequence[int], groups: Sequence[str]
    ) -> list[tuple[int, int, int, int, str, str, str]]:
        """(ord, idx, start, end, kind, text, group) of the raw mentions of ``groups`` in ``ords``."""
        import numpy as np

        wanted = set(groups)
        forms = {row[0]: row[1:] for row in self.conn.execute("SELECT id, kind, text, grp FROM forms")}
        chosen = np.array(sorted(f for f, row in forms.items() if row[2] in wanted), dtype=np.int64)
        found = []
        for rows, (owner, index, form, start, end), excepted in self._unpacked(list(ords)):
            chosen_here = np.isin(form, chosen)
            override: dict[int, str] = {}
            for flat, grp in excepted:
                override[flat] = grp
                chosen_here[flat] = grp in wanted
            hits = np.flatnonzero(chosen_here).tolist()
            owners, indexes, ids = owner[hits].tolist(), index[hits].tolist(), form[hits].tolist()
            starts, ends = start[hits].tolist(), end[hits].tolist()
            for flat, who, idx, f, s, e in zip(hits, owners, indexes, ids, starts, ends, strict=True):
                kind, text, grp = forms[f]
                found.append((rows[who][1], idx, s, e, kind, text, override.get(flat, grp)))
        return found

    def member_arrays(self, ords: Sequence[int], groups: Sequence[str]) -> tuple[Any, ...]:
        """The raw mentions of ``groups`` in ``ords`` as numpy arrays sorted by (ord, idx): ord,
        idx, start, end, combo, and the list of combos ((group, kind, text) each) combo points
        into; what :meth:`members` gives, not made into 300,000 tuples when a correction touches
        the most mentioned entity."""
        import numpy as np

        wanted = set(groups)
        forms = {row[0]: row[1:] for row in self.conn.execute("SELECT id, kind, text, grp FROM forms")}
        names = sorted(wanted)
        code = {g: n for n, g in enumerate(names)}
        form_code = np.full(max(forms, default=0) + 1, -1, dtype=np.int64)  # form id → its group's code
        for f, row in forms.items():
            form_code[f] = code.get(row[2], -1)
        parts: list[tuple[Any, ...]] = []
        for rows, (owner, index, form, start, end), exceptions in self._unpacked(sorted(set(ords))):
            usual = form_code[np.minimum(form, len(form_code) - 1)]
            usual[form >= len(form_code)] = -1  # a form id of a damaged row
            chosen_here = usual >= 0
            excepted: list[tuple[int, int]] = []
            for flat, g in exceptions:
                excepted.append((flat, code.get(g, -1)))
                chosen_here[flat] = g in wanted
            hits = np.flatnonzero(chosen_here)
            ids = form[hits]
            grp = usual[hits]
            if excepted:
                flats = np.array([f for f, _ in excepted], dtype=np.int64)
                where = np.searchsorted(hits, flats)
                inside = (where < len(hits)) & (hits[np.minimum(where, len(hits) - 1)] == flats)
                grp[where[inside]] = np.array([g for _, g in excepted], dtype=np.int64)[inside]
            ord_of = np.array([row[1] for row in rows], dtype=np.int64)
            parts.append((ord_of[owner[hits]], index[hits], start[hits], end[hits], ids, grp))
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty, empty, empty, []
        article, idx, start, end, ids, grp = (np.concatenate(column) for column in zip(*parts, strict=True))
        # one combo per (form, group): (group, kind, text)
        pair = ids * (len(names) + 1) + grp
        unique, combo = np.unique(pair, return_inverse=True)
        combos = []
        for value in unique.tolist():
            f, g = divmod(value, len(names) + 1)
            combos.append((names[g], forms[f][0], forms[f][1]))
        order = np.lexsort((idx, article))
        return article[order], idx[order], start[order], end[order], combo.reshape(-1)[order], combos

    def articles_with(self, form_ids: Sequence[int], groups: Sequence[str]) -> set[int]:
        """Ords of the articles with a raw mention of one of ``form_ids`` in one of ``groups``."""
        ids, wanted = sorted(set(form_ids)), set(groups)
        if not ids or not wanted:
            return set()
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(f"SELECT id, grp FROM forms WHERE id IN ({marks})", ids).fetchall()
        inside = [form for form, grp in rows if grp in wanted]
        found: set[int] = set()
        if inside:
            found = {
                row[0]
                for row in self.conn.execute(
                    "SELECT a.ord FROM postings p JOIN articles a ON a.id = p.article_id"
                    f" WHERE p.form IN ({','.join('?' * len(inside))}) AND a.ord >= 0",
                    inside,
                )
            }
        unsure = [  # articles where some mention of these forms is in another group than its form's
            row[0]
            for row in self.conn.execute(
                "SELECT DISTINCT a.ord FROM exceptions e JOIN articles a ON a.id = e.article_id"
                f" WHERE e.form IN ({marks})",
                ids,
            )
        ]
        found -= set(unsure)
        chosen = set(ids)
        found.update(
            o for o, _, form, _, _, grp in self._effective(unsure) if form in chosen and grp in wanted
        )
        return found
