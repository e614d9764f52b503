"""Make untrusted text inert: control characters become visible symbols, offsets stay put.

Every replacement is one character for one character, so spans computed on the
cleaned text are spans of what the user sees.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates, which can reorder what is shown; lone surrogates
# (from JSON escapes or undecodable file names), which cannot be printed; invisible tag characters.
_HIDDEN = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff\U000e0000-\U000e007f]")
# Unicode line and paragraph separators: line breaks the terminal would not show as such.
_SEPARATORS = ("\u2028", "\u2029")


def _visible_control(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (␛ for ESC)
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def visible(text: str) -> str:
    """``text`` with every control, bidi, surrogate and tag character replaced one for one by a
    visible symbol (newlines and tabs kept), so offsets into it stay valid."""
    if text.isascii() and text.isprintable():
        return text
    for (
        separator
    ) in _SEPARATORS:  # str.replace, not str.translate: a scan in C, not a dict lookup per character
        if separator in text:
            text = text.replace(separator, "\n")
    text = _CONTROL.sub(_visible_control, text)
    return _HIDDEN.sub("\ufffd", text)


def clean_text(text: str) -> str:
    """Return ``text`` with newlines normalised and every control character shown, not obeyed."""
    if text.isascii() and text.isprintable():
        return text
    return visible(text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_line(text: str) -> str:
    """Like :func:`clean_text` for one-line fields (title, source): newlines become spaces."""
    return " ".join(clean_text(text).split())
