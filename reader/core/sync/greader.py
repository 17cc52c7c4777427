"""The Google Reader API (Miniflux, FreshRSS, Inoreader, ...) as a SyncBackend.

Sign-in is ClientLogin (Email, Passwd) for an auth token sent as `Authorization: GoogleLogin auth=...` on every
request; writes also carry a `T` edit token in the form body. Miniflux's edit token is the auth token; FreshRSS
hands out its own from /reader/api/0/token, so that is asked for only when a write is refused.

Incremental pull: the `ot`/`nt` filters of this API act on the published date, not on the time of a change,
so they cannot find an old item read on a phone, nor an item the server fetched late. What changed is found
from three id streams instead, each one or a few requests however long the history: every item
(reading-list), the unread ones (reading-list excluding read) and the starred ones; the cursor keeps the last
pull's three sets (packed), so new ids are fetched in batches and flags that differ are the changes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from reader.core.sync.backend import SyncBackend, SyncError
from reader.core.sync.client import ApiClient, AuthRefused, Query, Reply
from reader.core.sync.records import (
    AUTHOR_MAX,
    TITLE_MAX,
    PullPage,
    RemoteEntry,
    RemoteFeed,
    RemoteState,
    StateChange,
)
from reader.core.sync.wire import pack_ids, parse_time, plain, unpack_ids, web_url

if TYPE_CHECKING:
    from reader.core.fetch import FetchLimits
    from reader.core.sync.account import Secret, SyncAccount

API = "reader/api/0/"
READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
LONG_ID = "tag:google.com,2005:reader/item/"
IDS_PAGE = 10000  # the most ids one stream/items/ids answer holds on Miniflux (its MaxEntryIDsLimit)
CONTENTS_BATCH = 500  # items per stream/items/contents request (~4 MB of JSON with 5 KB articles)
PUSH_BATCH = 1000  # item ids per edit-tag request: marking 5,000 read is five requests
_HEX16 = re.compile(r"[0-9a-fA-F]{16}")


class GReaderBackend(SyncBackend):
    service = "greader"

    def __init__(
        self,
        account: SyncAccount,
        *,
        limits: FetchLimits | None = None,
        contents_batch: int = CONTENTS_BATCH,
        push_batch: int = PUSH_BATCH,
        ids_page: int = IDS_PAGE,
    ) -> None:
        self._account = account
        self._client = ApiClient(account.url, "Google Reader API", limits=limits)
        self._contents_batch = contents_batch
        self._push_batch = push_batch
        self._ids_page = ids_page
        self._auth: Secret | None = None  # the session token from ClientLogin
        self._edit_token: Secret | None = None
        self._known: dict[str, tuple[bool, bool]] = {}  # read, starred as the last pull saw them

    def __repr__(self) -> str:
        return f"GReaderBackend({self._client.base_url!r}, username={self._account.username!r})"

    @property
    def requests(self) -> int:
        return self._client.requests

    @property
    def clock_offset(self) -> float | None:
        return self._client.clock_offset

    def close(self) -> None:
        self._client.close()

    # ------------------------------------------------------------------------------------ auth

    def login(self) -> None:
        from reader.core.sync.account import Secret

        password = self._account.secret()
        self._client.add_secret(password.reveal())
        form = [("Email", self._account.username), ("Passwd", password.reveal())]
        try:
            reply = self._client.request("POST", "accounts/ClientLogin", form=form)
        except AuthRefused:
            raise self._client.error(
                "refused the username and password (HTTP 401): use the server's API password "
                "(Miniflux: Settings > Integrations > Google Reader; FreshRSS: Profile > API password)",
                kind="auth",
                status=401,
            ) from None
        token = ""
        for line in reply.text.splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "Auth":
                token = value.strip()
        if not token:
            raise self._client.unexpected("POST accounts/ClientLogin", "no Auth token")
        self._client.add_secret(token)
        self._auth = Secret(token)
        self._edit_token = None

    def _get(self, path: str, query: Query) -> Any:
        def send() -> Reply:
            return self._client.request("GET", API + path, query=query, headers=self._header())

        try:
            reply = self._authed(send)
        except AuthRefused:
            raise self._revoked() from None
        return self._client.json(reply, f"GET {path}")

    def _post(self, path: str, form: list[tuple[str, str]], *, query: Query = ()) -> Reply:
        def send() -> Reply:
            return self._client.request(
                "POST", API + path, query=query, headers=self._header(), form=[*form, ("T", self._t())]
            )

        try:
            try:
                return self._authed(send)
            except AuthRefused:
                if self._edit_token is not None:
                    raise
            # FreshRSS and the original API have an edit token of their own: fetch it, then try once more.
            self._edit_token = self._fetch_edit_token()
            return send()
        except AuthRefused:
            raise self._revoked() from None

    def _authed(self, send: Callable[[], Reply]) -> Reply:
        """Send; on a bad session token sign in again once (tokens expire) and send again."""
        if self._auth is None:
            self.login()
        try:
            return send()
        except AuthRefused as exc:
            if not exc.bad_token:
                raise
        self.login()
        return send()

    def _revoked(self) -> SyncError:
        return self._client.error(
            "refused a token it had just issued (HTTP 401): the API password was changed or access revoked",
            kind="auth",
            status=401,
        )

    def _header(self) -> dict[str, str]:
        assert self._auth is not None
        return {"Authorization": f"GoogleLogin auth={self._auth.reveal()}"}

    def _t(self) -> str:
        token = self._edit_token or self._auth
        assert token is not None
        return token.reveal()

    def _fetch_edit_token(self) -> Secret:
        from reader.core.sync.account import Secret

        reply = self._client.request("GET", API + "token", headers=self._header())
        token = reply.text.strip()
        if not token:
            raise self._client.unexpected("GET token", "empty token")
        self._client.add_secret(token)
        return Secret(token)

    # ------------------------------------------------------------------------------------ pull

    def pull(self, cursor: str | None) -> Iterator[PullPage]:
        previous = _load_cursor(cursor)
        feeds = self._subscriptions()
        started = self._server_now()
        yield PullPage(feeds=feeds)
        every = self._ids([("s", READING_LIST)])
        unread = self._ids([("s", READING_LIST), ("xt", READ)])
        starred = self._ids([("s", STARRED)])
        self._known = {str(i): (i not in unread, i in starred) for i in every}
        if previous is None:
            known: set[int] = set()
            states: tuple[RemoteState, ...] = ()
        else:
            known = previous.ids & every
            since = _from_timestamp(previous.started)
            states = tuple(_differences(known, previous, unread, starred, since))
        fresh = sorted(every - known, reverse=True)  # newest first: the first pages are the ones read first
        total = len(states) + len(fresh)
        done = len(states)
        yield PullPage(states=states, done=done, total=total)
        fetched: set[int] = set()
        for start in range(0, len(fresh), self._contents_batch):
            entries = self._contents(fresh[start : start + self._contents_batch])
            fetched.update(int(entry.remote_id) for entry in entries)
            done += len(entries)
            yield PullPage(entries=entries, done=done, total=total)
        kept = known | fetched
        yield PullPage(
            cursor=json.dumps(
                {
                    "v": 1,
                    "service": "greader",
                    "started": started,
                    "ids": pack_ids(kept),
                    "unread": pack_ids(unread & kept),
                    "starred": pack_ids(starred & kept),
                },
                separators=(",", ":"),
            )
        )

    def _server_now(self) -> int | None:
        offset = self._client.clock_offset
        return None if offset is None else int(datetime.now(UTC).timestamp() + offset)

    def _subscriptions(self) -> tuple[RemoteFeed, ...]:
        data = self._get("subscription/list", [("output", "json")])
        try:
            return tuple(_feed(item) for item in data["subscriptions"])
        except (KeyError, TypeError, ValueError) as exc:
            raise self._client.unexpected("GET subscription/list", _why(exc)) from None

    def _ids(self, query: list[tuple[str, str]]) -> set[int]:
        """Every id of a stream, following continuations."""
        ids: set[int] = set()
        continuation = ""
        for _ in range(10_000):  # a bound, should a server repeat its continuation forever
            page = [("output", "json"), ("n", str(self._ids_page)), *query]
            if continuation:
                page.append(("c", continuation))
            data = self._get("stream/items/ids", page)
            try:
                refs = data.get("itemRefs") or []
                if not isinstance(data, dict) or not isinstance(refs, list):
                    raise TypeError("no itemRefs")
                before = len(ids)
                ids.update(_item_id(ref["id"]) for ref in refs)
                continuation = str(data.get("continuation") or "")
            except (AttributeError, KeyError, TypeError, ValueError) as exc:
                raise self._client.unexpected("GET stream/items/ids", _why(exc)) from None
            if not continuation or len(ids) == before:
                return ids
        raise self._client.unexpected("GET stream/items/ids", "continuations never end")

    def _contents(self, ids: list[int]) -> tuple[RemoteEntry, ...]:
        """Items by id; a batch whose answer is over the size cap is split in two and asked again."""
        form = [("i", _long_id(i)) for i in ids]
        try:
            reply = self._post("stream/items/contents", form, query=[("output", "json")])
        except SyncError as exc:
            if len(ids) > 1 and exc.kind == "protocol" and "size limit" in str(exc):
                half = len(ids) // 2
                return self._contents(ids[:half]) + self._contents(ids[half:])
            raise
        data = self._client.json(reply, "POST stream/items/contents")
        try:
            return tuple(_entry(item) for item in data["items"])
        except (KeyError, TypeError, ValueError) as exc:
            raise self._client.unexpected("POST stream/items/contents", _why(exc)) from None

    # ------------------------------------------------------------------------------------ push

    def push(self, changes: Iterable[StateChange]) -> Iterator[tuple[StateChange, ...]]:
        groups: dict[tuple[str, bool], dict[str, StateChange]] = {}
        already: list[StateChange] = []
        for change in changes:
            # Servers before Miniflux 2.3.0 toggled a tag an item already had: send only real changes.
            known = self._known.get(change.remote_id)
            if known is not None and known[0 if change.attribute == "read" else 1] == change.value:
                already.append(change)
                continue
            groups.setdefault((change.attribute, change.value), {})[change.remote_id] = change
        if already:
            yield tuple(already)  # the server has these already (as of this session's pull)
        for (attribute, value), by_id in groups.items():
            tag = READ if attribute == "read" else STARRED
            pending = list(by_id.values())
            for start in range(0, len(pending), self._push_batch):
                batch = tuple(pending[start : start + self._push_batch])
                form = [("i", _long_id(int(c.remote_id))) for c in batch]
                form.append(("a" if value else "r", tag))
                self._expect_ok(self._post("edit-tag", form), "POST edit-tag")
                yield batch

    def _expect_ok(self, reply: Reply, what: str) -> None:
        if reply.text.strip() != "OK":
            raise self._client.unexpected(what, "no OK")

    # ------------------------------------------------------------------------------------ feeds

    def subscribe(self, url: str, *, title: str | None = None, category: str | None = None) -> RemoteFeed:
        existing = self._find_feed(url)
        if existing is not None:
            return existing
        form = [("ac", "subscribe"), ("s", f"feed/{url}")]
        if title:
            form.append(("t", title))
        if category:
            form.append(("a", f"user/-/label/{category}"))
        self._expect_ok(self._post("subscription/edit", form), "POST subscription/edit")
        created = self._find_feed(url)
        if created is None:
            raise self._client.error(f"said it subscribed to {url} but does not list it", kind="protocol")
        return created

    def _find_feed(self, url: str) -> RemoteFeed | None:
        return next((feed for feed in self._subscriptions() if feed.url == url), None)

    def unsubscribe(self, feed_id: str) -> None:
        try:
            self._expect_ok(
                self._post("subscription/edit", [("ac", "unsubscribe"), ("s", feed_id)]), "POST subscription/edit"
            )
        except SyncError as exc:
            if exc.kind in ("auth", "network", "timeout"):
                raise
            if any(feed.remote_id == feed_id for feed in self._subscriptions()):
                raise
            # Already gone: some servers answer an error for a feed they no longer have.


# ---------------------------------------------------------------------------------------- the cursor


class _Snapshot:
    def __init__(self, started: int | None, ids: set[int], unread: set[int], starred: set[int]) -> None:
        self.started = started
        self.ids = ids
        self.unread = unread
        self.starred = starred


def _load_cursor(cursor: str | None) -> _Snapshot | None:
    """The last pull's sets; an unreadable or foreign cursor means a full pull (safe, only slower)."""
    if not cursor:
        return None
    try:
        data = json.loads(cursor)
        if data.get("service") != "greader" or data.get("v") != 1:
            return None
        started = data.get("started")
        return _Snapshot(
            started if isinstance(started, int) else None,
            unpack_ids(data["ids"]),
            unpack_ids(data["unread"]),
            unpack_ids(data["starred"]),
        )
    except (ValueError, AttributeError, KeyError, TypeError):
        return None


