"""Bytes to text: BOMs, UTF-8, then a detected legacy encoding (Cyrillic or Western code pages).

charset-normalizer proposes encodings; they are ranked by how well each decoding
fits the alphabets of the languages warreader reads (en, sv, de, pl, fr, uk, ru),
which settles the close calls it gets wrong on short texts (Latin-1 vs cp1250,
cp1251 vs KOI8-U).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Code pages used for news in these languages: charset-normalizer's proposals are kept only
# among these (it may rank e.g. ISO-8859-16 first for Polish), and these are always tried.
_LEGACY = ("cp1252", "cp1250", "iso8859_2", "cp1251", "koi8_u", "koi8_r", "latin_1")
_KNOWN = frozenset(
    {*_LEGACY, "iso8859_15", "iso8859_5", "mac_cyrillic", "cp866", "mac_roman", "mac_latin2", "cp1257"}
)
_SAMPLE = 256 * 1024

_EXPECTED = frozenset(
    "åäöÅÄÖéèêëàâçîïôûùüÿœæÉÈÊËÀÂÇÎÏÔÛÙÜŸŒÆßąćęłńóśźżĄĆĘŁŃÓŚŹŻ"
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯіїєґІЇЄҐʼ"
    "“”„«»‘’‚–—…•°€№§©®·\u00a0\ufeff"
)
# A lower-case letter followed by a capital: rare in prose, common when case-swapped code pages are confused.
_MIXED_CASE = re.compile("[a-zß-ÿа-яёіїєґ][A-ZÀ-ÞА-ЯЁІЇЄҐ]")


@dataclass(slots=True, frozen=True)
class Decoded:
    text: str
    encoding: str
    note: str | None = None
    """A caveat worth telling the user (replaced bytes), or None."""


# Control bytes that text never needs (tab, line breaks, form feed and ESC are left out).
_BINARY_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32)])


def looks_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding we read: many control bytes, not UTF-16/32.

    A stray NUL in a text file does not make it binary (it is shown as ␀).
    """
    head = data[:8192]
    controls = len(head) - len(head.translate(None, _BINARY_BYTES))
    if controls <= max(2, len(head) // 50) or any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    return _wide_order(head) is None


def _wide_order(head: bytes) -> str | None:
    """BOM-less UTF-32 or UTF-16: the encoding whose decoding is text in our alphabets."""
    return _utf32_order(head) or _utf16_order(head)


def _utf32_order(head: bytes) -> str | None:
    head = head[: len(head) // 4 * 4]
    if len(head) < 32 or head.count(0) < len(head) // 2:  # UTF-32 text is mostly zero bytes
        return None
    for encoding in ("utf-32-le", "utf-32-be"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _fits(text):
            return encoding
    return None


def _fits(text: str) -> bool:
    fitting = sum(
        1 for ch in text if (ch.isascii() and (ch.isprintable() or ch in "\n\r\t")) or ch in _EXPECTED
    )
    spaces = text.count(" ") + text.count("\n")
    return fitting >= 0.95 * len(text) and spaces >= len(text) / 40


def _utf16_order(head: bytes) -> str | None:
    """Guess BOM-less UTF-16: the byte order whose decoding is text in our alphabets."""
    head = head[: len(head) // 2 * 2]
    if len(head) < 16:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        text = head.decode(encoding, errors="replace")
        fitting = sum(
            1 for ch in text if (ch.isascii() and (ch.isprintable() or ch in "\n\r\t")) or ch in _EXPECTED
        )
        spaces = text.count(" ") + text.count("\n")
        if fitting >= 0.95 * len(text) and spaces >= len(text) / 40:
            return encoding
    return None


def _badness(text: str) -> tuple[int, int]:
    """(characters foreign to our languages, capitals inside words): lower is a likelier decoding."""
    foreign = sum(1 for ch in text if not (ch.isascii() or ch in _EXPECTED))
    return foreign, len(_MIXED_CASE.findall(text))


def _legacy(data: bytes) -> str:
    from charset_normalizer import from_bytes

    sample = data[:_SAMPLE]
    proposed = [match.encoding for match in from_bytes(sample) if match.encoding in _KNOWN]
    candidates = list(dict.fromkeys([*proposed, *_LEGACY]))
    scored = []
    for rank, encoding in enumerate(candidates):
        try:
            text = sample.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((_badness(text), rank, encoding))
    return min(scored)[2] if scored else "latin_1"


def _mostly_utf8(data: bytes) -> int | None:
    """Count of invalid bytes when ``data`` is UTF-8 with a few damaged bytes, else None."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return bad if good >= 4 * bad else None


def decode(data: bytes, truncated: bool = False) -> Decoded:
    """Decode article bytes; ``truncated`` data may end inside a character, which is dropped."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict_or_replace(data[len(bom) :], encoding, truncated)
    order = _wide_order(data[:8192]) if b"\x00" in data[:8192] else None
    if order:
        return _strict_or_replace(data, order, truncated)
    try:
        return Decoded(_incremental(data, "utf-8", truncated), "utf-8")
    except UnicodeDecodeError:
        pass
    bad = _mostly_utf8(data)
    if bad is not None:
        return _strict_or_replace(data, "utf-8", truncated)
    encoding = _legacy(data)
    return Decoded(data.decode(encoding, errors="replace"), encoding)


def _incremental(data: bytes, encoding: str, truncated: bool, errors: str = "strict") -> str:
    decoder = codecs.getincrementaldecoder(encoding)(errors=errors)
    return decoder.decode(data, final=not truncated)


def _strict_or_replace(data: bytes, encoding: str, truncated: bool) -> Decoded:
    try:
        return Decoded(_incremental(data, encoding, truncated), encoding)
    except UnicodeDecodeError:
        text = _incremental(data, encoding, truncated, errors="replace")
        name = encoding.upper().replace("-LE", "").replace("-BE", "")
        return Decoded(text, encoding, f"invalid {name}: undecodable bytes shown as �")
