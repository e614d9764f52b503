"""Sources read and extracted on every core: the worker pool of the ingest path.

Chunks of sources go to spawned worker processes and come back in order, so the caller can
store them as they come. Workers never outlive the process that started them, a worker that
dies fails the run instead of hanging it, and starting them works under a full-screen app that
captured the standard streams.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from warreader.corpus.problem import Problem
from warreader.model import Article, DateMention, Mention
from warreader.nlp.pipeline import extract_article


@dataclass(slots=True)
class SourceTask:
    """One source to read and extract: a file (read in the worker) or articles already read."""

    key: str
    """The file path, or the URL / ``-`` the articles came from."""
    size: int = -1
    mtime_ns: int = -1
    old_hash: str = ""
    """The content hash stored for this file: a file with the same hash is not extracted again."""
    articles: list[Article] | None = None
    """Articles read by the caller (URLs, standard input); None: read the file ``key``."""
    problems: Sequence[Problem] = ()
    """Problems met while reading them (a shared empty tuple by default: 1M tasks, no 1M lists)."""


@dataclass(slots=True)
class SourceResult:
    key: str
    size: int
    mtime_ns: int
    hash: str
    unchanged: bool
    """The file's content hash matched ``old_hash``: nothing was extracted."""
    articles: list[Article]
    problems: list[Problem]
    words: int
    article_words: list[int] = field(default_factory=list)
    """Words of each article (counted here, in the worker: the writer stores them)."""
    columns: list[Any] = field(default_factory=list)
    """From a worker: each article's mentions and dates as the writer stores them
    (:mod:`warreader.ingest.columns`; its articles then come without them). Empty: in the articles."""


def file_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def words_in(text: str) -> int:
    return len(text.split())


def extract_source(task: SourceTask) -> SourceResult:
    """Read (unless already read) and extract one source; problems are recorded, never raised."""
    from pathlib import Path

    from warreader.corpus.reader import read_source

    problems = list(task.problems)
    if task.articles is not None:
        articles, digest = task.articles, ""
    else:
        try:
            digest = file_hash(Path(task.key).read_bytes())
        except (OSError, ValueError):
            digest = ""  # read_source says what is wrong with it
        if digest and digest == task.old_hash:
            return SourceResult(task.key, task.size, task.mtime_ns, digest, True, [], [], 0)
        articles = read_source(Path(task.key), problems)
    for article in articles:
        extract_article(article)
    counts = [words_in(a.body) for a in articles]
    return SourceResult(
        task.key, task.size, task.mtime_ns, digest, False, articles, problems, sum(counts), counts
    )


def extract_chunk(tasks: list[SourceTask]) -> list[SourceResult]:
    return [extract_source(task) for task in tasks]


def extract_chunk_to_send(tasks: list[SourceTask]) -> list[SourceResult]:
    """:func:`extract_chunk` in a worker: the results with their mentions in columns, cheap to send."""
    from warreader.ingest.columns import in_columns

    return in_columns(extract_chunk(tasks))


def _by_fields(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    """A pickle reducer giving a dataclass's fields in order: it is rebuilt by its ``__init__``."""
    values = attrgetter(*(f.name for f in fields(cls)))
    return lambda obj: (cls, values(obj))


COMPACT_TYPES = (SourceResult, Article, Mention, DateMention, Problem)
"""What extraction workers send back, pickled as ``(class, field values)``."""


def pickle_compactly() -> None:
    """Pickle results in this process (a worker's, for the queue to its parent) as ``(class, field
    values)`` instead of the slots dataclasses' default, a state list set field by field on
    unpickling: about 15 % fewer bytes, 2.5x faster to pickle, 1.6x faster to unpickle (the parent
    unpickles every article and mention extracted)."""
    from multiprocessing.reduction import ForkingPickler

    for cls in COMPACT_TYPES:
        ForkingPickler.register(cls, _by_fields(cls))


PARENT_CHECK_SECONDS = 0.5


def _exit_with_parent() -> None:
    """End this worker soon after its parent dies (killed with -9, say), instead of lingering."""
    parent = os.getppid()

    def watch() -> None:
        import time

        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _worker_start(quiet: bool = False) -> None:
    """Load the gazetteer and the extractors once per worker process.

    ``quiet``: the parent's standard streams are a terminal it draws on (a full-screen app), so the
    worker's own output, which would land on that screen, goes to the null device instead.
    """
    if quiet:
        null = os.open(os.devnull, os.O_WRONLY)
        for fd in (1, 2):
            os.dup2(null, fd)
        os.close(null)
    _exit_with_parent()
    pickle_compactly()
    import warreader.nlp.places
    import warreader.nlp.speakers  # noqa: F401
    from warreader.ingest.keyindex_cache import prepare_key_index

    prepare_key_index()  # loads the gazetteer too


def default_workers() -> int:
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1, 8))


