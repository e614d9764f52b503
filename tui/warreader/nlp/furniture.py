"""Page furniture: the parts of a news page that are not the story's sentences.

Photo credits ("Photo: Anna Lind/AFP", "Фото: …"), bylines ("By Ola Berg and Jan Ek", "Von …",
"Av …", "Автор: …"), copyright lines and "Read more" link lists name photographers, authors and
other stories' subjects: no one there is speaking in this article. :func:`furniture_spans`
finds them by the words that open them in each of the seven languages, so speakers are not
taken from them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import repeat

from warreader.nlp.text import CASE_SPECIAL

# Words opening a credit, followed by ":" or "/" ("Photo: X", "Foto: X/dpa") or "by" ("Photo by X").
_CREDIT = (
    "photo|photos|photograph|picture|image|images|illustration|credit|credits|video|source|"
    "foto|fotos|fotograf|bild|bilder|quelle|källa|zdjęcie|zdjęcia|fot|źródło|wideo|"
    "crédit|crédits|photographie|vidéo|"
    "фото|світлина|джерело|відео|видео|источник|иллюстрация|ілюстрація"
)
_CREDIT_WORDS = tuple(_CREDIT.split("|"))
_CREDIT_SET = frozenset(_CREDIT_WORDS)
# No credit word ends another, so at most one of them ends where a credit's mark starts: it is
# found by its length (a slice and a set lookup per length, not an endswith per word).
_CREDIT_LENGTHS = tuple(sorted({len(word) for word in _CREDIT_SET}))
# A credit opens a line, follows a caption's sentence or a bracket: never inside a sentence.
_CREDIT_PATTERN = re.compile(
    rf"(?:^|(?<=[.!?»”\"|·•–—(] )|(?<=[(|·•]))[ \t]*(?:{_CREDIT})(?:[ \t]*[:/|]|[ \t]+(?:by|von|av|par)[ \t])"
    r"[^\n)]*",
    re.IGNORECASE | re.MULTILINE,
)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright\b)[^\n]*", re.IGNORECASE)

# A line that is only a byline: the word for "by" (or "author:"), then a name.
_BYLINE = re.compile(
    r"^[ \t]*(?:by|von|av|par|przez|text|texte|tekst|autor|autorin|autorka|auteur|författare|redaktion|"
    r"автор|авторка|текст)"
    r"(?:[ \t]*:)?[ \t]+\w[^\n]{0,120}$",
    re.IGNORECASE | re.MULTILINE,
)

# Headings of a list of links to other stories.
_READ_MORE = (
    r"read more|read also|related|related stories|related articles|more on this story|see also|"
    r"most read|latest news|läs mer|läs också|mer om|relaterat|mest läst|lesen sie auch|mehr zum thema|"
    r"auch interessant|das könnte sie auch interessieren|meistgelesen|czytaj też|czytaj także|"
    r"czytaj więcej|zobacz też|zobacz także|polecamy|najczęściej czytane|lire aussi|à lire aussi|"
    r"a lire aussi|sur le même sujet|les plus lus|читайте також|також читайте|дивіться також|"
    r"по темі|читайте также|смотрите также|по теме|самое читаемое|популярне|новини за темою"
)
_READ_MORE_PATTERN = re.compile(
    rf"^[ \t]*(?:{_READ_MORE})\b[ \t]*[:|»›>-]?[^\n]*", re.IGNORECASE | re.MULTILINE
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_MAX_LIST = 2000  # characters a link list runs on for at most, when no blank line ends it


@lru_cache(maxsize=1024)
def furniture_spans(body: str) -> tuple[tuple[int, int], ...]:
    """Sorted, non-overlapping (start, end) character ranges of credits, bylines, copyright lines and
    link lists in ``body``."""
    lowered = body.lower()
    special = CASE_SPECIAL.search(body) is not None  # letters whose case folding changes offsets
    spans = [m.span() for m in _CREDIT_PATTERN.finditer(body)] if special else _credits(body, lowered)
    if special or "©" in body or "(c)" in lowered or "copyright" in lowered:
        spans += [m.span() for m in _COPYRIGHT.finditer(body)]
    spans += menu_spans(body)
    # A byline and a link list's heading open a line and end on it: their patterns are tried at the
    # line starts only (exactly what their finditer gives, without a try at every character).
    starts = line_starts(body)
    bylines = filter(None, map(_BYLINE.match, repeat(body), starts))
    spans += [m.span() for m in bylines if not _sentence_like(m.group())]
    for heading in filter(None, map(_READ_MORE_PATTERN.match, repeat(body), starts)):
        start = heading.start()
        blank = _BLANK_LINE.search(body, heading.end())
        end = blank.start() if blank else len(body)
        spans.append((start, min(end, start + _MAX_LIST)))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


# What follows a credit word: the mark ("Photo: …", "Foto: X/dpa") or the word for "by" ("Photo by …").
_CREDIT_TAIL = re.compile(r"[:/|]|[ \t](?:by|von|av|par)[ \t]")
_CREDIT_BY = (":", "/", "|", *(f" {word} " for word in ("by", "von", "av", "par")))


def _credit_tails(lowered: str) -> list[int]:
    """Where the matches of ``_CREDIT_TAIL.finditer(lowered)`` start, found faster: that pattern's
    alternatives open with different characters, so it is tried at every character; here the marks
    and " by " (and the like) are found by ``str.find``.

    At most one alternative matches at a place (they open with different characters, and the four
    words with different letters), so the matches finditer gives are these candidates taken from
    left to right, each one starting at or after the end of the one taken before it."""
    if "\t" in lowered:
        return [tail.start() for tail in _CREDIT_TAIL.finditer(lowered)]
    found: list[tuple[int, int]] = []
    for word in _CREDIT_BY:
        position = lowered.find(word)
        while position >= 0:
            found.append((position, position + len(word)))
            position = lowered.find(word, position + 1)
    found.sort()
    starts: list[int] = []
    resume = 0
    for start, end in found:
        if start >= resume:
            starts.append(start)
            resume = end
    return starts


def _credits(body: str, lowered: str) -> list[tuple[int, int]]:
    """Exactly the spans of ``_CREDIT_PATTERN.finditer(body)``, found faster: that pattern tries its
    lookbehinds at every character, so it is tried here only just before a credit word that stands
    before a credit's mark or "by" (``lowered`` is ``body`` in lower case, of the same length)."""
    spans: list[tuple[int, int]] = []
    resume = 0
    for end in _credit_tails(lowered):
        while end > 0 and lowered[end - 1] in " \t":
            end -= 1
        for length in _CREDIT_LENGTHS:
            if length > end or lowered[end - length : end] not in _CREDIT_SET:
                continue
            first = end - length
            start = first
            while start > 0 and body[start - 1] in " \t":
                start -= 1
            for position in range(max(start, resume), first + 1):
                found = _CREDIT_PATTERN.match(body, position)
                if found is not None:
                    spans.append(found.span())
                    resume = found.end()
                    break
    return spans


