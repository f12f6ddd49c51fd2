"""State of one provider process: settings from `configure`, one pooled client per account, name locks.

The pickled provider object carries none of this (it is attribute-free), so the
API key never reaches Pulumi state.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from .errors import Np6Error
from .settings import ProviderSettings, load_settings

if TYPE_CHECKING:  # imported on first use: check/diff (every preview) never need httpx
    from .client import Np6Client
    from .models import ImportDefinition

T = TypeVar("T")
# Batched reads (see ProviderRuntime.read_import): reads of an account served one GET each before
# the process switches to listing the account, and how long one listing may serve reads.
READS_BEFORE_LISTING = 8
LISTING_MAX_AGE_SECONDS = 5.0


@dataclass(frozen=True)
class _Listing:
    """The account's imports from one GET /imports, and the client's write count before it was sent."""

    imports: dict[int, ImportDefinition]
    fetched_at: float
    writes_started: int


class ProviderRuntime:
    def __init__(self, settings: ProviderSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self._clock = clock
        self._lock = threading.Lock()
        self._clients: dict[str | None, Np6Client] = {}
        self._name_locks: defaultdict[tuple[str | None, str], threading.Lock] = defaultdict(threading.Lock)
        self._claimed_ids: set[tuple[str | None, int]] = set()
        self._taken_over_ids: set[tuple[str | None, int]] = set()
        self._snapshots: dict[str | None, list[Any]] = {}
        self._reads: defaultdict[str | None, int] = defaultdict(int)
        self._listings: dict[str | None, _Listing] = {}
        self._listing_locks: defaultdict[str | None, threading.Lock] = defaultdict(threading.Lock)

    def client(self, account: str | None) -> Np6Client:
        with self._lock:
            if account not in self._clients:
                from .client import Np6Client

                self._clients[account] = Np6Client(
                    self.settings.account(account), self.settings.retry, read_only=self.settings.read_only
                )
            return self._clients[account]

    def name_lock(self, account: str | None, name: str) -> threading.Lock:
        """Serializes creates of same-named imports in one account, so reconciling cannot mix them up."""
        with self._lock:
            return self._name_locks[(account, name)]

    def claim(self, account: str | None, import_id: int) -> bool:
        """Records that a resource of this run owns `import_id`; False if another one already does."""
        with self._lock:
            if (account, import_id) in self._claimed_ids:
                return False
            self._claimed_ids.add((account, import_id))
            return True

    def record_takeover(self, scope: str | None, object_id: int) -> None:
        """Records that a create of this run now manages an object that already existed (claimed first)."""
        with self._lock:
            self._taken_over_ids.add((scope, object_id))

    def taken_over(self, scope: str | None, object_id: int) -> bool:
        """Whether a create of this run took over `object_id`: the resource deleted with that id no longer owns it.

        Pulumi deletes a renamed resource, or the old half of a replacement, after creating the new one; when that
        create took over the very same NP6 object, deleting it would leave the new resource pointing at nothing.
        """
        with self._lock:
            return (scope, object_id) in self._taken_over_ids

    def snapshot(self, scope: str | None, load: Callable[[], list[T]]) -> list[T]:
        """What `load` listed when this process first needed it, for one scope (one list per run)."""
        with self._lock:
            cached = self._snapshots.get(scope)
        if cached is not None:
            return cast(list[T], cached)
        loaded = load()
        with self._lock:
            return cast(list[T], self._snapshots.setdefault(scope, loaded))

    def read_import(self, account: str | None, import_id: int) -> ImportDefinition:
        """NP6's current definition of `import_id`, as `client.get_import` returns it (Np6NotFoundError if gone).

        A refresh reads every import of the stack, one call each. After READS_BEFORE_LISTING of them
        in this process, reads are served from one GET /imports of the account (same read shape as
        GET /imports/{id}) instead of one GET per import. A listing is never used once it is older
        than LISTING_MAX_AGE_SECONDS, nor once this process has written to the account since it was
        requested (or was writing while it was), so it never hides a change made by this run. An id
        the listing lacks is asked for directly, so a deletion is always confirmed by NP6 itself.
        `np6:batchedReads false` keeps one GET per import (for an account far larger than the stack).
        """
        client = self.client(account)
        with self._lock:
            self._reads[account] += 1
            batched = self.settings.batched_reads and self._reads[account] > READS_BEFORE_LISTING
        if batched:
            listing = self._listing(account, client)
            if listing is not None and import_id in listing.imports:
                return listing.imports[import_id]
        return client.get_import(import_id)

    def _usable(self, listing: _Listing | None, client: Np6Client) -> bool:
        if listing is None or self._clock() - listing.fetched_at > LISTING_MAX_AGE_SECONDS:
            return False
        return client.writes() == (listing.writes_started, 0)

    def _listing(self, account: str | None, client: Np6Client) -> _Listing | None:
        with self._lock:
            listing = self._listings.get(account)
            fetch_lock = self._listing_locks[account]
        if self._usable(listing, client):
            return listing
        with fetch_lock:  # one GET /imports at a time per account; the other readers wait for it
            with self._lock:
                listing = self._listings.get(account)
            if self._usable(listing, client):
                return listing
            writes_started, in_flight = client.writes()
            fetched_at = self._clock()
            try:
                listed = client.list_imports()
            except Np6Error:
                return None  # the reads fall back to one GET each, which report the error
            if in_flight:
                return None  # a write was under way: the listing may or may not hold it
            fresh = _Listing({d.id: d for d in listed if d.id is not None}, fetched_at, writes_started)
            with self._lock:
                self._listings[account] = fresh
            return fresh if self._usable(fresh, client) else None


_current: ProviderRuntime | None = None
_current_lock = threading.Lock()


def _configure_logging() -> None:
    logger = logging.getLogger("np6_provider")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def configure_runtime(config_get: Callable[[str], Any]) -> ProviderRuntime:
    """The process's runtime for these settings.

    The SDK configures each distinct provider of a process (Np6ImportProvider, Np6SegmentProvider)
    with the same stack config: the runtime in place is kept then, so its pooled clients, its
    account snapshots and the ids claimed so far by this run survive the second `configure`.
    """
    global _current
    settings = load_settings(config_get)
    _configure_logging()
    with _current_lock:
        if _current is None or _current.settings != settings:
            _current = ProviderRuntime(settings)
        return _current


def current_runtime() -> ProviderRuntime:
    """The configured runtime; without `configure` (old engines), settings come from NP6_* variables."""
    with _current_lock:
        if _current is not None:
            return _current
    return configure_runtime(lambda _key: None)
