"""SQLite persistence (WAL). Every operation runs inside :meth:`Store.transaction`.

One connection guarded by a lock serialises the threads of this process; ``BEGIN IMMEDIATE``
serialises writers across processes sharing the file. Documents are stored as JSON text.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from .schemas import INT32_MAX

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key_digest BLOB NOT NULL UNIQUE,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE IF NOT EXISTS imports (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS imports_by_account ON imports(account_id, id);
CREATE TABLE IF NOT EXISTS files (
    import_id INTEGER PRIMARY KEY,
    filename TEXT NOT NULL,
    size INTEGER NOT NULL,
    content BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS executions (
    import_id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    ends_at REAL NOT NULL,
    final_state INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS segments (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS segments_by_account ON segments(account_id, id);
CREATE TABLE IF NOT EXISTS segment_targets (
    segment_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (segment_id, target)
);
CREATE INDEX IF NOT EXISTS targets_in_order ON segment_targets(segment_id, seq);
"""


class IdsExhausted(RuntimeError):
    """The int32 id space is used up."""


@dataclass(frozen=True)
class Execution:
    started: str
    ends_at: float
    final_state: int


def _dump(doc: dict[str, Any]) -> str:
    return json.dumps(doc, separators=(",", ":"))


def _load(text: str) -> dict[str, Any]:
    return cast(dict[str, Any], json.loads(text))


