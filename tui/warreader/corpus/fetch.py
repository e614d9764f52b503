"""Fetch one URL on request: one deadline, connect and read timeouts, a size cap, conditional GET.

A request runs in a daemon thread of its own while the caller waits for it, so the caller
gets an answer by the deadline whatever the network does (a name lookup that never ends, a
server that sends its headers one byte at a time) and can give up at once (``cancelled``,
checked every :data:`POLL` seconds: a quitting app does not wait for a hung server).
The socket reads themselves are cut to the deadline too, so an abandoned request ends
soon after it and leaves no thread behind.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from warreader import __version__

TIMEOUT = 20.0
"""Seconds for the whole request: name lookup, connect, TLS, headers, redirects and body."""
CONNECT_TIMEOUT = 10.0
"""Seconds to open a connection (capped by what is left of the deadline)."""
READ_TIMEOUT = 10.0
"""Longest silence between two reads from the server (capped by what is left of the deadline)."""
MAX_BYTES = 10_000_000
POLL = 0.05
"""How often a waiting caller checks ``cancelled``, and the longest single socket wait."""
USER_AGENT = f"warreader/{__version__} (terminal news reader)"


class FetchError(Exception):
    """A fetch that failed, with a message fit for the user."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status
        """The HTTP status when the server answered with an error (0 otherwise)."""


@dataclass(slots=True)
class Fetched:
    url: str
    """The final URL, after redirects."""
    status: int
    content: bytes = b""
    etag: str = ""
    modified: str = ""
    charset: str = ""
    """The ``charset`` of the answer's Content-Type, if it has one."""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def is_url(text: str) -> bool:
    return text[:8].lower().startswith(("http://", "https://"))


def _never() -> bool:
    return False


def fetch(
    url: str,
    *,
    etag: str = "",
    modified: str = "",
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
    cancelled: Callable[[], bool] = _never,
) -> Fetched:
    """GET ``url``; raises :class:`FetchError` for anything but a usable answer (2xx or 304).

    ``timeout`` is the one deadline for the whole request; ``cancelled`` is polled while
    waiting and, once true, ends the wait at once with ``FetchError("cancelled")``.
    """
    if not is_url(url):
        raise FetchError("not an http(s) URL")
    request = _Request(time.monotonic() + timeout, timeout)
    thread = threading.Thread(
        target=request.run, args=(url, etag, modified, max_bytes), name="warreader-fetch", daemon=True
    )
    thread.start()
    try:
        while not request.done.wait(max(0.0, min(POLL, request.left()))):
            if cancelled():
                raise FetchError("cancelled")
            if request.left() <= 0:
                raise FetchError(request.timed_out())
    finally:
        request.stopped.set()  # the thread, if still running, gives up at its next read
    if request.error is not None:
        raise request.error
    if request.result is None:
        raise FetchError("fetch failed")
    return request.result


class _Expired(Exception):
    """Raised inside the request thread when the deadline passed or the caller gave up."""