def _from_timestamp(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def _differences(
    known: set[int], previous: _Snapshot, unread: set[int], starred: set[int], since: datetime | None
) -> Iterator[RemoteState]:
    """Flags that differ from the last pull's; `since` (when that pull started) bounds when they changed."""
    for item in sorted(known):
        was_unread, is_unread = item in previous.unread, item in unread
        was_starred, is_starred = item in previous.starred, item in starred
        if was_unread != is_unread or was_starred != is_starred:
            yield RemoteState(
                str(item),
                read=(not is_unread) if was_unread != is_unread else None,
                starred=is_starred if was_starred != is_starred else None,
                changed_at=since,
            )


# ---------------------------------------------------------------------------------------- parsing


def _item_id(value: object) -> int:
    """An item id in any of the forms servers use: decimal, long form (hex), or 16 bare hex digits."""
    text = str(value).strip()
    if text.startswith(LONG_ID):
        return int(text[len(LONG_ID) :], 16)
    if text.isdigit():
        return int(text)
    if _HEX16.fullmatch(text):
        return int(text, 16)
    raise ValueError(f"item id {text[:40]!r}")


def _long_id(item: int) -> str:
    return f"{LONG_ID}{item:016x}"


def _feed(item: Any) -> RemoteFeed:
    categories = item.get("categories") or []
    label = next((c.get("label") for c in categories if isinstance(c, dict) and c.get("label")), None)
    stream = str(item["id"])
    url = str(item.get("url") or (stream[5:] if stream.startswith("feed/") else ""))
    if not url:
        raise ValueError(f"subscription {stream[:40]!r} has no url")
    return RemoteFeed(
        remote_id=stream,
        url=url,
        title=plain(item.get("title"), TITLE_MAX) or url,
        site_url=web_url(item.get("htmlUrl")),
        category=plain(label, TITLE_MAX) or None,
    )


def _entry(item: Any) -> RemoteEntry:
    categories = [str(c) for c in item.get("categories") or []]
    content = _text(item.get("content"))
    summary = _text(item.get("summary"))
    links = item.get("canonical") or item.get("alternate") or []
    url = next((web_url(link["href"]) for link in links if isinstance(link, dict) and web_url(link.get("href"))), None)
    origin = item.get("origin") or {}
    return RemoteEntry(
        remote_id=str(_item_id(item["id"])),
        feed_id=str(origin["streamId"]),
        title=plain(item.get("title"), TITLE_MAX),
        url=url,
        author=plain(item.get("author"), AUTHOR_MAX) or None,
        published=parse_time(item.get("published")),
        content_html=content or summary or "",
        summary_html=summary if summary and summary != content else None,
        read=any(c.endswith("/state/com.google/read") for c in categories),
        starred=any(c.endswith("/state/com.google/starred") for c in categories),
    )


def _text(block: object) -> str | None:
    if isinstance(block, dict) and isinstance(block.get("content"), str):
        return str(block["content"])
    return None


def _why(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"{exc.args[0]!r} is missing"
    return type(exc).__name__ if not str(exc) else str(exc)[:80]
