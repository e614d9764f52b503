"""What an index is derived with: a digest of the code and data that read and extract articles.

An index records the digest it was built with; when warreader's reading or extraction changes
(a new release, an edited gazetteer), the next sync extracts every file again, so the articles on
screen always match what ``warreader extract`` finds today.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
DERIVED_FROM = ("corpus/*.py", "nlp/*.py", "data/*.gz", "data/*.json")
"""The files whose content decides the articles and mentions an index holds."""
NOT_DERIVED = frozenset({"nlp/duplicates.py", "corpus/discover.py"})
"""Files matched above that the index does not depend on, so a change to them must not make every
file be extracted again: stories are found when the list is folded, never stored; which files a
corpus holds is found by walking it at every sync (what a file reads as is decided elsewhere)."""


@functools.cache
def derivation() -> str:
    """The digest of the reading and extraction code and data (computed once per process)."""
    digest = hashlib.blake2b(digest_size=12)
    for pattern in DERIVED_FROM:
        for path in sorted(PACKAGE.glob(pattern)):
            if path.relative_to(PACKAGE).as_posix() in NOT_DERIVED:
                continue
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
