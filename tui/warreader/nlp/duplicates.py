"""Near-duplicate articles: one wire story republished by many outlets, found as one story.

Each body becomes a set of word shingles (``SHINGLE`` words in a row, case-folded, punctuation
dropped), summarised by a MinHash signature (datasketch). Locality-sensitive hashing over the
signatures' bands proposes candidate pairs without comparing every pair; a candidate is kept when
the Jaccard similarity of the two shingle sets, worked out exactly (the sets are small arrays), is at
least ``THRESHOLD``: the estimate only proposes, so its error (about 0.04 with 128 permutations)
never chains two different stories together. Kept pairs are joined into clusters (union-find).
Headlines, bylines and a trailing "Read more" block change a few shingles only; two stories on the
same topic and place share words but few runs of four.

At scale (a 50k-message Telegram channel beside 10k articles) two rules keep it to seconds: exact
copies (the same words in the same order) are joined at once and compared as one text, and
shingles found in more than ``MAX_SHARED`` distinct texts (a channel's template, a footer) are left
out, so templated messages are not one story and their buckets stay small.

Pure: bodies (and optionally dates) in, lists of indexes out. No store, no library, no UI.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zlib
from collections.abc import Sequence
from typing import Any

SHINGLE = 4
"""Words per shingle."""
NUM_PERM = 128
"""MinHash permutations (signature length)."""
THRESHOLD = 0.45
"""Jaccard similarity of shingle sets from which two bodies are one story. Tuned on
tests/unit/stories_texts.py (republication pairs 0.50 to 0.83, pairs of different stories on the
same topic and place 0.04 at most; MinHash estimated them 0.48 to 0.86 and 0.06) and on the
generated corpus, whose template-built articles share up to 0.38 without being one story."""
MIN_SHINGLES = 8
"""Bodies with fewer shingles (about a dozen words) are never clustered, copies included: too little
text to tell. A body with fewer left once template shingles are out is clustered with its exact
copies only."""
MAX_SHARED = 300
"""A shingle found in more than this many distinct texts is a template's (a channel's fixed
sentences, an outlet's footer, a stock phrase), not one story's: it is left out when texts are
compared. A wire story is rarely republished 300 times (with edits) in one library, while a
channel's templated messages ("X update N: the shelling of X went on overnight...") repeat their
fixed words thousands of times and, compared with them, chained into one "story" of 32,500
messages. Copies of one text count once here, and are joined whatever their number."""
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


class _WordHashes(dict[str, int]):
    """The CRC-32 of each word, worked out the first time the word is asked for."""

    def __missing__(self, word: str) -> int:
        self[word] = value = zlib.crc32(word.encode())
        return value


class Signer:
    """MinHash signatures (datasketch) of bodies' shingle sets, all with one set of permutations.

    A shingle's hash is worked out from its words' hashes (each word hashed once, with CRC-32)
    by a rolling polynomial over whole arrays, so no Python code runs per shingle."""

    def __init__(self, num_perm: int = NUM_PERM, seed: int = SEED) -> None:
        from datasketch import MinHash

        self.num_perm = num_perm
        self._empty = MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
        self._words = _WordHashes()

    def word_ids(self, body: str) -> Any:
        """The CRC-32 of each word of ``body``, in order (a numpy array)."""
        import numpy as np

        words = _words(body)
        return np.fromiter(map(self._words.__getitem__, words), dtype=np.uint64, count=len(words))

    def shingle_hashes(self, ids: Any) -> Any:
        """The distinct 32-bit hashes of the shingles of words ``ids`` (sorted, a numpy array)."""
        import numpy as np

        if len(ids) < SHINGLE:
            ids = np.concatenate([ids, np.zeros(SHINGLE - len(ids), dtype=np.uint64)]) if len(ids) else ids
        n = len(ids) - SHINGLE + 1
        if n <= 0:
            return np.zeros(0, dtype=np.uint32)
        mixed = np.zeros(n, dtype=np.uint64)
        for k in range(SHINGLE):  # h = sum(word_k * odd constant_k), wrapping at 2**64
            mixed += ids[k : k + n] * np.uint64(_MULTIPLIERS[k])
        return np.unique((mixed >> np.uint64(32)).astype(np.uint32))

    def hashes(self, body: str) -> Any:
        """The distinct 32-bit shingle hashes of ``body`` (sorted, a numpy array)."""
        return self.shingle_hashes(self.word_ids(body))

    def sign(self, hashes: Any) -> Any:
        """The MinHash of a set of shingle hashes."""
        minhash = self._empty.copy()  # the same permutations, not made again
        minhash.update_batch(hashes.tolist())
        return minhash


_MULTIPLIERS = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93)


def jaccard(a: Any, b: Any) -> float:
    """The Jaccard similarity of two sorted arrays of distinct shingle hashes."""
    import numpy as np

    if not len(a) or not len(b):
        return 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)


class _Texts:
    """The bodies as they are compared: exact copies joined, template shingles left out.

    ``firsts[k]`` is the first body of the k-th distinct text with at least ``MIN_SHINGLES``
    shingles, ``copies[k]`` the later bodies with the same words in the same order, and
    ``sets[k]`` the text's shingle hashes without the template ones (sorted)."""

    def __init__(self, bodies: Sequence[str], signer: Signer) -> None:
        self.firsts: list[int] = []
        self.copies: list[list[int]] = []
        seen: dict[bytes, int] = {}
        sets: list[Any] = []
        for i, body in enumerate(bodies):
            ids = signer.word_ids(body)
            key = hashlib.blake2b(ids, digest_size=16).digest()
            known = seen.get(key)
            if known is not None:  # the same words in the same order: a copy
                if known >= 0:
                    self.copies[known].append(i)
                continue
            hashes = signer.shingle_hashes(ids)
            if len(hashes) < MIN_SHINGLES:
                seen[key] = -1  # too short to tell, copies included
                continue
            seen[key] = len(self.firsts)
            self.firsts.append(i)
            self.copies.append([])
            sets.append(hashes)
        self.sets = _without_templates(sets)


