"""A Miniflux user for one test: its feeds on the loopback host, its entries, and backends signed in as it."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from reader.core.fetch import FetchLimits
from reader.core.sync.account import Secret, SyncAccount
from reader.core.sync.backend import SyncBackend
from reader.core.sync.greader import GReaderBackend
from reader.core.sync.miniflux import MinifluxBackend
from tests.httpserver import LoopbackServer
from tests.sync.feeds import article_page, rss
from tests.sync.miniflux_server import MinifluxServer


@dataclass
class MinifluxUser:
    server: MinifluxServer
    feed_host: LoopbackServer
    username: str
    password: str
    user_id: int
    greader_username: str
    greader_password: str
    feed_urls: dict[int, str] = field(default_factory=dict)  # Miniflux feed id -> url

    @classmethod
    def create(cls, server: MinifluxServer, feed_host: LoopbackServer, name: str) -> MinifluxUser:
        password = f"{name}-login-password"
        user_id = server.create_user(name, password)
        greader_username, greader_password = f"{name}-gr", f"{name}-api-password"
        server.enable_google_reader(user_id, greader_username, greader_password)
        return cls(server, feed_host, name, password, user_id, greader_username, greader_password)

    # the server side, as another client (a phone) would change it

    def api(self, method: str, path: str, body: Any = None) -> Any:
        return self.server.api(method, path, body, auth=(self.username, self.password))

    def feed_url(self, name: str) -> str:
        return self.feed_host.url(f"/{self.username}/{name}.xml")

    def serve_feed(self, name: str, numbers: range | list[int], *, pages: bool = False) -> str:
        """Serve a feed; with pages, its items link to article pages on the same loopback host, served too."""
        base_url = "https://news.example.org"
        if pages:
            base_url = self.feed_host.url(f"/{self.username}/pages").rstrip("/")
            for number in numbers:
                self.feed_host.route(
                    f"/{self.username}/pages/{name}/{number}",
                    body=article_page(name, number),
                    headers={"Content-Type": "text/html; charset=utf-8"},
                )
        return self.feed_host.route(
            f"/{self.username}/{name}.xml",
            body=rss(name, numbers, base_url=base_url),
            headers={"Content-Type": "application/rss+xml"},
        )

    def add_feed(self, name: str, numbers: range | list[int], *, pages: bool = False) -> int:
        """Serve a feed and subscribe to it on the server (Miniflux fetches it at once)."""
        url = self.serve_feed(name, numbers, pages=pages)
        category = self.api("GET", "/v1/categories")[0]["id"]
        feed_id = int(self.api("POST", "/v1/feeds", {"feed_url": url, "category_id": category})["feed_id"])
        self.feed_urls[feed_id] = url
        return feed_id

    def refresh(self, feed_id: int) -> None:
        self.api("PUT", f"/v1/feeds/{feed_id}/refresh")

    def entries(self, **query: str) -> list[dict[str, Any]]:
        params = urllib.parse.urlencode({"limit": "1000", "order": "id", "direction": "asc", **query})
        return list(self.api("GET", f"/v1/entries?{params}")["entries"])

    def entry(self, entry_id: int | str) -> dict[str, Any]:
        return dict(self.api("GET", f"/v1/entries/{int(entry_id)}"))

    def ids(self, **query: str) -> list[int]:
        return [int(e["id"]) for e in self.entries(**query)]

    def id_of(self, title: str) -> int:
        return next(int(e["id"]) for e in self.entries() if e["title"] == title)

    def all_ids(self) -> list[int]:
        """Every entry id of this user, however many (the REST API pages at 1,000)."""
        rows = self.server.sql(f"SELECT id FROM entries WHERE user_id = {self.user_id} ORDER BY id")
        return [int(row) for row in rows.split()]

    def set_status(self, ids: list[int], status: str) -> None:
        self.api("PUT", "/v1/entries", {"entry_ids": ids, "status": status})

    def set_starred(self, ids: list[int], starred: bool) -> None:
        self.api("PUT", "/v1/entries", {"entry_ids": ids, "starred": starred})

    def age_entries(self, hours: int = 1) -> None:
        """Move every change of this user's entries an hour back, as on an account in use for a while."""
        self.server.sql(
            f"UPDATE entries SET changed_at = changed_at - interval '{int(hours)} hours' WHERE user_id = {self.user_id}"
        )

    # our side

    def account(self, service: str, *, password: str | None = None) -> SyncAccount:
        if service == "miniflux":
            return SyncAccount("miniflux", self.server.url, self.username, Secret(password or self.password))
        return SyncAccount("greader", self.server.url, self.greader_username, Secret(password or self.greader_password))

    def backend(
        self, service: str, *, password: str | None = None, limits: FetchLimits | None = None, **options: Any
    ) -> SyncBackend:
        account = self.account(service, password=password)
        if service == "miniflux":
            return MinifluxBackend(account, limits=limits, **options)
        return GReaderBackend(account, limits=limits, **options)

    def remote_feed_id(self, service: str, feed_id: int) -> str:
        return str(feed_id) if service == "miniflux" else f"feed/{feed_id}"
