"""The index's derivation digest follows the code that decides what an index holds, and only it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from warreader import derivation as derivation_module


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "warreader"
    for pattern in derivation_module.DERIVED_FROM:
        for path in derivation_module.PACKAGE.glob(pattern):
            target = copy / path.relative_to(derivation_module.PACKAGE)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    monkeypatch.setattr(derivation_module, "PACKAGE", copy)
    return copy


def digest() -> str:
    return derivation_module.derivation.__wrapped__()


def test_an_edit_to_the_extractor_changes_the_digest(package: Path) -> None:
    before = digest()
    with (package / "nlp" / "places.py").open("a") as handle:
        handle.write("\n# edited\n")
    assert digest() != before


def test_an_edit_to_story_finding_keeps_the_digest(package: Path) -> None:
    """Stories are found when the list is folded and never stored in the index."""
    before = digest()
    with (package / "nlp" / "duplicates.py").open("a") as handle:
        handle.write("\n# edited\n")
    assert digest() == before


def test_an_edit_to_finding_files_keeps_the_digest(package: Path) -> None:
    """Which files a corpus holds is found by walking it at every sync, whatever the digest says."""
    before = digest()
    with (package / "corpus" / "discover.py").open("a") as handle:
        handle.write("\n# edited\n")
    assert digest() == before
    with (package / "corpus" / "reader.py").open("a") as handle:
        handle.write("\n# edited\n")
    assert digest() != before
