"""Issue 18's benchmarks: the same corpus on PostgreSQL beside SQLite, one line per row and backend.

    .venv/bin/python tests/bench/bench_pg.py --corpus /tmp/s17/c100k            # everything
    .venv/bin/python tests/bench/bench_pg.py --corpus DIR --parts ingest --rounds 2
    .venv/bin/python tests/bench/bench_pg.py --corpus DIR --parts app,paint --keep /tmp/pgbench-x

A throwaway PostgreSQL server is started for the run (``initdb`` + ``pg_ctl`` from PATH or
Debian's folders, as ``tests/pg_server.py`` finds them; as root it runs as ``postgres`` or
``nobody``), listening on 127.0.0.1 only, with the server's default settings (fsync on, 128 MB of
shared buffers), its data folder under ``--work`` (default a new ``/tmp/pgbench-*``); it is
stopped at the end. The rows, each for SQLite (an index in a cache folder) and PostgreSQL (the
database), the two interleaved under the same conditions:

* cold ingest: ``warreader index CORPUS`` into an empty cache folder, and ``warreader index --db
  URL CORPUS`` into an empty database (dropped and created again before each round): wall time;
  CPU of the command (main process and extraction workers) and of the server (every server
  process's, from /proc); the index's size; the machine's load before and after. Target: the
  100k corpus in <= 240 s on 2 cores (issue 17's, pro rata);
* the app over the index just built, as ``bench_100k.py`` measures it (its child, App.run_test at
  160x45): ``e`` on the most mentioned place, ``w`` (who said what), ``m``, the reader's search,
  keys, peak RSS. On PostgreSQL the app is the same; only the index it opens before the first
  frame is the database's (``WarReaderApp._open_complete_index`` gives a
  :class:`warreader.store.pg.index.PgIndex`, which the rest of the app reads as it reads the
  SQLite index, and brings up to date after the first frame as it does that one), so this
  does not need the app's own ``--db`` (merged on main after this was written);
* warm first paint: process start to the first frame with the first article (``bench_scale.py``'s
  child, ``warreader CORPUS`` as typed), beside a minimal Textual app's (the floor); medians of
  runs alternating floor, SQLite, PostgreSQL.

Not collected by pytest; figures never decide a test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))  # tests/pg_server.py: how the tests find and start a server

ROOT = HERE.parents[1]
TARGET_SECONDS_100K = 240.0
DBNAME = "warreader_bench"
ENV_URL = "WARREADER_BENCH_PG"
"""The database URL a child opens instead of the SQLite index (set by the parent for PostgreSQL)."""


# -- the server ---------------------------------------------------------------------------


@dataclass
class Server:
    base: Path
    port: int
    user: str | None
    bin: Path

    def url(self, dbname: str = DBNAME) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    @property
    def data(self) -> Path:
        return self.base / "data"

    def run(self, *command: str) -> None:
        from pg_server import _as_user

        done = subprocess.run(
            _as_user(self.user, list(command)),
            cwd=self.base,
            env=_server_env(),
            capture_output=True,
            text=True,
        )
        if done.returncode:
            log = self.base / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{command[0]} failed: {done.stdout}{done.stderr}{tail}")

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError):
            self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def postmaster(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def cpu(self) -> float:
        """CPU seconds of every server process so far (the postmaster counts its ended backends)."""
        root = self.postmaster()
        return _cpu_of(root, with_children=True) + sum(_cpu_of(pid, True) for pid in _children_of(root))

    def recreate(self) -> None:
        """An empty database (the previous one dropped, its connections ended)."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DBNAME} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {DBNAME}")

    def size(self) -> int:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
            return int(row[0]) if row else 0

    def articles(self) -> int:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            row = conn.execute("SELECT count(*) FROM articles").fetchone()
            return int(row[0]) if row else 0


def _server_env() -> dict[str, str]:
    from pg_server import _has_c_utf8

    return {**os.environ, "LC_ALL": "C.UTF-8" if _has_c_utf8() else "C", "PGTZ": "UTC"}


