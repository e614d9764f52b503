"""Cyrillic to Latin romanisation of Ukrainian and Russian names, one system per reader language.

News in each language spells Ukrainian and Russian names with its own conventions:
Харків is Kharkiv in English (Ukrainian national system of 2010), Charkiw in German
(Duden), Charkiv in Swedish, Charkiw in Polish (Charków being an exonym) and Kharkiv in
French; Russian Харьков is Kharkov (BGN/PCGN), Charkow, Charkov, Charkow, Kharkov.

Systems are named ``"<source>-<target>"``: sources ``uk`` and ``ru``, targets ``en``,
``de``, ``sv``, ``pl``, ``fr``. The tables follow the published conventions closely
enough to produce the spellings the press uses; soft signs and apostrophes are dropped
except where a system turns them into a letter (Polish ń, ś, ć, ź).

Used at build time (tools/build_gazetteer.py generates each language's spellings of a
Cyrillic name) and at run time (to match Cyrillic text against Latin spellings).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

SYSTEMS: tuple[str, ...] = (
    "uk-en", "uk-de", "uk-sv", "uk-pl", "uk-fr", "ru-en", "ru-de", "ru-sv", "ru-pl", "ru-fr",
)  # fmt: skip

_UKRAINIAN_ONLY = frozenset("іїєґІЇЄҐ")
_RUSSIAN_ONLY = frozenset("ыэъёЫЭЪЁ")
_APOSTROPHES = frozenset("'’ʼ`´‘")
_VOWELS = frozenset("аеёиіїоуыэюяєАЕЁИІЇОУЫЭЮЯЄ")
# Consonants after which Russian е/ё/и do not soften in Polish spelling (Żytomierz but Czerkasy).
_PL_HARD = frozenset("жцшщчрЖЦШЩЧР")

# Letters whose spelling does not depend on position, per system (lower case), in four layers: the
# letters every system spells alike, those a source language spells alike in every target language,
# those a target language spells alike from both sources, and what is left to each system.
_SHARED = {
    "а": "a", "б": "b", "д": "d", "е": "e", "к": "k", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "ф": "f", "ь": "",
}  # fmt: skip
_BY_SOURCE = {
    "uk": {"г": "h", "ґ": "g", "и": "y", "і": "i"},
    "ru": {"г": "g", "и": "i", "ъ": "", "ы": "y", "э": "e"},
}  # fmt: skip
_BY_TARGET = {
    "en": {
        "в": "v", "ж": "zh", "з": "z", "л": "l", "у": "u", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "shch",
    },
    "de": {
        "в": "w", "ж": "sch", "з": "s", "л": "l", "у": "u", "х": "ch", "ц": "z", "ч": "tsch",
        "ш": "sch", "щ": "schtsch", "ю": "ju", "я": "ja",
    },
    "sv": {
        "в": "v", "ж": "zj", "з": "z", "й": "j", "л": "l", "у": "u", "х": "ch", "ц": "ts", "ч": "tj",
        "ш": "sj", "щ": "sjtj", "ю": "ju", "я": "ja",
    },
    "pl": {
        "в": "w", "ж": "ż", "з": "z", "й": "j", "л": "ł", "у": "u", "х": "ch", "ц": "c", "ч": "cz",
        "ш": "sz", "щ": "szcz", "ю": "ju", "я": "ja",
    },
    "fr": {
        "в": "v", "ж": "j", "з": "z", "й": "ï", "л": "l", "у": "ou", "х": "kh", "ц": "ts", "ч": "tch",
        "ш": "ch", "щ": "chtch", "ю": "iou", "я": "ia",
    },
}  # fmt: skip
_OWN: dict[str, dict[str, str]] = {
    "uk-en": {"є": "ie", "ї": "i", "й": "i", "ю": "iu", "я": "ia"},
    "uk-de": {"є": "je", "ї": "ji", "й": "j"},
    "uk-sv": {"є": "je", "ї": "ji"},
    "uk-pl": {"є": "je", "ї": "ji"},
    "uk-fr": {"є": "ie", "ї": "ï"},
    "ru-en": {"ё": "ë", "й": "y", "ю": "yu", "я": "ya"},
    "ru-de": {"ё": "jo", "й": "i"},
    "ru-sv": {"ё": "jo"},
    "ru-pl": {"ё": "jo"},
    "ru-fr": {"ё": "io"},
}  # fmt: skip
_BASE: dict[str, dict[str, str]] = {
    system: {**_SHARED, **_BY_SOURCE[system[:2]], **_BY_TARGET[system[3:]], **own}
    for system, own in _OWN.items()
}

# Letters of the other language (mixed or Belarusian text) borrow the sibling system's spelling:
# ы in a Ukrainian system reads as in the Russian one, ї in a Russian system as in the Ukrainian.
for _target in ("en", "de", "sv", "pl", "fr"):
    _uk, _ru = _BASE[f"uk-{_target}"], _BASE[f"ru-{_target}"]
    for _letter, _spelling in list(_ru.items()):
        _uk.setdefault(_letter, _spelling)
    for _letter, _spelling in list(_uk.items()):
        _ru.setdefault(_letter, _spelling)
    _uk.setdefault("ў", "w" if _target in ("de", "pl") else "u")
    _ru.setdefault("ў", "w" if _target in ("de", "pl") else "u")

# Word-initial spellings (and, where the system says so, after a vowel or a sign).
_INITIAL: dict[str, dict[str, str]] = {
    "uk-en": {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"},
    "uk-fr": {"є": "ie", "ї": "yi", "й": "y", "ю": "iou", "я": "ia"},
    "ru-en": {"е": "ye", "ё": "yë"},
    "ru-de": {"е": "je", "й": "j"},
    "ru-sv": {"е": "je"},
    "ru-pl": {"е": "je"},
    "ru-fr": {"е": "ie"},
}

# Polish softening before a soft sign: нь -> ń, сь -> ś, ць -> ć, зь -> ź, ль -> l.
_PL_SOFT = {"н": "ń", "с": "ś", "ц": "ć", "з": "ź", "л": "l", "д": "d", "т": "t"}
# Polish iotated vowels after a consonant (Kupiańsk, Siewierodonieck), after л (Lubow, Łysyczańsk).
_PL_IOTATED = {"я": "ia", "ю": "iu", "є": "ie", "ё": "io"}
_PL_AFTER_L = {"я": "a", "ю": "u", "ё": "o", "и": "i", "е": "e"}
_PL_AFTER_L_UK = {"я": "a", "ю": "u", "є": "e", "і": "i"}
# Swedish drops the j of iotated vowels after zj, sj, tj, sjtj.
_SV_PLAIN = {"я": "a", "ю": "u", "є": "e", "ё": "o", "е": "e"}


def has_cyrillic(s: str) -> bool:
    """True when the text holds at least one Cyrillic letter."""
    return any("\u0400" <= ch <= "\u04ff" for ch in s)


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


def _word_case(word: str) -> str:
    """'upper' for all-caps words of two or more letters, else 'mixed'."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "upper"
    return "mixed"


