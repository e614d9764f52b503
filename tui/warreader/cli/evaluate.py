"""``warreader eval GOLD.json [PATH...]``: score extraction against hand-made annotations."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from warreader.cli.common import EXIT_CODES, output, read_corpus
from warreader.cli.links import add_option, honoured

HELP = "score extraction against a gold file (the figures of the reference scorer)"


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="warreader eval", description=HELP, epilog=EXIT_CODES)
    parser.add_argument("gold", metavar="GOLD.json")
    parser.add_argument("paths", nargs="*", metavar="PATH")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    add_option(parser)
    parser.set_defaults(on_postgresql=True)  # --db URL: score the corpus as that database indexed it
    return parser


@honoured
def run(args: argparse.Namespace) -> int:
    try:
        gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
        if not isinstance(gold.get("articles"), dict):
            raise ValueError("no 'articles' object")
    except (OSError, ValueError) as error:
        print(f"warreader: cannot read gold file {args.gold}: {error}", file=sys.stderr)
        return 2
    from warreader.contract import library_to_json
    from warreader.evaluation import format_table, score

    corpus = read_corpus(args.paths, location=getattr(args, "db_location", None))
    if corpus is None:
        return 1
    library, complete = corpus
    result = score(gold, library_to_json(library))
    with output():
        if args.json:
            print(json.dumps(result))
        else:
            print(f"{len(library.articles)} articles, {len(gold['articles'])} in gold")
            for line in format_table(result):
                print(line)
    return 0 if complete else 1