def _has_fd(stream: object) -> bool:
    try:
        return stream is not None and stream.fileno() >= 0  # type: ignore[attr-defined]  # any stream-like object
    except (AttributeError, OSError, ValueError):
        return False


_STREAMS_LOCK = threading.Lock()


def _captured_streams() -> list[str]:
    """The standard streams (``stdout``, ``stderr``) that have no file descriptor behind them."""
    return [name for name in ("stdout", "stderr") if not _has_fd(getattr(sys, name))]


@contextlib.contextmanager
def _spawnable_streams() -> Iterator[None]:
    """Standard streams that spawned processes can inherit, while workers are started.

    multiprocessing passes ``sys.stderr.fileno()`` to the processes it spawns (the resource
    tracker); a full-screen app that captured the streams answers -1 there, and spawning fails
    ("bad value(s) in fds_to_keep"). For the time it takes to start the workers, a captured
    stream is replaced by the null device.
    """
    with _STREAMS_LOCK:
        captured = _captured_streams()
        if not captured:
            yield
            return
        saved = {name: getattr(sys, name) for name in captured}
        null = open(os.devnull, "w")  # noqa: SIM115 - closed below, after the streams are restored
        try:
            for name in captured:
                setattr(sys, name, null)
            yield
        finally:
            for name in captured:
                if getattr(sys, name) is null:  # unless someone else replaced it meanwhile
                    setattr(sys, name, saved[name])
            null.close()


class WorkerDied(RuntimeError):
    """An extraction worker process ended without a result (out of memory, killed, failed to start)."""


def _check_workers(pool: ProcessPoolExecutor) -> None:
    """Raise :class:`WorkerDied` if a worker has ended: a pool whose worker died while starting
    can otherwise wait for it forever (seen under ``ulimit -v``)."""
    for process in list(getattr(pool, "_processes", {}).values()):
        code = process.exitcode
        if code is not None:
            raise WorkerDied(f"an extraction worker ended unexpectedly (exit code {code})")


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop ``pool`` now: the workers are ended, not waited for, and the pool shut down.

    The futures are not cancelled: the pool's own thread fails every pending one once it sees the
    workers gone, and setting an exception on a future cancelled meanwhile raises InvalidStateError
    in that thread (a traceback on stderr, seen on SIGTERM under load)."""
    _end_workers(pool)
    pool.shutdown(wait=False)


def _end_workers(pool: ProcessPoolExecutor, wait: float = 0.0) -> None:
    """Terminate ``pool``'s workers, waiting up to ``wait`` seconds for each to end."""
    processes = list(getattr(pool, "_processes", {}).values())  # no public way to end running work
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes if wait else ():
        with contextlib.suppress(Exception):
            process.join(timeout=wait)


def _abandon(pool: ProcessPoolExecutor) -> None:
    """Give up a pool that failed while starting: its workers are ended and waited for (briefly, so
    that nothing they print comes after the caller's message), and it is never joined (its thread
    may not have started: joining it would raise and hide why it failed)."""
    _end_workers(pool, wait=2)
    with contextlib.suppress(Exception):
        pool.shutdown(wait=False)


PARALLEL_MIN = 64
"""Fewer sources than this are extracted in this process (starting workers costs about a second)."""
PARALLEL_MIN_BYTES = 1_000_000
"""Less text than this (file sizes, bodies already read) is extracted in this process too, unless
a number of workers is asked for: about 0.6 s of extraction here (~1.5 MB/s), while starting the
workers (processes, imports, gazetteer) takes 1.2 s. Adding 100 files (450 kB) to a 100k index:
extraction 1.56 s -> ~0.4 s."""


