"""Word lists the extractors share, per language. General news vocabulary, no names."""

from __future__ import annotations

from functools import lru_cache

from warreader.nlp import wordclasses
from warreader.nlp.wordclasses import word_set as _words

# Verbs (and fixed phrases' heads) that report speech when a person is their subject.
SPEECH_VERBS: dict[str, frozenset[str]] = {
    "en": _words(
        "said says say told tells claimed claims claim posted posts wrote writes announced announces "
        "stressed stresses stated states declared declares confirmed confirms suggested suggests added adds "
        "noted notes asserted asserts insisted insists warned warns admitted admits explained explains "
        "tweeted tweets emphasised emphasized emphasises emphasizes underlined reiterated argued argues "
        "urged urges pledged pledges vowed vows denied denies acknowledged acknowledges alleged alleges "
        "reported replied responded recalled revealed remarked commented continued estimated estimates "
        "predicted promised promises threatened threatens accused accuses called described describes "
        "indicated indicates mentioned informed asked asks"
    ),
    "sv": _words(
        "säger sa sade skriver skrev uppger uppgav meddelar meddelade berättar berättade konstaterar "
        "konstaterade hävdar hävdade förklarar förklarade twittrar twittrade betonar betonade påpekar "
        "påpekade varnar varnade tillägger tillade bekräftar bekräftade menar menade framhåller framhöll "
        "understryker underströk lovar lovade svarar svarade kommenterar kommenterade hotar hotade skriver "
        "framhöll konstaterade"
    ),
    "de": _words(
        "sagte sagt erklärte erklärt schrieb schreibt betonte betont teilte teilt warnte warnt kündigte "
        "berichtete berichtet bestätigte bestätigt behauptete behauptet versicherte versichert sprach "
        "fügte ergänzte ergänzt räumte meinte meint unterstrich forderte fordert verkündete verkündet "
        "twitterte postete antwortete kritisierte kritisiert bekräftigte äußerte zitiert meldete meldet "
        "drohte droht warnte mahnte"
    ),
    "pl": _words(
        "powiedział powiedziała mówi mówił mówiła przekazał przekazała napisał napisała oświadczył "
        "oświadczyła stwierdził stwierdziła poinformował poinformowała dodał dodała podkreślił podkreśliła "
        "zapowiedział zapowiedziała ogłosił ogłosiła twierdzi twierdził twierdziła ocenił oceniła zaznaczył "
        "zaznaczyła przyznał przyznała ostrzegł ostrzegła zapewnił zapewniła wyjaśnił wyjaśniła relacjonował "
        "zadeklarował zadeklarowała potwierdził potwierdziła"
    ),
    "fr": _words(
        "déclaré déclare dit dire affirmé affirme annoncé annonce indiqué indique écrit écrivait assuré "
        "assure souligné souligne précisé précise ajouté ajoute estimé estime expliqué explique confié "
        "prévenu prévient averti avertit martelé martèle insisté insiste reconnu reconnaît confirmé "
        "confirme répondu répond raconté raconte tweeté publié dénoncé dénonce promis promet jugé juge "
        "réagi salué salue demandé demande appelé appelle rappelé rappelle répété qualifié menacé menace "
        "exhorté plaidé plaide regretté regrette réaffirmé soutenu soutient"
    ),
}
SPEECH_VERBS["uk"] = _words(
    "сказав сказала каже заявив заявила заявляє повідомив повідомила повідомляє написав написала зазначив "
    "зазначила наголосив наголосила додав додала розповів розповіла підкреслив підкреслила пояснив "
    "пояснила визнав визнала попередив попередила доповів доповіла стверджує стверджував оголосив "
    "оголосила пообіцяв пообіцяла закликав закликала назвав назвала запевнив запевнила відзначив "
    "розкритикував прокоментував звернувся відповів відповіла"
)
SPEECH_VERBS["ru"] = _words(
    "сказал сказала говорит заявил заявила заявляет сообщил сообщила сообщает написал написала отметил "
    "отметила подчеркнул подчеркнула добавил добавила рассказал рассказала пояснил пояснила признал "
    "признала предупредил предупредила доложил доложила утверждает утверждал утверждала объявил "
    "объявила пообещал пообещала призвал призвала назвал назвала заверил заверила ответил ответила "
    "прокомментировал раскритиковал обратился"
)


