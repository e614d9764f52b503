"""A file that could not be read, or was read with a caveat: reported, never raised."""

from __future__ import annotations

from dataclasses import dataclass

from warreader.corpus.sanitize import clean_line


@dataclass(slots=True, frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        # File names and server messages are untrusted: shown inertly, like every other field.
        return clean_line(f"{self.path}: {self.message}")