def start_server(work: Path) -> Server:
    """initdb + pg_ctl start in ``work``/pg (as tests/pg_server.py does, with the default settings)."""
    from pg_server import _has_c_utf8, _unprivileged, find_bin, free_port

    folder = find_bin()
    if folder is None:
        raise SystemExit("no PostgreSQL binaries (pg_ctl, initdb) on PATH or in /usr/lib/postgresql/*/bin")
    user = _unprivileged() if os.geteuid() == 0 else None
    base = work / "pg"
    base.mkdir(parents=True)
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(base, entry.pw_uid, entry.pw_gid)
    server = Server(base, free_port(), user, folder)
    locale = ["--locale=C.UTF-8"] if _has_c_utf8() else []
    server.run(
        str(folder / "initdb"),
        "-D",
        str(server.data),
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--auth=trust",
        *locale,
    )
    (server.data / "pg_hba.conf").write_text("host all postgres 127.0.0.1/32 trust\n", encoding="utf-8")
    options = f"-p {server.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
    log = base / "server.log"
    server.run(
        str(folder / "pg_ctl"),
        "-D",
        str(server.data),
        "-l",
        str(log),
        "-w",
        "-t",
        "60",
        "-o",
        options,
        "start",
    )
    return server


def _stat(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
        return stat.read().rsplit(")", 1)[1].split()


def _cpu_of(pid: int, with_children: bool) -> float:
    try:
        fields = _stat(pid)
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if with_children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def _children_of(parent: int) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                if int(_stat(int(name))[1]) == parent:
                    found.append(int(name))
    return found


# -- children -----------------------------------------------------------------------------


def child_env(cache: Path, url: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "HOME": str(cache / "home"),
        "WARREADER_CACHE_DIR": str(cache),
        "WARREADER_DATA_DIR": str(cache / "data"),
        "WARREADER_CONFIG_DIR": str(cache / "config"),
    }
    env.pop(ENV_URL, None)
    env.pop("WARREADER_DB", None)
    if url:
        env[ENV_URL] = url
    return env


def on_postgresql() -> None:
    """In a child: the app opens the database of ``$WARREADER_BENCH_PG`` where it would open the
    corpus's SQLite index before its first frame (the same check: complete, no message)."""
    url = os.environ.get(ENV_URL)
    if not url:
        return
    from warreader.store.pg.index import PgIndex
    from warreader.store.pg.location import validate
    from warreader.ui.app import WarReaderApp

    location = validate(url, ENV_URL)

    def open_complete_index(app: Any) -> Any:
        reader = PgIndex(location, paths=app.paths)
        if reader.complete and not reader.message:
            return reader
        reader.close()
        raise RuntimeError(f"the database at {location.shown} holds no complete index")

    WarReaderApp._open_complete_index = open_complete_index  # type: ignore[method-assign]


def run_child(args: list[str], cache: Path, url: str | None) -> tuple[dict, float]:
    """This script as a child (``--child ...``); its JSON (last line) and the time it was started."""
    started = time.time()
    run = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        env=child_env(cache, url),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"child {args} failed:\n{run.stderr[-3000:]}")
    return json.loads(lines[-1]), started


def child(kind: str, rest: list[str]) -> None:
    on_postgresql()
    if kind == "paint":
        import bench_scale

        bench_scale.child_paint(rest[0])  # exits
    if kind == "app":
        import bench_100k

        corpus, opens, presses, wait = rest
        print(json.dumps(bench_100k.child(corpus, int(opens), int(presses), float(wait))), flush=True)
        os._exit(0)
    raise SystemExit(f"no child {kind}")


# -- cold ingest --------------------------------------------------------------------------


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ingest(corpus: str, cache: Path, server: Server | None, workers: int | None) -> dict[str, Any]:
    """``warreader index [--db URL] CORPUS`` into an empty cache folder / database."""
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    command = [
        sys.executable,
        "-c",
        "import sys; from warreader.cli import main; sys.exit(main())",
        "index",
        "-q",
    ]
    if server is not None:
        server.recreate()
        command += ["--db", server.url()]
    if workers is not None:
        command += ["--workers", str(workers)]
    command.append(corpus)
    load_before = os.getloadavg()[0]
    server_cpu = server.cpu() if server else 0.0
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, env=child_env(cache, None), capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - started
    if done.returncode:
        raise RuntimeError(f"warreader index failed ({done.returncode}): {done.stderr[-2000:]}")
    figures = {
        "wall": wall,
        "cpu": _children_cpu() - cpu,
        "server_cpu": server.cpu() - server_cpu if server else 0.0,
        "load": (load_before, os.getloadavg()[0]),
    }
    if server is not None:
        figures["articles"], figures["size"] = server.articles(), server.size()
    else:
        from warreader.store.files import index_path

        index = index_path([corpus], cache)
        conn = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
        figures["articles"] = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        conn.close()
        figures["size"] = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file())
    return figures


