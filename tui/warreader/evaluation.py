"""Score extraction output against a gold file (``warreader eval``).

Gold format: ``{"articles": {name: {"date", "language", "places": {id: [forms]},
"speakers": {id: [forms]}, "optional": [forms]}}, "distinct": [[a, b], ...]}``.
Ids shared across articles define the variant groups.

Scores follow the project's reference scorer: place and speaker precision/recall/F1
micro-averaged over articles by distinct surface form, date accuracy, mentions that overlap
another mention of their article (the contract says none do), pairwise grouping
precision/recall/F1 over the gold forms that were predicted, and look-alike merges.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from itertools import combinations, pairwise
from typing import Any

_POSSESSIVE = ("'s", "’s", "'", "’")
_GENERIC_TAILS = (" River", " river", " Reservoir", " reservoir", " Oblast", " oblast", " Region", " region")
_GENITIVE_S_LANGS = frozenset({"sv", "de", "pl", "fr"})
_KINDS = (("places", "place"), ("speakers", "speaker"))


def normal_form(text: str) -> str:
    """Whitespace collapsed, one trailing possessive removed."""
    text = " ".join(text.split())
    for tail in _POSSESSIVE:
        if text.endswith(tail):
            return text[: -len(tail)]
    return text


def accepted_forms(form: str, language: str) -> set[str]:
    """The forms a predicted or gold form stands for: itself, without 'River' or 'Oblast', without a
    genitive -s."""
    forms = {form}
    forms.update(form[: -len(tail)] for tail in _GENERIC_TAILS if form.endswith(tail))
    if language in _GENITIVE_S_LANGS and form.endswith("s"):
        forms.add(form[:-1])
    return forms


def _prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _article_name(article: dict[str, Any]) -> str:
    return os.path.basename(article.get("path") or article.get("id", ""))


def score(gold: dict[str, Any], predicted: dict[str, Any]) -> dict[str, Any]:
    """Compare ``predicted`` (the extract contract) with ``gold``; returns the figures as a dict."""
    by_name = {_article_name(a): a for a in predicted.get("articles", [])}
    counts = {kind: [0, 0, 0] for kind, _ in _KINDS}  # true positives, predicted, gold
    entity_of: dict[str, tuple[str, str]] = {}
    groups_of_form: dict[str, Counter[Any]] = {}
    missing: list[str] = []
    dates_right = 0
    bad_offsets = 0
    overlaps = 0  # mentions that overlap the one before them in their article (must be 0)

    for name, expected in gold["articles"].items():
        article = by_name.get(name)
        language = expected.get("language", "en")
        if article is None:
            missing.append(name)
            for kind, _ in _KINDS:
                counts[kind][2] += sum(len(forms) for forms in expected[kind].values())
            continue
        dates_right += (article.get("date") or None) == expected.get("date")
        body = article.get("body")
        spans = sorted((m.get("start", 0), m.get("end", 0)) for m in article.get("mentions", []))
        overlaps += sum(1 for (_, e1), (s2, _) in pairwise(spans) if s2 < e1)
        optional = {normal_form(o) for o in expected.get("optional", [])}
        for kind, mention_kind in _KINDS:
            gold_forms: dict[str, str] = {}
            alias: dict[str, str] = {}
            for key, forms in expected[kind].items():
                for raw in forms:
                    form = normal_form(raw)
                    gold_forms[form] = key
                    entity_of[form] = (kind, key)
                    for shorter in sorted(accepted_forms(form, "en") - {form}):
                        alias.setdefault(shorter, form)
            seen: set[str] = set()
            for mention in article.get("mentions", []):
                if mention.get("kind") != mention_kind:
                    continue
                text = mention.get("text", "")
                if body is not None and body[mention.get("start", 0) : mention.get("end", 0)] != text:
                    bad_offsets += 1
                form = normal_form(text)
                seen.add(form)
                groups_of_form.setdefault(form, Counter())[mention.get("group")] += 1
            matched: set[str] = set()
            scored = 0
            for form in sorted(seen):
                candidates = [form, *sorted(accepted_forms(form, language) - {form})]  # the form itself first
                hit = next((c for c in candidates if c in gold_forms and c not in matched), None)
                if hit is None:
                    hit = next((alias[c] for c in candidates if c in alias and alias[c] not in matched), None)
                if hit is not None:
                    matched.add(hit)
                    scored += 1
                elif any(c in gold_forms or c in alias for c in candidates):
                    continue  # another spelling of a gold form already earned: neutral
                elif not any(c in optional for c in candidates):
                    scored += 1
            counts[kind][0] += len(matched)
            counts[kind][1] += scored
            counts[kind][2] += len(gold_forms)

    result: dict[str, Any] = {}
    for kind, _ in _KINDS:
        tp, npred, ngold = counts[kind]
        p, r, f = _prf(tp, npred, ngold)
        result[kind] = {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(f, 3),
            "tp": tp,
            "predicted": npred,
            "gold": ngold,
        }
    result["date_accuracy"] = round(dates_right / len(gold["articles"]), 3) if gold["articles"] else 0.0
    result["offset_errors"] = bad_offsets
    result["overlapping_mentions"] = overlaps
    result["missing_articles"] = missing

    group_of_gold_form: dict[str, Any] = {}
    for form, groups in groups_of_form.items():
        top = groups.most_common(1)[0][0]
        for candidate in accepted_forms(form, "sv"):
            if candidate in entity_of:
                group_of_gold_form[candidate] = top
    tp = fp = fn = 0
    for a, b in combinations(sorted(group_of_gold_form), 2):
        same_entity = entity_of[a] == entity_of[b]
        same_group = group_of_gold_form[a] is not None and group_of_gold_form[a] == group_of_gold_form[b]
        tp += same_entity and same_group
        fp += same_group and not same_entity
        fn += same_entity and not same_group
    p, r, f = _prf(tp, tp + fp, tp + fn)
    gold_pairs = sum(1 for a, b in combinations(sorted(entity_of), 2) if entity_of[a] == entity_of[b])
    result["grouping"] = {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f, 3),
        "e2e_recall": round(tp / gold_pairs, 3) if gold_pairs else 0.0,
        "pairs_scored": tp + fn,
        "gold_pairs": gold_pairs,
    }

    top_group = {form: groups.most_common(1)[0][0] for form, groups in groups_of_form.items()}
    merges = []
    for a, b in gold.get("distinct", []):
        ga = top_group.get(a, group_of_gold_form.get(a))
        gb = top_group.get(b, group_of_gold_form.get(b))
        if ga is not None and ga == gb:
            merges.append([a, b])
    result["lookalike_merges"] = merges
    return result


def format_table(result: dict[str, Any]) -> Iterable[str]:
    """Lines of a plain-text table of the figures."""
    yield f"{'':10s} {'P':>6s} {'R':>6s} {'F1':>6s}  details"
    for kind in ("places", "speakers", "grouping"):
        row = result[kind]
        extra = "  ".join(f"{k}={v}" for k, v in row.items() if k not in ("precision", "recall", "f1"))
        yield f"{kind:10s} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f}  {extra}"
    yield (
        f"dates      accuracy={result['date_accuracy']:.3f}  offset_errors={result['offset_errors']}  "
        f"overlapping_mentions={result['overlapping_mentions']}  "
        f"lookalike_merges={len(result['lookalike_merges'])} {result['lookalike_merges'] or ''}".rstrip()
    )
    if result["missing_articles"]:
        missing = result["missing_articles"]
        yield f"missing    {len(missing)} articles: {', '.join(missing[:5])}"
