"""``warreader completion``, ``warreader man`` and ``warreader config`` (issue 16 item 13)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from warreader.cli import COMMANDS, main


def out_of(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def complete(script: Path, *words: str) -> list[str]:
    """What bash offers after ``words`` (the last one being completed), with the generated script."""
    line = " ".join(words)
    program = (
        f"source {script}\n"
        f"COMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
        f"COMP_LINE={line!r}; COMP_POINT=${{#COMP_LINE}}\n"
        '_shtab_warreader; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return sorted(filter(None, done.stdout.splitlines()))


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completion_offers_commands_subcommands_options_and_choices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "warreader.bash"
    script.write_text(out_of(capsys, "completion", "bash"), encoding="utf-8")
    assert complete(script, "warreader", "") == sorted(COMMANDS)
    assert complete(script, "warreader", "fe") == ["feeds"]
    assert complete(script, "warreader", "feeds", "") == sorted(
        ["add", "remove", "list", "fetch", "dir", "import", "export"]
    )
    assert complete(script, "warreader", "completion", "") == ["bash", "zsh"]
    assert "--workers" in complete(script, "warreader", "index", "--")
    assert complete(script, "warreader", "feeds", "fetch", "--ti") == ["--timeout"]
    assert "--rebuild" in complete(script, "warreader", "--")


def test_zsh_completion_names_every_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = out_of(capsys, "completion", "zsh")
    assert text.startswith("#compdef warreader")
    commands = text[text.index("_shtab_warreader_commands()") :].split("\n}", 1)[0]
    for name in COMMANDS:
        assert re.search(rf"^\s*[\"']?{name}:", commands, re.MULTILINE), name
    if shutil.which("zsh"):
        script = tmp_path / "_warreader"
        script.write_text(text, encoding="utf-8")
        checked = subprocess.run(["zsh", "-n", str(script)], capture_output=True, text=True, timeout=30)
        assert checked.returncode == 0, checked.stderr


def test_completion_of_another_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["completion", "fish"])
    assert exit_.value.code == 2
    assert "invalid choice: 'fish'" in capsys.readouterr().err


def test_man_page_has_every_command_and_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    page = out_of(capsys, "man")
    assert page.startswith('.TH WARREADER "1"')
    assert "warreader \\- a terminal reader for war news" in page
    for name in COMMANDS:
        assert f"COMMAND \\fI\\,'warreader {name}'" in page, name
    assert "\\-\\-rebuild" in page and "\\-\\-max\\-mb" in page and "FILE.opml" in page
    if shutil.which("man") and shutil.which("groff"):
        shown = subprocess.run(
            ["man", "-l", "-"],
            input=page,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "MANWIDTH": "100"},
        )
        assert shown.returncode == 0 and "warreader feeds" in shown.stdout


def test_config_prints_each_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WARREADER_CONFIG_DIR", str(tmp_path / "conf"))
    monkeypatch.setenv("WARREADER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WARREADER_CACHE_DIR", str(tmp_path / "cache"))
    lines = out_of(capsys, "config").splitlines()
    assert [line.split(None, 1) for line in lines] == [
        ["config", str(tmp_path / "conf" / "config.toml")],
        ["state", str(tmp_path / "data" / "state.json")],
        ["index", str(tmp_path / "cache")],
        ["feeds", str(tmp_path / "data" / "feeds.toml")],
        ["articles", str(tmp_path / "data" / "articles")],
    ]


def editor(tmp_path: Path, body: str) -> Path:
    """A script standing in for the user's editor: records its arguments, then runs ``body`` (with
    ``$f`` the last argument: the file)."""
    script = tmp_path / "my editor"
    script.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$@" > "{tmp_path}/args"\nfor f; do :; done\n{body}\n', encoding="utf-8"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_config_edit_opens_the_config_in_editor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WARREADER_CONFIG_DIR", str(tmp_path / "new" / "conf"))
    monkeypatch.delenv("VISUAL", raising=False)
    script = editor(tmp_path, 'echo \'theme = "nord"\' >> "$f"')
    monkeypatch.setenv("EDITOR", f"'{script}' --wait")
    assert main(["config", "--edit"]) == 0
    path = tmp_path / "new" / "conf" / "config.toml"
    assert (tmp_path / "args").read_text().splitlines() == ["--wait", str(path)]
    assert path.read_text() == 'theme = "nord"\n'
    assert capsys.readouterr().err == ""


def test_config_edit_reports_a_broken_config_and_a_failed_editor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WARREADER_CONFIG_DIR", str(tmp_path / "conf"))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", shlex.quote(str(editor(tmp_path, 'echo "paths = 3" > "$f"'))))
    assert main(["config", "--edit"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("warreader: config: ") and "'paths'" in err[0]

    monkeypatch.setenv("EDITOR", shlex.quote(str(editor(tmp_path, "exit 3"))))
    assert main(["config", "--edit"]) == 1
    assert capsys.readouterr().err.strip().endswith("exited with 3")

    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    assert main(["config", "--edit"]) == 1
    assert capsys.readouterr().err.startswith("warreader: config: cannot run ")

    monkeypatch.delenv("EDITOR")
    assert main(["config", "--edit"]) == 1
    assert capsys.readouterr().err.startswith("warreader: config: set $EDITOR to open ")
