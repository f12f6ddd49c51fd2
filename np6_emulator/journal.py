"""Per-account journal of public API requests (in memory, bounded, oldest first)."""

from __future__ import annotations

import threading
from collections import deque
from typing import Any


class Journal:
    def __init__(self, size: int) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._entries: dict[int, deque[dict[str, Any]]] = {}

    def add(self, account: int, entry: dict[str, Any]) -> None:
        with self._lock:
            self._entries.setdefault(account, deque(maxlen=self._size)).append(entry)

    def list(self, account: int) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._entries.get(account, ()))

    def clear(self, account: int) -> None:
        with self._lock:
            self._entries.pop(account, None)
