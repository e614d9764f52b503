"""Dates mentioned in an article's body ("on Thursday", "September 30", "30. September", "i juli"),
resolved against the article's own date.

Spans are found with per-language month and weekday tables; each is resolved by
calendar arithmetic relative to the article date (a weekday is the latest one on or
before it; a day and month without a year is the latest such date not more than a
week after it). Guards keep out what only looks like a date: the English modal
"may", "March on", "a second": a month name alone needs a preposition before it
or a day or year beside it, and English "May" must be capitalised.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from warreader.model import DateMention
from warreader.nlp.text import CASE_SPECIAL, Words, first_runs, word_start_matches

# Month names and their inflected forms -> month number.
_MONTHS: dict[str, dict[str, int]] = {
    "en": {
        **{m: i + 1 for i, m in enumerate(
            "January February March April May June July August September October November December".split())},
        **{"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9,
           "Oct": 10, "Nov": 11, "Dec": 12},
    },
    "sv": {m: i + 1 for i, m in enumerate(
        "januari februari mars april maj juni juli augusti september oktober november december".split())},
    "de": {**{m: i + 1 for i, m in enumerate(
        "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split())},
        "Jänner": 1},
    "pl": {
        **{m: i + 1 for i, m in enumerate(  # genitive (30 września)
            "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada "
            "grudnia".split())},
        **{m: i + 1 for i, m in enumerate(  # locative (w lipcu)
            "styczniu lutym marcu kwietniu maju czerwcu lipcu sierpniu wrześniu październiku listopadzie "
            "grudniu".split())},
    },
    "fr": {m: i + 1 for i, m in enumerate(
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split())},
}  # fmt: skip

# Weekday names (and forms used after a preposition) -> weekday number, Monday = 0.
_WEEKDAYS: dict[str, dict[str, int]] = {
    "en": {d: i for i, d in enumerate("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())},
    "sv": {
        **{d: i for i, d in enumerate("måndag tisdag onsdag torsdag fredag lördag söndag".split())},
        **{d: i for i, d in enumerate("måndags tisdags onsdags torsdags fredags lördags söndags".split())},
        **{d: i for i, d in enumerate(
            "måndagen tisdagen onsdagen torsdagen fredagen lördagen söndagen".split())},
    },
    "de": {d: i for i, d in enumerate("Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag".split())},
    "pl": {
        **{d: i for i, d in enumerate("poniedziałek wtorek środę czwartek piątek sobotę niedzielę".split())},
        **{d: i for i, d in enumerate("poniedziałek wtorek środa czwartek piątek sobota niedziela".split())},
    },
    "fr": {d: i for i, d in enumerate("lundi mardi mercredi jeudi vendredi samedi dimanche".split())},
}  # fmt: skip

# Words that let a month name stand alone as a date ("in July", "i juli", "im Juli", "w lipcu", "en juillet").
_MONTH_PREPOSITIONS = {
    "en": "in since until by from early late mid before after during through",
    "sv": "i sedan till före efter under från",
    "de": "im seit bis vor nach Anfang Ende Mitte",
    "pl": "w od do we",
    "fr": "en depuis jusqu'en avant après début fin mi",
}
# Relative day words -> days before the article date.
_RELATIVE = {
    "en": {"yesterday": 1, "today": 0},
    "sv": {"igår": 1, "i går": 1, "idag": 0, "i dag": 0, "i förrgår": 2},
    "de": {"gestern": 1, "heute": 0, "vorgestern": 2},
    "pl": {"wczoraj": 1, "dzisiaj": 0, "dziś": 0, "przedwczoraj": 2},
    "fr": {"hier": 1, "aujourd'hui": 0, "avant-hier": 2},
}
_SUPPORTED = frozenset(_MONTHS)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=8)
def _pattern(language: str) -> re.Pattern[str]:
    months = _alternation(list(_MONTHS[language]))
    weekdays = _alternation(list(_WEEKDAYS[language]))
    preps = _alternation(_MONTH_PREPOSITIONS[language].split())
    relative = _alternation(list(_RELATIVE[language]))
    flags = 0 if language in ("en", "de") else re.IGNORECASE
    return re.compile(
        rf"(?<!\w)(?:"
        rf"(?P<dm_day>\d{{1,2}})(?:\.|er)?\s(?P<dm_month>{months})\.?(?:\s(?P<dm_year>\d{{4}}))?"
        rf"|(?P<md_month>{months})\.?\s(?P<md_day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s(?P<md_year>\d{{4}}))?"
        rf"|(?P<my_month>{months})\s(?P<my_year>\d{{4}})"
        rf"|(?:(?P<prep>{preps})\s)(?P<m_month>{months})(?!\s+(?:\d|on\b|to\b|towards\b|into\b))"
        rf"|(?P<weekday>{weekdays})"
        rf"|(?P<relative>(?i:{relative}))"
        rf")(?!\w)",
        flags,
    )


def _lookup(table: dict[str, int], word: str) -> int:
    return table.get(word) or table.get(word.lower()) or table.get(word.capitalize()) or 0


def _month_day(base: dt.date | None, month: int, day: int, year: str | None) -> dt.date | None:
    try:
        if year:
            return dt.date(int(year), month, day)
        if base is None:
            return None
        candidate = dt.date(base.year, month, day)
        if candidate > base + dt.timedelta(days=7):
            candidate = dt.date(base.year - 1, month, day)
        return candidate
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _keys(language: str) -> frozenset[str]:
    """The words a date can open with (see :func:`warreader.nlp.text.word_start_matches`)."""
    return first_runs(
        [
            *_MONTHS[language],
            *_WEEKDAYS[language],
            *_MONTH_PREPOSITIONS[language].split(),
            *_RELATIVE[language],
        ]
    )


def scanned_words(language: str) -> frozenset[str]:
    """The words (lower case) dates are looked for at (see :meth:`warreader.nlp.text.Words.look_for`)."""
    return _keys(language) if language in _SUPPORTED else frozenset()


def find_dates(
    body: str, language: str, base: dt.date | None, words: Words | None = None
) -> list[DateMention]:
    """Date spans in ``body`` with their resolved values (None when the article has no date to anchor to).

    ``words``, the tokens of ``body`` when already made, let the pattern be tried at words only.
    """
    if language not in _SUPPORTED:
        return []
    months, weekdays = _MONTHS[language], _WEEKDAYS[language]
    found: list[DateMention] = []
    pattern = _pattern(language)
    if words is not None and words.body is body and not CASE_SPECIAL.search(body):
        matches = word_start_matches(pattern, words, _keys(language), digits=True)
    else:
        matches = pattern.finditer(body)
    for match in matches:
        groups = match.groupdict()
        value: dt.date | None = None
        start = match.start()
        month_word = groups["dm_month"] or groups["md_month"] or groups["my_month"] or groups["m_month"]
        if month_word and not _lookup(months, month_word):
            continue  # matched case-insensitively in a spelling the table lacks ("ſeptember")
        day_word = groups["weekday"]
        if day_word and not {day_word, day_word.lower(), day_word.capitalize()} & weekdays.keys():
            continue  # (Monday is day 0, so membership, not the looked-up value)
        if groups["relative"] and groups["relative"].lower() not in _RELATIVE[language]:
            continue  # "ıdag": a dotless i matched by the case-insensitive pattern
        if groups["dm_month"]:
            value = _month_day(
                base, _lookup(months, groups["dm_month"]), int(groups["dm_day"]), groups["dm_year"]
            )
        elif groups["md_month"]:
            value = _month_day(
                base, _lookup(months, groups["md_month"]), int(groups["md_day"]), groups["md_year"]
            )
        elif groups["my_month"]:
            value = _month_day(None, _lookup(months, groups["my_month"]), 1, groups["my_year"])
        elif groups["m_month"]:
            if (
                language == "en"
                and groups["m_month"] == "May"
                and groups["prep"] not in ("in", "since", "until")
            ):
                continue
            start = match.start("m_month")
            value = _month_day(base, _lookup(months, groups["m_month"]), 1, None)
        elif groups["weekday"]:
            if base is not None:
                back = (base.weekday() - _lookup(weekdays, groups["weekday"])) % 7
                value = base - dt.timedelta(days=back)
        elif groups["relative"] and base is not None:
            value = base - dt.timedelta(days=_RELATIVE[language][groups["relative"].lower()])
        if groups["dm_day"] and not 1 <= int(groups["dm_day"]) <= 31:
            continue
        found.append(DateMention(body[start : match.end()], start, match.end(), value))
    return found