def _past_forms(stems: str, endings: tuple[str, ...]) -> frozenset[str]:
    """Slavic past tenses agree with their subject's gender: a table of past stems and endings gives
    every singular form ("заяви" → заявил, заявила; "зазначи" → зазначив, зазначила)."""
    return frozenset(stem + ending for stem in stems.split() for ending in endings)


# Past stems of reporting verbs, and their present third person (a general class of the language's
# verbs of saying, thinking aloud and estimating), in the morphology of each language: masculine,
# feminine and reflexive endings are added by the table, so a stem lists the verb once.
_SLAVIC_PAST_STEMS = {
    "pl": (
        "powiedzia przekaza napisa oświadczy stwierdzi poinformowa doda podkreśli zapowiedzia ogłosi "
        "twierdzi oceni zaznaczy przyzna ostrzeg zapewni wyjaśni relacjonowa zadeklarowa potwierdzi "
        "uważa szacowa dziękowa podziękowa przypomnia zauważy wezwa odpowiedzia skomentowa zaapelowa "
        "przekonywa tłumaczy podsumowa wskaza opowiedzia apelowa informowa komentowa mówi zapowiada",
        ("ł", "ła"),
    ),
    "uk": (
        "сказа заяви повідоми написа зазначи наголоси дода розпові підкресли поясни визна попереди "
        "допові стверджува оголоси пообіця заклика назва запевни відзначи розкритикува прокоментува "
        "відпові поміти уточни підтверди нагада оціни вважа зауважи вислови констатува поділи обмежи "
        "зверну",
        ("в", "ла", "вся", "лася"),
    ),
    "ru": (
        "сказа заяви сообщи написа отмети подчеркну добави рассказа поясни призна предупреди доложи "
        "утвержда объяви пообеща призва назва завери ответи прокомментирова раскритикова замети счита "
        "уточни подтверди напомни оцени указа высказа констатирова подели ограничи обрати",
        ("л", "ла", "лся", "лась"),
    ),
}
_SLAVIC_PRESENT = {
    "pl": "mówi twierdzi uważa szacuje ocenia podkreśla zaznacza dodaje przekonuje wyjaśnia ostrzega "
    "informuje przyznaje zapewnia tłumaczy przypomina zauważa opowiada relacjonuje apeluje komentuje "
    "deklaruje pisze stwierdza",
    "uk": "каже заявляє повідомляє стверджує вважає розповідає наголошує зазначає пояснює підкреслює "
    "визнає попереджає нагадує оцінює пише додає запевняє уточнює",
    "ru": "говорит заявляет сообщает утверждает считает полагает отмечает подчеркивает подчёркивает "
    "уверяет добавляет рассказывает поясняет признает признаёт предупреждает напоминает оценивает "
    "указывает уточняет пишет объясняет настаивает",
}
for _language, (_stems, _endings) in _SLAVIC_PAST_STEMS.items():
    SPEECH_VERBS[_language] = (
        SPEECH_VERBS[_language] | _past_forms(_stems, _endings) | _words(_SLAVIC_PRESENT[_language])
    )

# Words that introduce a source: "according to X", "enligt X", "laut X", "według X", "selon X".
SOURCE_MARKERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (("according", "to"), ("quoted",), ("quoting",)),
    "sv": (("enligt",), ("citerar",)),
    "de": (("laut",), ("so",), ("zufolge",), ("nach", "Angaben", "von"), ("zitierte",)),
    "pl": (("według",), ("zdaniem",), ("jak", "powiedział"), ("jak", "przekazał"), ("jak", "podkreślił")),
    "fr": (("selon",), ("d'après",), ("d’après",), ("pour",)),
    "uk": (("за", "словами"), ("як", "повідомив"), ("як", "повідомила"), ("як", "заявив")),
    "ru": (("по", "словам"), ("как", "сообщил"), ("как", "сообщила"), ("как", "заявил")),
}
# "Jak zauważył X", "Як зазначив X", "Как отметил X": a reporting verb after "as" introduces its subject;
# "за даними X" / "по данным X" name the source of figures.
_AS = {"pl": "jak", "uk": "як", "ru": "как"}
for _language, _as in _AS.items():
    _past = sorted(_past_forms(*_SLAVIC_PAST_STEMS[_language]))
    SOURCE_MARKERS[_language] = (*SOURCE_MARKERS[_language], *((_as, verb) for verb in _past))
    _present = sorted(_words(_SLAVIC_PRESENT[_language]))
    SOURCE_MARKERS[_language] = (*SOURCE_MARKERS[_language], *((_as, verb) for verb in _present))
