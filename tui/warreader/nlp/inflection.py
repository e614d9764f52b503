"""Base forms to try for an inflected name: genitive -s, Polish case endings."""

from __future__ import annotations

# (ending, replacement) for Polish nouns in oblique cases: Charkowie → Charkow(ó), Doniecku → Donieck,
# Bachmucie → Bachmut, Ukrainie → Ukraina, Rosji → Rosja, Polsce → Polska, Zaporożu → Zaporoże.
_POLISH = (
    ("cie", "t"),
    ("dzie", "d"),
    ("rze", "r"),
    ("sce", "ska"),
    ("ście", "st"),
    ("ji", "ja"),
    ("ii", "ia"),
    ("iem", ""),
    ("em", ""),
    ("owi", ""),
    ("iu", ""),
    ("ie", ""),
    ("ie", "a"),
    ("ie", "o"),
    ("u", ""),
    ("u", "e"),
    ("a", ""),
    ("y", ""),
    ("y", "a"),
    ("i", "a"),
    ("ą", "a"),
    ("ę", "a"),
    ("e", "a"),
    ("ach", ""),
    ("ami", ""),
    ("om", ""),
    ("ego", "y"),
    ("iego", "i"),
    ("iej", "a"),
    ("ej", "a"),
)


# Ukrainian and Russian place names in oblique cases: Харкові → Харків, Києві → Київ, Купʼянську →
# Купʼянськ, Одесі → Одеса, Харкова → Харків; Харькове → Харьков, Москве → Москва, Одессе → Одесса.
_UKRAINIAN = (
    ("ові", "ів"),
    ("єві", "їв"),
    ("ова", "ів"),
    ("єва", "їв"),
    ("ом", ""),
    ("ою", "а"),
    ("у", ""),
    ("і", ""),
    ("і", "а"),
    ("и", "а"),
    ("а", ""),
)
_RUSSIAN = (("е", ""), ("е", "а"), ("а", ""), ("у", ""), ("ом", ""), ("ой", "а"), ("ы", "а"), ("и", "а"))
_CASE_ENDINGS = {"pl": _POLISH, "uk": _UKRAINIAN, "ru": _RUSSIAN}


def base_forms(word: str, language: str) -> list[tuple[str, int]]:
    """Candidate base forms of ``word`` with the length of ``word`` they cover.

    The covered length is shorter than the word when the ending is not part of the
    name (Swedish/German genitive ``Ukrainas`` → ``Ukraina`` covering 7 letters), and
    the whole word when the name is inflected inside (Polish ``Charkowie``).
    """
    forms: list[tuple[str, int]] = []
    if language in ("sv", "de") and word.endswith("s") and len(word) > 4:
        forms.append((word[:-1], len(word) - 1))
    endings = _CASE_ENDINGS.get(language)
    if endings:
        for ending, replacement in endings:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                forms.append((word[: -len(ending)] + replacement, len(word)))
    return forms


# Polish surnames in oblique cases → nominative: Zełenskiego → Zełenski, Hajdaja → Hajdaj,
# Pieskowowi → Pieskow, Putinem → Putin, Załużnego → Załużny.
_POLISH_PERSON = (
    ("skiego", "ski"),
    ("ckiego", "cki"),
    ("iego", "i"),
    ("ego", "y"),
    ("skiemu", "ski"),
    ("emu", "y"),
    ("owi", ""),
    ("em", ""),
    ("a", ""),
)


# Ukrainian and Russian surnames: Гайдая → Гайдай, Зеленського → Зеленський, Пескова → Песков.
_EAST_SLAVIC_PERSON = (
    ("ського", "ський"),
    ("цького", "цький"),
    ("ского", "ский"),
    ("цкого", "цкий"),
    ("ого", "ий"),
    ("ая", "ай"),
    ("ея", "ей"),
    ("ія", "ій"),
    ("ия", "ий"),
    ("ові", ""),
    ("ом", ""),
    ("а", ""),
    ("у", ""),
)
_PERSON_ENDINGS = {"pl": _POLISH_PERSON, "uk": _EAST_SLAVIC_PERSON, "ru": _EAST_SLAVIC_PERSON}


def person_lemma(word: str, language: str) -> str:
    """The base form of a surname as written in ``language`` (Polish, Ukrainian and Russian decline them)."""
    endings = _PERSON_ENDINGS.get(language)
    if not endings:
        return word
    for ending, replacement in endings:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + replacement
    return word
