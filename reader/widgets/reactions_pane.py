"""ReactionsPane: the social posts embedded in the article, with author, handle, date, text and link."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.models import Reaction
from reader.widgets.display import one_line, safe, safe_block

PLATFORMS = {
    "x": "X",
    "twitter": "X",
    "bluesky": "Bluesky",
    "mastodon": "Mastodon",
    "instagram": "Instagram",
    "threads": "Threads",
    "tiktok": "TikTok",
    "facebook": "Facebook",
    "youtube": "YouTube",
}


class ReactionsPane(OptionList):
    """The open-link action opens the highlighted post."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reactions-pane--platform",
        "reactions-pane--meta",
        "reactions-pane--url",
        "reactions-pane--empty",
    }

    DEFAULT_CSS = """
    ReactionsPane {
        & > .reactions-pane--platform { color: $text-accent; text-style: bold; }
        & > .reactions-pane--meta { color: $text-muted; }
        & > .reactions-pane--url { color: $text-primary; text-style: underline; }
        & > .reactions-pane--empty { color: $text-muted; text-style: italic; }
    }
    """

    EMPTY = "No embedded posts in this article."

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._reactions: tuple[Reaction, ...] = ()

    @property
    def reactions(self) -> Sequence[Reaction]:
        return self._reactions

    @property
    def current(self) -> Reaction | None:
        if self.highlighted is None or not self._reactions:
            return None
        return self._reactions[min(self.highlighted, len(self._reactions) - 1)]

    def show(self, reactions: Sequence[Reaction], *, loading: bool = False) -> None:
        self._reactions = tuple(reactions)
        if not self._reactions:
            text = "Loading…" if loading else self.EMPTY
            self.set_options([Option(Content(text).stylize(".reactions-pane--empty"), disabled=True)])
            return
        options: list[Option | None] = []
        for index, reaction in enumerate(self._reactions):
            options.append(Option(self._prompt(reaction), id=f"reaction-{index}"))
            options.append(None)
        self.set_options(options[:-1])
        self.highlighted = 0

    @staticmethod
    def _prompt(reaction: Reaction) -> Content:
        platform = one_line(reaction.platform)
        name = PLATFORMS.get(platform.lower(), platform.title() or "Post")
        head = [Content(name).stylize(".reactions-pane--platform")]
        who = " ".join(x for x in (one_line(reaction.author), one_line(reaction.handle)) if x)
        if who:
            head += [Content(" · "), safe(who)]
        if reaction.date:
            head += [Content(" · "), safe(reaction.date, ".reactions-pane--meta")]
        lines = [Content.assemble(*head)]
        if reaction.text and reaction.text.strip():
            lines.append(safe_block(reaction.text))
        if reaction.url:
            lines.append(safe(reaction.url, ".reactions-pane--url"))
        return Content("\n").join(lines)
