"""Language identification on short texts: the function-word method beside py3langid and lingua.

    python tests/bench/bench_langid.py     # candidates that are not installed are skipped

Short texts (one or two sentences, written for this benchmark) in the seven languages and in
four others (es, it, cs, nl), which must come out as "und". Prints right answers and
microseconds per text (issue 13 §8).
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable

TEXTS = {
    "en": [
        "The bridge was closed after the strike.",
        "Officials said the power came back by noon.",
        "Two drones were shot down over the river.",
        "Schools reopened on Monday, the mayor said.",
    ],
    "sv": [
        "Bron stängdes efter attacken.",
        "Strömmen kom tillbaka vid lunch, uppgav kommunen.",
        "Två drönare sköts ned över floden.",
        "Skolorna öppnade igen på måndagen.",
    ],
    "de": [
        "Die Brücke wurde nach dem Angriff gesperrt.",
        "Der Strom kam am Mittag zurück, hieß es.",
        "Zwei Drohnen wurden über dem Fluss abgeschossen.",
        "Schulen öffneten am Montag wieder.",
    ],
    "pl": [
        "Most zamknięto po ataku.",
        "Prąd wrócił około południa, podały władze.",
        "Dwa drony zestrzelono nad rzeką.",
        "Szkoły otwarto ponownie w poniedziałek.",
    ],
    "fr": [
        "Le pont a été fermé après la frappe.",
        "Le courant est revenu vers midi, selon la mairie.",
        "Deux drones ont été abattus au-dessus du fleuve.",
        "Les écoles ont rouvert lundi.",
    ],
    "uk": [
        "Міст закрили після удару.",
        "Світло повернулося опівдні, повідомила влада.",
        "Два дрони збили над річкою.",
        "Школи знову відкрилися в понеділок.",
    ],
    "ru": [
        "Мост закрыли после удара.",
        "Свет вернулся к полудню, сообщили власти.",
        "Два дрона сбили над рекой.",
        "Школы снова открылись в понедельник.",
    ],
    "es": [
        "El puente fue cerrado tras el ataque.",
        "La luz volvió al mediodía, dijeron las autoridades.",
        "Dos drones fueron derribados sobre el río.",
        "Las escuelas reabrieron el lunes.",
    ],
    "it": [
        "Il ponte è stato chiuso dopo l'attacco.",
        "La corrente è tornata a mezzogiorno, hanno detto.",
        "Due droni sono stati abbattuti sul fiume.",
        "Le scuole hanno riaperto lunedì.",
    ],
    "cs": [
        "Most byl po útoku uzavřen.",
        "Proud se vrátil kolem poledne, uvedly úřady.",
        "Dva drony byly sestřeleny nad řekou.",
        "Školy se v pondělí znovu otevřely.",
    ],
    "nl": [
        "De brug werd na de aanval gesloten.",
        "De stroom kwam rond het middaguur terug, zeiden ze.",
        "Twee drones werden boven de rivier neergeschoten.",
        "De scholen gingen maandag weer open.",
    ],
}
SEVEN = ("en", "sv", "de", "pl", "fr", "uk", "ru")
OTHERS = ("es", "it", "cs", "nl", "pt", "ro", "sk", "no", "da", "hu", "be", "bg", "tr")


def score(name: str, detect: Callable[[str], str], reps: int = 200) -> None:
    right, wrong = 0, []
    for lang, texts in TEXTS.items():
        want = lang if lang in SEVEN else "und"
        for text in texts:
            got = detect(text)
            right += got == want
            if got != want:
                wrong.append(f"{lang}->{got}")
    every = [t for ts in TEXTS.values() for t in ts]
    t0 = time.perf_counter()
    for _ in range(reps):
        for text in every:
            detect(text)
    per_text = (time.perf_counter() - t0) / (reps * len(every))
    print(f"{name:24s} {right}/{len(every)} right {per_text * 1e6:8.1f} us/text  wrong: {' '.join(wrong)}")


def main() -> None:
    from warreader.nlp.language import detect_language

    score("function words (now)", detect_language)
    if importlib.util.find_spec("py3langid") is None:
        raise SystemExit("py3langid not installed: pip install py3langid lingua-language-detector")
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    restricted = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    restricted.set_languages([*SEVEN, *OTHERS])

    def langid(text: str) -> str:
        lang, probability = restricted.classify(text)
        return lang if lang in SEVEN and probability >= 0.5 else "und"

    score("py3langid (20 langs)", langid)
    if importlib.util.find_spec("lingua") is None:
        raise SystemExit("lingua not installed")
    from lingua import LanguageDetectorBuilder

    t0 = time.perf_counter()
    detector = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()
    print(f"lingua models loaded in {time.perf_counter() - t0:.1f} s")

    def lingua(text: str) -> str:
        found = detector.detect_language_of(text)
        code = found.iso_code_639_1.name.lower() if found else "und"
        return code if code in SEVEN else "und"

    score("lingua (high accuracy)", lingua, reps=5)


if __name__ == "__main__":
    main()
