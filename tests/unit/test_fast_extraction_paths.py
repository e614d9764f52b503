"""Faster reading and extraction code gives exactly what the plain code it replaced gave (issue 17).

Each plain version below is the code as it was before it was made faster; the fast one must agree
with it on random texts built from the pieces that matter (scripts, case-special letters, controls,
separators), and on the test corpora.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from warreader.corpus.sanitize import visible
from warreader.nlp import language

ROOT = Path(__file__).resolve().parents[2]

PIECES = (
    "the of and och att det und der die i w na się le la les de et и что как і що як це "
    "The OCH Und İ ı ſ ß Ä é Ы ы і ї є ґ ё Ё Ї Ъ 123 ٣ _ - ' . , \n \t \r \x00 \x1b \x7f \x85 \x9f "
    "\u2028 \u2029 \u202e \u2066 \u200f \u061c \U000e0041 \U0001f600 \U00010400 \U0001d400bc Kharkiv Харків Харьков Charków"
).split(" ")


def texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    joints = [" ", " ", "", "\n", "-", ", "]
    return [
        "".join(rng.choice(PIECES) + rng.choice(joints) for _ in range(rng.randint(0, 60)))
        for _ in range(count)
    ]


def corpus_texts() -> list[str]:
    files = [*ROOT.joinpath("tests", "data").rglob("*.txt"), *ROOT.joinpath("seeds").rglob("*.txt")]
    return [path.read_text(encoding="utf-8", errors="replace") for path in sorted(files)]


# -- the plain versions ------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def plain_detect_language(text: str, default: str = "en") -> str:
    sample = text[:6000]
    cyrillic = sum(1 for ch in sample if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in sample if ch.isascii() and ch.isalpha())
    if cyrillic > latin:
        uk = sum(ch in language._UKRAINIAN_LETTERS for ch in sample)
        ru = sum(ch in language._RUSSIAN_LETTERS for ch in sample)
        tokens = [m.group().lower() for m in _WORD.finditer(sample)]
        uk += sum(w in language._UKRAINIAN_WORDS for w in tokens)
        ru += sum(w in language._RUSSIAN_WORDS for w in tokens)
        return "uk" if uk >= ru else "ru"
    scores = dict.fromkeys(language._FUNCTION_WORDS, 0)
    for match in _WORD.finditer(sample):
        word = match.group().lower()
        for lang, words in language._FUNCTION_WORDS.items():
            if word in words:
                scores[lang] += 1
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > 0 else default


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_HIDDEN = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff\U000e0000-\U000e007f]")


def _control(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"


def plain_visible(text: str) -> str:
    text = _CONTROL.sub(_control, text.translate(str.maketrans("\u2028\u2029", "\n\n")))
    return _HIDDEN.sub("\ufffd", text)


# -- the tests -----------------------------------------------------------------------------------


def test_language_detection_is_the_plain_one() -> None:
    samples = [*texts(3, 4000), *corpus_texts()]
    samples += [text * 200 for text in texts(4, 20)]  # past the 6,000 characters looked at
    for text in samples:
        assert language.detect_language(text) == plain_detect_language(text), text
        assert language.detect_language(text, "xx") == plain_detect_language(text, "xx"), text


def test_language_detection_still_tells_the_languages_apart() -> None:
    assert language.detect_language("Він сказав, що це так, і вони пішли.") == "uk"
    assert language.detect_language("Он сказал, что это так, и они ушли.") == "ru"
    assert language.detect_language("Det var en dag som alla andra, och han sa att det var över.") == "sv"
    assert language.detect_language("12 345") == "en"
    assert language.detect_language("12 345", "xx") == "xx"


def test_visible_is_the_plain_one() -> None:
    for text in [*texts(5, 4000), *corpus_texts()]:
        assert visible(text) == plain_visible(text), text
        assert len(visible(text)) == len(text)


NAME_PIECES = (
    "Governor Oleh Syniehubov Kharkiv Oblast New York Nowa Kachowka Morzem Bałtyckim Czarnym Morzu "
    "Чорному морі Schwarzen Meer St. Petersburg St Petersburg mer Noire d'Odessa l'Ukraine Kryvyi Rih "
    "Kupiansk-Vuzlovyi Velyka Novosilka Nova Kakhovka Bila Tserkva Svarta havet Zaporizhzhia Nuclear "
    "Power Plant President Volodymyr Zelensky said Sankt Petersburg Новая Каховка Нова Каховка Ізюм "
    "ͺ ſt İzmir the in of , . :"
).split(" ")


def name_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    joints = [" ", " ", " ", "", "-", ". ", ", ", "\u00a0", "  "]
    return [
        "".join(rng.choice(NAME_PIECES) + rng.choice(joints) for _ in range(rng.randint(1, 30)))
        for _ in range(count)
    ]


def test_runs_opening_no_listed_name_find_the_places_a_lookup_of_each_run_finds(monkeypatch) -> None:
    from warreader.nlp import places

    samples = [*name_texts(6, 600), *corpus_texts()]
    languages = ("en", "de", "sv", "pl", "fr", "uk", "ru")

    def found() -> list[list[tuple[str, int, int, str]]]:
        places._caches.cache_clear()
        return [
            [(m.text, m.start, m.end, m.key) for m in places.find_places(text, language)]
            for text in samples
            for language in languages
        ]

    fast = found()
    monkeypatch.setattr(places, "_opens_no_name", lambda *args: False)  # every run looked up word by word
    assert fast == found()