def _text_bytes(tasks: Sequence[SourceTask], enough: int) -> int:
    """About how much text ``tasks`` hold (counting stops at ``enough``)."""
    total = 0
    for task in tasks:
        if task.articles is not None:
            total += sum(len(article.body) for article in task.articles)
        else:
            total += max(task.size, 0)
        if total >= enough:
            break
    return total


def in_this_process(tasks: Sequence[SourceTask], workers: int | None) -> bool:
    """Whether ``tasks`` are extracted here rather than on a pool of ``workers`` (None: the default)."""
    if len(tasks) < PARALLEL_MIN or (workers is not None and workers <= 1):
        return True
    return workers is None and _text_bytes(tasks, PARALLEL_MIN_BYTES) < PARALLEL_MIN_BYTES


def extract_sources(
    tasks: Sequence[SourceTask],
    *,
    workers: int | None = None,
    chunk: int = 16,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[list[SourceResult]]:
    """Extract ``tasks`` in chunks, on ``workers`` processes; yields each chunk's results in task order.

    Chunks are yielded in order, so callers can store them as they come and a reader of
    the store sees the corpus fill in from the top. The tasks are split into chunks here, at
    the call, and each chunk is let go once its results are out: a caller that drops its list
    of tasks after this call holds no task that is done (1M files: ~280 MB of tasks).
    """
    here = in_this_process(tasks, workers)
    workers = default_workers() if workers is None else workers
    chunks: list[list[SourceTask] | None] = [list(tasks[i : i + chunk]) for i in range(0, len(tasks), chunk)]
    return _extracted(chunks, here or workers <= 1, workers, cancelled)


def _extracted(
    chunks: list[list[SourceTask] | None], here: bool, workers: int, cancelled: Callable[[], bool]
) -> Iterator[list[SourceResult]]:
    if here:
        if chunks:
            from warreader.ingest.keyindex_cache import prepare_key_index

            prepare_key_index()  # from the cache folder: ~0.05 s instead of building it (~0.8 s)
        for number in range(len(chunks)):
            if cancelled():
                return
            part, chunks[number] = chunks[number], None
            results = extract_chunk(part or [])
            del part  # a suspended generator's locals are kept: no chunk is held while yielding
            yield results
        return
    import multiprocessing

    # spawn, not fork: the caller may be a threaded app holding locks and an open database.
    context = multiprocessing.get_context("spawn")
    quiet = _captured_streams() != []
    pending: dict[int, Future[list[SourceResult]]] = {}
    ready: dict[int, list[SourceResult]] = {}
    following = submitted = 0
    window = workers * 3
    with contextlib.ExitStack() as stack:
        # The pool's queues start multiprocessing's resource tracker, and each submission starts
        # a worker until there are ``workers``: both happen while the streams are spawnable.
        with _spawnable_streams():
            pool = ProcessPoolExecutor(
                workers, mp_context=context, initializer=_worker_start, initargs=(quiet,)
            )
            try:
                while submitted < min(len(chunks), workers):
                    pending[submitted] = pool.submit(extract_chunk_to_send, chunks[submitted] or [])
                    chunks[submitted] = None  # the submission holds it until its results are out
                    submitted += 1
            except (RuntimeError, MemoryError, OSError) as error:  # e.g. no thread can start
                _abandon(pool)
                raise WorkerDied(
                    f"the extraction workers could not start ({type(error).__name__}: {error})"
                ) from error
            stack.enter_context(pool)
        try:
            while following < len(chunks):
                while submitted < len(chunks) and len(pending) < window:
                    pending[submitted] = pool.submit(extract_chunk_to_send, chunks[submitted] or [])
                    chunks[submitted] = None
                    submitted += 1
                if following in pending:
                    while not wait(pending.values(), timeout=0.1, return_when=FIRST_COMPLETED).done:
                        if cancelled():  # a quitting app does not wait for the running chunks
                            _stop(pool)
                            return
                        _check_workers(pool)
                    for number, future in list(pending.items()):
                        if future.done():
                            ready[number] = future.result()
                            del pending[number]
                while following in ready:
                    yield ready.pop(following)
                    following += 1
                    if cancelled():
                        _stop(pool)
                        return
        except BaseException:
            _stop(pool)  # interrupted, or a worker failed: nothing more is worth waiting for
            raise
