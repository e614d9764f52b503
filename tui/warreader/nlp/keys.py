"""Transliteration-aware name keys.

Ukrainian and Russian names reach each language through its own romanisation:
Харків is Kharkiv in English, Charkiw in German, Charkiv in Swedish, Charków in
Polish; Зеленський is Zelenskyy, Selenskyj, Zełenski. :func:`name_key` maps a
spelling, read with the conventions of the article's language, to a coarse
phonetic skeleton on which those spellings meet, while names that differ in
their consonants (Putin/Pushilin, Kherson/Kharkiv) stay apart.

Skeleton alphabet: ``S`` for ш/ж/щ-like sounds, ``C`` for ч, ``h`` for х/г/h/g,
``ts`` for ц, ``v`` for в/w, ``i`` for и/і/й/y/j, ``s`` for с/з.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Ordered rewrites per language, applied to lower-case text before accents are dropped.
_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (("shch", "SC"), ("zh", "S"), ("sh", "S"), ("kh", "h"), ("ch", "C"), ("tch", "C")),
    "de": (
        ("schtsch", "SC"),
        ("tsch", "C"),
        ("sch", "S"),
        ("kh", "h"),
        ("ch", "h"),
        ("zh", "S"),
        ("sh", "S"),
        ("tz", "ts"),
        ("z", "ts"),
    ),
    "sv": (
        ("sjtj", "SC"),
        ("shch", "SC"),
        ("tj", "C"),
        ("sj", "S"),
        ("zj", "S"),
        ("kh", "h"),
        ("ch", "h"),
        ("zh", "S"),
        ("sh", "S"),
    ),
    "pl": (
        ("szcz", "SC"),
        ("sz", "S"),
        ("cz", "C"),
        ("rz", "S"),
        ("ż", "S"),
        ("ź", "s"),
        ("kh", "h"),
        ("ch", "h"),
        ("ć", "C"),
        ("c", "ts"),
        ("ó", "o"),
        ("ł", "l"),
        ("ś", "s"),
        ("ń", "n"),
    ),
    "fr": (
        ("chtch", "SC"),
        ("tch", "C"),
        ("kh", "h"),
        ("ch", "S"),
        ("zh", "S"),
        ("sh", "S"),
        ("dj", "dS"),
        ("j", "S"),
        ("ou", "u"),
        ("ï", "i"),
    ),
}
_RULES["uk"] = _RULES["ru"] = _RULES["en"]

# Applied to every language after its own rules; single letters at once, then "ck".
_COMMON = str.maketrans({"x": "ks", "q": "k", "w": "v", "g": "h", "j": "i", "y": "i", "z": "s"})
_APOSTROPHES = re.compile(r"['’ʼ`´]")
_REPEATS = re.compile(r"(.)\1+")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_YO = re.compile("(?<=[bcdfhklmnprstvSC])io(?=[bcdfhklmnprstvSC])")


def _fold_accents(text: str) -> str:
    if text.isascii():
        return text
    text = text.replace("ł", "l").replace("ß", "ss").replace("ø", "o").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def name_key(text: str, language: str = "en") -> str:
    """Phonetic skeleton of a name as spelled in ``language`` (Cyrillic is romanised first)."""
    if _CYRILLIC.search(text):
        from warreader.nlp.translit import romanize

        ukrainian = any(ch in "іїєґІЇЄҐ" for ch in text)
        text = romanize(text, "uk-en" if ukrainian else "ru-en")
        language = "en"
    key = _APOSTROPHES.sub("", text.lower()).replace("-", " ")
    for old, new in _RULES.get(language, _RULES["en"]):
        if old in key:
            key = key.replace(old, new)
    key = _fold_accents(key).translate(_COMMON).replace("ck", "k")
    key = _REPEATS.sub(r"\1", key)
    key = key.replace("ie", "e")
    key = _YO.sub("e", key)  # ё between consonants: Fiodorow, Fyodorov, Fjodorov, Fedorov
    return " ".join(key.split())
