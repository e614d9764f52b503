"""Closed word classes per language: function words, and the titles, ranks and offices written
before a person's name. General vocabulary of each language, no names.

A capitalised word of the first class opens a sentence, it does not start a name ("Также Ким
сообщил", "Jednak Kowalski dodał"); a word of the second class is stripped from the front of a
name ("Generalleutnant Budanow", "Мэр Николаева Александр Сенкевич").
"""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The words of ``text`` (split on white space), as a set: how every word list here is written."""
    return frozenset(text.split())


_words = word_set


# Adverbs, conjunctions, prepositions, pronouns and determiners that open sentences in news prose.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "also meanwhile however moreover furthermore additionally besides nevertheless nonetheless "
        "still thus hence therefore instead earlier later previously recently currently today yesterday "
        "overnight tonight now then afterwards afterward eventually finally first second third since "
        "until while whereas although though because unless whether if when where why how what which "
        "who whom whose there here this that these those it its he she they we you i his her their our "
        "my your the a an and but or nor so yet for with without within during despite amid amidst "
        "among between after before under over above below across against along around about into "
        "onto upon from by at in on of to as like than via per according speaking asked separately "
        "elsewhere nearby further indeed notably overall altogether some many most several few both "
        "each every all any no not none one two three another other such only even just already "
        "again almost perhaps maybe probably likely certainly clearly"
    ),
    "sv": _words(
        "också även dessutom samtidigt enligt dock ändå däremot därför alltså således sedan tidigare "
        "senare nyligen nu idag igår i går natten då där här när medan eftersom fast trots om att som "
        "och men eller samt för med utan under efter före innan mellan mot kring runt över genom från "
        "till vid på av i hos bland den det de denna detta dessa en ett han hon vi jag ni man hans "
        "hennes deras vår vårt våra min mitt mina flera många några alla varje ingen inget inga både "
        "redan bara just ännu först slutligen vidare istället bland annat"
    ),
    "de": _words(
        "auch zudem außerdem ebenfalls zugleich gleichzeitig inzwischen mittlerweile unterdessen "
        "derweil jedoch allerdings dennoch trotzdem doch aber und oder sondern denn deshalb daher "
        "deswegen somit also laut nach vor bei mit ohne seit während wegen trotz gegen um über unter "
        "zwischen neben durch für aus von zu zum zur im am ins beim vom der die das den dem des ein "
        "eine einer einem einen er sie es wir ihr man sein seine ihre unser dies diese dieser dieses "
        "jene jener hier dort da damals heute gestern morgen zuvor zuletzt bisher bereits schon noch "
        "nun jetzt dann danach davor später früher erst zunächst schließlich zuerst immer wenn als ob "
        "weil obwohl dass wie wo was wer warum viele einige mehrere alle jeder jede kein keine beide "
        "nur sogar bislang demnach dabei dazu hierzu darüber ferner"
    ),
    "pl": _words(
        "także również też ponadto dodatkowo jednak jednocześnie tymczasem natomiast zaś ale lecz "
        "albo lub oraz i a więc zatem dlatego bowiem ponieważ gdyż choć chociaż mimo że żeby aby "
        "jeśli jeżeli gdy kiedy gdzie jak co kto który która które według zdaniem wcześniej później "
        "potem następnie wreszcie dziś dzisiaj wczoraj jutro teraz obecnie niedawno wtedy tam tu tutaj "
        "w we z ze na do od po przy pod nad za przed przez dla bez o u wśród między wobec podczas "
        "ten ta to te ci tego tej tym on ona ono oni one my wy ja jego jej ich nasz nasza wiele kilka "
        "wszyscy każdy żaden oba już jeszcze tylko nawet właśnie przede zresztą ostatnio najpierw"
    ),
    "fr": _words(
        "aussi également ensuite puis alors ainsi donc pourtant cependant toutefois néanmoins "
        "mais et ou ni car or selon lors pendant durant depuis avant après dès malgré parmi entre "
        "contre vers chez sans sous sur dans par pour avec de du des le la les l un une ce cet cette "
        "ces il elle ils elles on nous vous je son sa ses leur leurs notre nos hier aujourd'hui "
        "demain désormais actuellement récemment auparavant enfin d'abord déjà encore toujours "
        "seulement même quand lorsque si où comment pourquoi que qui quoi dont plusieurs certains "
        "tous toutes chaque aucun aucune d'après en au aux là ici outre à"
    ),
    "uk": _words(
        "також водночас натомість однак проте але та і й а або чи тому отже зокрема крім окрім "
        "раніше пізніше згодом потім тоді нині зараз сьогодні вчора учора вночі відтак наразі вже ще "
        "лише тільки навіть майже тим часом як коли де що хто який яка яке які чому бо адже хоча якщо "
        "щоб в у на з із зі до від під над за перед через для без про по при біля серед між після "
        "протягом під час цей ця це ці той та те ті він вона воно вони ми ви я його її їх наш наша "
        "багато кілька всі усі кожен жоден обидва нещодавно спочатку врешті також"
    ),
    "ru": _words(
        "также тоже однако но и а или либо зато поэтому итак кроме того ранее позже позднее затем "
        "потом тогда сейчас теперь сегодня вчера ночью ныне уже еще ещё лишь только даже почти между "
        "тем как когда где что кто который которая которое которые почему потому так хотя если чтобы "
        "в во на с со из до от под над за перед через для без о об про по при у около возле среди "
        "после в течение во время этот эта это эти тот та то те он она оно они мы вы я его ее её их "
        "наш наша много несколько все каждый никакой оба недавно сначала впрочем между тем самое самый "
        "самая самые"
    ),
}

# Titles, ranks and offices written before a name, in lower case (a capitalised one matches too).
# Compounds (German, Swedish) are caught by their endings, see TITLE_ENDINGS.
TITLE_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "president vice prime minister deputy foreign defence defense interior justice finance "
        "economy health energy governor mayor head chief commander general lieutenant colonel major "
        "captain sergeant brigadier marshal admiral lt col gen maj capt sgt spokesman spokeswoman "
        "spokesperson secretary chancellor senator ambassador adviser advisor envoy director chairman "
        "chairwoman chair speaker acting regional military state staff ombudsman prosecutor "
        "attorney judge commissioner officer official mr mrs ms dr sir pope patriarch metropolitan "
        "presidential premier lawmaker mp mep deputy-head first second"
    ),
    "sv": _words(
        "president presidenten premiärminister statsminister utrikesminister försvarsminister "
        "minister ministern guvernör guvernören borgmästare borgmästaren talesperson talespersonen "
        "talesman talesmannen general generalen överste översten kapten major befälhavare chef chefen "
        "rådgivare ambassadör ambassadören vice biträdande"
    ),
    "de": _words(
        "präsident präsidentin gouverneur gouverneurin bürgermeister bürgermeisterin minister "
        "ministerin sprecher sprecherin chef chefin kanzler kanzlerin general generalin oberst major "
        "hauptmann leutnant generalleutnant generalmajor admiral berater beraterin botschafter "
        "botschafterin herr frau dr vize stellvertretender stellvertretende ex-präsident"
    ),
    "pl": _words(
        "prezydent premier wicepremier minister wiceminister gubernator mer burmistrz wojewoda "
        "rzecznik rzeczniczka szef szefowa doradca doradczyni generał gen pułkownik płk major kapitan "
        "dowódca ambasador przewodniczący przewodnicząca prezes dyrektor sekretarz pan pani deputowany "
        "ekspert ekspertka analityk analityczka ekonomista ekonomistka wolontariusz wolontariuszka politolog"
    ),
    "fr": _words(
        "président présidente premier ministre gouverneur maire porte-parole chef général colonel "
        "capitaine commandant conseiller conseillère ambassadeur ambassadrice directeur directrice "
        "secrétaire m mme monsieur madame vice-président"
    ),
    "uk": _words(
        "президент прем'єр прем'єр-міністр премʼєр-міністр міністр віцепрем'єр губернатор мер голова "
        "глава очільник керівник начальник командувач командир генерал генерал-лейтенант "
        "генерал-майор полковник підполковник майор капітан речник речниця прессекретар "
        "пресс-секретар посол радник радниця заступник заступниця депутат нардеп омбудсман "
        "уповноважений секретар директор пан пані "
        "очільниця керівниця представник представниця волонтер волонтерка економіст експерт аналітик "
        "аналітикиня політолог"
    ),
    "ru": _words(
        "президент премьер премьер-министр министр вице-премьер губернатор мэр глава руководитель "
        "начальник командующий командир генерал генерал-лейтенант генерал-майор полковник "
        "подполковник майор капитан представитель пресс-секретарь прессекретарь официальный посол "
        "советник заместитель депутат омбудсмен уполномоченный секретарь директор господин госпожа "
        "экономист эксперт аналитик политолог волонтер волонтерка волонтёр представительница"
    ),
}

# Endings of compound titles ("Geheimdienstchef", "Generalleutnant", "försvarsministern").
TITLE_ENDINGS = (
    "leutnant",
    "general",
    "generalin",
    "oberst",
    "kommandeur",
    "kommandant",
    "befehlshaber",
    "direktor",
    "direktorin",
    "botschafter",
    "sekretär",
    "minister",
    "ministern",
    "ministerin",
    "guvernören",
    "befälhavare",
    "befälhavaren",
    "experte",
    "expertin",
    "analyst",
    "analysten",
    "analystin",
    "analytiker",
    "forscher",
    "forscherin",
    "politiker",
    "politikerin",
    "abgeordnete",
    "abgeordneter",
    "vorsitzende",
    "vorsitzender",
    "offizier",
    "korrespondent",
    "experten",
    "analytikern",
    "forskaren",
    "generalen",
    "överste",
    "översten",
)

ALL_TITLE_WORDS = frozenset().union(*TITLE_WORDS.values())

SENTENCE_OPENERS = frozenset(w[:1].upper() + w[1:] for words in FUNCTION_WORDS.values() for w in words)
"""The function words as they are written at a sentence start."""
