"""The bundled gazetteer: spellings in five languages, ambiguity, countries, common words, speed."""

from __future__ import annotations

import time

import pytest

from warreader.nlp.gazetteer import Gazetteer, Place, fold, load_gazetteer, read_gazetteer
from warreader.resources import data_dir


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def first(gaz: Gazetteer, name: str) -> Place:
    found = gaz.lookup(fold(name))
    assert found, f"{name!r} not in the gazetteer"
    return found[0]


def test_fold() -> None:
    assert fold("Charków") == "charkow"
    assert fold("Kupiańsk") == "kupiansk"
    assert fold("Łuhańsk") == "luhansk"
    assert fold("Großbritannien") == "grossbritannien"
    assert fold("Kup'yans’k") == "kupyansk"
    assert fold("Kupʼjansk") == "kupjansk"
    assert fold("Kupiansk-Vuzlovyi") == "kupiansk vuzlovyi"
    assert fold("  Nova   Kakhovka ") == "nova kakhovka"
    assert fold("Ærø Søby") == "aero soby"
    assert fold("Харків") == fold("ХАРКІВ")


@pytest.mark.parametrize(
    "spelling",
    ["Kharkiv", "Charkiw", "Charków", "Kharkov", "Charkiv", "Харків", "Харьков", "KHARKIV"],
)
def test_kharkiv_spellings(gaz: Gazetteer, spelling: str) -> None:
    assert first(gaz, spelling).id == "gn:706483"


@pytest.mark.parametrize(
    "spelling", ["Kupiansk", "Kupjansk", "Kupiańsk", "Kupyansk", "Koupiansk", "Купʼянськ"]
)
def test_kupiansk_spellings(gaz: Gazetteer, spelling: str) -> None:
    place = first(gaz, spelling)
    assert place.name == "Kupiansk"
    assert place.admin1 == "Kharkiv Oblast"


@pytest.mark.parametrize(
    "spelling", ["Zaporizhzhia", "Saporischschja", "Zaporizjzja", "Zaporoże", "Zaporijjia", "Zaporozhye"]
)
def test_zaporizhzhia_spellings(gaz: Gazetteer, spelling: str) -> None:
    place = first(gaz, spelling)
    assert place.name == "Zaporizhzhia"
    assert place.population > 500_000


@pytest.mark.parametrize(
    "spelling",
    ["Sievierodonetsk", "Severodonetsk", "Sjewjerodonezk", "Siewierodonieck", "Sievjerodonetsk"],
)
def test_sievierodonetsk_spellings(gaz: Gazetteer, spelling: str) -> None:
    assert first(gaz, spelling).name == "Sievierodonetsk"


@pytest.mark.parametrize(
    ("spelling", "name"),
    [
        ("Kiew", "Kyiv"), ("Kijów", "Kyiv"), ("Kiev", "Kyiv"), ("Cherson", "Kherson"),
        ("Awdijiwka", "Avdiivka"), ("Bachmut", "Bakhmut"), ("Isjum", "Izium"), ("Pokrowsk", "Pokrovsk"),
        ("Słowiańsk", "Sloviansk"), ("Tschassiw Jar", "Chasiv Yar"), ("Orzechów", "Orikhiv"),
        ("Moskau", "Moscow"), ("Moscou", "Moscow"), ("Moskwa", "Moscow"), ("Warschau", "Warsaw"),
    ],
)  # fmt: skip
def test_exonyms_and_transliterations(gaz: Gazetteer, spelling: str, name: str) -> None:
    assert first(gaz, spelling).name == name


def test_lyman_is_ambiguous(gaz: Gazetteer) -> None:
    places = gaz.lookup("lyman")
    assert len(places) >= 3
    assert len({p.admin1 for p in places}) >= 3
    assert places[0].admin1 == "Donetsk Oblast"  # the largest Lyman comes first
    assert [p.population for p in places] == sorted((p.population for p in places), reverse=True)


def test_kherson_and_kharkiv_are_different(gaz: Gazetteer) -> None:
    assert first(gaz, "Kherson").id != first(gaz, "Kharkiv").id
    assert first(gaz, "Kherson").admin1 == "Kherson Oblast"


def test_kupiansk_vuzlovyi_is_its_own_entry(gaz: Gazetteer) -> None:
    node = first(gaz, "Kupiansk-Vuzlovyi")
    assert node.name == "Kupiansk-Vuzlovyi"
    assert node.id != first(gaz, "Kupiansk").id
    assert first(gaz, "Kupjansk-Wuslowyj").id == node.id


def test_countries(gaz: Gazetteer) -> None:
    for name in ("Ryssland", "Rosja", "Russland", "Russie", "Russian Federation", "Россия"):
        place = first(gaz, name)
        assert place.kind == "country" and place.country == "RU", name
    for name in ("Ukraina", "Ukraine", "Україна"):
        assert first(gaz, name).kind == "country"
    assert first(gaz, "Vitryssland").country == "BY"
    assert first(gaz, "Mołdawia").country == "MD"
    assert first(gaz, "Türkiye").country == "TR"
    assert first(gaz, "USA").country == "US"
    assert first(gaz, "US").country == "US"
    assert first(gaz, "Storbritannien").country == "GB"


