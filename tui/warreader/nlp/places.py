"""Place mentions (temporary stub, replaced by the gazetteer matcher)."""

from __future__ import annotations

import re

from warreader.corpus.article import Mention

_STUB = re.compile(r"\b(Ukraine|Russia|Luhansk|Donetsk|Kharkiv|Kherson|Lysychansk|Moscow)\b")


def find_places(body: str, language: str) -> list[Mention]:
    return [Mention("place", m.group(), m.start(), m.end(), key=m.group().lower()) for m in _STUB.finditer(body)]
