"""HTTP(S) and local files to bytes: conditional GET, checked redirects, per-host slots, deadlines, size caps.

The network side is asynchronous (httpx.AsyncClient, HTTP/2 where a server offers it) and runs on one event loop
thread that the Fetcher owns, so every caller shares one connection pool and one set of per-host slots: the refresh
engine (core/refresh.py) schedules many fetches there at once, and `Fetcher.fetch` gives threads a blocking call.
The deadline is an asyncio timeout around the whole fetch (slot wait excluded, redirects included), which holds
whatever the transport is, a proxy too; the size cap is counted on raw and inflated bytes as they arrive.

The only httpx imports: inside functions, or for type checking only (importing httpx costs start-up time).
One module per idea:

- records.py   FetchResult, HttpReply, FetchLimits and DEFAULT_LIMITS;
- errors.py    FetchError, and how each failure is worded (statuses, Retry-After waits, sizes, TLS);
- urls.py      normalize_url, is_local, host_of, and file paths to file:// URLs and back;
- body.py      a body read under the size cap, gzip/deflate inflated in bounded steps; error bodies drained;
- session.py   FetchSession: one event loop's clients (one per host), slots, redirects, the deadline, cancelling;
- fetcher.py   Fetcher: the event loop thread and blocking calls onto it;
- local.py     a file:// URL read as a fetch;
- charset.py   decode_html: a fetched page's bytes as text.

Names with a leading underscore are private to this package (its modules share them), never used outside it.
"""

from __future__ import annotations

from reader.core.fetch.charset import decode_html
from reader.core.fetch.errors import FetchError
from reader.core.fetch.fetcher import Fetcher
from reader.core.fetch.records import DEFAULT_LIMITS, FetchLimits, FetchResult, HttpReply
from reader.core.fetch.session import ACCEPT as ACCEPT
from reader.core.fetch.session import ACCEPT_ENCODING as ACCEPT_ENCODING
from reader.core.fetch.session import USER_AGENT as USER_AGENT
from reader.core.fetch.session import FetchSession
from reader.core.fetch.urls import host_of, is_local, normalize_url

__all__ = [
    "DEFAULT_LIMITS",
    "FetchError",
    "FetchLimits",
    "FetchResult",
    "FetchSession",
    "Fetcher",
    "HttpReply",
    "decode_html",
    "host_of",
    "is_local",
    "normalize_url",
]
