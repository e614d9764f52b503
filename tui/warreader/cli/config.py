"""``warreader config``: where warreader keeps its files; ``--edit`` opens the config in $EDITOR.

config    the settings file (theme, paths, keys, view)
state     read marks, bookmarks and corrections
index     the folder of corpus indexes (a cache: safe to delete)
feeds     the feed list; articles: the folder of fetched feed articles
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys

HELP = "print the paths of the config, state, index and feed folders (--edit: open the config)"


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="warreader config",
        description="Print where warreader keeps its settings, state, indexes and feeds.",
    )
    parser.add_argument(
        "--edit", action="store_true", help="open the config file in $VISUAL or $EDITOR, then check it"
    )
    return parser


def paths() -> list[tuple[str, str]]:
    from warreader.config import config_path
    from warreader.corpus.feedstore import articles_dir
    from warreader.corpus.feedstore import config_path as feeds_path
    from warreader.store.files import cache_dir
    from warreader.store.state import FILE_NAME, data_dir

    return [
        ("config", str(config_path())),
        ("state", str(data_dir() / FILE_NAME)),
        ("index", str(cache_dir())),
        ("feeds", str(feeds_path())),
        ("articles", str(articles_dir())),
    ]


def run(args: argparse.Namespace) -> int:
    from warreader.cli.common import output

    if args.edit:
        return _edit()
    with output():
        for name, path in paths():
            print(f"{name:<9} {path}")
    return 0


def _edit() -> int:
    from warreader.config import config_path, load_config

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or ""
    path = config_path()
    if not editor.strip():
        print(f"warreader: config: set $EDITOR to open {path}", file=sys.stderr)
        return 1
    try:
        command = [*shlex.split(editor), str(path)]
    except ValueError as error:
        print(f"warreader: config: $EDITOR cannot be read ({error}): {editor}", file=sys.stderr)
        return 2
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        code = subprocess.call(command)
    except OSError as error:
        print(f"warreader: config: cannot run {command[0]}: {error.strerror or error}", file=sys.stderr)
        return 1
    if code != 0:
        print(f"warreader: config: {command[0]} exited with {code}", file=sys.stderr)
        return 1
    problems = load_config(path).problems
    for problem in problems:
        print(f"warreader: config: {problem}", file=sys.stderr)
    return 1 if problems else 0
