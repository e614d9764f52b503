"""Speaker spans on page-like text: the name only, in each of the seven languages (issue 13 §2, §5).

Every sentence here is written for these tests.
"""

from __future__ import annotations

import pytest

from warreader.model import Article
from warreader.nlp.pipeline import extract_article


def _found(text: str, language: str) -> tuple[list[str], list[str]]:
    article = Article("x.txt", "", None, language, text)
    extract_article(article)
    speakers = [m.text for m in article.mentions if m.kind == "speaker"]
    places = [m.text for m in article.mentions if m.kind == "place"]
    return speakers, places


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("en", "Major General Ivan Petrenko said the bridge was hit twice.", "Ivan Petrenko"),
        (
            "en",
            "Deputy Interior Minister Olha Savchuk told reporters the shelters were full.",
            "Olha Savchuk",
        ),
        ("de", "Generalmajor Kowalenko sagte am Abend, die Lage sei ruhig.", "Kowalenko"),
        ("de", "Militärexperte Jonas Weber erklärte, die Drohnen seien billig.", "Jonas Weber"),
        ("de", "Zudem sagte Bürgermeisterin Marta Lis, die Schulen blieben zu.", "Marta Lis"),
        ("sv", "Dessutom säger Kremls talesperson Igor Sorokin att samtalen är över.", "Igor Sorokin"),
        ("sv", "Samtidigt uppgav försvarsministern Lena Dahl att stödet ökar.", "Lena Dahl"),
        ("pl", "Tymczasem generał Piotr Nowak powiedział, że linia frontu się trzyma.", "Piotr Nowak"),
        ("pl", "Jednak wiceminister Anna Wilk dodała, że pomoc dotrze w piątek.", "Anna Wilk"),
        (
            "fr",
            "Lors d'un point presse, le général Pierre Martin a déclaré que la ligne tenait.",
            "Pierre Martin",
        ),
        ("uk", "Генерал-майор Андрій Коваль сказав, що оборона тримається.", "Андрій Коваль"),
        ("ru", "Пресс-секретарь Олег Смирнов заявил, что переговоров не будет.", "Олег Смирнов"),
    ],
)
def test_titles_ranks_and_sentence_words_are_left_out_of_the_name(language, text, name) -> None:
    speakers, _ = _found(text, language)
    assert speakers == [name]


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("uk", "Водночас Кім повідомив, що світла немає.", "Кім"),
        ("uk", "Також Лисак повідомив про нові удари.", "Лисак"),
        ("ru", "Также Ким сообщил, что обстрелы стихли.", "Ким"),
        ("ru", "Ранее Лысак заявил, что эвакуация идёт.", "Лысак"),
        ("pl", "Jednak Kowal dodał, że nikt nie zginął.", "Kowal"),
    ],
)
def test_a_sentence_word_before_a_surname_is_not_part_of_it(language, text, name) -> None:
    speakers, _ = _found(text, language)
    assert speakers == [name]


