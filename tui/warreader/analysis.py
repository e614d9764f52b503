"""The analyst's views of one entity, as pure functions over the public Library API.

* :func:`occurrences` — every mention of a group with its article and the date it is about;
* :func:`kwic` — keyword-in-context lines;
* :func:`daily_counts`, :func:`timeline_bins`, :func:`sparkline` — mentions per day, drawn in text;
* :func:`statements` — what a speaker is quoted or reported as saying.

Nothing here knows Textual; the UI and the export module share these.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from warreader.library import Library
from warreader.model import Article, DateMention, Mention, MentionRef, parse_iso
from warreader.nlp.lexicon import SOURCE_MARKERS, SPEECH_VERBS

Span = tuple[int, int]


# -- occurrences ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One mention of a group, where it is and the day it is about."""

    ref: MentionRef
    article: Article
    mention: Mention
    date: dt.date | None
    """The date written in the mention's sentence, else the article's date, else None."""
    dated_by: str
    """Where ``date`` came from: "text", "article" or "" (undated)."""


def articles_mentioning(library: Library, group_id: str) -> list[int]:
    """Indexes of the articles that mention ``group_id``, in library order."""
    return list(library.stops_per_article(group_id))  # the walk alone: no reference made or kept


def occurrences(library: Library, group_id: str) -> list[Occurrence]:
    """Every mention of ``group_id`` that n / N stop at, in reading order, with its date."""
    return occurrences_of(library, library.mentions_of(group_id))


def occurrences_of(library: Library, refs: Iterable[MentionRef]) -> list[Occurrence]:
    """The mentions ``refs`` with their articles and dates (each article read once)."""
    found: list[Occurrence] = []
    for ref in refs:
        article = library.articles[ref.article]
        mention = article.mentions[ref.mention]
        date, dated_by = mention_date(article, mention)
        found.append(Occurrence(ref, article, mention, date, dated_by))
    return found


def next_occurrences(
    library: Library, group_id: str, after: Occurrence | None, limit: int, *, whole: bool = False
) -> list[Occurrence]:
    """The next ``limit`` mentions of ``group_id`` after ``after`` (None: from the first), read from
    the index a page at a time; ``whole``: and the rest of the last article's (statements are
    found per article)."""
    where = None if after is None else (after.ref.article, after.mention.start)
    found = occurrences_of(library, library.mentions_after(group_id, where, limit))
    while whole and found:
        last = found[-1]
        more = occurrences_of(
            library, library.mentions_after(group_id, (last.ref.article, last.mention.start), 8)
        )
        same = [o for o in more if o.ref.article == last.ref.article]
        found += same
        if len(same) < len(more) or not more:
            break
    return found


def article_day_counts(library: Library, group_id: str) -> tuple[Counter[int], dict[int, dt.date | None]]:
    """Stops of ``group_id`` per article and each such article's own date, without reading a body
    (the walk and the list rows of the index): what the timeline shows before the dates written in
    the sentences are read."""
    per_article = library.stops_per_article(group_id)
    dates: dict[int, dt.date | None] = {}
    rows = getattr(library.articles, "rows", None)
    if rows is None:
        return per_article, {a: library.articles[a].date for a in per_article}
    wanted = sorted(per_article)
    parsed: dict[str, dt.date | None] = {}
    position = 0
    while position < len(wanted):
        first = wanted[position]
        for index, date, *_ in rows(first, first + 2000):
            if index in per_article:
                day = parsed.get(date, ...) if date else None
                if day is ...:
                    day = parsed[date] = parse_iso(date)
                dates[index] = day
        position = bisect_left(wanted, first + 2000)
    return per_article, dates


def mention_date(article: Article, mention: Mention) -> tuple[dt.date | None, str]:
    """The day a mention is about: the resolved date nearest to it in its sentence, else the article's."""
    start, end = sentence_span(article.body, mention.start, mention.end)
    inside: list[DateMention] = [
        d for d in article.dates if d.value is not None and start <= d.start and d.end <= end
    ]
    if inside:
        nearest = min(inside, key=lambda d: min(abs(d.start - mention.end), abs(mention.start - d.end)))
        return nearest.value, "text"
    if article.date is not None:
        return article.date, "article"
    return None, ""


# -- sentences ------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gov gen lt col maj capt sgt st sen rep prof no vs etc jr sr pres adm cmdr hr fr dz ul "
    "nr bzw ca z b u s a e g i.e e.g tj np św ks gen".split()
)
_CLOSERS = "\"'”’»“«)]"
_ENDS = ".!?…\n"
_END_MARK = re.compile(r"[.!?…\n]")


