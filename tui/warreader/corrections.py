"""The analyst's corrections to extraction, as overrides of the raw grouping.

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

:func:`corrected` gives a new, read-only view of a library with the corrections as
:class:`~warreader.model.Overrides` (group ids resolved against the view each one is applied to)
and the corrections that did not apply, with why. The library given is never changed: undoing
a correction is taking the view before it, or ``corrected(view.base, the others)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from warreader.library import Library
from warreader.model import ACTIONS as ACTIONS  # re-exported: the records moved to warreader.model
from warreader.model import REJECT_KIND, Correction
from warreader.model import SPLIT_MARK as SPLIT_MARK
from warreader.model import Overrides as Overrides
from warreader.model import shown as shown
from warreader.model import split_id as split_id
from warreader.wording import counted

Skipped = list[tuple[Correction, str]]


# -- applying -------------------------------------------------------------------


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


def correct_one(library: Library, correction: Correction) -> Library | str:
    """``library`` with ``correction`` applied (a new view), or why it does not apply."""
    c = correction
    if c.action in REJECT_KIND:
        kind, folded = REJECT_KIND[c.action], c.spelling.casefold()
        groups = [
            g.id
            for g in library.groups.values()
            if g.kind == kind and any(v.casefold() == folded for v in g.variants)
        ]
        view = library.overridden(c, groups)
        return view if view.changed else f"no {kind} spelled “{c.spelling}”"
    group_id = _resolve(library, c.group, c.label)
    if group_id is None:
        return f"no group {c.label or c.group}"
    if c.action == "rename":
        return library.overridden(replace(c, group=group_id))
    if c.action == "merge":
        into = _resolve(library, c.into, c.into_label, library.groups[group_id].kind)
        if into is None:
            return f"no group {c.into_label or c.into}"
        if into == group_id:
            return "already one group"
        return library.overridden(replace(c, group=group_id, into=into), (group_id, into))
    # split
    folded = c.spelling.casefold()
    spellings = library.spellings(group_id)
    moving = sum(n for text, n in spellings.items() if text.casefold() == folded)
    if not moving:
        return f"no mention spelled “{c.spelling}” in {c.label or c.group}"
    if moving == sum(spellings.values()):
        return f"“{c.spelling}” is the only spelling of {c.label or c.group}"
    return library.overridden(replace(c, group=group_id), (group_id,))


def corrected(library: Library, corrections: Iterable[Correction]) -> tuple[Library, Skipped]:
    """A new view of ``library`` with ``corrections`` applied in order, and the ones skipped (with
    why). ``library`` is not changed."""
    view, skipped = library, []
    for correction in corrections:
        result = correct_one(view, correction)
        if isinstance(result, str):
            skipped.append((correction, result))
        else:
            view = result
    return view, skipped


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
        f"{counted(count, 'saved correction')} not applied: this warreader does not "
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


def apply_file(library: Library, path: str | Path) -> tuple[Library, list[str]]:
    """``library`` corrected by an aliases file, and a note for each correction that did not apply.

    Raises OSError or ValueError when the file cannot be read.
    """
    view, skipped = corrected(library, read_toml(path))
    return view, [f"correction not applied ({c.describe()}): {why}" for c, why in skipped]
