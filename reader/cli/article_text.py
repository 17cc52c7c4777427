"""An article as the terminal shows it (`show`, `analyze`) and as Markdown (`bookmarks --format md`)."""

from __future__ import annotations

from typing import Any

from reader.cli.output import _date


def render_article(title: str, meta: list[str], reading: Any) -> str:
    lines = [title, "=" * min(len(title), 78)]
    lines += [m for m in meta if m]
    if reading.subtitle:
        lines += ["", reading.subtitle]
    lines += ["", reading.plain_text.strip() or "(no text)", ""]
    lines += ["Quotes", "------"]
    if reading.quotes:
        for q in reading.quotes:
            who = ", ".join(x for x in (q.speaker, q.role) if x) or "unattributed"
            lines.append(f"“{q.text}”\n    — {who}")
    else:
        lines.append("No quotes in this article.")
    lines += ["", "Reactions", "---------"]
    if reading.reactions:
        for r in reading.reactions:
            who = " ".join(x for x in (r.author, f"({r.handle})" if r.handle else None) if x) or "unknown"
            lines.append(f"[{r.platform}] {who}{' · ' + r.date if r.date else ''}")
            if r.text:
                lines.append(f"    {r.text}")
            if r.url:
                lines.append(f"    {r.url}")
    else:
        lines.append("No embedded posts in this article.")
    lines += ["", "Author", "------"]
    if reading.author_bio:
        if reading.author_bio.name:
            lines.append(reading.author_bio.name)
        lines.append(reading.author_bio.text)
    else:
        lines.append("No author bio in this article.")
    return "\n".join(lines)


def article_markdown(article: Any) -> str:
    r = article.reading
    parts = [f"## {article.title}", ""]
    meta = [
        x
        for x in (
            article.feed_title,
            article.author or r.author,
            _date(article.published) if article.published else None,
        )
        if x
    ]
    parts.append(" · ".join(meta))
    if article.url:
        parts.append(f"<{article.url}>")
    if r.subtitle:
        parts += ["", f"*{r.subtitle}*"]
    parts += ["", r.text.strip()]
    if r.quotes:
        parts += ["", "### Quotes", ""]
        parts += [
            f"- “{q.text}” — {', '.join(x for x in (q.speaker, q.role) if x) or 'unattributed'}"
            for q in r.quotes
        ]
    if r.reactions:
        parts += ["", "### Reactions", ""]
        parts += [
            f"- {x.platform}: {x.author or ''} {x.handle or ''} {x.url or ''}".rstrip() for x in r.reactions
        ]
    if r.author_bio:
        parts += [
            "",
            "### Author",
            "",
            f"{r.author_bio.name + ': ' if r.author_bio.name else ''}{r.author_bio.text}",
        ]
    return "\n".join(parts) + "\n"
