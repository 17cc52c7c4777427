"""The Miniflux REST API v1 as a SyncBackend (httpx through our Fetcher, not the official client: see below).

The official `miniflux` package rides on requests: no size cap, no overall deadline, its own exceptions, and
requests drops only the Authorization header on a cross-host redirect, so an X-Auth-Token would follow one.
Going through reader.core.fetch gives every request our limits and our redirect rule in a dozen lines.

Incremental pull: entries are paged by id (`after_entry_id`, `order=id`), which stays exact while the server
changes under us; an incremental pull adds `changed_after`, the server's own clock (its Date header) at the
start of the previous pull, less a margin for transactions that commit late: an entry changed in the margin
comes twice, which is harmless. changed_at is the entry's last change of status or star (one time for both).
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from reader.core.sync.backend import SyncBackend, SyncError
from reader.core.sync.client import ApiClient, AuthRefused, Reply
from reader.core.sync.records import AUTHOR_MAX, TITLE_MAX, PullPage, RemoteEntry, RemoteFeed, StateChange
from reader.core.sync.wire import parse_time, plain, web_url

if TYPE_CHECKING:
    from reader.core.fetch import FetchLimits
    from reader.core.sync.account import Secret, SyncAccount

PAGE_SIZE = 500  # entries per page: ~4 MB of JSON with 5 KB articles; 250 or 1,000 took as long (5,000 entries)
PUSH_BATCH = 2500  # entry ids per PUT /v1/entries: marking 5,000 read is two requests
# Seconds of overlap between pulls: for a transaction that commits after our query with an earlier now(),
# the Date header's rounding, and a database clock a little off the web server's.
CURSOR_MARGIN = 30
_TOKEN = re.compile(r"[0-9a-f]{64}")  # Miniflux API keys are 32 random bytes in hex


class MinifluxBackend(SyncBackend):
    service = "miniflux"

    def __init__(
        self,
        account: SyncAccount,
        *,
        limits: FetchLimits | None = None,
        page_size: int = PAGE_SIZE,
        push_batch: int = PUSH_BATCH,
    ) -> None:
        self._account = account
        self._client = ApiClient(account.url, "Miniflux", limits=limits)
        self._page_size = page_size
        self._push_batch = push_batch
        self.cursor_margin = CURSOR_MARGIN
        self._secret: Secret | None = None
        self._modes: list[str] = []  # auth modes still to try, the working one first
        self._proven = False  # a request has succeeded with _modes[0]

    def __repr__(self) -> str:
        return f"MinifluxBackend({self._client.base_url!r}, username={self._account.username!r})"

    @property
    def requests(self) -> int:
        return self._client.requests

    @property
    def clock_offset(self) -> float | None:
        return self._client.clock_offset

    def close(self) -> None:
        self._client.close()

    # ------------------------------------------------------------------------------------ auth

    def _auth_headers(self) -> dict[str, str]:
        if self._secret is None:
            self._secret = self._account.secret()
            secret = self._secret.reveal()
            self._client.add_secret(secret)
            username = self._account.username
            if username:
                self._client.add_secret(base64.b64encode(f"{username}:{secret}".encode()).decode())
            # An API key is tried first when it looks like one; a password otherwise; the other on a 401.
            if not username:
                self._modes = ["token"]
            elif _TOKEN.fullmatch(secret):
                self._modes = ["token", "basic"]
            else:
                self._modes = ["basic", "token"]
        secret = self._secret.reveal()
        if self._modes[0] == "token":
            return {"X-Auth-Token": secret}
        pair = base64.b64encode(f"{self._account.username}:{secret}".encode()).decode()
        return {"Authorization": f"Basic {pair}"}

    def _call(self, method: str, path: str, *, accept: Iterable[int] = (200,), **kwargs: Any) -> Reply:
        while True:
            headers = self._auth_headers()
            try:
                reply = self._client.request(method, path, headers=headers, accept=accept, **kwargs)
            except AuthRefused:
                if not self._proven and len(self._modes) > 1:
                    self._modes.pop(0)
                    continue
                raise self._auth_error() from None
            self._proven = True
            return reply

    def _auth_error(self) -> SyncError:
        if not self._account.username:
            what = "the API key (HTTP 401): was it revoked? Create one under Settings > API Keys"
        elif self._proven:
            what = "the credentials that worked a moment ago (HTTP 401): the API key or password was revoked"
        else:
            what = "the credentials, as a login password and as an API key (HTTP 401): were they changed or revoked?"
        return self._client.error(f"refused {what}", kind="auth", status=401)

    def _get_json(self, path: str, query: list[tuple[str, str]] | None = None) -> Any:
        return self._client.json(self._call("GET", path, query=query), f"GET {path}")

    def login(self) -> None:
        me = self._get_json("/v1/me")
        if not isinstance(me, dict) or "id" not in me:
            raise self._client.unexpected("GET /v1/me", "no user id")

    # ------------------------------------------------------------------------------------ pull

    def pull(self, cursor: str | None) -> Iterator[PullPage]:
        changed_after = _load_cursor(cursor)
        yield PullPage(feeds=self._feeds())
        started = self._server_now()  # before the first entries query: what commits after it comes next time
        query = [("order", "id"), ("direction", "asc"), ("limit", str(self._page_size))]
        if changed_after is not None:
            query.append(("changed_after", str(changed_after)))
        after, done, total = 0, 0, None
        while True:
            data = self._get_json("/v1/entries", [*query, ("after_entry_id", str(after))])
            try:
                if total is None:
                    total = int(data["total"])
                entries = tuple(_entry(item) for item in data["entries"])
            except (KeyError, TypeError, ValueError) as exc:
                raise self._client.unexpected("GET /v1/entries", _why(exc)) from None
            done += len(entries)
            after = max((int(e.remote_id) for e in entries), default=after)
            yield PullPage(entries=entries, done=done, total=total)
            # Paging by id stays exact while entries change; what arrives after the first page (beyond
            # `total`) is newer than the cursor below and comes with the next pull.
            if not entries or done >= total:
                break
        floor = started - 1 - self.cursor_margin if started is not None else (changed_after or 0)
        yield PullPage(cursor=json.dumps({"v": 1, "service": "miniflux", "changed_after": max(floor, 0)}))

    def _server_now(self) -> int | None:
        offset = self._client.clock_offset
        return None if offset is None else int(datetime.now(UTC).timestamp() + offset)

    def _feeds(self) -> tuple[RemoteFeed, ...]:
        data = self._get_json("/v1/feeds")
        try:
            return tuple(_feed(item) for item in data)
        except (KeyError, TypeError, ValueError) as exc:
            raise self._client.unexpected("GET /v1/feeds", _why(exc)) from None

    # ------------------------------------------------------------------------------------ push

    def push(self, changes: Iterable[StateChange]) -> Iterator[tuple[StateChange, ...]]:
        groups: dict[tuple[str, bool], dict[str, StateChange]] = {}
        for change in changes:
            groups.setdefault((change.attribute, change.value), {})[change.remote_id] = change
        for (attribute, value), by_id in groups.items():
            batch_all = list(by_id.values())
            for start in range(0, len(batch_all), self._push_batch):
                batch = tuple(batch_all[start : start + self._push_batch])
                body: dict[str, Any] = {"entry_ids": [int(c.remote_id) for c in batch]}
                if attribute == "read":
                    body["status"] = "read" if value else "unread"
                else:
                    body["starred"] = value
                try:
                    self._call("PUT", "/v1/entries", json_body=body, accept=(200, 204))
                except SyncError as exc:
                    if attribute == "starred" and exc.status == 400:
                        raise self._client.error(
                            f"rejected starring ({exc}); starring from this reader needs Miniflux 2.3.2 or later",
                            kind="rejected",
                            status=400,
                        ) from None
                    raise
                yield batch

    # ------------------------------------------------------------------------------------ feeds

    def subscribe(self, url: str, *, title: str | None = None, category: str | None = None) -> RemoteFeed:
        existing = self._find_feed(url)
        if existing is not None:
            return existing
        body: dict[str, Any] = {"feed_url": url, "category_id": self._category_id(category)}
        reply = self._call("POST", "/v1/feeds", json_body=body, accept=(200, 201))
        data = self._client.json(reply, "POST /v1/feeds")
        if not isinstance(data, dict) or not isinstance(data.get("feed_id"), int):
            raise self._client.unexpected("POST /v1/feeds", "no feed_id")
        feed_id = data["feed_id"]
        if title:
            self._call("PUT", f"/v1/feeds/{feed_id}", json_body={"title": title}, accept=(200, 201))
        try:
            return _feed(self._get_json(f"/v1/feeds/{feed_id}"))
        except (KeyError, TypeError, ValueError) as exc:
            raise self._client.unexpected(f"GET /v1/feeds/{feed_id}", _why(exc)) from None

    def _find_feed(self, url: str) -> RemoteFeed | None:
        return next((feed for feed in self._feeds() if feed.url == url), None)

    def _category_id(self, title: str | None) -> int:
        data = self._get_json("/v1/categories")
        try:
            categories = [(int(item["id"]), str(item["title"])) for item in data]
        except (KeyError, TypeError, ValueError) as exc:
            raise self._client.unexpected("GET /v1/categories", _why(exc)) from None
        if title is not None:
            for category_id, name in categories:
                if name == title:
                    return category_id
            reply = self._call("POST", "/v1/categories", json_body={"title": title}, accept=(200, 201))
            created = self._client.json(reply, "POST /v1/categories")
            if isinstance(created, dict) and isinstance(created.get("id"), int):
                return int(created["id"])
            raise self._client.unexpected("POST /v1/categories", "no id")
        if not categories:
            raise self._client.error("has no category to put a new feed in", kind="rejected")
        return categories[0][0]

    def unsubscribe(self, feed_id: str) -> None:
        self._call("DELETE", f"/v1/feeds/{_numeric(feed_id)}", accept=(200, 204, 404))


# ---------------------------------------------------------------------------------------- parsing


def _load_cursor(cursor: str | None) -> int | None:
    """changed_after from a cursor; an unreadable or foreign cursor means a full pull (safe, only slower)."""
    if not cursor:
        return None
    try:
        data = json.loads(cursor)
        if data.get("service") == "miniflux" and data.get("v") == 1:
            value = data["changed_after"]
            if isinstance(value, int) and value >= 0:
                return value
    except (ValueError, AttributeError, KeyError):
        pass
    return None


def _numeric(feed_id: str) -> int:
    try:
        return int(feed_id)
    except ValueError:
        raise SyncError(f"not a Miniflux feed id: {feed_id!r}", kind="config") from None


def _feed(item: Any) -> RemoteFeed:
    category = item.get("category") or {}
    url = str(item["feed_url"])
    return RemoteFeed(
        remote_id=str(int(item["id"])),
        url=url,
        title=plain(item.get("title"), TITLE_MAX) or url,
        site_url=web_url(item.get("site_url")),
        category=plain(category.get("title"), TITLE_MAX) or None if isinstance(category, dict) else None,
    )


def _entry(item: Any) -> RemoteEntry:
    status = item["status"]
    if status not in ("read", "unread", "removed"):
        raise ValueError(f"status {status!r}")
    return RemoteEntry(
        remote_id=str(int(item["id"])),
        feed_id=str(int(item["feed_id"])),
        title=plain(item.get("title"), TITLE_MAX),
        url=web_url(item.get("url")),
        author=plain(item.get("author"), AUTHOR_MAX) or None,
        published=parse_time(item.get("published_at")),
        content_html=str(item.get("content") or ""),
        summary_html=None,
        read=status != "unread",
        starred=bool(item.get("starred")),
        changed_at=parse_time(item.get("changed_at")),
    )


def _why(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"{exc.args[0]!r} is missing"
    return type(exc).__name__ if not str(exc) else str(exc)[:80]
