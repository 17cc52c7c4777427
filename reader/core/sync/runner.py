"""One sync of a library: the account from the [sync] settings, its backend, the engine over the library file, and
what the sync did (a SyncResult); also the feed operations alone (for add and remove) and the account's status."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from reader.core.models import SyncResult, SyncStatus
from reader.core.sync.backend import SyncError, make_backend
from reader.core.sync.engine import SyncReport, run_feed_ops, run_sync

if TYPE_CHECKING:
    from reader.core.fetch import FetchLimits
    from reader.core.storage import Storage
    from reader.core.sync.account import SyncAccount
    from reader.core.sync.records import PullPage

SyncProgress = Callable[[int, int], None]  # (entries and states pulled so far, how many the server announced)


class Cancelled(Exception):
    """The caller asked the sync to stop (the app is quitting); what was stored stays."""


class SyncConfig:
    """The [sync] table of config.toml as read, and where it was read from (for the 0600 rule)."""

    def __init__(self, table: Mapping[str, Any], config_path: Path | None, limits: FetchLimits | None = None) -> None:
        self._table = dict(table)
        self.config_path = config_path
        self.limits = limits  # tests give a short deadline

    def __repr__(self) -> str:
        return f"SyncConfig(service={self.service!r})"  # never the table: it may hold a password

    @property
    def service(self) -> str | None:
        service = self._table.get("service")
        return service.strip() if isinstance(service, str) else None

    def account(self) -> SyncAccount:
        """The checked account; raises SyncError (kind "config") saying what is wrong with the settings."""
        from reader.core.sync.account import account_from_config

        return account_from_config(self._table, self.config_path)


def identity(account: SyncAccount) -> str:
    return f"{account.service} {account.url.rstrip('/')} {account.username}"


def sync_library(
    storage: Storage,
    config: SyncConfig,
    *,
    progress: SyncProgress | None = None,
    cancel: threading.Event | None = None,
) -> SyncResult:
    """Push and pull; never raises a sync failure, which is the result's error (and the account's last error).

    The first sync of an account also offers the server the library's own web feeds it does not have, and pushes
    what was read or bookmarked here on the articles it matched to the server's (in incremental rounds after it).
    """
    from reader.core.storage import SyncTables

    try:
        account = config.account()
    except SyncError as exc:
        return SyncResult(config.service, error=str(exc))
    tables = SyncTables(storage)
    first = tables.open_account(identity(account))

    def on_page(page: PullPage) -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled
        if progress is not None and page.total is not None:  # (the subscription list and the cursor say nothing)
            progress(page.done, page.total)

    report = SyncReport()
    error: str | None = None
    completed = False
    try:
        with make_backend(account, limits=config.limits) as backend:
            report.add(run_sync(backend, tables, progress=on_page))
            if first:
                # The library's own feeds go to the server, whose entries for them are then matched to the articles
                # stored here (queueing what was read or bookmarked here): incremental rounds until nothing waits.
                tables.queue_local_feeds()
                for _round in range(2):
                    if not tables.status()[3]:
                        break
                    report.add(run_sync(backend, tables, progress=on_page))
        completed = True
    except SyncError as exc:
        error = str(exc)
    except Cancelled:
        error = "the sync was stopped before it finished"
    if error is None and report.refused:
        error = _refusals(report.refused)
    tables.finish(completed=completed, error=error)
    return _result(account.service, report, error, tables.status()[3])


def sync_feed_ops(storage: Storage, config: SyncConfig) -> SyncResult:
    """Only the queued subscribes and unsubscribes (after `add` or `remove`): the next sync pulls the articles."""
    from reader.core.storage import SyncTables

    try:
        account = config.account()
    except SyncError as exc:
        return SyncResult(config.service, error=str(exc))
    tables = SyncTables(storage)
    tables.open_account(identity(account))
    report = SyncReport()
    error: str | None = None
    try:
        with make_backend(account, limits=config.limits) as backend:
            run_feed_ops(backend, tables, report)
    except SyncError as exc:
        error = str(exc)
    if error is None and report.refused:
        error = _refusals(report.refused)
    return _result(account.service, report, error, len(tables.feed_ops()))


def sync_status(storage: Storage, config: SyncConfig) -> SyncStatus:
    from reader.core.storage import SyncTables

    stored, last_sync, last_error, waiting = SyncTables(storage).status()
    try:
        account = config.account()
    except SyncError as exc:
        return SyncStatus(config.service or "sync", "", None, str(exc), waiting)
    if stored != identity(account):  # settings changed since: nothing synced with this account yet
        last_sync, last_error = None, None
    return SyncStatus(account.service, urlsplit(account.url).netloc, last_sync, last_error, waiting)


def _refusals(refused: list[str]) -> str:
    return refused[0] + (f" (and {len(refused) - 1} more)" if len(refused) > 1 else "")


def _result(service: str, report: SyncReport, error: str | None, waiting: int) -> SyncResult:
    return SyncResult(
        service=service,
        error=error,
        pulled_feeds=report.feeds,
        pulled_articles=report.articles,
        pulled_states=report.states,
        pushed_read=report.read,
        pushed_unread=report.unread,
        pushed_bookmarked=report.bookmarked,
        pushed_unbookmarked=report.unbookmarked,
        subscribed=report.subscribed,
        unsubscribed=report.unsubscribed,
        requests=report.requests,
        waiting=waiting,
    )
