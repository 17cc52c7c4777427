"""What a fetch gives back (FetchResult, HttpReply) and the bounds it runs under (FetchLimits)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FetchResult:
    """The bytes of one successful fetch and the validators to send next time."""

    url: str  # final URL after redirects (for local files: the file:// URL)
    status: int  # 200 (or another 2xx), or 304 when validators matched (content == b"")
    content: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    http_version: str = ""  # "HTTP/1.1" or "HTTP/2" ("" for local files)


@dataclass(frozen=True)
class HttpReply:
    """One HTTP exchange as Fetcher.request returns it: any status, its headers and its (capped) body."""

    url: str
    status: int
    headers: dict[str, str]  # names lower-cased; a redirect's Location is here as "location"
    content: bytes  # b"" for an empty body


@dataclass(frozen=True)
class FetchLimits:
    """Bounds on one fetch. Times are seconds; sizes are bytes after decompression."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # longest silence tolerated between two reads
    # Overall wall clock per fetch, redirects included, enforced even if bytes trickle in. The clock starts once
    # the request holds its per-host slot: time queued behind other requests to the same host does not count,
    # or a burst of same-host fetches would time itself out.
    deadline: float = 30.0
    max_bytes: int = 16 * 1024 * 1024
    max_redirects: int = 5
    # At most this many requests to one host at once (browsers keep 6 connections a host; newsboat up to 8).
    per_host: int = 6


DEFAULT_LIMITS = FetchLimits()
