"""Quotes and the people quoted (the Sources view): every quote of every article, a named speaker one person across
the library."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from reader.core.models import Quote, QuoteHit, Source
from reader.core.sources import is_named, matches, speaker_key
from reader.core.storage.base import StorageBase
from reader.core.storage.records import _dt, _iso


def _store_quotes(tx: sqlite3.Connection, article_id: int, quotes: Sequence[Quote], version: int) -> None:
    """An article's quotes replace what was stored for it; named speakers become (or find) their person."""
    row = tx.execute("SELECT feed_id, feed_title, published FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return
    tx.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
    for position, quote in enumerate(quotes):
        speaker_id = None
        if is_named(quote.speaker):
            assert quote.speaker is not None
            name = " ".join(quote.speaker.split())
            key = speaker_key(name)
            found = tx.execute("SELECT id FROM speakers WHERE key = ?", (key,)).fetchone()
            if found is None:
                speaker_id = tx.execute("INSERT INTO speakers (key, name) VALUES (?, ?)", (key, name)).lastrowid
            else:
                speaker_id = found[0]
        tx.execute(
            """INSERT INTO quotes (article_id, position, speaker_id, speaker, role, text, feed_id, outlet,
                   published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (article_id, position, speaker_id, quote.speaker, quote.role, quote.text, row["feed_id"],
             row["feed_title"] or "", row["published"]),
        )
    tx.execute("UPDATE articles SET quotes_version = ? WHERE id = ?", (max(1, version), article_id))


class QuotesMixin(StorageBase):
    """Storage's quotes and sources."""

    def store_quotes(self, batch: Sequence[tuple[int, Sequence[Quote], int]]) -> None:
        """Store the quotes of several articles, (article id, quotes, reading-engine version) each, at once."""
        with self.transaction() as tx:
            for article_id, quotes, version in batch:
                _store_quotes(tx, article_id, quotes, version)

    def quotes_pending(self, version: int, limit: int) -> list[int]:
        """Articles whose stored quotes (if any) come from an engine older than `version`, newest first."""
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE quotes_version < ? ORDER BY quotes_version, id DESC LIMIT ?",
            (version, limit),
        )
        return [r[0] for r in rows]

    def count_quotes_pending(self, version: int) -> int:
        return int(self.conn.execute(
            "SELECT count(*) FROM articles WHERE quotes_version < ?", (version,)).fetchone()[0])

    @staticmethod
    def _quote_filters(feed_id: int | None, since: datetime | None) -> tuple[str, list[Any]]:
        clauses: list[str] = ["q.speaker_id IS NOT NULL"]
        params: list[Any] = []
        if feed_id is not None:
            clauses.append("q.feed_id = ?")
            params.append(feed_id)
        if since is not None:
            clauses.append("q.published >= ?")
            params.append(_iso(since))
        return " AND ".join(clauses), params

    def sources(
        self, *, feed_id: int | None = None, since: datetime | None = None, limit: int | None = None,
        order: str = "count",
    ) -> list[Source]:
        """Everyone quoted (named speakers only), with their roles, outlets, count and last date."""
        where, params = self._quote_filters(feed_id, since)
        ordering = "n DESC, last DESC, s.name" if order == "count" else "last DESC, n DESC, s.name"
        sql = f"""SELECT s.id, s.key, s.name, agg.n, agg.last FROM (
                      SELECT q.speaker_id, count(*) AS n, max(q.published) AS last
                      FROM quotes q INDEXED BY quotes_by_speaker WHERE {where} GROUP BY q.speaker_id
                  ) AS agg JOIN speakers s ON s.id = agg.speaker_id ORDER BY {ordering}"""
        if limit is not None:
            sql += " LIMIT ?"
            params = [*params, limit]
        rows = self.conn.execute(sql, params).fetchall()
        if not rows:
            return []
        wanted = {r["id"] for r in rows} if limit is not None else None
        roles = self._speaker_values("role", feed_id, since, wanted)
        outlets = self._speaker_values("outlet", feed_id, since, wanted)
        return [
            Source(
                key=r["key"], name=r["name"], roles=tuple(roles.get(r["id"], ())), quotes=r["n"],
                outlets=tuple(outlets.get(r["id"], ())), last_quoted=_dt(r["last"]),
            )
            for r in rows
        ]

    def _speaker_values(
        self, column: str, feed_id: int | None, since: datetime | None, wanted: set[int] | None
    ) -> dict[int, list[str]]:
        """speaker id → the distinct values of `column` (role or outlet) they were quoted with, latest first."""
        assert column in ("role", "outlet")
        where, params = self._quote_filters(feed_id, since)
        if wanted is not None:  # a --limit: only the people shown, found through the index
            where += f" AND q.speaker_id IN ({','.join('?' * len(wanted))})"
            params = [*params, *sorted(wanted)]
        index = "quotes_roles" if column == "role" else "quotes_outlets"
        # One row a person: their distinct values, the latest first, joined by a unit separator (feed text is
        # scrubbed of control characters, so it never holds one). A popular name quoted by every feed has a
        # value per feed: 100,000 rows would cost Python more than the query.
        rows = self.conn.execute(
            f"""SELECT speaker_id, group_concat(value, char(31)) FROM (
                    SELECT q.speaker_id AS speaker_id, q.{column} AS value, max(q.published) AS last
                    FROM quotes q INDEXED BY {index}
                    WHERE {where} AND q.{column} IS NOT NULL AND q.{column} != ''
                    GROUP BY q.speaker_id, q.{column} ORDER BY q.speaker_id, last DESC
                ) GROUP BY speaker_id""",
            params,
        )
        values: dict[int, list[str]] = {}
        for speaker_id, joined in rows:
            found = joined.split("\x1f")
            if column == "role":  # "City manager" and "city manager" are one role
                found = list({" ".join(v.casefold().split()): v for v in reversed(found)}.values())[::-1]
            values[speaker_id] = found
        return values

    def count_sources(self) -> int:
        return int(self.conn.execute(
            "SELECT count(DISTINCT speaker_id) FROM quotes WHERE speaker_id IS NOT NULL").fetchone()[0])

    def speakers_by_key(self, key: str) -> list[int]:
        row = self.conn.execute("SELECT id FROM speakers WHERE key = ?", (key,)).fetchone()
        return [row[0]] if row else []

    def speakers_named(self, name: str) -> list[int]:
        """The people `name` names: the same full name, or a name holding its words ("Nguyen" → Lan Nguyen)."""
        key = speaker_key(name)
        if not key:
            return []
        exact = self.conn.execute("SELECT id FROM speakers WHERE key = ?", (key,)).fetchone()
        if exact is not None:
            return [exact[0]]
        first = key.split()[0]
        rows = self.conn.execute("SELECT id, key FROM speakers WHERE key LIKE ?", (f"%{first}%",))
        return [r[0] for r in rows if matches(r[1], name)]

    def quotes(
        self, *, speaker_ids: Sequence[int] | None = None, feed_id: int | None = None, limit: int | None = None,
        named_only: bool = False,
    ) -> list[QuoteHit]:
        """Stored quotes, newest first (in reading order within an article), with their article."""
        clauses: list[str] = []
        params: list[Any] = []
        if speaker_ids is not None:
            clauses.append(f"q.speaker_id IN ({','.join('?' * len(speaker_ids))})")
            params += list(speaker_ids)
        if named_only:
            clauses.append("q.speaker_id IS NOT NULL")
        if feed_id is not None:
            clauses.append("q.feed_id = ?")
            params.append(feed_id)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        sql = f"""SELECT q.text, q.speaker, q.role, q.article_id, a.title, q.outlet, q.published, q.feed_id
                  FROM quotes q JOIN articles a ON a.id = q.article_id {where}
                  ORDER BY q.published DESC, q.article_id DESC, q.position"""
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [
            QuoteHit(text=r[0], speaker=r[1], role=r[2], article_id=r[3], title=r[4], feed_title=r[5],
                     published=_dt(r[6]), feed_id=r[7])
            for r in self.conn.execute(sql, params)
        ]
