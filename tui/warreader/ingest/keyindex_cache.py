"""The gazetteer's transliteration-key index kept on disk, so a process need not build it again.

:func:`warreader.nlp.placekeys.key_index` takes ~0.8 s of CPU to build for the bundled gazetteer,
once per process: in every extraction worker, and in the process itself when a few files are
extracted there (adding 100 files to an index). The index depends only on the gazetteer and the
key code, both covered by :func:`warreader.derivation.derivation`, so one file in the cache folder
keyed by that digest serves every process of that warreader. The file is a header line (format,
digest, size and checksum of what follows) and the index as JSON; one whose header, size,
checksum or content does not check out (truncated, edited, another version's) is never used:
the index is built again and the file replaced atomically.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import tempfile
from pathlib import Path

from warreader.nlp.gazetteer import Gazetteer, load_gazetteer
from warreader.nlp.keys import name_key
from warreader.nlp.placekeys import adopt_key_index, build_key_index, has_key_index

FORMAT = 1
FILE_NAME = "placekeys.json"
CHECKED = 64
"""Entries of a loaded index whose key is worked out again before it is used (a cheap sanity check
beside the checksum: a file written by a buggy or foreign program is caught too)."""


def cache_file() -> Path:
    from warreader.store.files import cache_dir

    return cache_dir() / FILE_NAME


def _digest(payload: bytes) -> str:
    return hashlib.blake2b(payload, digest_size=16).hexdigest()


def read_index(path: Path, derived: str, gaz: Gazetteer) -> dict[str, str] | None:
    """The index stored at ``path`` if it is whole and made for ``derived``, else None."""
    try:
        with path.open("rb") as handle:
            header = json.loads(handle.readline())
            payload = handle.read()
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            return None
        if header.get("derivation") != derived or header.get("size") != len(payload):
            return None
        if header.get("digest") != _digest(payload):
            return None
        index = json.loads(payload)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(index, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in index.items()
    ):
        return None
    sample = random.Random(len(index)).sample(sorted(index), min(CHECKED, len(index)))
    if any(name_key(index[key], "en") != key or index[key] not in gaz for key in sample):
        return None
    return index


def write_index(path: Path, derived: str, index: dict[str, str]) -> None:
    """Store ``index`` at ``path`` in one step (a temporary file renamed over it); errors are ignored
    (a cache folder that cannot be written only means building the index next time too)."""
    payload = json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    header = {"format": FORMAT, "derivation": derived, "size": len(payload), "digest": _digest(payload)}
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(json.dumps(header).encode() + b"\n" + payload)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def prepare_key_index(path: Path | None = None) -> str:
    """Make the bundled gazetteer's key index ready in this process: adopted from the cache file
    when it checks out, else built and stored there. Returns "ready", "loaded" or "built"."""
    from warreader.derivation import derivation

    gaz = load_gazetteer()
    if has_key_index(gaz):
        return "ready"
    path = cache_file() if path is None else path
    derived = derivation()
    index = read_index(path, derived, gaz)
    if index is not None:
        adopt_key_index(gaz, index)
        return "loaded"
    index = build_key_index(gaz)
    adopt_key_index(gaz, index)
    write_index(path, derived, index)
    return "built"
