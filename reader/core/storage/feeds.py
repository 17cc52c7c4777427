"""Feeds: subscribing, unsubscribing, listing them, and what their last fetch said."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from reader.core.models import Feed
from reader.core.storage.base import StorageBase
from reader.core.storage.records import _dt, _instant, _iso, _now


class FeedsMixin(StorageBase):
    """Storage's feeds."""

    def add_feed(
        self, url: str, title: str = "", category: str | None = None, *, on_server: bool = False
    ) -> tuple[int, bool]:
        """Subscribe; returns (feed id, created). on_server: also queue the subscription for the sync server."""
        with self.transaction() as tx:
            row = tx.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
            if row:
                return int(row[0]), False
            cur = tx.execute(
                "INSERT INTO feeds (url, title, category, added) VALUES (?, ?, ?, ?)",
                (url, title, category, _now()),
            )
            feed_id = int(cur.lastrowid or 0)
            if on_server and url.startswith(("http://", "https://")):
                _queue_subscribe(tx, feed_id, url, title)
            return feed_id, True

    def remove_feed(self, feed_id: int) -> None:
        """Unsubscribe; bookmarked articles stay (their feed_id becomes NULL), the rest go.

        A feed on the sync server is queued for unsubscribing there; one whose subscription never left the queue
        just leaves it.
        """
        with self.transaction() as tx:
            tx.execute("DELETE FROM sync_queue WHERE kind = 'subscribe' AND feed_id = ?", (feed_id,))
            remote = tx.execute("SELECT remote_id FROM sync_feeds WHERE feed_id = ?", (feed_id,)).fetchone()
            if remote is not None:
                tx.execute(
                    "INSERT INTO sync_queue (kind, target, feed_id, changed_at) VALUES ('unsubscribe', ?, ?, ?)",
                    (remote[0], feed_id, _instant()),
                )
            _remove_feed(tx, feed_id)

    _FEED_COLUMNS = """
        f.id, f.url, f.title, f.site_url, f.category, f.error, f.warning, f.gone, f.last_checked, f.retry_after,
        (SELECT count(*) FROM articles a WHERE a.feed_id = f.id AND a.read = 0) AS unread,
        (SELECT count(*) FROM articles a WHERE a.feed_id = f.id) AS total
    """

    def feeds(self) -> list[Feed]:
        rows = self.conn.execute(
            f"SELECT {self._FEED_COLUMNS} FROM feeds f ORDER BY lower(f.title), f.id"
        ).fetchall()
        return [self._feed(r) for r in rows]

    def feed(self, feed_id: int) -> Feed | None:
        row = self.conn.execute(
            f"SELECT {self._FEED_COLUMNS} FROM feeds f WHERE f.id = ?", (feed_id,)
        ).fetchone()
        return self._feed(row) if row else None

    def feed_by_url(self, url: str) -> Feed | None:
        row = self.conn.execute(
            f"SELECT {self._FEED_COLUMNS} FROM feeds f WHERE f.url = ?", (url,)
        ).fetchone()
        return self._feed(row) if row else None

    @staticmethod
    def _feed(row: sqlite3.Row) -> Feed:
        return Feed(
            id=row["id"],
            url=row["url"],
            title=row["title"] or row["url"],
            site_url=row["site_url"],
            category=row["category"],
            error=row["error"],
            warning=row["warning"],
            unread=row["unread"],
            total=row["total"],
            gone=bool(row["gone"]),
            last_checked=_dt(row["last_checked"]),
            retry_after=_dt(row["retry_after"]),
        )

    def set_feed_error(
        self, feed_id: int, error: str, *, gone: bool = False, retry_after: datetime | None = None
    ) -> None:
        with self.transaction() as tx:
            tx.execute(
                "UPDATE feeds SET error = ?, gone = gone OR ?, retry_after = ?, last_checked = ? WHERE id = ?",
                (error, int(gone), _iso(retry_after), _now(), feed_id),
            )

    def set_not_modified(self, feed_id: int) -> None:
        with self.transaction() as tx:
            tx.execute(
                "UPDATE feeds SET error = NULL, retry_after = NULL, last_checked = ? WHERE id = ?",
                (_now(), feed_id),
            )

    def all_validators(self) -> dict[int, tuple[str | None, str | None]]:
        """feed id → (etag, last_modified) for every feed."""
        return {r[0]: (r[1], r[2]) for r in self.conn.execute("SELECT id, etag, last_modified FROM feeds")}


def _queue_subscribe(tx: sqlite3.Connection, feed_id: int, url: str, title: str | None) -> None:
    tx.execute(
        "INSERT INTO sync_queue (kind, target, feed_id, title, changed_at) VALUES ('subscribe', ?, ?, ?, ?)",
        (url, feed_id, title or None, _instant()),
    )


def _remove_feed(tx: sqlite3.Connection, feed_id: int) -> None:
    ids = [r[0] for r in tx.execute("SELECT id FROM articles WHERE feed_id = ? AND bookmarked = 0", (feed_id,))]
    tx.executemany("DELETE FROM articles_fts WHERE rowid = ?", ((i,) for i in ids))
    tx.execute("DELETE FROM articles WHERE feed_id = ? AND bookmarked = 0", (feed_id,))
    tx.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))


def _retitle(tx: sqlite3.Connection, feed_id: int, old_title: str, new_title: str) -> None:
    """A feed's new name shows on every article and quote it brought, not only on those stored after the change
    (rows keep the name so that a bookmark outlives its feed)."""
    if new_title == old_title:
        return
    tx.execute("UPDATE articles SET feed_title = ? WHERE feed_id = ?", (new_title, feed_id))
    tx.execute(
        "UPDATE quotes SET outlet = ? WHERE article_id IN (SELECT id FROM articles WHERE feed_id = ?)",
        (new_title, feed_id),
    )
