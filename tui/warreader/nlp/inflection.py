"""Base forms to try for an inflected name: genitive -s, Polish case endings."""

from __future__ import annotations

# (ending, replacement) for Polish nouns in oblique cases: Charkowie → Charkow(ó), Doniecku → Donieck,
# Bachmucie → Bachmut, Ukrainie → Ukraina, Rosji → Rosja, Polsce → Polska, Zaporożu → Zaporoże.
_POLISH: tuple[tuple[str, str], ...] = (
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
    # Feminine nouns in -ka (Afryce → Afryka), -ska (Polski → Polska), plurals in -cy (Niemiec → Niemcy),
    # soft stems (Chersonia → Chersoń), neuter -e (Morza, Morzem → Morze) and adjectives agreeing
    # with them (Bałtyckiego, Bałtyckim → Bałtyckie; Czarnym → Czarne; Kerczeńskiej → Kerczeńska).
    # Soft stems in -ś, -ć, -ń, -ź (Białoruś → Białorusi, Białorusią; Kijów's neighbours alike).
    ("si", "ś"),
    ("sią", "ś"),
    ("ci", "ć"),
    ("cią", "ć"),
    ("ni", "ń"),
    ("nią", "ń"),
    ("zi", "ź"),
    ("zią", "ź"),
    ("ce", "ka"),
    ("ski", "ska"),
    ("cki", "cka"),
    ("iec", "cy"),
    ("nia", "ń"),
    ("niu", "ń"),
    ("a", "e"),
    ("em", "e"),
    ("iego", "ie"),
    ("ego", "e"),
    ("im", "ie"),
    ("ym", "e"),
    ("iemu", "ie"),
    ("emu", "e"),
)


# Ukrainian and Russian place names in oblique cases: Харкові → Харків, Києві → Київ, Купʼянську →
# Купʼянськ, Одесі → Одеса, Харкова → Харків; Харькове → Харьков, Москве → Москва, Одессе → Одесса.
_UKRAINIAN: tuple[tuple[str, str], ...] = (
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
    # Stems in -ія (Росії → Росія), -я (Запоріжжі → Запоріжжя), -ь (Севастополем → Севастополь),
    # -о (Дніпра → Дніпро), -е (Роботиного → Роботине, моря, морі → море); adjectives agreeing with
    # a neuter or feminine noun (Азовського, Чорному → Азовське, Чорне; Керченську → Керченська);
    # the locative plural of plural names (Липцях → Липці).
    ("ії", "ія"),
    ("ію", "ія"),
    ("ією", "ія"),
    ("і", "я"),
    ("ею", "я"),
    ("ем", "ь"),
    ("я", "ь"),
    ("ю", "ь"),
    ("і", "ь"),
    ("а", "о"),
    ("у", "о"),
    ("і", "о"),
    ("ого", "е"),
    ("ому", "е"),
    ("ого", "ий"),  # masculine adjectives: Кольському півострові → Кольський півострів
    ("ому", "ий"),
    ("им", "ий"),
    ("ої", "а"),
    ("ій", "а"),
    ("у", "а"),
    ("я", "е"),
    ("і", "е"),
    ("ях", "і"),
    ("ах", "и"),
    ("ок", "ки"),
    ("ом", "о"),
    ("ину", "ина"),
    ("ини", "ина"),
    ("ині", "ина"),
    # Stems in -й (Дунай → Дуная, Дунаю, Дунаї, Дунаєм), the fleeting vowel of -ець (Марганець →
    # Марганця, Марганцю, Марганці, Марганцем), -ею after a hushing consonant (Польща → Польщею).
    ("я", "й"),
    ("ю", "й"),
    ("ї", "й"),
    ("єм", "й"),
    ("ця", "ець"),
    ("цю", "ець"),
    ("ці", "ець"),
    ("цем", "ець"),
    ("ею", "а"),
)
_RUSSIAN: tuple[tuple[str, str], ...] = (
    ("е", ""),
    ("е", "а"),
    ("а", ""),
    ("у", ""),
    ("ом", ""),
    ("ой", "а"),
    ("ы", "а"),
    ("и", "а"),
    # The same paradigms as Ukrainian (России → Россия, Мариуполя → Мариуполь, Днепра → Днепр,
    # Чёрном море → Чёрное море, Азовского моря → Азовское море, Керченский пролив → …).
    ("ии", "ия"),
    ("ию", "ия"),
    ("ией", "ия"),
    ("я", "ь"),
    ("е", "ь"),
    ("ю", "ь"),
    ("ем", "ь"),
    ("ем", ""),
    ("ым", ""),
    ("ого", "ое"),
    ("ом", "ое"),
    ("ому", "ое"),
    ("ой", "ая"),
    ("ую", "ая"),
    ("ого", "ий"),
    ("ом", "ий"),
    ("я", "е"),
    ("ях", "и"),
    ("ах", "и"),
    ("у", "а"),
    ("ом", "о"),
    # Stems in -й (Дунай → Дуная, Дунаю, Дунае, Дунаем) and the fleeting vowel of -ец (Марганец →
    # Марганца, Марганцу, Марганце, Марганцем).
    ("я", "й"),
    ("ю", "й"),
    ("е", "й"),
    ("ем", "й"),
    ("ца", "ец"),
    ("цу", "ец"),
    ("це", "ец"),
    ("цем", "ец"),
)


