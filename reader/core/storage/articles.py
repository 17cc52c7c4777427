"""Articles: the lists (newest first), one article, its reading, read and bookmark flags, positions in a list and
the next unread."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reader.core.models import ArticleSummary, Reading
from reader.core.storage.base import StorageBase, _chunks
from reader.core.storage.quotes import _store_quotes
from reader.core.storage.records import (
    _SUMMARY_COLUMNS,
    StoredArticle,
    _instant,
    _summary,
    reading_to_json,
)
from reader.core.storage.search import reading_search_text


class ArticlesMixin(StorageBase):
    """Storage's articles."""

    def articles(
        self,
        *,
        feed_id: int | None = None,
        unread: bool = False,
        bookmarked: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ArticleSummary]:
        where, params = self._filters(feed_id=feed_id, unread=unread, bookmarked=bookmarked)
        sql = f"SELECT {_SUMMARY_COLUMNS} FROM articles a {where} ORDER BY a.published DESC, a.id DESC"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [_summary(r) for r in self.conn.execute(sql, params)]

    def count_articles(
        self, *, feed_id: int | None = None, unread: bool = False, bookmarked: bool = False
    ) -> int:
        where, params = self._filters(feed_id=feed_id, unread=unread, bookmarked=bookmarked)
        return int(self.conn.execute(f"SELECT count(*) FROM articles a {where}", params).fetchone()[0])

    @staticmethod
    def _filters(*, feed_id: int | None, unread: bool, bookmarked: bool) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if feed_id is not None:
            clauses.append("a.feed_id = ?")
            params.append(feed_id)
        if unread:
            clauses.append("a.read = 0")
        if bookmarked:
            clauses.append("a.bookmarked = 1")
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params

    def article(self, article_id: int) -> StoredArticle | None:
        row = self.conn.execute(
            f"SELECT {_SUMMARY_COLUMNS}, a.summary, a.content, a.reading, a.image FROM articles a WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        return StoredArticle(_summary(row), row["summary"], row["content"], row["reading"], row["image"])

    def summary(self, article_id: int) -> ArticleSummary | None:
        sql = f"SELECT {_SUMMARY_COLUMNS} FROM articles a WHERE a.id = ?"
        row = self.conn.execute(sql, (article_id,)).fetchone()
        return _summary(row) if row else None

    def save_reading(self, article_id: int, reading: Reading) -> None:
        with self.transaction() as tx:
            tx.execute("UPDATE articles SET reading = ? WHERE id = ?", (reading_to_json(reading), article_id))
            row = tx.execute("SELECT title, author FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return
            tx.execute("UPDATE articles SET indexed = 1 WHERE id = ?", (article_id,))
            tx.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
            tx.execute(
                "INSERT INTO articles_fts (rowid, title, author, text) VALUES (?, ?, ?, ?)",
                (article_id, row["title"], row["author"] or "", reading_search_text(reading)),
            )
            _store_quotes(tx, article_id, reading.quotes, reading.version)

    def set_flag(self, article_ids: Iterable[int], column: str, value: bool) -> int:
        """Set read or bookmarked; returns how many articles changed.

        Each change of an article from the sync server is queued for it in the same transaction, so no crash can
        keep the change here and lose it for the server.
        """
        if column not in ("read", "bookmarked"):
            raise ValueError(column)
        kind = "read" if column == "read" else "starred"
        changed = 0
        now = _instant()
        with self.transaction() as tx:
            for chunk in _chunks(list(dict.fromkeys(article_ids))):
                marks = ",".join("?" * len(chunk))
                moved = [
                    r[0]
                    for r in tx.execute(
                        f"SELECT id FROM articles WHERE id IN ({marks}) AND {column} != ?", (*chunk, int(value))
                    )
                ]
                if not moved:
                    continue
                marks = ",".join("?" * len(moved))
                tx.execute(f"UPDATE articles SET {column} = ? WHERE id IN ({marks})", (int(value), *moved))
                tx.execute(
                    f"""INSERT INTO sync_queue (kind, target, value, changed_at)
                        SELECT ?, remote_id, ?, ? FROM sync_entries WHERE article_id IN ({marks})""",
                    (kind, int(value), now, *moved),
                )
                changed += len(moved)
        return changed

    def unread_ids(self, feed_id: int | None) -> list[int]:
        where, params = self._filters(feed_id=feed_id, unread=True, bookmarked=False)
        return [r[0] for r in self.conn.execute(f"SELECT a.id FROM articles a {where}", params)]

    def forget_orphan(self, article_id: int) -> None:
        """Delete an unbookmarked article whose feed is gone (it was kept only for its bookmark)."""
        with self.transaction() as tx:
            tx.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
            tx.execute(
                "DELETE FROM articles WHERE id = ? AND feed_id IS NULL AND bookmarked = 0", (article_id,)
            )

    # -- list positions ----------------------------------------------------------------------------

    _ORDER_BEFORE = "(a.published > ? OR (a.published = ? AND a.id > ?))"  # above a row in the list's order

    def position(self, article_id: int, *, feed_id: int | None = None, bookmarked: bool = False) -> int | None:
        """Where an article stands in a list (newest first), or None when the list does not hold it."""
        row = self.conn.execute("SELECT published, id FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        where, params = self._filters(feed_id=feed_id, unread=False, bookmarked=bookmarked)
        held = self.conn.execute(
            f"SELECT 1 FROM articles a {where} {'AND' if where else 'WHERE'} a.id = ?", [*params, article_id]
        ).fetchone()
        if held is None:
            return None
        where = f"{where} {'AND' if where else 'WHERE'} {self._ORDER_BEFORE}"
        count = self.conn.execute(
            f"SELECT count(*) FROM articles a {where}", [*params, row[0], row[0], row[1]]
        ).fetchone()[0]
        return int(count)

    def next_unread(
        self, article_id: int | None, direction: int, *, feed_id: int | None = None, bookmarked: bool = False,
        index: int = 0,
    ) -> tuple[int, ArticleSummary] | None:
        """The next (1) or previous (-1) unread article of a list after an article (None: from the top), with its
        position in the list: one statement, walking the list's own index from the article's place.

        When the article has left the list, the search starts from the row now at `index`.
        """
        if article_id is not None and self.conn.execute(
            "SELECT 1 FROM articles WHERE id = ?", (article_id,)
        ).fetchone() is None:
            listed = self.articles(feed_id=feed_id, bookmarked=bookmarked, limit=1, offset=max(0, index))
            article_id = listed[0].id if listed else None
        if article_id is None and direction < 0:
            return None
        where, params = self._filters(feed_id=feed_id, unread=True, bookmarked=bookmarked)
        order = "DESC" if direction > 0 else "ASC"
        if article_id is not None:
            beyond = ("(a.published < anchor.published OR (a.published = anchor.published AND a.id < anchor.id))"
                      if direction > 0 else
                      "(a.published > anchor.published OR (a.published = anchor.published AND a.id > anchor.id))")
            anchor = "anchor AS (SELECT published, id FROM articles WHERE id = ?),"
            source = "articles a, anchor"
            where = f"{where} AND {beyond}"
            params = [article_id, *params]
        else:
            anchor, source = "", "articles a"
        # The position is counted in the same statement, correlated on the row found.
        list_where, list_params = self._filters(feed_id=feed_id, unread=False, bookmarked=bookmarked)
        above = "(b.published > found.published OR (b.published = found.published AND b.id > found.id))"
        list_where = list_where.replace("a.", "b.")
        list_where = f"{list_where} {'AND' if list_where else 'WHERE'} {above}"
        row = self.conn.execute(
            f"""WITH {anchor} found AS (SELECT {_SUMMARY_COLUMNS} FROM {source} {where}
                    ORDER BY a.published {order}, a.id {order} LIMIT 1)
                SELECT found.*, (SELECT count(*) FROM articles b {list_where}) AS position FROM found""",
            [*params, *list_params],
        ).fetchone()
        if row is None:
            return None
        return int(row["position"]), _summary(row)
