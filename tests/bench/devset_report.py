"""Development-set report: extraction scored overall and per language on tests/data/devset/.

    python tests/bench/devset_report.py            # run `warreader extract --json`, score, print the table
    python tests/bench/devset_report.py --check    # only verify that every gold form occurs in its article
    python tests/bench/devset_report.py --pred PRED.json   # score a saved extraction instead of running one
    python tests/bench/devset_report.py --gold tests/data/heldout-gold.json --corpus tests/data/heldout
                                                   # another set in the same format (--corpus is --dir)

The dev set is 42 original page-like texts (6 per language: en de sv pl fr uk ru) with menus, bylines,
photo credits, captions and link lists; the gold is tests/data/devset-gold.json (seeds.json version 2 format).
Scores come from ../shared/tools/score.py, the shared scorer, run on the whole gold and on each language's
subset of gold and prediction (warreader.evaluation.score does not yet treat "Region"/"Oblast" tails and
overlaps the same way, so the shared one is the reference). This is a report, not a test: it never fails on
low figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "tests" / "data" / "devset"
GOLD = ROOT / "tests" / "data" / "devset-gold.json"
SCORER = ROOT.parent / "shared" / "tools" / "score.py"
LANGUAGES = ("en", "de", "sv", "pl", "fr", "uk", "ru")


def check(gold: dict[str, Any], folder: Path) -> int:
    """Print every gold form that is missing from its article (or found only inside a longer word)."""
    problems = 0
    files = {p.name for p in folder.glob("*.txt")}
    for name in sorted(files - set(gold["articles"])):
        print(f"{name}: file has no gold entry")
        problems += 1
    for name, entry in gold["articles"].items():
        path = folder / name
        if not path.is_file():
            print(f"{name}: gold names a missing file")
            problems += 1
            continue
        text = path.read_text(encoding="utf-8")
        seen: dict[str, str] = {}
        for kind in ("places", "speakers"):
            for key, forms in entry[kind].items():
                for form in forms:
                    where = f"{name}: {kind}/{key} {form!r}"
                    if form in seen and seen[form] != f"{kind}/{key}":
                        print(f"{where}: also under {seen[form]}")
                        problems += 1
                    seen[form] = f"{kind}/{key}"
                    problems += _occurs(text, form, where)
        for form in entry.get("optional", []):
            problems += _occurs(text, form, f"{name}: optional {form!r}")
        header = re.match(r" date (\S+) ", text)
        if (header.group(1) if header else None) != entry.get("date"):
            print(f"{name}: gold date {entry.get('date')!r} but header says {header and header.group(1)!r}")
            problems += 1
        if entry.get("language") not in LANGUAGES:
            print(f"{name}: language {entry.get('language')!r}")
            problems += 1
    for pair in gold.get("distinct", []):
        for form in pair:
            if not any(
                form in forms for e in gold["articles"].values() for forms in e["places"].values()
            ) and not any(
                form in forms for e in gold["articles"].values() for forms in e["speakers"].values()
            ):
                print(f"distinct {pair}: {form!r} is no gold form")
                problems += 1
    print(f"check: {len(gold['articles'])} articles, {problems} problem(s)")
    return problems


def _occurs(text: str, form: str, where: str) -> int:
    if form not in text:
        print(f"{where}: not in the text")
        return 1
    if not re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text):
        print(f"{where}: only inside a longer word")
        return 1
    return 0


def extract(folder: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="devset-home-") as home:
        env = dict(os.environ, HOME=home, XDG_CACHE_HOME=f"{home}/cache", XDG_CONFIG_HOME=f"{home}/config")
        env["XDG_STATE_HOME"] = f"{home}/state"
        env["XDG_DATA_HOME"] = f"{home}/data"
        run = subprocess.run(
            [sys.executable, "-m", "warreader", "extract", str(folder), "--json"],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
        )
    if run.returncode != 0:
        sys.exit(f"warreader extract failed ({run.returncode}): {run.stderr.strip()}")
    result: dict[str, Any] = json.loads(run.stdout)
    return result


def score(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, Any]:
    """Run the shared scorer on one gold/prediction pair (written to temporary files)."""
    with tempfile.TemporaryDirectory(prefix="devset-score-") as tmp:
        gpath, ppath = Path(tmp, "gold.json"), Path(tmp, "pred.json")
        gpath.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        ppath.write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
        run = subprocess.run(
            [sys.executable, str(SCORER), str(gpath), str(ppath), "--json"], capture_output=True, text=True
        )
    if run.returncode != 0:
        sys.exit(f"score.py failed: {run.stderr.strip()}")
    result: dict[str, Any] = json.loads(run.stdout)
    return result


def subset(
    gold: dict[str, Any], pred: dict[str, Any], language: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    names = {n for n, e in gold["articles"].items() if e.get("language") == language}
    sub_gold = dict(gold, articles={n: e for n, e in gold["articles"].items() if n in names})
    articles = [a for a in pred.get("articles", []) if os.path.basename(a.get("path") or "") in names]
    return sub_gold, dict(pred, articles=articles)


def row(label: str, n: int, s: dict[str, Any]) -> str:
    p, sp, g = s["places"], s["speakers"], s["grouping"]
    return (
        f"{label:5s} {n:3d}  {p['precision']:.2f} {p['recall']:.2f} {p['f1']:.2f}   "
        f"{sp['precision']:.2f} {sp['recall']:.2f} {sp['f1']:.2f}   {g['f1']:.2f}  {g['e2e_recall']:.2f}  "
        f"{s['date_accuracy']:.2f}  {s['overlapping_mentions']:4d}  {len(s['lookalike_merges']):3d}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only check that gold forms occur in the articles"
    )
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument(
        "--dir", "--corpus", dest="dir", type=Path, default=DEVSET, help="folder of the articles"
    )
    parser.add_argument("--pred", type=Path, help="a saved `warreader extract --json` output to score")
    parser.add_argument("--save", type=Path, help="write the extraction used to this file")
    args = parser.parse_args()
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    if args.check:
        return 1 if check(gold, args.dir) else 0
    if not SCORER.is_file():
        sys.exit(f"scorer not found: {SCORER}")
    pred = json.loads(args.pred.read_text(encoding="utf-8")) if args.pred else extract(args.dir)
    if args.save:
        args.save.write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
    print("lang  art  places P/R/F1      speakers P/R/F1    group e2e   dates  ovl  mrg")
    results = {}
    for language in LANGUAGES:
        sub_gold, sub_pred = subset(gold, pred, language)
        if sub_gold["articles"]:
            results[language] = score(sub_gold, sub_pred)
            print(row(language, len(sub_gold["articles"]), results[language]))
    whole = score(gold, pred)
    print(row("all", len(gold["articles"]), whole))
    if whole["lookalike_merges"]:
        print("look-alike merges:", "; ".join(" = ".join(pair) for pair in whole["lookalike_merges"]))
    if whole["missing_articles"] or whole["offset_errors"]:
        print(f"missing articles: {whole['missing_articles']}  offset errors: {whole['offset_errors']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
