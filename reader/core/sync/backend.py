"""The one interface every sync protocol implements (SyncBackend), its error (SyncError) and the factory."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, ClassVar, Literal

from reader.core.sync.records import PullPage, RemoteFeed, StateChange

if TYPE_CHECKING:
    from reader.core.fetch import FetchLimits
    from reader.core.sync.account import SyncAccount

ErrorKind = Literal["config", "auth", "forbidden", "network", "timeout", "server", "protocol", "rejected"]


class SyncError(Exception):
    """Why a sync step failed, as one line fit to show a user; never holds a password or a token.

    kind: "config" (our settings), "auth" (401: the credentials were refused), "forbidden" (403),
    "network" (unreachable, reset), "timeout", "server" (5xx, busy), "protocol" (a reply we cannot read),
    "rejected" (another 4xx: the server refused this request).
    """

    def __init__(self, message: str, *, kind: ErrorKind = "server", status: int | None = None) -> None:
        super().__init__(" ".join(message.split()))
        self.kind: ErrorKind = kind
        self.status = status


class SyncBackend(ABC):
    """A feed server as the sync engine sees it. Every call may raise SyncError and nothing else.

    Backends keep no state between syncs but the opaque cursor they hand out; one instance serves one
    sync, from one thread. Entry ids are decimal strings; feed ids are whatever the protocol names them.
    """

    service: ClassVar[str]  # "miniflux" or "greader", as in config.toml

    @property
    @abstractmethod
    def requests(self) -> int:
        """HTTP requests made so far (for benchmarks and the tests' request budgets)."""

    @property
    @abstractmethod
    def clock_offset(self) -> float | None:
        """The server's clock minus ours, in seconds, from its Date header; None before the first answer."""

    @abstractmethod
    def login(self) -> None:
        """Check the credentials (and sign in, where the protocol has sessions)."""

    @abstractmethod
    def pull(self, cursor: str | None) -> Iterator[PullPage]:
        """What changed on the server since the pull that returned `cursor` (everything when None).

        Store each page as it comes; save the cursor of the last page only after all were stored. A pull
        that stops early (an error, a crash) is simply repeated from the old cursor: pages are idempotent.
        """

    @abstractmethod
    def push(self, changes: Iterable[StateChange]) -> Iterator[tuple[StateChange, ...]]:
        """Set flags on the server in batches; yields each batch once the server has taken it."""

    @abstractmethod
    def subscribe(self, url: str, *, title: str | None = None, category: str | None = None) -> RemoteFeed:
        """Subscribe to a feed URL (already subscribed is fine: the existing subscription comes back)."""

    @abstractmethod
    def unsubscribe(self, feed_id: str) -> None:
        """Remove a subscription (one already gone is fine)."""

    @abstractmethod
    def close(self) -> None:
        """Close connections."""

    def __enter__(self) -> SyncBackend:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def make_backend(account: SyncAccount, *, limits: FetchLimits | None = None) -> SyncBackend:
    """The backend for account.service; raises SyncError for a service we do not speak."""
    if account.service == "miniflux":
        from reader.core.sync.miniflux import MinifluxBackend

        return MinifluxBackend(account, limits=limits)
    if account.service == "greader":
        from reader.core.sync.greader import GReaderBackend

        return GReaderBackend(account, limits=limits)
    raise SyncError(f'unknown sync service "{account.service}": use "miniflux" or "greader"', kind="config")