# "за даними X", "за оцінкою X", "по данным X", "по оценке X": the source of figures and estimates.
SOURCE_MARKERS["uk"] = (*SOURCE_MARKERS["uk"], ("за", "даними"), ("за", "оцінкою"), ("за", "оцінками"))
SOURCE_MARKERS["ru"] = (*SOURCE_MARKERS["ru"], ("по", "данным"), ("по", "оценке"), ("по", "оценкам"))

# Verbs that may come before their subject (inversion after a quote or in German/Swedish word order).
INVERTED_VERBS: dict[str, frozenset[str]] = {
    "en": _words("said says added asked continued explained noted wrote told insisted stressed recalled"),
    "sv": SPEECH_VERBS["sv"],
    "de": SPEECH_VERBS["de"],
    "pl": SPEECH_VERBS["pl"],
    "fr": SPEECH_VERBS["fr"] | _words("a-t-il a-t-elle ajoute-t-il"),
    "uk": SPEECH_VERBS["uk"],
    "ru": SPEECH_VERBS["ru"],
}

# Titles and role words that can stand before a name ("Governor Haidai", "Präsident Selenskyj").
TITLES = _words(
    "President Governor Mayor Minister Prime Foreign Defence Defense Deputy Head Chief Commander General "
    "Gen Colonel Col Lieutenant Lt Captain Capt Sergeant Sgt Spokesman Spokeswoman Spokesperson Secretary "
    "Chancellor Senator Ambassador Adviser Advisor Presidential Mr Mrs Ms Dr Pope Patriarch Metropolitan "
    "Envoy Director Chairman Chairwoman Speaker Acting Regional Military Interior Justice Health Economy "
    "Vice Premier Commissioner Marshal Admiral Major Major-General Lieutenant-General Brigadier Officer "
    "Kremlin State Staff Of Ombudsman Prosecutor Attorney Judge Ukrainian Russian Belarusian American "
    "British French German Polish Swedish Chinese Turkish Israeli Iranian Moldovan Georgian "
    "Guvernör Guvernören Presidenten President Premiärminister Utrikesminister Försvarsminister "
    "Borgmästare Borgmästaren Talesperson Talespersonen Talesman Talesmannen Generalen Ministern "
    "Präsident Präsidentin Gouverneur Gouverneurin Bürgermeister Bürgermeisterin Außenminister "
    "Außenministerin Verteidigungsminister Verteidigungsministerin Regierungschef Regierungschefin "
    "Kremlchef Kremlsprecher Sprecher Sprecherin Militärgouverneur Gebietsgouverneur Chef Chefin "
    "Ministerpräsident Ministerpräsidentin Kanzler Kanzlerin Bundeskanzler Bundeskanzlerin Staatschef "
    "Oberbefehlshaber Berater Beraterin Generalstabschef Herr Frau Vizeminister Innenminister "
    "Prezydent Gubernator Mer Minister Premier Rzecznik Rzeczniczka Szef Szefowa Doradca Generał "
    "Président Présidente Gouverneur Maire Ministre Porte-parole Chef Général Conseiller M Mme "
    "Ukrainas Rysslands Ukrainische Russische Ukraiński Rosyjski Ukrainien Russe "
    "Президент Губернатор Голова Глава Міністр Министр Мер Речник Речниця Прессекретарь Пресс-секретарь "
    "Генерал Командувач Командующий Очільник Начальник Радник Советник Заступник Заместитель"
)

