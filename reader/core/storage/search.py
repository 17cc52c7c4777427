"""The FTS5 search index: what it stores for an article, filling it after a refresh, and searching it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import suppress

from reader.core.models import ArticleSummary, Reading
from reader.core.safe import strip_tags
from reader.core.storage.base import StorageBase
from reader.core.storage.records import _SUMMARY_COLUMNS, _summary, reading_from_json


def search_text(html: str | None) -> str:
    """What the search index stores for an item not yet read: its words, tags dropped, entities decoded.

    Whitespace is left as it comes (FTS5 ignores it, and search() folds it in the snippets it returns).
    """
    return strip_tags(html)


def reading_search_text(reading: Reading) -> str:
    """What the search index stores for an item once read: its dek, text and quotes."""
    return "\n".join(filter(None, [reading.subtitle, reading.plain_text] + [q.text for q in reading.quotes]))


_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(query: str) -> str | None:
    """A user's words → a safe FTS5 query: every word must match, the last as a prefix."""
    words = _FTS_WORD.findall(query)
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


class SearchMixin(StorageBase):
    """Storage's search index."""

    def pending_index(self) -> int:
        """How many stored articles wait to enter the search index."""
        return int(self.conn.execute("SELECT count(*) FROM articles WHERE indexed = 0").fetchone()[0])

    def index_pending(self, limit: int = 500) -> int:
        """Put up to `limit` waiting articles in the search index (one transaction); returns how many.

        Their text is made before the write lock is taken; an article read or edited meanwhile is left to
        whoever changed it (save_reading indexes it; an edit queues it again).
        """
        rows = self.conn.execute(
            "SELECT id, title, author, summary, content, reading FROM articles WHERE indexed = 0 ORDER BY id LIMIT ?",
            (limit,),
        ).fetchall()
        if not rows:
            return 0
        entries = []
        for row in rows:
            text = None
            if row["reading"]:
                with suppress(ValueError, TypeError, KeyError):
                    text = reading_search_text(reading_from_json(row["reading"]))
            if text is None:
                text = search_text(row["content"] or row["summary"])
            entries.append((row["id"], row["title"], row["author"] or "", text))
        done = 0
        with self.transaction() as tx:
            for article_id, title, author, text in entries:
                if tx.execute("UPDATE articles SET indexed = 1 WHERE id = ? AND indexed = 0", (article_id,)).rowcount:
                    tx.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
                    tx.execute(
                        "INSERT INTO articles_fts (rowid, title, author, text) VALUES (?, ?, ?, ?)",
                        (article_id, title, author, text),
                    )
                    done += 1
        return done

    def search(
        self, query: str, *, limit: int = 200, speakers: Sequence[Sequence[int]] = ()
    ) -> list[tuple[ArticleSummary, str]]:
        """Full-text search; each hit comes with a snippet whose matches are wrapped in \\x02…\\x03.

        `speakers`: keep only articles quoting someone of each group (the people a `said:NAME` names). With no
        words, those articles newest first, each with the first such quote as its snippet.
        """
        quoting = " AND ".join(
            f"{{id}} IN (SELECT article_id FROM quotes WHERE speaker_id IN ({','.join('?' * len(group))}))"
            for group in speakers
        )
        quoting_params = [i for group in speakers for i in group]
        match = fts_query(query)
        if match is None:
            if not speakers:
                return []
            first = ",".join("?" * len(speakers[0]))
            rows = self.conn.execute(
                f"""SELECT {_SUMMARY_COLUMNS}, (SELECT '“' || q.text || '” — ' || char(2) || q.speaker || char(3)
                        FROM quotes q WHERE q.article_id = a.id AND q.speaker_id IN ({first})
                        ORDER BY q.position LIMIT 1) AS snip
                    FROM articles a WHERE {quoting.format(id="a.id")}
                    ORDER BY a.published DESC, a.id DESC LIMIT ?""",
                [*speakers[0], *quoting_params, limit],
            ).fetchall()
            return [(_summary(r), " ".join((r["snip"] or "").split())) for r in rows]
        within = f"AND {quoting.format(id='rowid')}" if speakers else ""
        # ORDER BY rank (bm25 with these weights, set per query) lets FTS5 sort inside the index and stop at
        # the limit, so snippets are made for the hits shown, not for every match: 4x faster on common words.
        rows = self.conn.execute(
            f"""SELECT {_SUMMARY_COLUMNS}, hit.snip FROM (
                    SELECT rowid AS id, rank, snippet(articles_fts, -1, char(2), char(3), '…', 16) AS snip
                    FROM articles_fts WHERE articles_fts MATCH ? AND rank MATCH 'bm25(10.0, 2.0, 1.0)' {within}
                    ORDER BY rank LIMIT ?
                ) AS hit JOIN articles a ON a.id = hit.id
                ORDER BY hit.rank, a.published DESC""",
            (match, *quoting_params, limit),
        ).fetchall()
        return [(_summary(r), " ".join((r["snip"] or "").split())) for r in rows]
