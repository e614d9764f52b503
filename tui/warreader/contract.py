"""The machine-readable extraction contract printed by ``warreader extract --json``.

Shape (stable; extend only by adding fields)::

    {"articles": [{"path", "title", "date", "language", "body",
                   "mentions": [{"kind", "text", "start", "end", "group"}],
                   "dates": [{"text", "start", "end", "value"}]}],
     "groups": [{"id", "kind", "name", "variants", "mentions", "articles"}]}

``body[start:end] == text`` for every mention, and the mentions of one article never
overlap (the longest reading wins); ``date`` is ISO 8601 at the precision the source states
(``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) or null;
a group's ``mentions`` and ``articles`` are counts.
"""

from __future__ import annotations

from typing import Any

from warreader.library import Library


def library_to_json(library: Library) -> dict[str, Any]:
    articles = [
        {
            "path": a.path,
            "title": a.title,
            "date": a.date.isoformat() if a.date else None,
            "language": a.language,
            "source": a.source,
            "url": a.url or None,
            "body": a.body,
            "mentions": [
                {
                    "kind": m.kind,
                    "text": m.text,
                    "start": m.start,
                    "end": m.end,
                    "group": m.group,
                    **({"detail": m.detail} if m.detail else {}),
                }
                for m in a.mentions
            ],
            "dates": [
                {
                    "text": d.text,
                    "start": d.start,
                    "end": d.end,
                    "value": d.value.isoformat() if d.value else None,
                }
                for d in a.dates
            ],
        }
        for a in library.articles
    ]
    groups = [
        {
            "id": g.id,
            "kind": g.kind,
            "name": g.name,
            "variants": g.variants,
            "mentions": g.mentions,
            "articles": len(g.articles),
            **({"detail": g.detail} if g.detail else {}),
        }
        for g in sorted(library.groups.values(), key=lambda g: (-g.mentions, g.id))
    ]
    return {"articles": articles, "groups": groups}