class _Request:
    """One request: its deadline, a stop flag, and the outcome, shared by the two threads."""

    def __init__(self, deadline: float, timeout: float) -> None:
        self.deadline, self.timeout = deadline, timeout
        self.stopped, self.done = threading.Event(), threading.Event()
        self.answered = False
        """Headers were received (a timeout then means the body came too slowly)."""
        self.result: Fetched | None = None
        self.error: FetchError | None = None

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def check(self) -> None:
        if self.stopped.is_set() or self.left() <= 0:
            raise _Expired

    def clamp(self, timeout: float | None) -> float:
        """A socket timeout cut to what is left of the deadline (at least a moment)."""
        left = max(self.left(), 0.001)
        return left if timeout is None else max(min(timeout, left), 0.001)

    def timed_out(self) -> str:
        why = "the server sends too slowly" if self.answered else "no answer from the server"
        return f"timed out after {self.timeout:g} s ({why})"

    def run(self, url: str, etag: str, modified: str, max_bytes: int) -> None:
        try:
            self.result = self._get(url, etag, modified, max_bytes)
        except FetchError as error:
            self.error = error
        except _Expired:
            self.error = FetchError("cancelled" if self.left() > 0 else self.timed_out())
        except Exception as error:  # reported to the caller, never lost in a thread
            self.error = FetchError(f"fetch failed ({type(error).__name__}: {_reason(error)})")
        finally:
            self.done.set()

    def _get(self, url: str, etag: str, modified: str, max_bytes: int) -> Fetched:
        import httpx

        headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, */*;q=0.8"}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        read, connect = min(READ_TIMEOUT, self.timeout), min(CONNECT_TIMEOUT, self.timeout)
        try:
            with httpx.Client(
                timeout=httpx.Timeout(read, connect=connect), follow_redirects=True, max_redirects=5
            ) as client:
                _guard(client, self)
                with client.stream("GET", url, headers=headers) as response:
                    self.answered = True
                    return self._body(response, etag, modified, max_bytes)
        except httpx.ConnectTimeout:
            raise FetchError(f"timed out after {connect:g} s connecting to the server") from None
        except httpx.TimeoutException:
            raise FetchError(f"timed out: the server sent nothing for {read:g} s") from None
        except httpx.TooManyRedirects:
            raise FetchError("too many redirects") from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
            raise FetchError(f"not a usable URL ({error})") from None
        except httpx.ConnectError as error:
            raise FetchError(f"cannot connect ({_reason(error)})") from None
        except (httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError) as error:
            raise FetchError(f"the connection was reset or closed early ({_reason(error)})") from None
        except httpx.DecodingError:
            raise FetchError("the server sent a body that cannot be decompressed") from None
        except (httpx.HTTPError, httpx.StreamError, OSError, ValueError, UnicodeError) as error:
            raise FetchError(f"fetch failed ({type(error).__name__}: {_reason(error)})") from None

    def _body(self, response: Any, etag: str, modified: str, max_bytes: int) -> Fetched:
        if response.status_code == 304:
            return Fetched(str(response.url), 304, etag=etag, modified=modified)
        if response.status_code >= 400:
            raise FetchError(
                f"the server answered HTTP {response.status_code} {response.reason_phrase}",
                response.status_code,
            )
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(_too_large(max_bytes))
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(_too_large(max_bytes))
            self.check()
            chunks.append(chunk)
        return Fetched(
            str(response.url),
            response.status_code,
            b"".join(chunks),
            etag=response.headers.get("ETag", ""),
            modified=response.headers.get("Last-Modified", ""),
            charset=response.charset_encoding or "",
        )


def _guard(client: Any, request: _Request) -> None:
    """Cut every socket wait of ``client``'s connections to the request's deadline and stop flag.

    httpx has no public hook for this: the network backend of each connection pool (direct or
    through a proxy) is wrapped where it is found. Without it the deadline still holds for the
    caller; only an abandoned request would then end at its read timeout instead of at once.
    """
    import httpcore

    for transport in [client._transport, *client._mounts.values()]:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, httpcore.NetworkBackend):
            pool._network_backend = _backend_class()(backend, request)  # type: ignore[union-attr]  # httpcore's pool, typed as optional


def _too_large(max_bytes: int) -> str:
    return f"the answer is larger than the {max_bytes / 1e6:g} MB limit"


def _reason(error: BaseException) -> str:
    return str(error)[:200] or type(error).__name__


@functools.cache
def _backend_class() -> type:
    """The guarding network backend (built on first use: httpcore is imported by the first fetch)."""
    import httpcore

    class Stream(httpcore.NetworkStream):
        """A connection whose reads wait at most :data:`POLL` at a time, up to the deadline."""

        def __init__(self, inner: httpcore.NetworkStream, request: _Request) -> None:
            self.inner, self.request = inner, request

        def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
            end = None if timeout is None else time.monotonic() + timeout
            while True:
                self.request.check()
                wait = self.request.clamp(POLL if end is None else min(POLL, end - time.monotonic()))
                try:
                    return self.inner.read(max_bytes, wait)
                except httpcore.ReadTimeout:
                    if end is not None and time.monotonic() >= end:
                        raise

        def write(self, buffer: bytes, timeout: float | None = None) -> None:
            self.request.check()
            self.inner.write(buffer, self.request.clamp(timeout))

        def close(self) -> None:
            self.inner.close()

        def start_tls(
            self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
        ) -> httpcore.NetworkStream:
            self.request.check()
            return Stream(
                self.inner.start_tls(ssl_context, server_hostname, self.request.clamp(timeout)), self.request
            )

        def get_extra_info(self, info: str) -> Any:
            return self.inner.get_extra_info(info)

    class Backend(httpcore.NetworkBackend):
        def __init__(self, inner: httpcore.NetworkBackend, request: _Request) -> None:
            self.inner, self.request = inner, request

        def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: float | None = None,
            local_address: str | None = None,
            socket_options: Any = None,
        ) -> httpcore.NetworkStream:
            self.request.check()
            stream = self.inner.connect_tcp(
                host, port, self.request.clamp(timeout), local_address, socket_options
            )
            return Stream(stream, self.request)

        def connect_unix_socket(
            self, path: str, timeout: float | None = None, socket_options: Any = None
        ) -> httpcore.NetworkStream:
            self.request.check()
            return Stream(
                self.inner.connect_unix_socket(path, self.request.clamp(timeout), socket_options),
                self.request,
            )

        def sleep(self, seconds: float) -> None:
            time.sleep(max(0.0, min(seconds, self.request.left())))

    return Backend
