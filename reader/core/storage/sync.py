"""What ties the library to a feed server: the sync engine's store and the sync account's one row."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from reader.core.storage.base import _chunks
from reader.core.storage.entries import _update_entry, entry_digest
from reader.core.storage.feeds import _queue_subscribe, _remove_feed, _retitle
from reader.core.storage.records import _dt, _instant, _iso, _now

if TYPE_CHECKING:
    from reader.core.storage import Storage
    from reader.core.sync.engine import FeedOp, Known, LocalChange, PageStored
    from reader.core.sync.records import PullPage, RemoteEntry, RemoteFeed, StateChange


def _precise(value: datetime | None) -> str | None:
    """The server's time of change as it gave it (to the microsecond)."""
    return value.astimezone(UTC).isoformat() if value else None


class SyncTables:
    """The sync engine's store (engine.SyncStore) in the library file, and the sync account's one row.

    Each method is one transaction. Queue rows leave only when the server has the change (pushed), when a pull shows
    it has it or a later one (store_page's `dropped`), or when a feed operation is done or refused for good.
    """

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    # -- the account -------------------------------------------------------------------------------

    def open_account(self, account: str) -> bool:
        """Make `account` (service, address, user) the synced one; True until it has completed a first sync.

        Another account before it is forgotten: its cursor, remote ids and queued flag changes (they name its
        entries); the library's feeds and articles stay, and the next pull matches them to the new server's.
        """
        with self._storage.transaction() as tx:
            row = tx.execute("SELECT account, first_done FROM sync_state WHERE id = 1").fetchone()
            if row is None:
                tx.execute("INSERT INTO sync_state (id, account) VALUES (1, ?)", (account,))
                return True
            if row["account"] == account:
                return not row["first_done"]
            tx.execute("DELETE FROM sync_feeds")
            tx.execute("DELETE FROM sync_entries")
            tx.execute("DELETE FROM sync_queue WHERE kind IN ('read', 'starred', 'unsubscribe')")
            tx.execute(
                """UPDATE sync_state SET account = ?, cursor = NULL, first_done = 0, last_sync = NULL,
                   last_error = NULL WHERE id = 1""",
                (account,),
            )
            return True

    def finish(self, *, completed: bool, error: str | None) -> None:
        """Record how a sync ended: when it completed (the server may still have refused a feed), and its error."""
        with self._storage.transaction() as tx:
            if completed:
                tx.execute("UPDATE sync_state SET last_sync = ?, first_done = 1 WHERE id = 1", (_now(),))
            tx.execute("UPDATE sync_state SET last_error = ? WHERE id = 1", (error,))

    def status(self) -> tuple[str | None, datetime | None, str | None, int]:
        """(account, time of the last complete sync, the last sync's error, changes waiting for the server: flags of
        entries and feed operations, a flag changed twice counting once)."""
        conn = self._storage.conn
        row = conn.execute("SELECT account, last_sync, last_error FROM sync_state WHERE id = 1").fetchone()
        waiting = int(conn.execute("SELECT count(*) FROM (SELECT DISTINCT kind, target FROM sync_queue)").fetchone()[0])
        if row is None:
            return None, None, None, waiting
        return row["account"], _dt(row["last_sync"]), row["last_error"], waiting

    def synced_feed_ids(self) -> set[int]:
        return {r[0] for r in self._storage.conn.execute("SELECT feed_id FROM sync_feeds")}

    def queue_local_feeds(self) -> int:
        """Queue a subscription on the server for each web feed of the library it does not have; returns how many."""
        with self._storage.transaction() as tx:
            rows = tx.execute(
                """SELECT f.id, f.url, f.title FROM feeds f
                   WHERE (f.url LIKE 'http://%' OR f.url LIKE 'https://%')
                     AND f.id NOT IN (SELECT feed_id FROM sync_feeds)
                     AND f.id NOT IN (SELECT feed_id FROM sync_queue WHERE kind = 'subscribe' AND feed_id IS NOT NULL)
                   ORDER BY f.id"""
            ).fetchall()
            for row in rows:
                _queue_subscribe(tx, row["id"], row["url"], row["title"])
            return len(rows)

    # -- SyncStore ---------------------------------------------------------------------------------

    def cursor(self) -> str | None:
        row = self._storage.conn.execute("SELECT cursor FROM sync_state WHERE id = 1").fetchone()
        return row[0] if row else None

    def save_cursor(self, cursor: str) -> None:
        with self._storage.transaction() as tx:
            tx.execute("UPDATE sync_state SET cursor = ? WHERE id = 1", (cursor,))

    def feed_ops(self) -> list[FeedOp]:
        from reader.core.sync.engine import FeedOp

        rows = self._storage.conn.execute(
            "SELECT seq, kind, target, feed_id, title FROM sync_queue WHERE kind IN ('subscribe', 'unsubscribe') "
            "ORDER BY seq"
        ).fetchall()
        return [FeedOp(r["seq"], r["kind"], r["target"], r["title"], r["feed_id"]) for r in rows]

    def feed_op_done(self, op: FeedOp, feed: RemoteFeed | None) -> None:
        """Delete the op; a subscription done ties the local feed to the server's."""
        with self._storage.transaction() as tx:
            tx.execute("DELETE FROM sync_queue WHERE seq = ?", (op.seq,))
            if op.kind != "subscribe" or feed is None:
                return
            row = tx.execute("SELECT id FROM feeds WHERE id = ?", (op.feed_id,)).fetchone() or tx.execute(
                "SELECT id FROM feeds WHERE url = ?", (op.target,)
            ).fetchone()
            if row is not None:  # (removed here meanwhile: the next pull brings it back as the server's)
                _link_feed(tx, row[0], feed.remote_id)

    def feed_op_failed(self, op: FeedOp) -> None:
        """The server refused the op for good: it leaves the queue (a refused feed stays in this library only)."""
        with self._storage.transaction() as tx:
            tx.execute("DELETE FROM sync_queue WHERE seq = ?", (op.seq,))

    def pending(self) -> list[LocalChange]:
        from reader.core.sync.engine import LocalChange

        rows = self._storage.conn.execute(
            "SELECT seq, kind, target, value, changed_at FROM sync_queue WHERE kind IN ('read', 'starred') ORDER BY seq"
        ).fetchall()
        return [
            LocalChange(r["seq"], r["target"], r["kind"], bool(r["value"]), datetime.fromisoformat(r["changed_at"]))
            for r in rows
        ]

    def base(self, remote_ids: Iterable[str]) -> dict[str, Known]:
        from reader.core.sync.engine import Known

        known: dict[str, Known] = {}
        for chunk in _chunks(list(remote_ids)):
            marks = ",".join("?" * len(chunk))
            for r in self._storage.conn.execute(
                f"""SELECT remote_id, server_read, server_starred, server_changed_at FROM sync_entries
                    WHERE remote_id IN ({marks})""",
                chunk,
            ):
                known[r[0]] = Known(_flag(r[1]), _flag(r[2]), _dt(r[3]))
        return known

    def store_page(
        self, page: PullPage, apply: Sequence[StateChange], dropped: Sequence[int], guard_seq: int
    ) -> PageStored:
        from reader.core.sync.engine import PageStored

        with self._storage.transaction() as tx:
            feeds = self._store_feeds(tx, page.feeds) if page.feeds is not None else 0
            articles = self._store_entries(tx, page.entries) if page.entries else 0
            states = self._apply(tx, apply, guard_seq) if apply else 0
            tx.executemany(
                """UPDATE sync_entries SET server_read = coalesce(?, server_read),
                   server_starred = coalesce(?, server_starred), server_changed_at = ? WHERE remote_id = ?""",
                [(_bit(s.read), _bit(s.starred), _precise(s.changed_at), s.remote_id) for s in page.all_states()],
            )
            for chunk in _chunks(list(dropped)):
                tx.execute(f"DELETE FROM sync_queue WHERE seq IN ({','.join('?' * len(chunk))})", chunk)
        return PageStored(feeds, articles, states)

    def pushed(self, changes: Sequence[LocalChange]) -> None:
        with self._storage.transaction() as tx:
            for chunk in _chunks([c.seq for c in changes]):
                tx.execute(f"DELETE FROM sync_queue WHERE seq IN ({','.join('?' * len(chunk))})", chunk)
            for attribute, column in (("read", "server_read"), ("starred", "server_starred")):
                tx.executemany(
                    f"UPDATE sync_entries SET {column} = ?, server_changed_at = NULL WHERE remote_id = ?",
                    [(int(c.value), c.remote_id) for c in changes if c.attribute == attribute],
                )

    # -- pages -------------------------------------------------------------------------------------

    def _store_feeds(self, tx: sqlite3.Connection, feeds: Sequence[RemoteFeed]) -> int:
        """The server's whole subscription list: new ones made here, gone ones removed, titles followed."""
        linked = {r[0]: r[1] for r in tx.execute("SELECT remote_id, feed_id FROM sync_feeds")}
        by_url = {r["url"]: r for r in tx.execute("SELECT id, url, title, site_url, category FROM feeds")}
        leaving = {r[0] for r in tx.execute("SELECT target FROM sync_queue WHERE kind = 'unsubscribe'")}
        changes = 0
        listed: set[str] = set()
        kept: set[int] = set()  # local feeds tied to a listed feed (one may move from a remote id that is gone)
        for remote in feeds:
            listed.add(remote.remote_id)
            if remote.remote_id in leaving or not remote.url.startswith(("http://", "https://")):
                continue  # removed here while this sync ran (the next sync unsubscribes it), or no web feed
            title = remote.title or remote.url
            feed_id = linked.get(remote.remote_id)
            local = by_url.get(remote.url)
            if feed_id is None and local is not None:
                feed_id = local["id"]
                _link_feed(tx, feed_id, remote.remote_id)
            elif feed_id is None:
                cur = tx.execute(
                    "INSERT INTO feeds (url, title, site_url, category, added) VALUES (?, ?, ?, ?, ?)",
                    (remote.url, title, remote.site_url, remote.category, _now()),
                )
                feed_id = int(cur.lastrowid or 0)
                tx.execute("INSERT INTO sync_feeds (feed_id, remote_id) VALUES (?, ?)", (feed_id, remote.remote_id))
                changes += 1
                continue
            kept.add(feed_id)
            old_title = tx.execute("SELECT title FROM feeds WHERE id = ?", (feed_id,)).fetchone()[0]
            _retitle(tx, feed_id, old_title, title)
            changes += tx.execute(
                """UPDATE feeds SET title = ?, site_url = coalesce(?, site_url), category = ?
                   WHERE id = ? AND (title != ? OR category IS NOT ? OR site_url IS NOT coalesce(?, site_url))""",
                (title, remote.site_url, remote.category, feed_id, title, remote.category, remote.site_url),
            ).rowcount
        for remote_id, feed_id in linked.items():
            if remote_id not in listed and feed_id not in kept:  # unsubscribed on another device
                _remove_feed(tx, feed_id)
                changes += 1
        return changes

    def _store_entries(self, tx: sqlite3.Connection, entries: Sequence[RemoteEntry]) -> int:
        """New entries become articles (or are matched to the same story stored before sync); edits are taken."""
        feeds = {
            r[0]: (r[1], r[2])
            for r in tx.execute("SELECT s.remote_id, f.id, f.title FROM sync_feeds s JOIN feeds f ON f.id = s.feed_id")
        }
        known: dict[str, tuple[int, str | None]] = {}
        for chunk in _chunks([e.remote_id for e in entries]):
            marks = ",".join("?" * len(chunk))
            for r in tx.execute(
                f"""SELECT s.remote_id, a.id, a.digest FROM sync_entries s JOIN articles a ON a.id = s.article_id
                    WHERE s.remote_id IN ({marks})""",
                chunk,
            ):
                known[r[0]] = (r[1], r[2])
        unlinked: dict[int, dict[str, int]] = {}  # per feed: url -> an article stored before the feed was synced
        now = _now()
        new = 0
        for entry in entries:
            feed = feeds.get(entry.feed_id)
            if feed is None:
                continue  # its feed was removed here while this sync ran
            feed_id, feed_title = feed
            parsed = entry.as_parsed()
            digest = entry_digest(parsed)
            old = known.get(entry.remote_id)
            if old is not None:
                if old[1] != digest:
                    _update_entry(tx, old[0], parsed, digest)
                continue
            if feed_id not in unlinked:
                unlinked[feed_id] = {
                    r[0]: r[1]
                    for r in tx.execute(
                        """SELECT url, id FROM articles WHERE feed_id = ? AND url IS NOT NULL
                           AND id NOT IN (SELECT article_id FROM sync_entries)""",
                        (feed_id,),
                    )
                }
            match = unlinked[feed_id].pop(parsed.url, None) if parsed.url else None
            if match is None:
                row = tx.execute(
                    "SELECT id FROM articles WHERE feed_id = ? AND key = ?", (feed_id, parsed.key)
                ).fetchone()
                match = row[0] if row else None
            if match is not None:
                self._merge(tx, match, entry, _instant())
                article_id = match
            else:
                article_id = int(
                    tx.execute(
                        """INSERT INTO articles (feed_id, feed_title, key, title, url, author, published, updated,
                           summary, content, read, bookmarked, first_seen, digest, indexed)
                           VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, 0)""",
                        (feed_id, feed_title, parsed.key, parsed.title, parsed.url, parsed.author,
                         _iso(parsed.published) or now, parsed.summary, parsed.content, int(entry.read),
                         int(entry.starred), now, digest),
                    ).lastrowid
                    or 0
                )
                new += 1
            tx.execute(
                """INSERT INTO sync_entries (article_id, remote_id, server_read, server_starred, server_changed_at)
                   VALUES (?, ?, ?, ?, ?)""",
                (article_id, entry.remote_id, int(entry.read), int(entry.starred), _precise(entry.changed_at)),
            )
        return new

    @staticmethod
    def _merge(tx: sqlite3.Connection, article_id: int, entry: RemoteEntry, now: str) -> None:
        """An article stored before its feed was synced meets its entry: what either side read or bookmarked stays
        so (the server's flags arrive with the page; ours are queued for it, and win over the page's)."""
        row = tx.execute("SELECT read, bookmarked FROM articles WHERE id = ?", (article_id,)).fetchone()
        for kind, local, remote in (("read", row["read"], entry.read), ("starred", row["bookmarked"], entry.starred)):
            if local and not remote:
                tx.execute(
                    "INSERT INTO sync_queue (kind, target, value, changed_at) VALUES (?, ?, 1, ?)",
                    (kind, entry.remote_id, now),
                )

    @staticmethod
    def _apply(tx: sqlite3.Connection, apply: Sequence[StateChange], guard_seq: int) -> int:
        """Set the server's flags here, except where a change made here during this sync waits to go out."""
        newer = {
            (r[0], r[1])
            for r in tx.execute(
                "SELECT target, kind FROM sync_queue WHERE seq > ? AND kind IN ('read', 'starred')", (guard_seq,)
            )
        }
        ids: dict[str, int] = {}
        for chunk in _chunks(list({c.remote_id for c in apply})):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT remote_id, article_id FROM sync_entries WHERE remote_id IN ({marks})"
            ids.update((r[0], r[1]) for r in tx.execute(sql, chunk))
        changed = 0
        for change in apply:
            article_id = ids.get(change.remote_id)
            if article_id is None or (change.remote_id, change.attribute) in newer:
                continue
            column = "read" if change.attribute == "read" else "bookmarked"
            changed += tx.execute(
                f"UPDATE articles SET {column} = ? WHERE id = ? AND {column} != ?",
                (int(change.value), article_id, int(change.value)),
            ).rowcount
        return changed


def _link_feed(tx: sqlite3.Connection, feed_id: int, remote_id: str) -> None:
    """Tie a local feed to a server's feed (each side to one other only)."""
    tx.execute("DELETE FROM sync_feeds WHERE remote_id = ? OR feed_id = ?", (remote_id, feed_id))
    tx.execute("INSERT INTO sync_feeds (feed_id, remote_id) VALUES (?, ?)", (feed_id, remote_id))


def _flag(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _bit(value: bool | None) -> int | None:
    return None if value is None else int(value)
