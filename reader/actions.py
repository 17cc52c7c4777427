"""Every user action, declared once: key bindings, the footer, the command palette and help derive from it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Literal

from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider

Scope = Literal["app", "nav", "main", "reading", "search", "sources", "dialog", "help"]

SCOPE_TITLES: dict[Scope, str] = {
    "app": "Everywhere",
    "nav": "Moving around (every list and pane)",
    "main": "Feeds and articles",
    "reading": "Reading an article",
    "search": "Search",
    "sources": "Sources: everyone quoted",
    "dialog": "Questions and text boxes",
    "help": "This help",
}


@dataclass(frozen=True)
class Action:
    """One thing a user can do."""

    id: str  # the name used in config.toml's [keys] table
    keys: str  # default keys, comma-separated, in Textual's key names
    description: str  # short: shown in the footer and the palette
    scope: Scope  # where it applies; "nav" applies on every screen with lists or panes
    show: bool = False  # shown in the footer?
    action: str | None = None  # the Textual action to run, when it differs from `id`
    help: str = ""  # a longer explanation for the help screen and the palette
    palette: bool = True  # offered in the command palette?
    priority: bool = False  # works even while typing in a text box

    @property
    def textual_action(self) -> str:
        return self.action or self.id


ACTIONS: tuple[Action, ...] = (
    # -- everywhere ---------------------------------------------------------------------------------
    Action("help", "question_mark", "Help", "app", show=True, help="List every key and what it does"),
    Action("search", "slash", "Search", "app", show=True,
           help='Search every stored article (said:Name, or said:"Full Name", finds articles quoting someone)'),
    Action("sources", "s", "Sources", "app",
           help="Everyone quoted across your feeds: how often, in which outlets, saying what"),
    Action("command_palette", "ctrl+p", "Commands", "app", palette=False, priority=True,
           help="Open the command palette: every action by name"),
    # -- moving around ------------------------------------------------------------------------------
    Action("cursor_down", "j", "Down", "nav", help="Move down one line", palette=False),
    Action("cursor_up", "k", "Up", "nav", help="Move up one line", palette=False),
    Action("cursor_top", "g", "Top", "nav", help="Go to the top", palette=False),
    Action("cursor_bottom", "G", "Bottom", "nav", help="Go to the bottom", palette=False),
    Action("half_page_down", "ctrl+d", "Half page down", "nav", help="Move down half a page", palette=False),
    Action("half_page_up", "ctrl+u", "Half page up", "nav", help="Move up half a page", palette=False),
    Action("pane_next", "l,tab", "Next pane", "nav", help="Move to the next pane (right)"),
    Action("pane_previous", "h,shift+tab", "Previous pane", "nav", help="Move to the previous pane (left)"),
    # -- feeds and articles -------------------------------------------------------------------------
    Action("open", "enter", "Open", "main", help="Open the selected feed or article"),
    Action("quit", "q", "Quit", "main", show=True, help="Quit the reader"),
    Action("cancel_refresh", "escape", "Cancel refresh", "main", help="Stop a running refresh"),
    Action("next_unread", "n", "Next unread", "main", help="Go to the next unread article"),
    Action("previous_unread", "p", "Prev unread", "main", help="Go to the previous unread article"),
    Action("toggle_read", "N", "Read/unread", "main", help="Toggle the selected article read or unread"),
    Action("mark_feed_read", "A", "Mark feed read", "main",
           help="Mark every article of the selected feed read (u undoes)"),
    Action("undo", "u", "Undo", "main", help="Undo the last mark-feed-read"),
    Action("bookmark", "b", "Bookmark", "main", show=True,
           help="Bookmark the selected article, or remove it"),
    Action("refresh_feed", "r", "Refresh", "main", show=True, help="Refresh the selected feed"),
    Action("refresh_all", "R", "Refresh all", "main", help="Refresh every feed"),
    Action("sync", "S", "Sync now", "main",
           help="Sync with the feed server now: send read and bookmark changes, bring what changed there"),
    Action("open_link", "o", "Open in browser", "main", help="Open the selected article's web page"),
    Action("add_feed", "a", "Add feed", "main", show=True,
           help="Subscribe to a feed, or to the feed a web page names"),
    Action("remove_feed", "d", "Remove feed", "main", help="Unsubscribe from the selected feed (asks first)"),
    Action("import_samples", "i", "Sample feeds", "main", show=True,
           help="Subscribe to the bundled sample feeds (only when there are no feeds)"),
    # -- reading ------------------------------------------------------------------------------------
    Action("back", "escape,q", "Back", "reading", show=True, help="Back to the list"),
    Action("next_unread", "n", "Next unread", "reading", show=True, help="Read the next unread article"),
    Action("previous_unread", "p", "Prev unread", "reading", help="Read the previous unread article"),
    Action("toggle_read", "N", "Read/unread", "reading", help="Mark this article unread, or read again"),
    Action("bookmark", "b", "Bookmark", "reading", show=True, help="Bookmark this article, or remove it"),
    Action("open_link", "o", "Open link", "reading", show=True,
           help="Open the article's web page (in Reactions: the selected post)"),
    Action("toggle_images", "i", "Photo", "reading",
           help="Show or hide lead photos (for this session; images = \"off\" in config.toml turns them off)"),
    # -- search -------------------------------------------------------------------------------------
    Action("back", "escape", "Back", "search", show=True, help="Back to the list"),
    Action("quit_search", "q", "Back", "search", action="back", palette=False,
           help="Back to the list (when the results have focus)"),
    Action("open", "enter", "Open", "search", show=True, help="Run the search, or open the selected result"),
    # -- sources ------------------------------------------------------------------------------------
    Action("back", "escape", "Back", "sources", show=True, help="Clear the filter, or go back to the list"),
    Action("open", "enter", "Open", "sources", show=True,
           help="Show the person's quotes; on a quote, open the article at it"),
    Action("sort_sources", "ctrl+s", "Sort", "sources", show=True,
           help="Sort by number of quotes, or by who was quoted last"),
    Action("filter_sources", "slash", "Filter", "sources", action="focus_filter",
           help="Type to filter the sources by name, role or outlet"),
    # -- questions, text boxes and help ---------------------------------------------------------------
    Action("confirm", "y", "Yes", "dialog", show=True, help="Answer yes (Enter on the Yes button too)",
           palette=False),
    Action("cancel", "escape,n", "No / cancel", "dialog", show=True, help="Answer no, or close the box",
           palette=False),
    Action("close_help", "escape,q", "Close", "help", show=True, action="back", help="Close this help",
           palette=False),
)


def binding_id(action: Action) -> str:
    """Keymap ids: one per action id, so that `[keys] bookmark = "B"` remaps it on every screen."""
    return action.id


def actions_for(*scopes: Scope) -> list[Action]:
    return [a for a in ACTIONS if a.scope in scopes]


def bindings(*scopes: Scope) -> list[BindingType]:
    """The BINDINGS of a screen (or the app) that handles these scopes."""
    return [
        Binding(a.keys, a.textual_action, a.description, show=a.show, id=binding_id(a), priority=a.priority)
        for a in actions_for(*scopes)
    ]


def action_ids() -> set[str]:
    return {a.id for a in ACTIONS}


def current_keys(action: Action, keymap: Mapping[str, str]) -> list[str]:
    """The keys an action answers to, after the user's remapping."""
    keys = keymap.get(binding_id(action), action.keys)
    return [k.strip() for k in keys.split(",") if k.strip()]


