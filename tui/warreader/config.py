"""The user's settings: a TOML file in the user's config folder.

``config.toml`` in ``platformdirs.user_config_dir("warreader")`` (or ``$WARREADER_CONFIG_DIR``)::

    theme = "nord"                    # any Textual theme (Ctrl+P → Theme lists them)
    paths = ["~/news/ukraine"]        # what `warreader` opens when given no PATH

    [keys]                            # action id = "key" or "key1,key2"; ids are listed by `?`
    follow_filter = "F"
    next_mention = "n,ctrl+n"

Everything is optional; an unreadable file or a wrong value is reported and ignored,
never fatal.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ENV_DIR = "WARREADER_CONFIG_DIR"
FILE_NAME = "config.toml"


def config_dir() -> Path:
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("warreader", appauthor=False))


def config_path() -> Path:
    return config_dir() / FILE_NAME


@dataclass
class Config:
    theme: str = ""
    paths: list[str] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    """What was wrong in the file (shown as notifications)."""


def parse_config(text: str, where: str = FILE_NAME) -> Config:
    """Read config text; bad entries are skipped and listed in ``problems``."""
    import tomllib  # here: most starts have no config file to read

    config = Config()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        config.problems.append(f"{where}: not valid TOML ({error}); using the defaults")
        return config
    for key in sorted(set(data) - {"theme", "paths", "keys"}):
        config.problems.append(f"{where}: unknown setting {key!r}")
    theme = data.get("theme", "")
    if isinstance(theme, str):
        config.theme = theme.strip()
    else:
        config.problems.append(f"{where}: 'theme' must be a string")
    paths = data.get("paths", [])
    if isinstance(paths, str):
        paths = [paths]
    if isinstance(paths, list) and all(isinstance(p, str) for p in paths):
        config.paths = [str(Path(p).expanduser()) for p in paths]
    else:
        config.problems.append(f"{where}: 'paths' must be a list of strings")
    keys = data.get("keys", {})
    if isinstance(keys, dict):
        for action, value in keys.items():
            if isinstance(value, str) and value.strip():
                config.keys[action] = ",".join(part.strip() for part in value.split(","))
            elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                config.keys[action] = ",".join(v.strip() for v in value)
            else:
                config.problems.append(f'{where}: key for {action!r} must be a string like "ctrl+f"')
    else:
        config.problems.append(f"{where}: [keys] must be a table")
    return config


def load_config(path: Path | None = None) -> Config:
    """The user's config (empty when there is no file)."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as error:
        return Config(problems=[f"cannot read {path}: {error}"])
    return parse_config(text, str(path))
