"""Reading a large Telegram Desktop export: messages/s and peak memory.

    python tests/bench/bench_telegram.py                  # a generated 50,000-message result.json
    python tests/bench/bench_telegram.py --messages 200000
    python tests/bench/bench_telegram.py --file PATH/result.json

The export is generated here (made-up sentences, never real channel content) in Telegram
Desktop's layout: one-space indentation, ``text`` as a string or a list of entities,
``text_entities``, edits, forwards, replies, photos without captions and service messages.
Each measurement runs in a fresh process, so its peak RSS (``ru_maxrss``) is the reader's:
warreader's streamed reader (:func:`warreader.corpus.reader.read_source`), and for comparison
the whole file parsed at once with ``json.load`` (what a non-streaming reader would hold).
Wall time and CPU time are both printed: on a shared machine the CPU time is the reader's cost.
Target: 50,000 messages read in at most 10 s on one core.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

PLACES = ["Kharkiv", "Kupiansk", "Izium", "Lyman", "Kherson", "Zaporizhzhia", "Sumy", "Odesa"]
CYRILLIC = ["Харків", "Купʼянськ", "Ізюм", "Лиман", "Херсон", "Запоріжжя", "Суми", "Одеса"]
PEOPLE = ["Oleh Testenko", "Iryna Probna", "Serhii Zrazok"]


def message(number: int, rng: random.Random) -> dict[str, object]:
    """One made-up message; about one in twenty is a service message or a photo alone."""
    stamp = 1_733_000_000 + number * 60
    base: dict[str, object] = {
        "id": number,
        "type": "message",
        "date": f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}T{number % 24:02d}:00:00",
        "date_unixtime": str(stamp),
        "from": "Bench Channel",
        "from_id": "channel1000000001",
    }
    if number % 40 == 0:
        return {**base, "type": "service", "actor": "Bench Channel", "action": "pin_message", "text": ""}
    if number % 33 == 0:
        return {**base, "photo": f"photos/photo_{number}.jpg", "width": 1280, "height": 720, "text": ""}
    place = rng.choice(PLACES)
    if number % 3 == 0:
        words = (
            f"{rng.choice(CYRILLIC)}: голова ОВА повідомив про обстріл. Пошкоджено {number % 9 + 1} будинків."
        )
        entities: list[dict[str, str]] = [{"type": "plain", "text": words}]
    else:
        lead = f"{place} update {number}"
        rest = (
            f"\n{rng.choice(PEOPLE)} said the shelling of {place} went on overnight and "
            f"{number % 7 + 1} people were hurt. Crews are working at the scene. Read more: "
        )
        entities = [
            {"type": "bold", "text": lead},
            {"type": "plain", "text": rest},
            {"type": "link", "text": f"https://bench.example/{number}"},
            {"type": "plain", "text": " or "},
            {"type": "text_link", "text": "the map", "href": f"https://maps.example/{number}"},
            {"type": "plain", "text": " #update"},
        ]
    text: object = (
        entities[0]["text"]
        if len(entities) == 1
        else [e["text"] if e["type"] == "plain" else e for e in entities]
    )
    base |= {"text": text, "text_entities": entities}
    if number % 10 == 0:
        base |= {"edited": base["date"], "edited_unixtime": str(stamp + 600)}
    if number % 17 == 0:
        base["forwarded_from"] = "Another Bench Channel"
    if number % 11 == 0:
        base["reply_to_message_id"] = number - 1
    return base


def write_export(path: Path, messages: int, seed: int = 7) -> None:
    """A ``result.json`` of ``messages`` messages, written one message at a time."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '{\n "name": "Bench Channel",\n "type": "public_channel",\n "id": 1000000001,\n "messages": [\n'
        )
        for number in range(1, messages + 1):
            text = json.dumps(message(number, rng), ensure_ascii=False, indent=1)
            out.write("  " + text.replace("\n", "\n  ") + (",\n" if number < messages else "\n"))
        out.write(" ]\n}\n")


CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mode, name = sys.argv[1], sys.argv[2]
from warreader.corpus.reader import read_source
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start, cpu = time.perf_counter(), time.process_time()
if mode == "warreader":
    problems = []
    count = len(read_source(Path(name), problems))
else:
    with open(name, encoding="utf-8") as file:
        count = len(json.load(file)["messages"])
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"count": count, "seconds": seconds, "cpu": cpu, "peak_kb": peak, "before_kb": before}))
"""


def measure(mode: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--file", type=Path, help="an existing export to read instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-telegram-") as tmp:
        path = args.file
        if path is None:
            path = Path(tmp) / "ChatExport_bench" / "result.json"
            path.parent.mkdir()
            write_export(path, args.messages)
        size = os.path.getsize(path)
        print(
            f"export: {path.name}, {size / 1e6:.1f} MB, {args.messages:,} messages generated"
            if not args.file
            else f"export: {path}, {size / 1e6:.1f} MB"
        )
        for mode in ("warreader", "json.load"):
            got = measure(mode, path)
            what = "articles" if mode == "warreader" else "messages parsed"
            print(
                f"{mode:>9}: {got['count']:,} {what} in {got['seconds']:.2f} s"
                f" ({got['cpu']:.2f} s CPU) = {got['count'] / got['seconds']:,.0f}/s"
                f" ({got['count'] / got['cpu']:,.0f}/s of CPU time); peak RSS {got['peak_kb'] / 1024:.0f} MB"
                f" ({(got['peak_kb'] - got['before_kb']) / 1024:.0f} MB above the process after imports)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
