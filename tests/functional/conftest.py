"""UI test fixtures (helpers live in ui_helpers.py)."""

from __future__ import annotations

import pytest
from ui_helpers import tiny_library as _tiny_library

from warreader.library import Library


@pytest.fixture
def tiny_library() -> Library:
    return _tiny_library()
