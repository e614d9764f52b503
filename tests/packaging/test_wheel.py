"""A non-editable install ships the styles, the bundled articles and the gazetteer, and runs from them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("warreader-*.whl")
    return built


@pytest.mark.slow
def test_wheel_contains_styles_seeds_and_gazetteer(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("warreader/styles/") and n.endswith(".tcss") for n in names)
    assert sum(n.startswith("warreader/seeds/") and n.endswith(".txt") for n in names) == 5
    assert "warreader/data/gazetteer.tsv.gz" in names
    migrations = sorted(p.name for p in (ROOT / "tui/warreader/store/pg/migrations").glob("*.sql"))
    assert migrations and all(f"warreader/store/pg/migrations/{m}" in names for m in migrations)
    assert any(n.endswith("entry_points.txt") for n in names)


@pytest.mark.slow
def test_installed_package_runs_from_its_own_files(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = (
        "import warreader.resources as r, json;"
        "sheets = sorted(p.name for p in r.styles_dir().glob('*.tcss'));"
        "print(json.dumps([str(r.styles_dir()), str(r.seeds_dir()), sheets]))"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=tmp_path, capture_output=True, text=True, check=True
    )
    styles, seeds, sheets = json.loads(found.stdout)
    assert styles.startswith(str(site)) and seeds.startswith(str(site))
    assert sheets
    extracted = subprocess.run(
        [sys.executable, "-m", "warreader", "extract", "--json"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(extracted.stdout)
    assert len(data["articles"]) == 5
    assert all(a["path"].startswith(str(site)) for a in data["articles"])
    assert data["groups"]
