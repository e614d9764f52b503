"""Shared fixtures: the bundled corpus and its gold, and small article folders made on the fly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from warreader.resources import seeds_dir

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def seeds() -> Path:
    return seeds_dir()


@pytest.fixture(scope="session")
def seeds_gold_path() -> Path:
    return DATA / "seeds.json"


@pytest.fixture(scope="session")
def seeds_gold(seeds_gold_path: Path) -> dict[str, Any]:
    return json.loads(seeds_gold_path.read_text(encoding="utf-8"))


@pytest.fixture
def write_articles(tmp_path: Path):
    """Write {name: text or bytes} into a fresh folder and return it."""

    def write(files: dict[str, str | bytes]) -> Path:
        folder = tmp_path / "corpus"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return folder

    return write
