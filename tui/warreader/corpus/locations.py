"""The corpus paths a command is given: the bundled articles by default, and which of them do not exist."""

from __future__ import annotations

import os
from collections.abc import Sequence

EXIT_CODES = (
    "exit codes: 0 when something was read, 1 when nothing could be read or a path does not exist, "
    "2 for a usage error"
)


def corpus_paths(values: Sequence[str]) -> list[str]:
    """``values``, or the bundled sample articles when none are given."""
    if values:
        return list(values)
    from warreader.resources import seeds_dir

    return [str(seeds_dir())]


def is_local(path: str) -> bool:
    """A file or folder (not standard input ``-``, not a URL)."""
    return path != "-" and "://" not in path


def missing_paths(paths: Sequence[str]) -> list[str]:
    """The local paths that name nothing (a dangling link included)."""
    return [p for p in paths if is_local(p) and not os.path.exists(p)]


def missing_message(missing: Sequence[str]) -> str:
    """A line for each path that names nothing."""
    return "\n".join(f"warreader: {path}: no such file or folder" for path in missing)