# Words that make a capitalised phrase an organisation, outlet or platform rather than a person.
ORGANISATION_WORDS = _words(
    "Ministry Staff Directorate Office Council Command Forces Force Army Navy Guard Service Services "
    "Agency Committee Administration Government Kremlin Pentagon Police Institute Department Commission "
    "Union Parliament Rada Embassy Brigade Battalion Regiment Division Corps Group Company Corporation "
    "News Post Times Journal Herald Telegraph Guardian Press Agency Radio Television TV Channel Network "
    "Telegram Facebook Twitter YouTube Instagram TikTok Reuters Bloomberg Interfax Ukrinform Suspilne "
    "Meduza Pravda Independent Observer Monitor Tribune Gazette Daily Weekly Media Foundation Center "
    "Centre University Academy Bank Fund Organization Organisation Party Movement Front Federation "
    "Republic Cross Crescent Nations Alliance Coalition Operator Energoatom Ukrenergo Gazprom Wagner "
    "Ministerium Regierung Generalstab Armee Streitkräfte Behörde Verwaltung Ministerstwo Sztab Armia "
    "Siły Rząd Kancelaria Ministère Armée Gouvernement État-major Försvarsmakten Regeringen Armén "
    "Försvarsministeriet Utrikesdepartementet Kreml Kremlin Kremla Kremlu Kremlem Defence Defense "
    "Défense Verteidigung Obrony"
)


# Lower-case words that mark the next capitalised name as a place ("in X", "near X", "byn X").
PLACE_PREPOSITIONS: dict[str, frozenset[str]] = {
    "en": _words("in near of from to into around outside towards toward at across through via over"),
    "sv": _words("i vid nära från till mot utanför runt över kring"),
    "de": _words("in bei nahe nach aus um von vor über durch im"),
    "pl": _words("w we pod koło z ze do na przy obok wokół wzdłuż nad znad spod pobliżu okolicach"),
    "fr": _words("à a en près de du vers dans autour"),
    "uk": _words("в у на біля під з із до поблизу вздовж над неподалік"),
    "ru": _words("в на под у из до около возле близ вдоль над неподалеку"),
}


# Nouns that introduce settlement or river names the gazetteer may lack ("the village of X", "byn X").
def _phrases(text: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(phrase.split()) for phrase in text.split("|"))


SETTLEMENT_NOUNS: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": _phrases(
        "village of|villages of|town of|towns of|settlement of|settlements of|city of|cities of|hamlet of|"
        "villages|settlements|village"
    ),
    "sv": _phrases("floden|älven|byn|byarna|orten|orterna|staden|städerna|samhället|samhällena|småstaden"),
    "de": _phrases("Fluss|Flusses|Dorf|Dorfes|Dörfer|Ortschaft|Ortschaften|Stadt|Städte|Siedlung|Kleinstadt"),
    "pl": _phrases("rzeki|rzece|rzekę|wsi|wieś|wsie|miejscowości|miejscowość|miasta|mieście"),
    "fr": _phrases("fleuve|rivière|village de|villages de|localité de|localités de|ville de"),
    "uk": _phrases("село|селище|селища|місто|міста|річка|річки"),
    "ru": _phrases("село|посёлок|поселок|город|города|река|реки"),
}

# Nouns after a name that make it a place ("the Hrekivka region", "Kharkiv oblast").
REGION_NOUNS = _words(
    "region regions oblast oblasts province district area raion krai Oblast Region District "
    "regionen länet oblastet Gebiet Region Oblast obwód obwodu obwodzie région oblast"
)

# Conjunctions that continue a list of names.
AND_WORDS: dict[str, frozenset[str]] = {
    "en": _words("and"),
    "sv": _words("och samt"),
    "de": _words("und sowie"),
    "pl": _words("i oraz"),
    "fr": _words("et"),
}

