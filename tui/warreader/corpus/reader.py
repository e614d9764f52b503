"""Find article files, decode them and turn them into :class:`Article` records."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from warreader.corpus.article import Article
from warreader.corpus.sanitize import clean_line, clean_text
from warreader.nlp.dates import split_header
from warreader.nlp.language import detect_language

TEXT_SUFFIXES = frozenset({".txt", ".md"})
TITLE_MAX = 90


@dataclass(slots=True, frozen=True)
class Problem:
    """A file that could not be read, or was read with a caveat."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def discover(paths: Iterable[str | os.PathLike[str]], problems: list[Problem]) -> list[Path]:
    """Expand files and folders (recursively) into a sorted list of article files."""
    found: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(
                path, onerror=lambda e: problems.append(Problem(str(e.filename), e.strerror or str(e)))
            ):
                dirs.sort()
                for name in sorted(files):
                    candidate = Path(root, name)
                    if candidate.suffix.lower() in TEXT_SUFFIXES and candidate not in seen:
                        seen.add(candidate)
                        found.append(candidate)
        elif path.is_file():
            if path not in seen:
                seen.add(path)
                found.append(path)
        else:
            problems.append(Problem(str(path), "no such file or folder"))
    return found


def decode(data: bytes) -> str:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16 by BOM, else a lenient fallback."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)]*\s|\n")


def make_title(body: str) -> str:
    """Title: the headline-like first line, or the first sentence, shortened."""
    first = body.lstrip().split("\n", 1)[0]
    match = _SENTENCE_END.search(first)
    title = first[: match.start()] if match and match.start() > 20 else first
    title = clean_line(title)
    if len(title) > TITLE_MAX:
        cut = title.rfind(" ", 0, TITLE_MAX - 1)
        title = title[: cut if cut > 40 else TITLE_MAX - 1].rstrip(",;:- ") + "…"
    return title or "(untitled)"


def parse_article(path: str, text: str, problems: list[Problem] | None = None) -> Article:
    """Build an article from decoded text: header date, body, title, language."""
    text = clean_text(text)
    date, body, problem = split_header(text)
    if problem and problems is not None:
        problems.append(Problem(path, problem))
    body = body.strip()
    source = Path(path).parent.name
    return Article(
        path=path,
        title=make_title(body),
        date=date,
        language=detect_language(body),
        body=body,
        source=source,
    )


def read_file(path: Path, problems: list[Problem]) -> Article | None:
    """Read one article file; problems are recorded, never raised."""
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.append(Problem(str(path), error.strerror or str(error)))
        return None
    if not data.strip():
        problems.append(Problem(str(path), "empty file"))
        return None
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(str(path), "binary file, not text"))
        return None
    return parse_article(str(path), decode(data), problems)


def read_articles(paths: Iterable[str | os.PathLike[str]], problems: list[Problem]) -> Iterator[Article]:
    """Yield articles from files and folders in a stable order."""
    for path in discover(paths, problems):
        article = read_file(path, problems)
        if article is not None:
            yield article