def key_label(key: str) -> str:
    """A key as a person writes it: "?" not "question_mark", "esc" not "escape"."""
    from textual.keys import format_key

    *modifiers, name = key.split("+")
    shown = {"escape": "esc", "space": "space"}.get(name) or format_key(name)
    return "+".join([*modifiers, shown])


def keys_label(action: Action, keymap: Mapping[str, str]) -> str:
    return " ".join(key_label(k) for k in current_keys(action, keymap))


class ActionCommands(Provider):
    """The command palette (ctrl+p): the actions of the screen it was opened on, by name."""

    def _actions(self) -> Iterable[Action]:
        scopes: tuple[Scope, ...] = getattr(self.screen, "ACTION_SCOPES", ("app",))
        seen: set[str] = set()
        for action in actions_for(*scopes, "app"):
            if action.palette and action.textual_action not in seen:
                seen.add(action.textual_action)
                yield action

    @staticmethod
    def _target(action: Action) -> str:
        """The action as the screen runs it: the app's own actions (help, search, sources) live on the app."""
        return f"app.{action.textual_action}" if action.scope == "app" else action.textual_action

    def _keymap(self) -> Mapping[str, str]:
        return getattr(self.app, "keymap_overrides", {})

    async def discover(self) -> Hits:
        keymap = self._keymap()
        for action in self._actions():
            yield DiscoveryHit(
                f"{action.description}  ({keys_label(action, keymap)})",
                partial(self.screen.run_action, self._target(action)),
                help=action.help,
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        keymap = self._keymap()
        for action in self._actions():
            text = f"{action.description}  ({keys_label(action, keymap)})"
            score = max(matcher.match(text), matcher.match(action.help) * 0.8)
            if score > 0:
                run = partial(self.screen.run_action, self._target(action))
                yield Hit(score, matcher.highlight(text), run, help=action.help)
