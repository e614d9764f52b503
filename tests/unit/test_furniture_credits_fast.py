"""The credit finder tried only before credit words gives exactly what the full pattern gives."""

from __future__ import annotations

import random

import pytest

from warreader.nlp import furniture
from warreader.nlp.text import CASE_SPECIAL

_PAGES = [
    "Photo: Anna Lind/AFP\nKharkiv was shelled overnight.",
    "The mayor spoke (Photo by Olha Marchuk) after the strike. Source: regional office",
    "Foto: Jan Ek / TT · Bild: privat\nLaut Quelle: Ministerium",
    "Zdjęcie: PAP/Leszek Szymański | Fot. archiwum\nW Charkowie słychać było wybuchy.",
    "Фото: пресс-служба ОВА. Джерело :  Суспільне\nВідео: соцмережі",
    "The image was shared widely; sources said the video/photo was real. rebuild: no",
    "— Photos:  A. Berg\n(Crédits : AFP) Vidéo par Le Monde",
    "ILLUSTRATION: Getty\n\tCredit\t/ Reuters",
]
_PIECES = [
    *furniture._CREDIT_WORDS,
    *(word.upper() for word in furniture._CREDIT_WORDS),
    *(word.title() for word in furniture._CREDIT_WORDS),
    *' \t\n:/|().!»”"·•–—',
    " by ",
    " BY ",
    " von ",
    " av ",
    " par ",
    "Anna",
    "re",
    "x",
]


def _expected(body: str) -> list[tuple[int, int]]:
    return [m.span() for m in furniture._CREDIT_PATTERN.finditer(body)]


@pytest.mark.parametrize("body", _PAGES)
def test_credits_as_the_full_pattern(body: str) -> None:
    assert furniture._credits(body, body.lower()) == _expected(body)


def test_credits_as_the_full_pattern_on_random_texts() -> None:
    rnd = random.Random(13)
    for _ in range(20_000):
        body = "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 12)))
        if not CASE_SPECIAL.search(body):
            assert furniture._credits(body, body.lower()) == _expected(body), body


def test_furniture_spans_keep_credits_and_copyright() -> None:
    body = "Photo: Anna Lind/AFP\nKharkiv was shelled.\n© 2024 Example News"
    spans = furniture.furniture_spans.__wrapped__(body)
    assert [body[a:b] for a, b in spans] == ["Photo: Anna Lind/AFP", "© 2024 Example News"]
