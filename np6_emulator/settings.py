"""Runtime options of the emulator (one immutable object shared by every module)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DatePrecision = Literal["minute", "second", "millisecond"]

FAULT_KINDS: tuple[str, ...] = (
    "latency",
    "rate_limit",
    "server_error",
    "server_error_after",
    "drop_before",
    "drop_after",
    "slow",
)


@dataclass(frozen=True)
class FaultDefaults:
    """Fault injection applied to accounts that have no fault configuration of their own."""

    seed: int = 0
    probability: float = 0.0
    kinds: tuple[str, ...] = ()
    latency_ms: int = 0
    slow_ms: int = 0
    methods: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    """Every knob of the emulator. Defaults follow IMPORTS.md §5/§6."""

    db_path: str = ":memory:"
    keys: tuple[str, ...] = ()
    admin_key: str | None = None
    # Executions (IMPORTS.md §2.7/§2.8)
    execution_seconds: float = 2.0
    # GET .../executions before any run: None answers 404, a state (0, 1, 2) answers {"state": n} (§5 Q9)
    never_run_state: int | None = None
    # POST .../executions while a run is processing: "refuse" answers 409, "allow" starts a new run (§5 Q9)
    concurrent_runs: Literal["refuse", "allow"] = "refuse"
    # Dates (IMPORTS.md §5 Q17)
    date_precision: DatePrecision = "minute"
    # ftp source: derive folder/templateFilename even when the client sent them
    always_derive_ftp: bool = False
    # Accept enforcement on /imports* (IMPORTS.md §5 Q11)
    strict_accept: bool = False
    # Default per-account rate limit; None = off (IMPORTS.md §1.4, §5 Q13)
    rate_limit: int | None = None
    rate_window_seconds: float = 60.0
    # Added to every public API request (benchmarks)
    latency_ms: int = 0
    faults: FaultDefaults = field(default_factory=FaultDefaults)
    # Body size limits (413 above them)
    max_json_bytes: int = 1 << 20
    max_upload_bytes: int = 64 << 20
    # Per-account request journal size (oldest entries dropped beyond it)
    journal_size: int = 10_000
    # SQLite synchronous pragma: "full" (default) or "normal"
    sqlite_sync: Literal["full", "normal"] = "full"
