"""The suite never reads or writes the real HOME: every folder warreader uses lies under the test's."""

from __future__ import annotations

from pathlib import Path

from warreader.config import config_dir
from warreader.corpus import feedstore
from warreader.store import state
from warreader.store.files import cache_dir


def test_every_user_folder_is_under_the_isolated_home(isolated_home: Path) -> None:
    for folder in (cache_dir(), config_dir(), state.data_dir(), feedstore.data_dir()):
        assert folder.resolve().is_relative_to(isolated_home.resolve()), folder