def test_country_names_never_name_towns(gaz: Gazetteer) -> None:
    assert all(p.kind == "country" for p in gaz.lookup("ukraina"))
    assert all(p.kind == "country" for p in gaz.lookup("rossiya"))
    ukrainka = gaz.lookup("ukrainka")
    assert ukrainka and all(p.kind == "city" and p.country == "UA" for p in ukrainka)


def test_curated_regions_rivers_and_seas(gaz: Gazetteer) -> None:
    assert first(gaz, "Donbass").id == "x:donbas"
    assert first(gaz, "Krim").id == "x:crimea"
    assert first(gaz, "Krym").kind == "region"
    assert first(gaz, "Dnipropetrovsk").kind == "region"
    assert first(gaz, "Dnjepr").kind == "river"
    assert first(gaz, "Siwerskyj Donez").kind == "river"
    assert first(gaz, "Oskol").id == "x:oskil-river"
    assert first(gaz, "Morze Azowskie").kind == "sea"
    cities_first = gaz.lookup("dnipro")
    assert cities_first[0].kind == "city" and any(p.kind == "river" for p in cities_first)


def test_regions_rank_before_cities(gaz: Gazetteer) -> None:
    kirovohrad = gaz.lookup("kirovohrad")
    assert kirovohrad[0].kind == "region"


def test_alternate_names_rank_after_own_names(gaz: Gazetteer) -> None:
    # Engels was once Pokrovsk; the Ukrainian Pokrovsk is the one meant today.
    assert first(gaz, "Pokrovsk").admin1 == "Donetsk Oblast"


def test_get_and_names(gaz: Gazetteer) -> None:
    kharkiv = gaz.get("gn:706483")
    assert kharkiv is not None and kharkiv.name == "Kharkiv" and kharkiv.kind == "city"
    assert kharkiv.country == "UA" and kharkiv.population > 1_000_000
    assert 49 < kharkiv.lat < 51 and 35 < kharkiv.lon < 37
    names = gaz.names("gn:706483")
    assert names[0] == "Kharkiv"
    assert {"Charkiw", "Charków", "Kharkov", "Харків"} <= set(names)
    assert gaz.get("gn:0") is None
    assert gaz.names("gn:0") == ()


def test_is_common_word(gaz: Gazetteer) -> None:
    for word in ("most", "bar", "mala", "nova", "union", "bug"):
        assert gaz.is_common_word(word), word
    for name in ("kyiv", "moscow", "warsaw", "kharkiv", "lyman", "ukraina", "krym", "donau", "ostsee"):
        assert not gaz.is_common_word(name), name


def test_names_are_long_enough_and_max_words(gaz: Gazetteer) -> None:
    assert 3 <= gaz.max_words <= 10
    assert len(gaz) > 8000


def test_file_size() -> None:
    assert (data_dir() / "gazetteer.tsv.gz").stat().st_size <= 3_000_000


def test_load_time_benchmark() -> None:
    """Prints the load time; it is measured, not asserted (machines differ)."""
    path = data_dir() / "gazetteer.tsv.gz"
    start = time.perf_counter()
    fresh = read_gazetteer(path)
    loaded = time.perf_counter()
    fresh.lookup("kharkiv")
    looked = time.perf_counter()
    fresh.names("gn:706483")
    named = time.perf_counter()
    print(
        f"\ngazetteer: load {1000 * (loaded - start):.1f} ms, "
        f"first lookup {1000 * (looked - loaded):.2f} ms, "
        f"first names() {1000 * (named - looked):.1f} ms, {len(fresh)} places"
    )
    assert len(fresh) == len(load_gazetteer())


def test_a_name_made_from_another_is_only_an_alternate(gaz: Gazetteer) -> None:
    # GeoNames lists "Mykolaiv" among the names of a Mykolaivka; it is not that village's own name.
    alternates = gaz.alternates("mykolaiv")
    places = gaz.lookup("mykolaiv")
    assert {p.name for p in places if p.id in alternates} == {"Mykolaivka"}
    assert all(p.name == "Mykolaiv" for p in places if p.id not in alternates)
    assert not gaz.alternates("mykolaivka") & {
        p.id for p in gaz.lookup("mykolaivka") if p.name == "Mykolaivka"
    }


def test_a_place_named_in_context_is_not_replaced_by_one_it_was_once_called() -> None:
    from warreader.nlp.places import find_places

    # Every other place of this article is in Donetsk oblast, where the village Mykolaivka lies;
    # "Mykolaiv" is still the city on the Southern Bug, not that village.
    body = (
        "Shelling hit Bakhmut, Soledar and Kramatorsk overnight. "
        "Later, drones struck the port of Mykolaiv, the governor said."
    )
    found = {m.text: m for m in find_places(body, "en")}
    assert found["Mykolaiv"].detail.startswith("city · Mykolaiv Oblast")
    assert found["Kramatorsk"].detail.startswith("city · Donetsk Oblast")
