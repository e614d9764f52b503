"""Shared fixtures: the bundled corpus and its gold, and small article folders made on the fly."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest

from pg_server import (  # noqa: F401  # fixtures: a throwaway PostgreSQL for every test that asks
    Backend,
    closed_port,
    pg_server,
    pg_url,
    proxy,
    psql,
)
from warreader.resources import seeds_dir

with contextlib.suppress(ImportError):  # pytest-postgresql missing: pg_server skips
    from pg_server import pg_connection, pg_noproc  # noqa: F401

DATA = Path(__file__).parent / "data"

ISOLATED = (
    "XDG_CACHE_HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_STATE_HOME",
    "XDG_RUNTIME_DIR",
    "WARREADER_CACHE_DIR",
    "WARREADER_CONFIG_DIR",
    "WARREADER_DATA_DIR",
)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own HOME and XDG folders: nothing is read from or written to the real ones."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name in ISOLATED:
        monkeypatch.delenv(name, raising=False)
    for name, folder in (
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        (home / folder).mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(home / folder))
    runtime = home / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    return home


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


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> Backend:
    """The store's tests run once per backend (postgresql skips, saying why, without a server)."""
    if request.param == "sqlite":
        return Backend("sqlite")
    from warreader.store.pg.location import validate

    return Backend("postgresql", validate(request.getfixturevalue("pg_url")))