# -- printing -----------------------------------------------------------------------------


def line(what: str, sqlite: str, pg: str, target: str) -> None:
    print(f"{what:<40} {sqlite:<30} {pg:<30} {target}", flush=True)


def ms(values: list[float]) -> tuple[float, float]:
    import bench_100k

    return bench_100k.ms(values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="/tmp/s17/c100k")
    parser.add_argument("--parts", default="ingest,app,paint", help="comma-separated: ingest, app, paint")
    parser.add_argument("--rounds", type=int, default=1, help="cold ingests per backend (interleaved)")
    parser.add_argument("--opens", type=int, default=5)
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--paints", type=int, default=5)
    parser.add_argument("--exact-wait", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument(
        "--work", type=Path, help="a new folder for the caches and the server (default /tmp/pgbench-*)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep --work (the indexes); the server is stopped anyway"
    )
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1:])
        return 0
    parts = {p.strip() for p in args.parts.split(",")}
    corpus = str(Path(args.corpus).resolve())
    work = args.work or Path(tempfile.mkdtemp(prefix="pgbench-", dir="/tmp"))
    work.mkdir(parents=True, exist_ok=True)
    work.chmod(0o755)  # mkdtemp's 0700 would keep out the unprivileged user the server runs as under root
    reused = (work / "pg" / "data").is_dir()
    import warreader

    print(f"corpus {corpus}; code {Path(warreader.__file__).parent}; work {work}")
    print(f"cores {os.cpu_count()}, load {os.getloadavg()[0]:.1f}; nice {os.nice(0)}", flush=True)
    if reused:
        from pg_server import find_bin, free_port

        user = pwd.getpwuid((work / "pg").stat().st_uid).pw_name if os.geteuid() == 0 else None
        server = Server(work / "pg", free_port(), user, find_bin() or Path("/usr/local/bin"))
        options = f"-p {server.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
        server.run(
            str(server.bin / "pg_ctl"),
            "-D",
            str(server.data),
            "-l",
            str(work / "pg" / "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )
    else:
        server = start_server(work)
    sqlite_cache, pg_cache = work / "sqlite-cache", work / "pg-cache"
    try:
        with tempfile.TemporaryDirectory(prefix="pgbench-v-") as probe:
            version = subprocess.run(
                [str(server.bin / "postgres"), "--version"], capture_output=True, text=True, cwd=probe
            ).stdout.strip()
        print(f"server: {version}, 127.0.0.1:{server.port}, default settings, data {server.data}", flush=True)
        header = ("", "SQLite", "PostgreSQL", "target")
        if "ingest" in parts:
            line(*header)
            runs: dict[str, list[dict[str, Any]]] = {"sqlite": [], "pg": []}
            for round_ in range(args.rounds):
                order = ("sqlite", "pg") if round_ % 2 == 0 else ("pg", "sqlite")
                for backend in order:
                    got = ingest(
                        corpus,
                        sqlite_cache if backend == "sqlite" else pg_cache,
                        server if backend == "pg" else None,
                        args.workers,
                    )
                    runs[backend].append(got)
                    print(
                        f"  round {round_ + 1} {backend}: {got['wall']:.1f} s wall, CPU {got['cpu']:.0f} s"
                        f" (+ server {got['server_cpu']:.0f} s), load {got['load'][0]:.1f} -> {got['load'][1]:.1f},"
                        f" {got['articles']:,} articles, {got['size'] / 1e6:.0f} MB",
                        flush=True,
                    )
            s, p = runs["sqlite"], runs["pg"]
            articles = p[-1]["articles"]
            target = TARGET_SECONDS_100K * articles / 100_000
            fig = lambda rows: ", ".join(f"{r['wall']:.1f} s" for r in rows)  # noqa: E731
            line("cold ingest, wall", fig(s), fig(p), f"<= {target:.0f} s ({articles:,} articles)")
            cpu = lambda rows: ", ".join(f"{r['cpu']:.0f}+{r['server_cpu']:.0f} s" for r in rows)  # noqa: E731
            line("  CPU: warreader + server", cpu(s), cpu(p), "")
            load = lambda rows: ", ".join(f"{r['load'][0]:.1f}-{r['load'][1]:.1f}" for r in rows)  # noqa: E731
            line("  load before-after", load(s), load(p), "")
            line("  index size", f"{s[-1]['size'] / 1e6:.0f} MB", f"{p[-1]['size'] / 1e6:.0f} MB", "")
            if s[-1]["articles"] != articles:
                print(f"  NOTE: {s[-1]['articles']:,} articles in SQLite, {articles:,} in PostgreSQL")
        elif not (sqlite_cache.is_dir() and pg_cache.is_dir()):
            raise SystemExit(f"no indexes in {work}: run --parts ingest first (with --work {work} --keep)")
        if "app" in parts:
            got: dict[str, dict] = {}
            for backend in ("sqlite", "pg"):
                cache = sqlite_cache if backend == "sqlite" else pg_cache
                load = os.getloadavg()[0]
                got[backend], _ = run_child(
                    ["app", corpus, str(args.opens), str(args.presses), str(args.exact_wait)],
                    cache,
                    server.url() if backend == "pg" else None,
                )
                got[backend]["load"] = (load, os.getloadavg()[0])
            line(*header)
            for backend in ("sqlite", "pg"):
                g = got[backend]
                print(
                    f"  {backend}: {g['articles']:,} articles, {g['groups']:,} groups; e on {g['place']};"
                    f" w on {g['speaker']}; load {g['load'][0]:.1f} -> {g['load'][1]:.1f}"
                )
            for key, what in (("e", "open e (largest place)"), ("w", "open w"), ("m", "open m")):
                cells = []
                for backend in ("sqlite", "pg"):
                    content, loaded = ms(got[backend][key]["content"]), ms(got[backend][key]["loaded"])
                    cells.append(f"{content[1]:.0f} ms ({content[0]:.0f}); loaded {loaded[1]:.0f}")
                line(f"{what}: p95 (p50)", *cells, "<= 150 ms p95")
            cells = [
                f"{ms(got[b]['search'])[1]:.0f} ms ({ms(got[b]['search'])[0]:.0f})" for b in ("sqlite", "pg")
            ]
            line("search, first match shown: p95 (p50)", *cells, "<= 150 ms p95")
            for key in ("list j", "reader j", "reader n"):
                cells = [f"{ms(got[b][key])[0]:.1f} / {ms(got[b][key])[1]:.1f} ms" for b in ("sqlite", "pg")]
                line(f"key {key} p50 / p95", *cells, "<= 16 / 50 ms")
            line("app RSS (peak)", *(f"{got[b]['rss']:.0f} MB" for b in ("sqlite", "pg")), "<= 300 MB")
        if "paint" in parts:
            import bench_scale

            bench_scale.compile_as_installed()
            paints: dict[str, list[float]] = {"floor": [], "sqlite": [], "pg": []}
            loads = [os.getloadavg()[0]]
            scratch = work / "floor-cache"
            for _ in range(args.paints):
                painted, started = bench_scale.run_child(["floor"], scratch)
                paints["floor"].append(painted["painted"] - started)
                for backend in ("sqlite", "pg"):
                    cache = sqlite_cache if backend == "sqlite" else pg_cache
                    painted, started = run_child(
                        ["paint", corpus], cache, server.url() if backend == "pg" else None
                    )
                    paints[backend].append(painted["painted"] - started)
            loads.append(os.getloadavg()[0])
            floor = statistics.median(paints["floor"])
            cells = [
                f"{statistics.median(paints[b]) * 1000:.0f} / {floor * 1000:.0f} ms = "
                f"{statistics.median(paints[b]) / floor:.2f}x"
                for b in ("sqlite", "pg")
            ]
            line("warm first paint / floor (medians)", *cells, "<= 1.5x floor")
            print(f"  load {loads[0]:.1f} -> {loads[1]:.1f}")
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"(kept {work}; the server is stopped: --work {work} starts it again)")
    print(f"load {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
