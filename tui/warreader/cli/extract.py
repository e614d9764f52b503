"""``warreader extract [PATH...] --json``: print what was found, as the JSON contract."""

from __future__ import annotations

import argparse
import json
import sys

from warreader.cli.common import EXIT_CODES, output, read_corpus, report_problems
from warreader.cli.links import add_option, honoured

HELP = "print the places, speakers and groups found, as JSON (the contract)"


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="warreader extract", description=HELP, epilog=EXIT_CODES)
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files, folders, URLs or - (standard input)")
    parser.add_argument("--json", action="store_true", help="print the JSON contract (the default)")
    parser.add_argument(
        "--corrections", metavar="FILE", help="apply a TOML aliases file (default: raw extraction)"
    )
    add_option(parser)
    parser.set_defaults(on_postgresql=True)  # --db URL: read through the index in that database
    return parser


@honoured
def run(args: argparse.Namespace) -> int:
    from warreader.contract import library_to_json

    corpus = read_corpus(args.paths, location=getattr(args, "db_location", None))
    if corpus is None:
        return 1
    library, complete = corpus
    if args.corrections:
        from warreader.corrections import apply_file

        try:
            library, notes = apply_file(library, args.corrections)
            report_problems(notes)
        except (OSError, ValueError) as error:
            print(f"warreader: cannot read {args.corrections}: {error}", file=sys.stderr)
            return 2
    with output():
        json.dump(library_to_json(library), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    return 0 if complete else 1
