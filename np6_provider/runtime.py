"""State of one provider process: settings from `configure`, one pooled client per account, name locks.

The pickled provider object carries none of this (it is attribute-free), so the
API key never reaches Pulumi state.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .settings import ProviderSettings, load_settings

if TYPE_CHECKING:  # imported on first use: check/diff (every preview) never need httpx
    from .client import Np6Client
    from .models import ImportDefinition


class ProviderRuntime:
    def __init__(self, settings: ProviderSettings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._clients: dict[str | None, Np6Client] = {}
        self._name_locks: defaultdict[tuple[str | None, str], threading.Lock] = defaultdict(threading.Lock)
        self._claimed_ids: set[tuple[str | None, int]] = set()
        self._snapshots: dict[str | None, list[ImportDefinition]] = {}

    def client(self, account: str | None) -> Np6Client:
        with self._lock:
            if account not in self._clients:
                from .client import Np6Client

                self._clients[account] = Np6Client(self.settings.account(account), self.settings.retry)
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

    def snapshot(self, account: str | None, load: Callable[[], list[ImportDefinition]]) -> list[ImportDefinition]:
        """The account's imports as they were when this process first needed them (one list per run)."""
        with self._lock:
            cached = self._snapshots.get(account)
        if cached is not None:
            return cached
        loaded = load()
        with self._lock:
            return self._snapshots.setdefault(account, loaded)


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