def _is_sentence_end(body: str, i: int) -> bool:
    """True when the mark at ``body[i]`` ends a sentence (a full stop after an abbreviation does not)."""
    char = body[i]
    if char == "\n":
        return True
    if char not in ".!?…":
        return False
    j = i + 1
    while j < len(body) and body[j] in _CLOSERS:
        j += 1
    if j < len(body) and not body[j].isspace():
        return False  # "U.S.", "3.5", "Kharkiv.ua"
    if char == ".":
        k = i
        while k > 0 and (body[k - 1].isalpha() or body[k - 1] == "."):
            k -= 1
        word = body[k:i].lower()
        if len(word) == 1 or "." in word or word in _ABBREVIATIONS:
            return False  # an initial, an initialism (U.S.) or an abbreviation
    return True


def sentence_span(body: str, start: int, end: int | None = None) -> Span:
    """The sentence holding ``body[start:end]``: from after the previous sentence end to its own end.

    Sentences end at . ! ? … (with closing quotes kept) and at newlines; a full stop after
    an initial or a common abbreviation (Gov., Dr., św.) does not end one.
    """
    end = start if end is None else end
    size = len(body)
    start, end = max(0, min(start, size)), max(0, min(end, size))
    left, mark = 0, start - 1
    while mark >= 0:  # the marks that may end a sentence, from the nearest back (found by C loops)
        mark = max(body.rfind(char, 0, mark + 1) for char in _ENDS)
        if mark >= 0 and _is_sentence_end(body, mark):
            left = mark + 1
            break
        mark -= 1
    while left < start and body[left] in _CLOSERS and body[left - 1] in ".!?…" + _CLOSERS:
        left += 1  # the closing quote of the previous sentence
    right = max(end, left)
    while True:
        found = _END_MARK.search(body, right)
        if found is None:
            right = size
            break
        right = found.start()
        if _is_sentence_end(body, right):
            break
        right += 1
    if right < size and body[right] != "\n":
        right += 1
        while right < size and body[right] in _CLOSERS:
            right += 1
    while left < right and body[left].isspace():
        left += 1
    while right > left and body[right - 1].isspace():
        right -= 1
    return left, right


def paragraph_span(body: str, offset: int) -> Span:
    """The paragraph (text between blank lines or newlines) holding ``offset``."""
    left = body.rfind("\n", 0, offset) + 1
    right = body.find("\n", offset)
    return left, len(body) if right < 0 else right


def one_line(text: str) -> str:
    """``text`` with runs of whitespace (newlines included) collapsed to one space."""
    return " ".join(text.split())


# -- keyword in context ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KwicLine:
    occurrence: Occurrence
    left: str
    keyword: str
    right: str