def _without_templates(sets: list[Any]) -> list[Any]:
    """``sets`` (changed in place) without the shingles found in more than ``MAX_SHARED`` of them.

    Counted over one sorted array of every set's hashes (4 bytes a shingle, no index array), then
    taken out in chunks of about ``_CHUNK`` hashes, so no numpy call per set."""
    import numpy as np

    if len(sets) <= MAX_SHARED:
        return sets
    every = np.concatenate(sets)
    every.sort()  # a hash in more than MAX_SHARED sets equals the one MAX_SHARED places on
    shared = np.unique(every[MAX_SHARED:][every[MAX_SHARED:] == every[:-MAX_SHARED]])
    del every
    if not len(shared):
        return sets
    begin = 0
    while begin < len(sets):  # each set replaced in place: the unfiltered one is freed at once
        end, size = begin, 0
        while end < len(sets) and (size < _CHUNK or end == begin):
            size += len(sets[end])
            end += 1
        chunk = np.concatenate(sets[begin:end])
        at = np.minimum(np.searchsorted(shared, chunk), len(shared) - 1)
        keep = shared[at] != chunk
        bounds = np.cumsum([len(s) for s in sets[begin:end]])[:-1]
        sets[begin:end] = [
            part[mask] for part, mask in zip(np.split(chunk, bounds), np.split(keep, bounds), strict=True)
        ]
        begin = end
    return sets


_CHUNK = 1 << 20


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _union(parent: list[int], i: int, j: int) -> None:
    a, b = _find(parent, i), _find(parent, j)
    if a != b:
        parent[max(a, b)] = min(a, b)


def similar_pairs(bodies: Sequence[str], threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
    """(i, j, Jaccard) for every pair of distinct texts, i < j, that LSH proposes and that reach
    ``threshold`` (an exact copy is paired with its text's first body only, at 1.0)."""
    from datasketch import MinHashLSH

    signer = Signer()
    texts = _Texts(bodies, signer)
    lsh = MinHashLSH(threshold=threshold, num_perm=signer.num_perm)
    pairs = [
        (first, copy, 1.0)
        for first, copies in zip(texts.firsts, texts.copies, strict=True)
        for copy in copies
    ]
    for k, hashes in enumerate(texts.sets):
        if len(hashes) < MIN_SHINGLES:
            continue
        signature = signer.sign(hashes)
        for j in lsh.query(signature):
            score = jaccard(hashes, texts.sets[j])
            if score >= threshold:
                pairs.append((texts.firsts[j], texts.firsts[k], score))
        lsh.insert(k, signature, check_duplication=False)
    return sorted(pairs)


MAX_CANDIDATES = 64
"""Stories an article is compared with at most (LSH proposes them)."""


def _joined(bodies: Sequence[str], threshold: float) -> list[int]:
    """Union-find parents joining each body to an earlier story it repeats.

    Only the first text of each story goes into the LSH index: a feed of near-identical messages
    is then one entry, not thousands, so each lookup stays short and no list of pairs grows with
    the square of the corpus (50k Telegram messages once took 13 GB that way)."""
    from datasketch import MinHashLSH

    signer = Signer()
    texts = _Texts(bodies, signer)
    parent = list(range(len(bodies)))
    for first, copies in zip(texts.firsts, texts.copies, strict=True):
        for copy in copies:
            parent[copy] = first
    lsh = MinHashLSH(threshold=threshold, num_perm=signer.num_perm)
    sets = texts.sets
    for k, hashes in enumerate(sets):
        size = len(hashes)
        if size < MIN_SHINGLES:
            continue  # mostly template: its copies only
        signature = signer.sign(hashes)
        joined = False
        for j in list(lsh.query(signature))[:MAX_CANDIDATES]:
            other = len(sets[j])
            if min(size, other) < threshold * max(size, other):
                continue  # sizes too far apart to reach the threshold
            if jaccard(hashes, sets[j]) >= threshold:
                _union(parent, texts.firsts[k], texts.firsts[j])
                joined = True
        if not joined:  # a story of its own so far: later texts are compared with it
            lsh.insert(k, signature, check_duplication=False)
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
