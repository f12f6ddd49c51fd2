"""Accounts: one per API key. Only SHA-256 digests of keys are stored; comparison is constant-time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading

from .store import Store


def digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).digest()


class Accounts:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._cache: dict[bytes, int] = {}
        with store.transaction() as tx:
            for account_id, key_digest in tx.all_accounts():
                self._cache[key_digest] = account_id

    def lookup(self, key: str | None) -> int | None:
        """The account of ``key``, or None. Accounts made by another process are found in SQLite."""
        if not key:
            return None
        wanted = digest(key)
        with self._lock:
            found = next(((d, a) for d, a in self._cache.items() if hmac.compare_digest(d, wanted)), None)
        if found is None:
            with self._store.transaction() as tx:
                row = tx.account_by_digest(wanted)
            if row is None or not hmac.compare_digest(row[1], wanted):
                return None
            found = (row[1], row[0])
            with self._lock:
                self._cache[row[1]] = row[0]
        return found[1]

    def ensure(self, key: str) -> int:
        """Add an account for ``key`` (idempotent)."""
        key_digest = digest(key)
        with self._store.transaction() as tx:
            account_id = tx.add_account(key_digest)
        with self._lock:
            self._cache[key_digest] = account_id
        return account_id

    def create(self) -> tuple[int, str]:
        key = secrets.token_urlsafe(32)
        return self.ensure(key), key