def line_starts(body: str) -> list[int]:
    """Where each line of ``body`` starts: 0 and every position after a line break."""
    starts = [0]
    position = body.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = body.find("\n", position + 1)
    return starts


_LINE = re.compile(r"[^\n]+")
_MENU_GAP = re.compile(r"[ \t]{2,}|[ \t]*[|·•][ \t]*")


@lru_cache(maxsize=1024)
def menu_spans(body: str) -> tuple[tuple[int, int], ...]:
    """Lines that are menus or button rows ("Menu   World   Subscribe   Sign in", "Share | Facebook | X"):
    three items or more apart by wide gaps or bars, each of one to three words, no sentence mark."""
    spans = []
    for line in _LINE.finditer(body):
        text = line.group()
        if "  " not in text and "|" not in text and "·" not in text and "•" not in text:
            continue
        items = [item for item in _MENU_GAP.split(text.strip()) if item]
        short = all(len(item.split()) <= 3 for item in items)
        if len(items) >= 3 and short and not text.rstrip().endswith("."):
            spans.append(line.span())
    return tuple(spans)


def _sentence_like(line: str) -> bool:
    """A line that reads as a sentence of the story ("By Monday the line held."), not a byline."""
    words = line.split()
    return len(words) > 12 or line.rstrip().endswith((".", "!", "?", ":"))


def inside(spans: tuple[tuple[int, int], ...], position: int) -> bool:
    """``position`` lies in one of ``spans`` (as :func:`furniture_spans` gives them)."""
    k = bisect_right(spans, (position, 1 << 62)) - 1
    return k >= 0 and spans[k][0] <= position < spans[k][1]
