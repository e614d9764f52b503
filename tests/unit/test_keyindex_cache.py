"""The gazetteer's key index kept in the cache folder: used when whole, rebuilt when not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warreader.derivation import derivation
from warreader.ingest import keyindex_cache
from warreader.ingest.keyindex_cache import prepare_key_index, read_index, write_index
from warreader.nlp import placekeys
from warreader.nlp.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def built() -> dict[str, str]:
    return placekeys.build_key_index(load_gazetteer())


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a new process: no key index at hand."""
    monkeypatch.setattr(placekeys, "_built", None)


def test_an_index_is_built_once_then_read_from_the_cache(
    tmp_path: Path, built: dict[str, str], fresh_process: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "placekeys.json"
    assert prepare_key_index(path) == "built"
    assert path.exists()
    assert prepare_key_index(path) == "ready"  # this process has it now
    monkeypatch.setattr(placekeys, "_built", None)
    calls: list[object] = []
    monkeypatch.setattr(keyindex_cache, "build_key_index", lambda gaz: calls.append(gaz) or {})
    assert prepare_key_index(path) == "loaded"
    assert calls == []
    assert placekeys.key_index(load_gazetteer()) == built


def _damaged(path: Path, built: dict[str, str]) -> dict[str, bytes]:
    write_index(path, derivation(), built)
    whole = path.read_bytes()
    header, _, payload = whole.partition(b"\n")
    # another program's index (say a buggy build): every name moved to the next key. A checksum
    # cannot tell; the entries checked again can (a few wrong entries among many would pass).
    keys = sorted(built)
    forged = {key: built[keys[(n + 1) % len(keys)]] for n, key in enumerate(keys)}
    forged_payload = json.dumps(forged, separators=(",", ":"), sort_keys=True).encode()
    good = json.loads(header)
    forged_header = {**good, "size": len(forged_payload), "digest": keyindex_cache._digest(forged_payload)}
    flipped = bytearray(payload)
    flipped[len(flipped) // 2] ^= 0x20
    return {
        "truncated": whole[: len(whole) // 2],
        "empty": b"",
        "a byte changed": header + b"\n" + bytes(flipped),
        "not json": b"\x00\xff garbage\n\x00",
        "another derivation": json.dumps({**good, "derivation": "0" * 24}).encode() + b"\n" + payload,
        "another format": json.dumps({**good, "format": 99}).encode() + b"\n" + payload,
        "forged with a valid checksum": json.dumps(forged_header).encode() + b"\n" + forged_payload,
        "a list": json.dumps({**good, "size": 2, "digest": keyindex_cache._digest(b"[]")}).encode() + b"\n[]",
    }


def test_a_damaged_or_stale_cache_is_never_used(
    tmp_path: Path, built: dict[str, str], fresh_process: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "placekeys.json"
    for why, content in _damaged(path, built).items():
        path.write_bytes(content)
        assert read_index(path, derivation(), load_gazetteer()) is None, why
    # prepare_key_index then builds it again and replaces the file with a whole one
    path.write_bytes(_damaged(path, built)["forged with a valid checksum"])
    monkeypatch.setattr(placekeys, "_built", None)
    assert prepare_key_index(path) == "built"
    assert placekeys.key_index(load_gazetteer()) == built
    assert read_index(path, derivation(), load_gazetteer()) == built


def test_a_cache_folder_that_cannot_be_written_only_costs_a_build(
    tmp_path: Path, built: dict[str, str], fresh_process: None
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert prepare_key_index(blocker / "placekeys.json") == "built"
    assert placekeys.key_index(load_gazetteer()) == built
