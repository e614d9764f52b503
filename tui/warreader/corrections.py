"""The analyst's corrections to extraction, applied on top of any loaded library.

Five kinds, applied in the order they were made:

* ``merge`` — group ``group`` joins group ``into`` (two spellings are one person or place);
* ``split`` — the mentions spelled ``spelling`` leave ``group`` for a group of their own;
* ``rename`` — group ``group`` is shown as ``name``;
* ``not-a-place`` / ``not-a-speaker`` — mentions spelled ``spelling`` (in ``article``, or
  everywhere) are not highlights at all.

Corrections name groups by id (ids come from gazetteer entries and name keys, not from
reading order, so they survive rebuilding the corpus) and remember the group's name at the
time (``label``), used when an id no longer exists. They are kept in the user's state
(:mod:`warreader.store.state`) and exported / imported as a readable TOML "aliases" file.

Where they apply: in the app (always, after loading) and in ``warreader export`` (unless
``--raw``). ``warreader extract`` prints raw extraction — the JSON contract must not depend on
hidden per-user state — unless given ``--corrections FILE``; ``warreader eval`` always scores
raw extraction.

:func:`apply` changes the library in place through its public records and returns a
:class:`Journal` with which :func:`revert` restores the original (for undo).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from warreader.library import IndexedArticles, Library
from warreader.model import Article, Group, Mention

ACTIONS = ("merge", "split", "rename", "not-a-place", "not-a-speaker")
REJECT_KIND = {"not-a-place": "place", "not-a-speaker": "speaker"}
SPLIT_MARK = "#"


@dataclass(frozen=True, slots=True)
class Correction:
    action: str
    group: str = ""
    """merge: the group that goes; split / rename: the group changed."""
    into: str = ""
    """merge: the group that stays."""
    spelling: str = ""
    """split / not-a-place / not-a-speaker: the surface form."""
    name: str = ""
    """rename: the new display name."""
    article: str = ""
    """not-a-place / not-a-speaker: only in the article with this path ("" = everywhere)."""
    label: str = ""
    """The name of ``group`` when the correction was made (to find it if its id changed)."""
    into_label: str = ""
    """The name of ``into`` when the correction was made."""

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown correction {self.action!r} (one of {', '.join(ACTIONS)})")
        needed = {
            "merge": ("group", "into"),
            "split": ("group", "spelling"),
            "rename": ("group", "name"),
            "not-a-place": ("spelling",),
            "not-a-speaker": ("spelling",),
        }[self.action]
        missing = [name for name in needed if not getattr(self, name).strip()]
        if missing:
            raise ValueError(f"a {self.action} correction needs {' and '.join(missing)}")

    def to_dict(self) -> dict[str, str]:
        """The non-empty fields, action first (what the state file and the TOML file hold)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    @classmethod
    def from_dict(cls, data: Any) -> Correction:
        """A correction from its fields; ValueError says what about ``data`` is not understood."""
        if not isinstance(data, dict):
            raise ValueError(f"not a set of fields: {shown(data)}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(shown(k) for k in data if k not in known)
        if unknown:
            raise ValueError(f"unknown field {', '.join(unknown)}")
        for name, value in data.items():
            if not isinstance(value, str):
                raise ValueError(f"{shown(name)} is {shown(value)}, not text")
        if "action" not in data:
            raise ValueError("no action")
        return cls(**data)

    def describe(self) -> str:
        """One line for people: what this correction does."""
        group = self.label or self.group
        if self.action == "merge":
            return f"merge {group} into {self.into_label or self.into}"
        if self.action == "split":
            return f"split “{self.spelling}” out of {group}"
        if self.action == "rename":
            return f"rename {group} to “{self.name}”"
        where = f" in {self.article.replace(chr(92), '/').rsplit('/', 1)[-1]}" if self.article else ""
        return f"“{self.spelling}” is {self.action.replace('-', ' ')}{where}"


def shown(value: Any, limit: int = 40) -> str:
    """``value`` for a message (text as it is, anything else as JSON), cut short, control characters
    made visible (it comes from the user's file)."""
    if isinstance(value, str):
        text = value
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            text = repr(value)
    text = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def split_id(group_id: str, spelling: str) -> str:
    """The id of the group a split spelling moves to."""
    return f"{group_id}{SPLIT_MARK}{spelling.casefold()}"


# -- applying -------------------------------------------------------------------


@dataclass
class Journal:
    """What :func:`apply` changed, to put it back: groups and article mention lists before the change."""

    groups: dict[str, Group | None] = field(default_factory=dict)
    mentions: dict[int, list[tuple[Mention, str | None]]] = field(default_factory=dict)
    applied: list[Correction] = field(default_factory=list)
    skipped: list[tuple[Correction, str]] = field(default_factory=list)
    """Corrections that did not apply to this corpus, with why."""

    def keep_group(self, library: Library, group_id: str) -> None:
        if group_id not in self.groups:
            group = library.groups.get(group_id)
            self.groups[group_id] = (
                None
                if group is None
                else replace(group, variants=list(group.variants), articles=list(group.articles))
            )

    def merge(self, other: Journal) -> None:
        """Add a later journal: the earlier saved state of each group and article wins."""
        for key, group in other.groups.items():
            self.groups.setdefault(key, group)
        for index, saved in other.mentions.items():
            self.mentions.setdefault(index, saved)
        self.applied += other.applied
        self.skipped += other.skipped


def _articles_with(library: Library, group_id: str) -> list[int]:
    return list(dict.fromkeys(ref.article for ref in library.mentions_of(group_id)))


def _resolve(library: Library, group_id: str, label: str, kind: str = "") -> str | None:
    """``group_id`` if it exists, else the one group of the same kind with ``label`` as a spelling."""
    if group_id in library.groups:
        return group_id
    if not label:
        return None
    kind = kind or group_id.partition(":")[0]
    folded = label.casefold()
    found = [
        g.id
        for g in library.groups.values()
        if g.kind == kind and (g.name.casefold() == folded or any(v.casefold() == folded for v in g.variants))
    ]
    return found[0] if len(found) == 1 else None


CHUNK = 64
"""Articles edited between two pinnings when the library reads from an index: pinning keeps the
changed articles in memory, and a chunk well under its article cache is never evicted first."""


def _edit_articles(
    library: Library, indexes: Sequence[int], edit: Callable[[Article], bool], journal: Journal
) -> int:
    """Run ``edit`` on each article (True: it changed something); return how many changed."""
    articles = library.articles
    changed = 0
    for first in range(0, len(indexes), CHUNK):
        batch = [(index, library.articles[index]) for index in indexes[first : first + CHUNK]]
        for index, article in batch:
            before = [(m, m.group) for m in article.mentions]
            if edit(article):
                journal.mentions.setdefault(index, before)
                changed += 1
        if isinstance(articles, IndexedArticles) and changed:
            articles.pin_loaded()  # library.reindex follows once the correction is applied
    return changed


def _apply_one(library: Library, correction: Correction, journal: Journal, touched: set[str]) -> str:
    """Apply one correction; return "" or why it was skipped."""
    c = correction
    if c.action in REJECT_KIND:
        kind = REJECT_KIND[c.action]
        folded = c.spelling.casefold()
        groups = [
            g.id
            for g in library.groups.values()
            if g.kind == kind and any(v.casefold() == folded for v in g.variants)
        ]
        for gid in groups:
            journal.keep_group(library, gid)

        def reject(article: Article) -> bool:
            if c.article and article.path != c.article:
                return False
            kept = [m for m in article.mentions if not (m.kind == kind and m.text.casefold() == folded)]
            if len(kept) == len(article.mentions):
                return False
            article.mentions = kept
            return True

        indexes = sorted({i for gid in groups for i in _articles_with(library, gid)})
        touched.update(groups)
        return (
            "" if _edit_articles(library, indexes, reject, journal) else f"no {kind} spelled “{c.spelling}”"
        )
    group_id = _resolve(library, c.group, c.label)
    if group_id is None:
        return f"no group {c.label or c.group}"
    if c.action == "rename":
        journal.keep_group(library, group_id)
        library.groups[group_id].name = c.name
        return ""
    if c.action == "merge":
        into = _resolve(library, c.into, c.into_label, library.groups[group_id].kind)
        if into is None:
            return f"no group {c.into_label or c.into}"
        if into == group_id:
            return "already one group"
        journal.keep_group(library, group_id)
        journal.keep_group(library, into)

        def merge(article: Article) -> bool:
            changed = False
            for mention in article.mentions:
                if mention.group == group_id:
                    mention.group = into
                    changed = True
            return changed

        _edit_articles(library, _articles_with(library, group_id), merge, journal)
        target, gone = library.groups[into], library.groups.pop(group_id)
        target.variants = list(dict.fromkeys([*target.variants, *gone.variants]))
        touched.update((into, group_id))
        return ""
    # split
    folded = c.spelling.casefold()
    new_id = split_id(group_id, c.spelling)
    indexes = _articles_with(library, group_id)
    spellings: Counter[bool] = Counter()
    first_form = ""
    for index in indexes:
        for mention in library.articles[index].mentions:
            if mention.group == group_id:
                moves = mention.text.casefold() == folded
                spellings[moves] += 1
                first_form = first_form or (mention.text if moves else "")
    if not spellings[True]:
        return f"no mention spelled “{c.spelling}” in {c.label or c.group}"
    if not spellings[False]:
        return f"“{c.spelling}” is the only spelling of {c.label or c.group}"
    journal.keep_group(library, group_id)
    journal.keep_group(library, new_id)

    def split(article: Article) -> bool:
        changed = False
        for mention in article.mentions:
            if mention.group == group_id and mention.text.casefold() == folded:
                mention.group = new_id
                changed = True
        return changed

    _edit_articles(library, indexes, split, journal)
    source = library.groups[group_id]
    library.groups[new_id] = Group(new_id, source.kind, first_form, [], 0, [], source.detail)
    touched.update((group_id, new_id))
    return ""


def _display_name(kind: str, forms: Counter[str]) -> str:
    ranked = [form for form, _ in forms.most_common()]
    if kind == "speaker":
        full = [form for form in ranked if " " in form]
        if full:
            return full[0]
    return ranked[0]


def _refresh(library: Library, group_ids: Iterable[str]) -> None:
    """Recount the touched groups (mentions, articles, spellings); drop the ones left empty."""
    for group_id in group_ids:
        group = library.groups.get(group_id)
        if group is None:
            continue
        refs = library.mentions_of(group_id)
        if not refs:
            del library.groups[group_id]
            continue
        forms: Counter[str] = Counter()
        paths: dict[str, None] = {}
        for index in dict.fromkeys(ref.article for ref in refs):
            article = library.articles[index]
            paths[article.path] = None
            forms.update(m.text for m in article.mentions if m.group == group_id)
        was_spelling = group.name in group.variants  # else a name chosen by a rename: kept
        group.mentions = len(refs)
        group.articles = list(paths)
        group.variants = [form for form, _ in forms.most_common()]
        if was_spelling and group.name not in forms:
            group.name = _display_name(group.kind, forms)


def apply(library: Library, corrections: Sequence[Correction]) -> Journal:
    """Apply ``corrections`` in order to ``library`` (in place); the journal says what changed."""
    journal = Journal()
    touched: set[str] = set()
    for correction in corrections:
        why = _apply_one(library, correction, journal, touched)
        if why:
            journal.skipped.append((correction, why))
        else:
            journal.applied.append(correction)
        if touched:
            library.reindex(touched)  # only the touched groups' walks are worked out again
            _refresh(library, sorted(touched))
            touched.clear()
    return journal


def revert(library: Library, journal: Journal) -> None:
    """Undo everything ``journal`` recorded, restoring groups and mentions as they were."""
    for index, saved in journal.mentions.items():
        article = library.articles[index]
        article.mentions = [mention for mention, _ in saved]
        for mention, group_id in saved:
            mention.group = group_id
    for key, group in journal.groups.items():
        if group is None:
            library.groups.pop(key, None)
        else:
            library.groups[key] = group
    library.reindex(journal.groups)  # the groups it changed are walked in memory (now as stored)


# -- the TOML aliases file ---------------------------------------------------------

TOML_HEADER = """\
# warreader corrections ("aliases"): merged and split groups, renamed entities and
# highlights that are not places or speakers. They apply in order, after extraction.
# Group ids are "place:<gazetteer id>" or "speaker:<name key>"; labels are the names
# the groups had when the correction was made (used if an id is no longer found).
# Load into warreader with:  warreader import --aliases THIS_FILE
"""

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def to_toml(corrections: Iterable[Correction]) -> str:
    """The aliases file: a commented header and one ``[[correction]]`` table per correction."""
    parts = [TOML_HEADER]
    for correction in corrections:
        comment = "".join(" " if ord(ch) < 0x20 or ord(ch) == 0x7F else ch for ch in correction.describe())
        lines = ["", f"# {comment}", "[[correction]]"]
        lines += [f"{key} = {toml_string(value)}" for key, value in correction.to_dict().items()]
        parts.append("\n".join(lines) + "\n")
    return "".join(parts)


def from_toml(text: str) -> list[Correction]:
    """Read an aliases file; raises ValueError naming the first bad entry."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"not valid TOML: {error}") from error
    unknown = sorted(set(data) - {"correction"})
    if unknown:
        raise ValueError(f"unknown section {', '.join(unknown)} (expected [[correction]] tables)")
    entries = data.get("correction", [])
    if not isinstance(entries, list):
        raise ValueError("'correction' must be an array of tables: [[correction]]")
    corrections = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise ValueError(f"correction {number}: not a table")
        try:
            corrections.append(Correction.from_dict(entry))
        except (TypeError, ValueError) as error:
            raise ValueError(f"correction {number}: {error}") from error
    return corrections


def read_toml(path: str | Path) -> list[Correction]:
    return from_toml(Path(path).read_text(encoding="utf-8"))


def from_state(items: Iterable[Any]) -> tuple[list[Correction], list[str]]:
    """Corrections from the saved state, and one line on the entries this warreader does not
    understand (they are not applied; :func:`to_state` keeps them in the file as they are)."""
    corrections: list[Correction] = []
    skipped: list[str] = []
    for number, item in enumerate(items, 1):
        try:
            corrections.append(Correction.from_dict(item))
        except (TypeError, ValueError) as error:
            skipped.append(f"#{number} {error}")
    if not skipped:
        return corrections, []
    count = len(skipped)
    detail = "; ".join(skipped[:3]) + ("; …" if count > 3 else "")
    them = "them" if count > 1 else "it"
    return corrections, [
        f"{count} saved correction{'s' if count > 1 else ''} not applied: this warreader does not "
        f"understand {them} (kept in the state file as written): {detail}"
    ]


def understood(item: Any) -> bool:
    """Whether ``item`` (an entry of the saved state) is a correction this warreader can apply."""
    try:
        Correction.from_dict(item)
    except (TypeError, ValueError):
        return False
    return True


def to_state(corrections: Iterable[Correction], saved: Sequence[Any]) -> list[Any]:
    """What the state file holds for ``corrections``: each as its fields, and every entry of
    ``saved`` (the file's list) this warreader does not understand, untouched and where it was."""
    result: list[Any] = [c.to_dict() for c in corrections]
    for position, item in enumerate(saved):
        if not understood(item):
            result.insert(min(position, len(result)), item)
    return result


def combine(existing: Sequence[Correction], incoming: Iterable[Correction]) -> list[Correction]:
    """``existing`` followed by the ``incoming`` corrections it does not already hold."""
    result = list(existing)
    for correction in incoming:
        if correction not in result:
            result.append(correction)
    return result


def apply_file(library: Library, path: str | Path) -> list[str]:
    """Apply an aliases file to ``library``; return a note for each correction that did not apply.

    Raises OSError or ValueError when the file cannot be read.
    """
    journal = apply(library, read_toml(path))
    return [f"correction not applied ({c.describe()}): {why}" for c, why in journal.skipped]
