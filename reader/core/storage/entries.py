"""One refresh of a feed stored: new entries become articles, entries edited upstream (their digest changed) are
taken again."""

from __future__ import annotations

import hashlib
import sqlite3

from reader.core.models import ParsedEntry, ParsedFeed
from reader.core.storage.base import StorageBase
from reader.core.storage.feeds import _retitle
from reader.core.storage.records import _iso, _now


def entry_digest(e: ParsedEntry) -> str:
    """What decides whether a stored item was edited upstream (the fields the article shows)."""
    parts = (e.title, e.summary or "", e.content or "", e.author or "")
    flags = "".join("1" if v is not None else "0" for v in (e.summary, e.content, e.author))
    return hashlib.blake2b("\0".join((flags, *parts)).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class EntriesMixin(StorageBase):
    """Storage's refresh of a feed."""

    def store_feed(
        self,
        feed_id: int,
        parsed: ParsedFeed,
        *,
        etag: str | None,
        last_modified: str | None,
        title_override: bool = True,
    ) -> int:
        """Store one refresh of a feed in one transaction; returns the number of new articles.

        Known articles keep their id, read and bookmark state; their text is updated when the feed changed it.
        Articles that left the feed stay. An unchanged entry costs a digest and no write. New and edited
        articles wait for index_pending() to enter the search index.
        """
        now = _now()
        with self.transaction() as tx:
            old_title = tx.execute("SELECT title FROM feeds WHERE id = ?", (feed_id,)).fetchone()[0]
            tx.execute(
                """UPDATE feeds SET title = CASE WHEN ? THEN ? ELSE title END, site_url = ?, etag = ?,
                   last_modified = ?, error = NULL, warning = ?, gone = 0, retry_after = NULL, last_checked = ?
                   WHERE id = ?""",
                (int(title_override), parsed.title, parsed.site_url, etag, last_modified, parsed.warning, now, feed_id),
            )
            feed_title = tx.execute("SELECT title FROM feeds WHERE id = ?", (feed_id,)).fetchone()[0]
            _retitle(tx, feed_id, old_title, feed_title)
            known = {
                key: (article_id, digest)
                for key, article_id, digest in tx.execute(
                    "SELECT key, id, digest FROM articles WHERE feed_id = ?", (feed_id,)
                )
            }
            fresh: list[tuple[ParsedEntry, str]] = []
            edited: list[tuple[int, ParsedEntry, str]] = []
            seen: set[str] = set()
            for e in parsed.entries:
                if e.key in seen:
                    continue  # a key repeated within one document: the first one counts
                seen.add(e.key)
                digest = entry_digest(e)
                old = known.get(e.key)
                if old is None:
                    fresh.append((e, digest))
                elif old[1] != digest:
                    edited.append((old[0], e, digest))
            if fresh:
                tx.executemany(
                    """INSERT INTO articles (feed_id, feed_title, key, title, url, author, published, updated,
                       summary, content, first_seen, digest, indexed, image)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)""",
                    [
                        (feed_id, feed_title, e.key, e.title, e.url, e.author, _iso(e.published) or now,
                         _iso(e.updated), e.summary, e.content, now, digest, e.image)
                        for e, digest in fresh
                    ],
                )
            for article_id, e, digest in edited:
                _update_entry(tx, article_id, e, digest)
        return len(fresh)


def _update_entry(tx: sqlite3.Connection, article_id: int, e: ParsedEntry, digest: str) -> None:
    row = tx.execute(
        "SELECT title, summary, content, author, digest FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    if row["digest"] is None and (row["title"], row["summary"], row["content"], row["author"]) == (
        e.title,
        e.summary,
        e.content,
        e.author,
    ):
        # Stored before digests existed and unchanged: just remember its digest.
        tx.execute("UPDATE articles SET digest = ? WHERE id = ?", (digest, article_id))
        return
    # The item was edited upstream: take the new text, keep read/bookmark state, re-read lazily, re-index soon.
    # A bookmarked article keeps the reading its reader saved (and its index entry).
    tx.execute(
        """UPDATE articles SET title = ?, url = ?, author = ?, updated = ?, summary = ?, content = ?, digest = ?,
               image = ?, reading = CASE WHEN bookmarked THEN reading ELSE NULL END,
               indexed = CASE WHEN bookmarked AND reading IS NOT NULL THEN indexed ELSE 0 END,
               quotes_version = CASE WHEN bookmarked AND reading IS NOT NULL THEN quotes_version ELSE 0 END
               WHERE id = ?""",
        (e.title, e.url, e.author, _iso(e.updated), e.summary, e.content, digest, e.image, article_id),
    )
