"""Near-duplicate articles: one wire story republished by many outlets, found as one story.

Each body becomes a set of word shingles (``SHINGLE`` words in a row, case-folded, punctuation
dropped), summarised by a MinHash signature (datasketch). Locality-sensitive hashing over the
signatures' bands proposes candidate pairs without comparing every pair; a candidate is kept when
the estimated Jaccard similarity of the two shingle sets is at least ``THRESHOLD``. Kept pairs are
joined into clusters (union-find). Headlines, bylines and a trailing "Read more" block change a few
shingles only; two stories on the same topic and place share words but few runs of four.

Pure: bodies (and optionally dates) in, lists of indexes out. No store, no library, no UI.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Sequence
from typing import Any

SHINGLE = 4
"""Words per shingle."""
NUM_PERM = 128
"""MinHash permutations (signature length)."""
THRESHOLD = 0.45
"""Estimated Jaccard similarity of shingle sets from which two bodies are one story. Tuned on
tests/unit/stories_texts.py (republication pairs estimated 0.48 to 0.97, pairs of different stories
on the same topic and place 0.06 at most) and on the generated corpus, whose template-built
articles share up to 0.38 without being one story."""
MIN_SHINGLES = 8
"""Bodies with fewer shingles (about a dozen words) are never clustered: too little text to tell."""
SEED = 7

_WORD = re.compile(r"\w+")


def _words(body: str) -> list[str]:
    return _WORD.findall(body.casefold())


def shingles(body: str, size: int = SHINGLE) -> set[str]:
    """The word shingles of ``body`` (``size`` words in a row, case-folded), for reading and tests."""
    words = _words(body)
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


class Signer:
    """MinHash signatures (datasketch) of bodies' shingle sets, all with one set of permutations.

    A shingle's hash is worked out from its words' hashes (each word hashed once, with CRC-32)
    by a rolling polynomial over whole arrays, so no Python code runs per shingle."""

    def __init__(self, num_perm: int = NUM_PERM, seed: int = SEED) -> None:
        from datasketch import MinHash

        self.num_perm = num_perm
        self._empty = MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
        self._words: dict[str, int] = {}

    def hashes(self, body: str) -> Any:
        """The distinct 32-bit shingle hashes of ``body`` (a numpy array)."""
        import numpy as np

        words = _words(body)
        known = self._words
        for word in set(words).difference(known):
            known[word] = zlib.crc32(word.encode())
        ids = np.fromiter(map(known.__getitem__, words), dtype=np.uint64, count=len(words))
        if len(ids) < SHINGLE:
            ids = np.concatenate([ids, np.zeros(SHINGLE - len(ids), dtype=np.uint64)]) if len(ids) else ids
        n = len(ids) - SHINGLE + 1
        if n <= 0:
            return ids[:0]
        mixed = np.zeros(n, dtype=np.uint64)
        for k in range(SHINGLE):  # h = sum(word_k * odd constant_k), wrapping at 2**64
            mixed += ids[k : k + n] * np.uint64(_MULTIPLIERS[k])
        return np.unique(mixed >> np.uint64(32))

    def sign(self, hashes: Any) -> Any:
        """The MinHash of a set of shingle hashes."""
        minhash = self._empty.copy()  # the same permutations, not made again
        minhash.update_batch(hashes.tolist())
        return minhash


_MULTIPLIERS = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93)


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def similar_pairs(bodies: Sequence[str], threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
    """(i, j, estimated Jaccard) for every pair of bodies, i < j, that LSH proposes and that reach
    ``threshold``."""
    from datasketch import MinHashLSH

    signer = Signer()
    lsh = MinHashLSH(threshold=threshold, num_perm=signer.num_perm)
    signatures: dict[int, Any] = {}
    pairs: list[tuple[int, int, float]] = []
    for i, body in enumerate(bodies):
        hashes = signer.hashes(body)
        if len(hashes) < MIN_SHINGLES:
            continue
        signature = signer.sign(hashes)
        for j in lsh.query(signature):
            score = float(signature.jaccard(signatures[j]))
            if score >= threshold:
                pairs.append((j, i, score))
        lsh.insert(i, signature, check_duplication=False)
        signatures[i] = signature
    return sorted(pairs)


MAX_CANDIDATES = 64
"""Stories an article is compared with at most (LSH proposes them; the likeliest come first)."""


def _joined(bodies: Sequence[str], threshold: float) -> list[int]:
    """Union-find parents joining each body to an earlier story it repeats.

    Only the first article of each story goes into the LSH index: a feed of near-identical
    messages (a channel's daily "air alert" posts) is then one entry, not thousands, so each lookup
    stays short and no list of pairs grows with the square of the corpus (50k Telegram messages
    once took 13 GB that way)."""
    from datasketch import MinHashLSH

    signer = Signer()
    lsh = MinHashLSH(threshold=threshold, num_perm=signer.num_perm)
    signatures: dict[int, Any] = {}
    parent = list(range(len(bodies)))
    for i, body in enumerate(bodies):
        hashes = signer.hashes(body)
        if len(hashes) < MIN_SHINGLES:
            continue
        signature = signer.sign(hashes)
        joined = False
        for j in list(lsh.query(signature))[:MAX_CANDIDATES]:
            if float(signature.jaccard(signatures[j])) >= threshold:
                a, b = _find(parent, i), _find(parent, j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
                joined = True
        if not joined:  # a story of its own so far: later articles are compared with it
            lsh.insert(i, signature, check_duplication=False)
            signatures[i] = signature
    return parent


def clusters(
    bodies: Sequence[str],
    dates: Sequence[dt.date | None] | None = None,
    threshold: float = THRESHOLD,
) -> list[list[int]]:
    """Stories told by two or more of ``bodies``: lists of indexes, the representative first (the
    earliest dated article, undated ones after dated ones, then the first in order), the others in
    order. Clusters are sorted by their representative's index. An article is in one cluster at most;
    articles found in none are stories of their own."""
    parent = _joined(bodies, threshold)
    members: dict[int, list[int]] = {}
    for i in range(len(bodies)):
        members.setdefault(_find(parent, i), []).append(i)

    def earliest(i: int) -> tuple[int, dt.date, int]:
        day = dates[i] if dates is not None else None
        return (0, day, i) if day is not None else (1, dt.date.min, i)

    found = []
    for group in members.values():
        if len(group) < 2:
            continue
        first = min(group, key=earliest)
        found.append([first, *(i for i in group if i != first)])
    return sorted(found, key=lambda c: c[0])
