"""Speaker mentions (temporary stub)."""

from __future__ import annotations

import re

from warreader.corpus.article import Mention

_STUB = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:said|told|claimed|posted)\b")


def find_speakers(body: str, language: str, places: list[Mention]) -> list[Mention]:
    return [
        Mention("speaker", m.group(1), m.start(1), m.end(1), key=m.group(1).split()[-1].lower())
        for m in _STUB.finditer(body)
    ]