@pytest.mark.parametrize(
    ("language", "text", "name", "place"),
    [
        ("pl", "Rzecznik dowództwa Ukrainy Jan Kowal poinformował o ataku.", "Jan Kowal", "Ukrainy"),
        ("pl", "Mer Mikołajowa Adam Wróbel powiedział, że woda wróciła.", "Adam Wróbel", "Mikołajowa"),
        ("uk", "Мер Миколаєва Петро Гнатюк заявив, що воду дали.", "Петро Гнатюк", "Миколаєва"),
        ("ru", "Мэр Николаева Пётр Гнатюк заявил, что воду дали.", "Пётр Гнатюк", "Николаева"),
    ],
)
def test_an_office_of_a_place_gives_the_place_and_the_name_apart(language, text, name, place) -> None:
    speakers, places = _found(text, language)
    assert speakers == [name]
    assert places == [place]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The Oblast said the roads were closed. The Region reported two attacks."),
        ("en", "Governor said nothing. The Ministry said the attack failed."),
        ("en", "Reuters said the convoy left at dawn."),
        ("de", "Die Region meldete neue Angriffe, sagte die Behörde."),
    ],
)
def test_bare_region_office_and_agency_words_are_never_speakers(language, text) -> None:
    speakers, _ = _found(text, language)
    assert speakers == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Rescuers at a school in Kharkiv. Photo: Olena Marchuk/Reuters\n\nThe fire was out by noon."),
        ("en", "By Daniel Frost and Mia Lund\nUpdated 3 May 2024\n\nThe fire was out by noon."),
        (
            "en",
            "The fire was out by noon.\n\nRead more\nZelensky says the winter will be hard\nKyiv plans new shelters",
        ),
        ("de", "Feuerwehrleute in Charkiw. Foto: Jan Keller/dpa\n\nDas Feuer ist gelöscht."),
        (
            "de",
            "Von Paula Brandt, Kiew\n\nDas Feuer ist gelöscht.\n\nLesen Sie auch\nSelenskyj sagt Reise ab",
        ),
        ("sv", "Av Erik Holm\n\nBranden är släckt.\n\nLäs mer\nSelenskyj säger att vintern blir svår"),
        (
            "pl",
            "Autor: Marek Zięba\n\nPożar ugaszono.\n\nCzytaj też: Zełenski powiedział, że zima będzie trudna",
        ),
        (
            "fr",
            "Par Claire Dubois\n\nL'incendie est éteint.\n\nÀ lire aussi\nZelensky a déclaré que l'hiver sera dur",
        ),
        (
            "uk",
            "Фото: Ірина Бойко / Укрінформ\n\nПожежу загасили.\n\nЧитайте також\nЗеленський заявив про нові удари",
        ),
        ("ru", "Автор: Ирина Бойко\n\nПожар потушен.\n\nЧитайте также\nЗеленский заявил о новых ударах"),
    ],
)
def test_credits_bylines_and_link_lists_give_no_speakers(language, text) -> None:
    speakers, _ = _found(text, language)
    assert speakers == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("sv", "Enligt uppgifter var det lugnt. Samtidigt var vägarna stängda. Dessutom saknades el."),
        ("pl", "Według danych było spokojnie. Jednak drogi były zamknięte. Tymczasem brakowało prądu."),
        ("de", "Laut Angaben war es ruhig. Zudem waren die Straßen gesperrt."),
        ("fr", "Selon les données, c'était calme. Lors de la nuit, les routes étaient fermées."),
        ("uk", "Також дороги були закриті. Водночас бракувало світла."),
        ("ru", "Также дороги были закрыты. Ранее не хватало света."),
        ("sv", "Utrikes   Sverige   Ekonomi   Logga in\n\nEnligt uppgifter var det lugnt."),
        (
            "en",
            "Menu   World   Subscribe   Sign in\nShare   Facebook   X   Email\n\nIt was quiet, officials said.",
        ),
    ],
)
def test_function_words_and_page_furniture_give_no_names(language, text) -> None:
    speakers, places = _found(text, language)
    assert speakers == []
    assert places == []


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("fr", "Le porte-parole de la mairie, Luc Girard, a promis une réponse rapide.", "Luc Girard"),
        ("fr", "Selon la directrice de l'hôpital, Anne Perrin, les blessés sont stables.", "Anne Perrin"),
        ("fr", "Le ministre des Finances, Paul Renaud, a jugé la situation grave.", "Paul Renaud"),
        ("fr", "À Lyon, Julie Caron a salué le travail des pompiers.", "Julie Caron"),
    ],
)
def test_french_appositions_and_verbs_with_an_object(language, text, name) -> None:
    speakers, _ = _found(text, language)
    assert speakers == [name]


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("uk", "Речник Міноборони Олег Бойко заявив, що удар відбито.", "Олег Бойко"),
        ("ru", "Представитель МЧС России Олег Бойко доложил о пожаре.", "Олег Бойко"),
        ("pl", "Rzecznik Grupy Azoty Jan Kowal poinformował o awarii.", "Jan Kowal"),
        ("ru", "Губернатор Иван Петрович Сидоренко заявил, что угрозы нет.", "Иван Петрович Сидоренко"),
        ("ru", "Президент Бразилии Луис Инасиу Лула сказал, что поддержит переговоры.", "Луис Инасиу Лула"),
    ],
)
def test_an_office_genitive_before_a_slavic_name_is_left_out(language, text, name) -> None:
    speakers, _ = _found(text, language)
    assert speakers == [name]