def _romanize_word(word: str, system: str) -> str:
    """Romanise one run of letters (no spaces or hyphens inside)."""
    source = system[:2]
    base = _BASE[system]
    initial = _INITIAL.get(system, {})
    # Apostrophes only separate sounds; no system here writes them.
    chars = [c for c in word if c not in _APOSTROPHES]
    low = [c.lower() for c in chars]
    out: list[str] = []
    n = len(chars)
    for i, c in enumerate(low):
        prev = low[i - 1] if i > 0 else ""
        nxt = low[i + 1] if i + 1 < n else ""
        piece: str
        if c not in base:
            piece = c
        elif c in initial and (
            i == 0 or (source == "ru" and c in "её" and (prev in _VOWELS or prev in "ъь"))
        ):
            piece = initial[c]
        else:
            piece = base[c]
            special = _contextual(system, c, prev, nxt, i, low)
            if special is not None:
                piece = special
        if chars[i].isupper() and piece:
            piece = piece[0].upper() + piece[1:]
        out.append(piece)
    text = "".join(out)
    if _word_case(word) == "upper":
        text = text.upper()
    return text


def _contextual(system: str, c: str, prev: str, nxt: str, i: int, low: list[str]) -> str | None:
    """Spelling that depends on neighbours, or None for the plain table value."""
    vowel_before = bool(prev) and prev.lower() in _VOWELS
    vowel_after = bool(nxt) and nxt.lower() in _VOWELS
    end = i + 1 == len(low) or not low[i + 1].isalpha()
    if system == "uk-en":
        if c == "г" and prev == "з":
            return "gh"  # Згурівка -> Zghurivka
        return None
    if system in ("uk-de", "ru-de"):
        if c == "с" and vowel_before and vowel_after:
            return "ss"  # Одеса -> Odessa, Василь -> Wassyl
        if system == "ru-de":
            if c == "й":
                if end and prev in ("и", "ы"):
                    return ""  # Жуковский -> Schukowski, Красный -> Krasny
                return "j" if vowel_after else "i"
            if c in "её" and prev and prev in "жчшщ":
                return "e" if c == "е" else "o"
            if c == "ь" and nxt in ("о", "е", "и"):
                return "j"
        if system == "uk-de" and c == "ь" and nxt == "о":
            return "j"
        return None
    if system in ("uk-sv", "ru-sv"):
        if c == "ь" and nxt in ("о", "е", "и") and system == "ru-sv":
            return "j"
        if system == "uk-sv" and c == "ь" and nxt == "о":
            return "j"
        if prev and prev in "жчшщ" and c in _SV_PLAIN:
            return _SV_PLAIN[c]  # Запоріжжя -> Zaporizjzja
        return None
    if system in ("uk-pl", "ru-pl"):
        if c == "ь":
            return ""
        after_l = _PL_AFTER_L_UK if system == "uk-pl" else _PL_AFTER_L
        after = low[i + 2] if i + 2 < len(low) else ""
        if c == "л":
            if nxt in after_l or nxt == "ь":
                return "l"
            return "ł"
        if c == "н" and nxt == "с" and after == "ь":
            return "ń"  # Луганськ -> Łuhańsk, Купʼянськ -> Kupiańsk
        if c in _PL_SOFT and nxt == "ь" and (not after or after in _VOWELS):
            return _PL_SOFT[c]
        if prev == "л" and c in after_l:
            return after_l[c]
        if c in _PL_IOTATED and prev and not vowel_before and prev not in "ьъ":
            return _PL_IOTATED[c]
        if system == "ru-pl":
            if c == "е" and prev and not vowel_before and prev not in _PL_HARD and prev not in "ьъ":
                return "ie"
            if c == "и" and prev and prev in "жцш":
                return "y"
            if c == "й" and end and prev in ("и", "ы"):
                return ""  # Жуковский -> Żukowski
        return None
    if system in ("uk-fr", "ru-fr"):
        if c == "с" and vowel_before and vowel_after:
            return "ss"
        if c == "й":
            if end and prev in ("и", "ы"):
                return ""  # -ський -> -sky, -ый -> -y
            if end and prev == "і":
                return ""
        if system == "ru-fr" and c == "г" and nxt in ("е", "и", "ы", "э"):
            return "gu"
        return None
    return None