MONTHS_AND_DAYS = _words(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    "Januari Februari Mars April Maj Juni Juli Augusti Oktober Måndag Tisdag Onsdag Torsdag Fredag "
    "Lördag Söndag Januar Februar März Mai Juni Juli Oktober Dezember Montag Dienstag Mittwoch "
    "Donnerstag Freitag Samstag Sonntag Styczeń Luty Marzec Kwiecień Maj Czerwiec Lipiec Sierpień "
    "Wrzesień Październik Listopad Grudzień Poniedziałek Wtorek Środa Czwartek Piątek Sobota Niedziela "
    "Janvier Février Mars Avril Mai Juin Juillet Août Septembre Octobre Novembre Décembre Lundi Mardi "
    "Mercredi Jeudi Vendredi Samedi Dimanche"
)

# Capitalised words at a sentence start that are not names.
SENTENCE_WORDS = (
    _words(
        "The A An In On At As After Before But And Or If When While Meanwhile However Earlier Later Then "
        "Yesterday Today Tonight Overnight Now Here There Last Next Elsewhere Nearby Further "
        "This That These Those It Its He She They We I You His Her Their Our Speaking According Also "
        "Furthermore Moreover Still Yet Since Despite During Amid Over Under Some Many Most Several One Two "
        "Another Other Both Each Every No Not Nor So Such Why What Who Where How Although Though Notably "
        "Usually Local Officials Residents Russian Ukrainian Russians Ukrainians Western Soldiers Troops "
        "Den Det De En Ett Han Hon Vi Jag Men Och Att Som För Efter Enligt Samtidigt Dock Nu Där Här I "
        "Der Die Das Ein Eine Er Sie Es Wir Und Aber Auch Nach Laut Im Am Zum Zur Dem Den Des Doch "
        "Ten Ta To Jak Ale Według Po Na We Od Dla Jego Jej Ich "
        "Le La Les Un Une Il Elle Ils Nous Et Mais Selon Après Dans Pour Au Aux Du Des Ce Cette "
        "В У На З Із До Під По За Біля Від Через Але І Й Та Це Він Вона Вони Около Из Во Но И Это Он Она Они"
    )
    | wordclasses.SENTENCE_OPENERS
)

# Lower-case words inside an organisation's name ("Institute for the Study of War").
NAME_CONNECTORS = _words("of for the and de du des la le für der des von för och i w na")

# German and Swedish compound role nouns end in these ("Besatzungschef", "Regionalgouverneur").
_TITLE_SUFFIXES = (
    "chef",
    "chefin",
    "minister",
    "ministerin",
    "sprecher",
    "sprecherin",
    "gouverneur",
    "präsident",
    "präsidentin",
    "berater",
    "kommandeur",
    "leiter",
    "leiterin",
    "guvernör",
    "ministern",
    "talesperson",
    "borgmästare",
    "talespersonen",
    "talesman",
    "talesmannen",
    "borgmästaren",
    "vertreter",
    "vertreterin",
    "beauftragter",
    "rzecznik",
    "rzeczniczka",
)


@lru_cache(maxsize=65536)
def is_title(word: str) -> bool:
    """A title or role word that may stand before a name, or a hyphenated adjective ("Russian-installed")."""
    if word in TITLES:
        return True
    lower = word.lower()
    if lower in wordclasses.ALL_TITLE_WORDS:
        return True
    if "-" in word and not word.rsplit("-", 1)[1][:1].isupper():
        return True
    return len(word) > 6 and (lower.endswith(_TITLE_SUFFIXES) or lower.endswith(wordclasses.TITLE_ENDINGS))


@lru_cache(maxsize=65536)
def is_office(word: str) -> bool:
    """A title naming an office or rank ("Kremlsprecher", "Generalleutnant", "Мэр"), not a nationality
    or other adjective that may also stand before a name."""
    lower = word.lower()
    if lower in wordclasses.ALL_TITLE_WORDS:
        return True
    return len(word) > 6 and (lower.endswith(_TITLE_SUFFIXES) or lower.endswith(wordclasses.TITLE_ENDINGS))


