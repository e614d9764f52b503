"""Exports (JSON, CSV, Markdown) and the export / import / extract --corrections command lines."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from workbench_data import KHARKIV, SYNIEHUBOV, ZELENSKY, ZELENSKYJ, sample

from warreader import export
from warreader.cli import main
from warreader.corrections import Correction, read_toml, to_toml
from warreader.store.state import StateStore


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("WARREADER_DATA_DIR", str(folder))
    return folder


def test_group_rows_have_counts_and_gazetteer_coordinates() -> None:
    rows = export.group_rows(sample())
    kharkiv = next(r for r in rows if r["id"] == KHARKIV)
    assert kharkiv["mentions"] == 4 and kharkiv["articles"] == 3
    assert kharkiv["variants"] == ["Kharkiv", "Charkiw"]
    assert kharkiv["region"] == "Kharkiv Oblast" and round(kharkiv["lat"]) == 50
    speaker = next(r for r in rows if r["id"] == SYNIEHUBOV)
    assert speaker["lat"] is None and speaker["region"] == ""
    assert rows[0]["id"] == KHARKIV  # most mentioned first


def test_entity_json_has_mentions_days_and_statements() -> None:
    data = json.loads(export.render_entity(sample(), SYNIEHUBOV, "json"))
    assert data["group"]["name"] == "Oleh Syniehubov"
    assert data["per_day"] == {"2022-09-10": 1} and data["undated"] == 0
    (mention,) = data["mentions"]
    assert mention["text"] == "Oleh Syniehubov" and mention["path"] == "news/a.txt"
    assert mention["sentence"].startswith("Governor Oleh Syniehubov said:")
    assert data["statements"][0]["quoted"] is True


def test_csv_never_lets_a_spreadsheet_run_article_text() -> None:
    text = export.render_entity(sample(), KHARKIV, "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 4
    assert rows[-1]["source"] == "'=cmd|' /C calc'!A0"  # formula-like text is quoted
    groups = list(csv.DictReader(io.StringIO(export.render_groups(sample(), "csv"))))
    assert groups[0]["variants"] == "Kharkiv | Charkiw"
    assert export.csv_cell("-1") == "'-1" and export.csv_cell(-1) == "-1" and export.csv_cell(None) == ""


def test_markdown_reports_escape_untrusted_text() -> None:
    library = sample()
    library.groups[KHARKIV].name = "Kharkiv <script>|*x*"
    report = export.render_entity(library, KHARKIV, "md")
    assert report.startswith("# Kharkiv &lt;script&gt;\\|\\*x\\* (place)")
    assert "## Mentions per day" in report and "## Mentions in context" in report
    assert "**Kharkiv**" in report
    table = export.render_groups(library, "md")
    assert "| Kharkiv &lt;script&gt;\\|\\*x\\* | place | 4 | 3 | Kharkiv Oblast, UA |" in table
    speaker = export.render_entity(library, SYNIEHUBOV, "md")
    assert "## What they said" in speaker and "“Kharkiv is calm now" in speaker


def test_find_group_by_id_name_or_spelling() -> None:
    library = sample()
    assert [g.id for g in export.find_group(library, KHARKIV)] == [KHARKIV]
    assert [g.id for g in export.find_group(library, "charkiw")] == [KHARKIV]
    assert export.find_group(library, "Nowhere") == []
    assert export.slug("Kharkiv / Charkiw!") == "kharkiv-charkiw"


def test_cli_exports_groups_and_an_entity(
    tmp_path: Path, seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "groups", str(seeds), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("id,kind,name,variants,mentions,articles,region,country,lat,lon\n")
    target = tmp_path / "luhansk.md"
    assert main(["export", "entity", "Luhansk", str(seeds), "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("# Luhansk (place)")
    assert main(["export", "entity", "Atlantis", str(seeds)]) == 1
    assert "no entity called 'Atlantis'" in capsys.readouterr().err
    assert main(["export", "nonsense"]) == 2


def test_cli_aliases_export_import_and_extract_corrections(
    tmp_path: Path, seeds: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aliases = tmp_path / "aliases.toml"
    mine = [Correction("not-a-place", spelling="Luhansk"), Correction("rename", group=KHARKIV, name="X")]
    aliases.write_text(to_toml(mine), encoding="utf-8")
    assert main(["import", "--aliases", str(aliases)]) == 0
    assert "2 corrections imported, 2 saved" in capsys.readouterr().err
    assert main(["import", "--aliases", str(aliases)]) == 0  # importing again adds nothing
    assert "0 corrections imported, 2 saved" in capsys.readouterr().err
    store = StateStore(data_dir)
    store.load()
    assert len(store.state.corrections) == 2
    out = tmp_path / "out.toml"
    assert main(["export", "--aliases", str(out)]) == 0
    assert read_toml(out) == mine
    # export applies the saved corrections unless --raw
    assert main(["export", "groups", str(seeds), "--format", "json"]) == 0
    names = {row["name"] for row in json.loads(capsys.readouterr().out)}
    assert "Luhansk" not in names
    assert main(["export", "groups", str(seeds), "--raw"]) == 0
    assert "Luhansk" in {row["name"] for row in json.loads(capsys.readouterr().out)}
    # extract prints raw extraction unless given --corrections FILE
    assert main(["extract", str(seeds)]) == 0
    raw = json.loads(capsys.readouterr().out)
    assert any(g["name"] == "Luhansk" for g in raw["groups"])
    assert main(["extract", str(seeds), "--corrections", str(aliases)]) == 0
    corrected = json.loads(capsys.readouterr().out)
    assert not any(g["name"] == "Luhansk" for g in corrected["groups"])
    assert all(m["text"] != "Luhansk" for a in corrected["articles"] for m in a["mentions"])


def test_cli_reports_a_bad_aliases_file(
    tmp_path: Path, seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[correction]]\naction = "explode"\n', encoding="utf-8")
    assert main(["import", "--aliases", str(bad)]) == 1
    assert "correction 1: unknown correction 'explode'" in capsys.readouterr().err
    assert main(["extract", str(seeds), "--corrections", str(bad)]) == 2
    assert main(["export", "groups", str(seeds), "--corrections", str(tmp_path / "missing.toml")]) == 2


def test_merge_from_the_cli_file_is_applied_to_an_entity_export(tmp_path: Path) -> None:
    library = sample()
    from warreader.corrections import corrected

    library, _ = corrected(library, [Correction("merge", group=ZELENSKYJ, into=ZELENSKY)])
    data = json.loads(export.render_entity(library, ZELENSKY, "json"))
    assert len(data["mentions"]) == 3
    assert data["statements"][0]["text"].startswith("In Charkiw")
