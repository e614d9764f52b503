"""Fetch one URL on request: timeouts, a size cap, conditional GET (ETag / Last-Modified), clear errors."""

from __future__ import annotations

import time
from dataclasses import dataclass

from warreader import __version__

TIMEOUT = 20.0
"""Seconds for the whole request (connect, headers and body)."""
MAX_BYTES = 10_000_000
USER_AGENT = f"warreader/{__version__} (terminal news reader)"


class FetchError(Exception):
    """A fetch that failed, with a message fit for the user."""


@dataclass(slots=True)
class Fetched:
    url: str
    """The final URL, after redirects."""
    status: int
    content: bytes = b""
    etag: str = ""
    modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def is_url(text: str) -> bool:
    return text[:8].lower().startswith(("http://", "https://"))


def fetch(
    url: str,
    *,
    etag: str = "",
    modified: str = "",
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
) -> Fetched:
    """GET ``url``; raises :class:`FetchError` for anything but a usable answer (2xx or 304)."""
    import httpx

    if not is_url(url):
        raise FetchError("not an http(s) URL")
    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, */*;q=0.8"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    deadline = time.monotonic() + timeout
    try:
        with (
            httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=True, max_redirects=5) as client,
            client.stream("GET", url, headers=headers) as response,
        ):
            if response.status_code == 304:
                return Fetched(str(response.url), 304, etag=etag, modified=modified)
            if response.status_code >= 400:
                raise FetchError(f"the server answered HTTP {response.status_code} {response.reason_phrase}")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(_too_large(max_bytes))
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(_too_large(max_bytes))
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out after {timeout:g} s (the server sends too slowly)")
                chunks.append(chunk)
            return Fetched(
                str(response.url),
                response.status_code,
                b"".join(chunks),
                etag=response.headers.get("ETag", ""),
                modified=response.headers.get("Last-Modified", ""),
            )
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {timeout:g} s (the server did not answer)") from None
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


def _too_large(max_bytes: int) -> str:
    return f"the answer is larger than the {max_bytes / 1e6:g} MB limit"


def _reason(error: BaseException) -> str:
    return str(error)[:200] or type(error).__name__