@lru_cache(maxsize=65536)
def romanize(text: str, system: str) -> str:
    """Romanise Cyrillic text in ``system`` ("uk-en", "uk-de", ..., "ru-fr"); other characters pass."""
    if system not in _BASE:
        raise ValueError(f"unknown romanisation system: {system!r}")
    text = unicodedata.normalize("NFC", text)
    # Stress marks (combining acute) are never written.
    text = text.replace("\u0301", "")
    out: list[str] = []
    word: list[str] = []
    for ch in text:
        if _is_letter(ch) or (ch in _APOSTROPHES and word):
            word.append(ch)
            continue
        if word:
            out.append(_romanize_word("".join(word), system))
            word = []
        out.append(ch)
    if word:
        out.append(_romanize_word("".join(word), system))
    return "".join(out)


def script_of(text: str) -> str:
    """'uk', 'ru' or '' (either) for Cyrillic text, from the letters only one language uses."""
    if any(ch in _UKRAINIAN_ONLY for ch in text) or any(ch in _APOSTROPHES for ch in text):
        return "uk"
    if any(ch in _RUSSIAN_ONLY for ch in text):
        return "ru"
    return ""


def romanizations(text: str) -> set[str]:
    """Spellings of ``text`` in every system that fits its script (і ї є ґ mean Ukrainian)."""
    if not has_cyrillic(text):
        return set()
    script = script_of(text)
    systems = [s for s in SYSTEMS if not script or s.startswith(script)]
    return {romanize(text, s) for s in systems}