def _region_names(stems: tuple[tuple[str, str], ...], cases: str) -> tuple[tuple[str, str], ...]:
    """A region named after its city with -щина / -ччина ("Харківщина" → "Харків", "Луганщина" →
    "Луганськ", "Донеччина" → "Донецьк"), in each case form: the city, which the region's mentions
    group with."""
    return tuple((stem + case, city) for stem, city in stems for case in cases.split())


_UKRAINIAN += _region_names(
    (
        ("щин", ""),
        ("щин", "ськ"),
        ("щин", "а"),
        ("щин", "и"),
        ("щин", "са"),
        ("ччин", "цьк"),
        ("ччин", "ця"),
        ("нщин", ""),  # Рівненщина → Рівне
    ),
    "а и і у ою",
)
_RUSSIAN += _region_names(
    (("щин", ""), ("щин", "ск"), ("щин", "а"), ("щин", "ы"), ("щин", "са"), ("тчин", "цк"), ("ччин", "ца")),
    "а ы е у ой",
)
# Polish regions named after their city with -szczyzna (Charkowszczyzna → Charków, Sumszczyzna → Sumy,
# Chersońszczyzna → Chersoń), z softened before the locative -ie (na Charkowszczyźnie).
_POLISH += _region_names((("szczyzn", ""), ("szczyzn", "y")), "a y ę ą") + _region_names(
    (("szczyźn", ""), ("szczyźn", "y")), "ie"
)
_CASE_ENDINGS = {"pl": _POLISH, "uk": _UKRAINIAN, "ru": _RUSSIAN}


def base_forms(word: str, language: str) -> list[tuple[str, int]]:
    """Candidate base forms of ``word`` with the length of ``word`` they cover.

    The covered length is the whole word: a mention keeps its written form, the Swedish and
    German genitive (``Ukrainas`` → ``Ukraina``) as the Polish case (``Charkowie``).
    """
    forms: list[tuple[str, int]] = []
    if language in ("sv", "de") and word.endswith("s") and len(word) > 4:
        forms.append((word[:-1], len(word)))  # "Charkiws": the written form is the mention
    endings = _CASE_ENDINGS.get(language)
    if endings:
        for ending, replacement in endings:
            # A stem of two letters is enough when the ending is replaced (Азії → Азія): the
            # gazetteer, not this table, says whether the form is a name.
            if word.endswith(ending) and len(word) - len(ending) >= (2 if replacement else 3):
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
    ("ą", ""),  # a surname in -a in the instrumental: Sybihą, like Sybiha, keys as Sybih
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
    ("я", ""),  # soft stems: Бондаря → Бондар, Шмигаля → Шмигаль (the key drops the soft sign)
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