class Tx:
    """Operations available inside one transaction."""

    def __init__(self, cur: sqlite3.Cursor) -> None:
        self._cur = cur

    # --- ids and accounts ------------------------------------------------------------------
    def next_id(self) -> int:
        """Ids are unique across imports, schedulers and segments (int32)."""
        self._cur.execute(
            "INSERT INTO counters(name, value) VALUES('id', 1) "
            "ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value"
        )
        value = int(self._cur.fetchone()[0])
        if value > INT32_MAX:
            raise IdsExhausted("no int32 id left")
        return value

    def account_by_digest(self, digest: bytes) -> tuple[int, bytes] | None:
        row = self._cur.execute("SELECT id, key_digest FROM accounts WHERE key_digest = ?", (digest,)).fetchone()
        return (int(row[0]), bytes(row[1])) if row else None

    def add_account(self, digest: bytes) -> int:
        self._cur.execute("INSERT OR IGNORE INTO accounts(key_digest) VALUES(?)", (digest,))
        found = self.account_by_digest(digest)
        assert found is not None
        return found[0]

    def all_accounts(self) -> list[tuple[int, bytes]]:
        rows = self._cur.execute("SELECT id, key_digest FROM accounts").fetchall()
        return [(int(r[0]), bytes(r[1])) for r in rows]

    # --- imports ---------------------------------------------------------------------------
    def list_imports(self, account: int) -> list[dict[str, Any]]:
        rows = self._cur.execute("SELECT doc FROM imports WHERE account_id = ? ORDER BY id", (account,)).fetchall()
        return [_load(r[0]) for r in rows]

    def get_import(self, account: int, import_id: int) -> dict[str, Any] | None:
        row = self._cur.execute(
            "SELECT doc FROM imports WHERE id = ? AND account_id = ?", (import_id, account)
        ).fetchone()
        return _load(row[0]) if row else None

    def insert_import(self, account: int, doc: dict[str, Any]) -> None:
        self._cur.execute("INSERT INTO imports(id, account_id, doc) VALUES(?, ?, ?)", (doc["id"], account, _dump(doc)))

    def replace_import(self, doc: dict[str, Any]) -> None:
        self._cur.execute("UPDATE imports SET doc = ? WHERE id = ?", (_dump(doc), doc["id"]))

    def delete_import(self, account: int, import_id: int) -> bool:
        self._cur.execute("DELETE FROM imports WHERE id = ? AND account_id = ?", (import_id, account))
        if self._cur.rowcount == 0:
            return False
        self._cur.execute("DELETE FROM files WHERE import_id = ?", (import_id,))
        self._cur.execute("DELETE FROM executions WHERE import_id = ?", (import_id,))
        return True

    def put_file(self, import_id: int, filename: str, content: bytes) -> None:
        self._cur.execute(
            "INSERT OR REPLACE INTO files(import_id, filename, size, content) VALUES(?, ?, ?, ?)",
            (import_id, filename, len(content), content),
        )

    def file_name(self, import_id: int) -> str | None:
        row = self._cur.execute("SELECT filename FROM files WHERE import_id = ?", (import_id,)).fetchone()
        return str(row[0]) if row else None

    def get_execution(self, import_id: int) -> Execution | None:
        row = self._cur.execute(
            "SELECT started, ends_at, final_state FROM executions WHERE import_id = ?", (import_id,)
        ).fetchone()
        return Execution(str(row[0]), float(row[1]), int(row[2])) if row else None

    def put_execution(self, import_id: int, execution: Execution) -> None:
        self._cur.execute(
            "INSERT OR REPLACE INTO executions(import_id, started, ends_at, final_state) VALUES(?, ?, ?, ?)",
            (import_id, execution.started, execution.ends_at, execution.final_state),
        )

    # --- segments --------------------------------------------------------------------------
    def list_segments(self, account: int) -> list[dict[str, Any]]:
        rows = self._cur.execute("SELECT doc FROM segments WHERE account_id = ? ORDER BY id", (account,)).fetchall()
        return [_load(r[0]) for r in rows]

    def get_segment(self, account: int, segment_id: int) -> dict[str, Any] | None:
        row = self._cur.execute(
            "SELECT doc FROM segments WHERE id = ? AND account_id = ?", (segment_id, account)
        ).fetchone()
        return _load(row[0]) if row else None

    def insert_segment(self, account: int, doc: dict[str, Any]) -> None:
        self._cur.execute("INSERT INTO segments(id, account_id, doc) VALUES(?, ?, ?)", (doc["id"], account, _dump(doc)))

    def replace_segment(self, doc: dict[str, Any]) -> None:
        self._cur.execute("UPDATE segments SET doc = ? WHERE id = ?", (_dump(doc), doc["id"]))

    def delete_segment(self, account: int, segment_id: int) -> bool:
        self._cur.execute("DELETE FROM segments WHERE id = ? AND account_id = ?", (segment_id, account))
        if self._cur.rowcount == 0:
            return False
        self.clear_targets(segment_id)
        return True

    def targets(self, segment_id: int) -> list[str]:
        rows = self._cur.execute(
            "SELECT target FROM segment_targets WHERE segment_id = ? ORDER BY seq", (segment_id,)
        ).fetchall()
        return [str(r[0]) for r in rows]

    def count_targets(self, segment_id: int) -> int:
        row = self._cur.execute("SELECT COUNT(*) FROM segment_targets WHERE segment_id = ?", (segment_id,)).fetchone()
        return int(row[0])

    def add_targets(self, segment_id: int, targets: list[str]) -> int:
        row = self._cur.execute(
            "SELECT COALESCE(MAX(seq), 0) FROM segment_targets WHERE segment_id = ?", (segment_id,)
        ).fetchone()
        seq = int(row[0])
        added = 0
        for target in targets:
            self._cur.execute(
                "INSERT OR IGNORE INTO segment_targets(segment_id, seq, target) VALUES(?, ?, ?)",
                (segment_id, seq + 1, target),
            )
            if self._cur.rowcount:
                seq += 1
                added += 1
        return added

    def clear_targets(self, segment_id: int) -> None:
        self._cur.execute("DELETE FROM segment_targets WHERE segment_id = ?", (segment_id,))


class Store:
    """The emulator's database."""

    def __init__(self, path: str, *, sync: str = "full") -> None:
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30.0)
        self._conn.execute("PRAGMA busy_timeout = 30000")
        if path != ":memory:":
            self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute(f"PRAGMA synchronous = {'FULL' if sync == 'full' else 'NORMAL'}")
        self._conn.execute("PRAGMA foreign_keys = ON")
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._conn.execute(statement)
            self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._conn.execute("COMMIT")

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        with self._lock:
            cur = self._conn.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                yield Tx(cur)
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            else:
                cur.execute("COMMIT")
            finally:
                cur.close()

    def close(self) -> None:
        with self._lock:
            self._conn.close()