# Verbs of taking, holding or striking ground: a list of capitalised names after them is a list of places
# ("have retaken Klishchiivka, Staromaiorske and Andriivka").
CONTROL_VERBS: dict[str, frozenset[str]] = {
    "en": _words(
        "liberated liberate liberating retaken retake retook retaking recapturing capturing recaptured "
        "recapture captured capture seized seize took taken hold holds held entered enter freed free "
        "shelled shelling struck hit attacked "
        "bombarded occupied occupy abandoned withdrew evacuated"
    ),
    "sv": _words(
        "befriat befriade befria återtagit återtog återerövrat återerövrade intagit intog erövrat erövrade "
        "håller höll besköt beskjutit angripit ockuperat lämnat"
    ),
    "de": _words(
        "befreit befreiten zurückerobert eroberten erobert eingenommen nahmen halten hielten beschossen "
        "angegriffen besetzt geräumt verlassen"
    ),
    "pl": _words(
        "wyzwolili wyzwoliły wyzwolono odbili odbiły odbito zajęli zajęły zajęto zdobyli zdobyły "
        "kontrolują ostrzelali zaatakowali okupują opuścili"
    ),
    "fr": _words(
        "libéré libérés libérée repris reprise capturé conquis pris prise contrôlent bombardé tiennent occupé"
    ),
}

# Words that open a photo credit or a source line ("Credit: Efrem Lukatsky/AP"): no speaker follows.
CREDIT_WORDS = _words(
    "Credit Credits Photo Photos Foto Fotos Bild Image Images Källa Quelle Source Zdjęcie Fot Crédit"
)

# Words for a river next to its name ("the Oskil River", "floden Dnepr", "den Fluss Siwerskyj Donez").
RIVER_WORDS = _words("river rivers floden älven fluss flusses flüsse rzeka rzeki rzece rzekę fleuve rivière")

# Capitalised nouns that stand before a place name in German ("Fluss Siwerskyj Donez", "Oblast Cherson",
# "Gebiet Charkiw", "Richtung Bachmut"), so the name is not part of a longer name.
PLACE_NOUNS_BEFORE = _words(
    "Fluss Flusses Oblast Gebiet Gebiets Region Richtung Stadt Dorf Ortschaft Hafenstadt Großstadt "
    "Kleinstadt Frontstadt Industriestadt Gemeinde Bezirk Kreis Provinz Hauptstadt Metropole Raum Umgebung "
    "Nähe Großraum Vorort"
)

# Polish adjectives formed from place names ("ukraińskie", "charkowskiego") end in these.
POLISH_ADJECTIVE_ENDINGS = (
    "ski",
    "ska",
    "skie",
    "skiego",
    "skiej",
    "skim",
    "skich",
    "skimi",
    "ską",
    "cki",
    "cka",
    "ckie",
    "ckiego",
    "ckiej",
    "ckim",
    "ckich",
)

# Lower-case nouns for institutions: a capitalised word after them belongs to the institution's name
# ("le ministère ukrainien de la Défense", "the ministry of Defence").
INSTITUTION_NOUNS = _words(
    "ministry ministère ministerstwo ministerium ministeriet army armée armia armee armén staff état-major "
    "sztab generalstab office bureau gouvernement government rząd regierung regeringen agency agence "
    "agencja agentur command commandement dowództwo kommando"
)


# Generic geographic nouns in lower case that end a name ("Чорне море", "Керченська протока",
# "Svarta havet"), in their case forms.
GEO_TAILS: dict[str, frozenset[str]] = {
    "sv": _words("havet hav sjön sundet viken bukten floden älven"),
    "uk": _words(
        "море моря морю морі морем протока протоки протоці протоку протокою затока затоки затоці затоку "
        "затокою озеро озера озері водосховище водосховища водосховищі півострів півострова півострові "
        "півостровом"
    ),
    "ru": _words(
        "море моря морю морем пролив пролива проливе проливу проливом залив залива заливе заливу "
        "заливом озеро озера озере водохранилище водохранилища водохранилище полуостров полуострова "
        "полуострове полуострову полуостровом"
    ),
}

# French generic geographic nouns in lower case that open a name ("mer Noire", "détroit de Kertch").
GEO_HEADS_FR = _words("mer détroit golfe fleuve lac océan canal baie île péninsule presqu'île")