def context(body: str, start: int, end: int, width: int = 40) -> tuple[str, str, str]:
    """``width`` characters of one-line context each side of ``body[start:end]``, cut at words, with …."""
    left = one_line(body[max(0, start - 3 * width) : start] + "\x00")[:-1]
    right = one_line("\x00" + body[end : end + 3 * width])[1:]
    if len(left) > width:
        cut = left[-width:]
        space = cut.find(" ")
        left = "…" + (cut[space + 1 :] if 0 <= space < width // 2 else cut[1:])
    elif start > 3 * width:
        left = "…" + left
    if len(right) > width:
        cut = right[:width]
        space = cut.rfind(" ")
        right = (cut[:space] if space > width // 2 else cut[:-1]) + "…"
    elif end + 3 * width < len(body):
        right = right + "…"
    return left, one_line(body[start:end]), right


def kwic(items: Iterable[Occurrence], width: int = 40) -> list[KwicLine]:
    """Keyword-in-context lines for ``items``."""
    lines = []
    for item in items:
        m = item.mention
        left, keyword, right = context(item.article.body, m.start, m.end, width)
        lines.append(KwicLine(item, left, keyword, right))
    return lines


# -- timeline -------------------------------------------------------------------


def daily_counts(items: Iterable[Occurrence]) -> tuple[Counter[dt.date], int]:
    """Mentions per day, and how many had no date at all."""
    counts: Counter[dt.date] = Counter()
    undated = 0
    for item in items:
        if item.date is None:
            undated += 1
        else:
            counts[item.date] += 1
    return counts, undated


@dataclass(frozen=True, slots=True)
class Bin:
    first: dt.date
    last: dt.date
    count: int


def timeline_bins(counts: Counter[dt.date] | dict[dt.date, int], width: int) -> list[Bin]:
    """The days from the first to the last date cut into at most ``width`` equal bins of whole days."""
    if not counts or width < 1:
        return []
    first, last = min(counts), max(counts)
    days = (last - first).days + 1
    size = -(-days // width)  # ceil
    totals = [0] * -(-days // size)
    for day, number in counts.items():  # once through the days, not once per bin
        totals[(day - first).days // size] += number
    return [
        Bin(first + dt.timedelta(days=i * size), min(last, first + dt.timedelta(days=i * size + size - 1)), n)
        for i, n in enumerate(totals)
    ]


BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int]) -> str:
    """One character per value: blank for zero, else ▁…█ scaled to the largest value."""
    top = max(values, default=0)
    if top <= 0:
        return " " * len(values)
    out = []
    for value in values:
        if value <= 0:
            out.append(" ")
        else:
            out.append(BARS[min(len(BARS) - 1, (value * len(BARS) - 1) // top)])
    return "".join(out)


def bar_rows(values: Sequence[int], height: int) -> list[str]:
    """A bar chart ``height`` rows tall (top row first), eighth-block resolution, one column per value."""
    top = max(values, default=0)
    if top <= 0 or height < 1:
        return [" " * len(values) for _ in range(max(height, 0))]
    eighths = [0 if v <= 0 else max(1, round(v * height * 8 / top)) for v in values]
    rows = []
    for row in range(height - 1, -1, -1):
        line = []
        for e in eighths:
            filled = e - row * 8
            line.append("█" if filled >= 8 else (" " if filled <= 0 else BARS[filled - 1]))
        rows.append("".join(line))
    return rows


# -- who said what --------------------------------------------------------------

# Opening mark -> closing marks it pairs with. Swedish and Finnish use ” on both sides.
_QUOTE_PAIRS = {"“": "”„", "„": "“”", "«": "»", "»": "«", '"': '"', "”": "”", "‚": "‘’"}
_DASH_LINE = re.compile(r"^[ \t]*[–—―-][ \t]+")


def quote_spans(body: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Quoted passages in ``body[start:end]`` (the marks included), and dialogue-dash lines (– Text).

    Pairs “…”, „…“, «…», »…«, "…" and ”…” within one paragraph; a line opening with a
    dash is a quote up to the next spaced dash (the attribution) or the end of the line.
    """
    end = len(body) if end is None else end
    spans: list[Span] = []
    i = start
    while i < end:
        char = body[i]
        closers = _QUOTE_PAIRS.get(char)
        if closers and (i == 0 or not body[i - 1].isalnum()):
            j = i + 1
            while j < end and body[j] not in closers and body[j] != "\n":
                j += 1
            if j < end and body[j] in closers and j - i > 2:
                spans.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    position = start
    for line in body[start:end].split("\n"):
        dash = _DASH_LINE.match(line)
        if dash:
            text_start = position + dash.end()
            rest = body[text_start : position + len(line)]
            stop = re.search(r"\s[–—―]\s|,\s[–—―]", rest)
            quote = rest[: stop.start()] if stop else rest.rstrip()
            comma = quote.rfind(", ")
            if not stop and comma > 0 and _has_speech_verb(quote[comma:]):
                quote = quote[:comma]  # "– Text, säger X."
            text_end = text_start + len(quote)
            if text_end - text_start > 2 and not any(s <= text_start < e for s, e in spans):
                spans.append((position + len(line) - len(line.lstrip()), text_end))
        position += len(line) + 1
    return sorted(spans)


_ALL_SPEECH_VERBS = frozenset().union(*SPEECH_VERBS.values())


def _words(text: str) -> set[str]:
    return {w.strip(".,;:!?\"'“”„«»()").lower() for w in text.split()}


def _has_speech_verb(text: str) -> bool:
    return bool(_words(text) & _ALL_SPEECH_VERBS)


def _reports_speech(sentence: str, language: str) -> bool:
    if _words(sentence) & SPEECH_VERBS.get(language, SPEECH_VERBS["en"]):
        return True
    lowered = " " + sentence.lower() + " "
    return any(
        " " + " ".join(marker).lower() + " " in lowered
        for marker in SOURCE_MARKERS.get(language, SOURCE_MARKERS["en"])
    )


SHORT_QUOTE = 5
"""Quotes of fewer words than this are shown in their sentence."""


@dataclass(frozen=True, slots=True)
class Statement:
    """What a speaker said at one place: quoted passages, else the reporting sentence."""

    occurrence: Occurrence
    sentence: Span
    quotes: tuple[Span, ...]

    @property
    def spans(self) -> tuple[Span, ...]:
        """The passages to show: the quotes, or the sentence when there is none or they are only
        a few words inside it (a quoted phrase reads better in its sentence)."""
        start, end = self.sentence
        body = self.occurrence.article.body
        if any(s < start or e > end or len(body[s:e].split()) >= SHORT_QUOTE for s, e in self.quotes):
            return self.quotes
        return (self.sentence,)

    @property
    def text(self) -> str:
        body = self.occurrence.article.body
        return " … ".join(one_line(body[s:e]) for s, e in self.spans)

    @property
    def quoted(self) -> bool:
        """True when what is shown is the quotes (not the reporting sentence)."""
        return bool(self.quotes) and self.spans == self.quotes


def statement_at(article: Article, mention: Mention, speakers: Sequence[Mention] = ()) -> Statement | None:
    """What the speaker mentioned at ``mention`` says there, or None when the sentence reports no speech.

    A quote counts when it overlaps the mention's sentence and no other speaker mention
    (from ``speakers``) lies between it and this one; a sentence with a speech verb or a
    source marker ("according to") but no quote is a reported statement.
    """
    body = article.body
    sentence = sentence_span(body, mention.start, mention.end)
    paragraph = paragraph_span(body, mention.start)
    # A quote may run over several sentences of its paragraph ("Sentence one. Sentence two," he said).
    own: list[Span] = []
    others = [m for m in speakers if m.group != mention.group and m.start != mention.start]
    for q_start, q_end in quote_spans(body, *paragraph):
        if q_start <= mention.start < q_end:
            continue  # the name is inside someone's quote
        overlaps = q_start < sentence[1] and q_end > sentence[0]
        adjacent = 0 <= sentence[0] - q_end <= 3 or 0 <= q_start - sentence[1] <= 3
        if not (overlaps or (adjacent and _reports_speech(body[slice(*sentence)], article.language))):
            continue
        low, high = min(sentence[0], q_start), max(sentence[1], q_end)
        if any(
            low <= o.start < high and _gap(o, q_start, q_end) < _gap(mention, q_start, q_end) for o in others
        ):
            continue  # another speaker in the same stretch stands nearer to the quote
        own.append((q_start, q_end))
    if own:
        return Statement(_occurrence(article, mention), sentence, tuple(own))
    if _reports_speech(body[slice(*sentence)], article.language):
        return Statement(_occurrence(article, mention), sentence, ())
    return None


def _gap(mention: Mention, start: int, end: int) -> int:
    """Characters between a mention and the span ``start:end`` (0 when they touch)."""
    return max(0, start - mention.end, mention.start - end)


def _occurrence(article: Article, mention: Mention) -> Occurrence:
    date, dated_by = mention_date(article, mention)
    return Occurrence(MentionRef(-1, -1), article, mention, date, dated_by)


def statements(library: Library, group_id: str) -> list[Statement]:
    """What the speaker ``group_id`` is quoted or reported as saying, one per sentence, in reading order."""
    return statements_among(occurrences(library, group_id), group_id)


def statements_among(items: Sequence[Occurrence], group_id: str) -> list[Statement]:
    """The statements of ``group_id`` at ``items``: its mentions in some articles (all of each
    article's, in reading order), so a screen can find them a page of articles at a time."""
    found: list[Statement] = []
    seen: set[tuple[int, Span]] = set()
    for item in items:
        speakers = [m for m in item.article.mentions if m.kind == "speaker"]
        statement = statement_at(item.article, item.mention, speakers)
        if statement is None:
            continue
        key = (item.ref.article, statement.spans[0])
        if key in seen:
            continue
        seen.add(key)
        found.append(Statement(item, statement.sentence, statement.quotes))
    covered: dict[int, list[Span]] = {}
    for statement in found:
        covered.setdefault(statement.occurrence.ref.article, []).extend(statement.spans)
    found.extend(_follow_ups(items, group_id, covered))
    found.sort(key=lambda s: (s.occurrence.ref.article, s.sentence[0]))
    return found


def _follow_ups(
    items: Sequence[Occurrence], group_id: str, covered: dict[int, list[Span]]
) -> list[Statement]:
    """Sentences where the speaker goes on through a pronoun ("…," he said) after being named."""
    from warreader.nlp.attribution import pronoun_follow_ups

    by_article: dict[int, list[Occurrence]] = {}
    for item in items:
        by_article.setdefault(item.ref.article, []).append(item)
    done: set[int] = set()
    extra: list[Statement] = []
    for item in items:
        if item.ref.article in done:
            continue
        done.add(item.ref.article)
        article = item.article
        speakers = [m for m in article.mentions if m.kind == "speaker"]
        for follow in pronoun_follow_ups(article.body, article.language, speakers):
            owner = next(  # the occurrence whose span holds the speaker (a surname nests in the full name)
                (
                    o
                    for o in by_article[item.ref.article]
                    if o.mention.start <= follow.mention.start < o.mention.end
                ),
                None,
            )
            sentence = (follow.start, follow.end)
            shown = covered.setdefault(item.ref.article, [])
            if follow.mention.group != group_id or owner is None:
                continue
            if any(s < sentence[1] and e > sentence[0] for s, e in shown):
                continue  # already shown as the quote of the named sentence
            shown.append(sentence)
            extra.append(Statement(owner, sentence, tuple(quote_spans(article.body, *sentence))))
    return extra
