"""Fixed-window rate limiting per account (IMPORTS.md §1.4, §5 Q13)."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    limit: int
    window_seconds: float


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    headers: dict[str, str]


_OFF = Limit(-1, 1.0)


def limit_headers(limit: int, remaining: int, reset_epoch: float) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(max(0, remaining)),
        "X-RateLimit-Reset": str(math.ceil(reset_epoch)),
    }


def retry_after(reset_epoch: float, now: float) -> str:
    return str(max(1, math.ceil(reset_epoch - now)))


class RateLimiter:
    """``--rate-limit`` sets a default; an account may override it or turn it off."""

    def __init__(self, default: Limit | None) -> None:
        self._default = default
        self._lock = threading.Lock()
        self._overrides: dict[int, Limit] = {}
        self._windows: dict[int, tuple[float, int]] = {}

    def configure(self, account: int, limit: Limit) -> None:
        with self._lock:
            self._overrides[account] = limit
            self._windows.pop(account, None)

    def disable(self, account: int) -> None:
        with self._lock:
            self._overrides[account] = _OFF
            self._windows.pop(account, None)

    def limit_of(self, account: int) -> Limit | None:
        limit = self._overrides.get(account, self._default)
        return None if limit is None or limit is _OFF else limit

    def hit(self, account: int, now: float | None = None) -> RateDecision | None:
        """Count one request; None when rate limiting is off for the account."""
        now = time.time() if now is None else now
        with self._lock:
            limit = self.limit_of(account)
            if limit is None:
                return None
            start, count = self._windows.get(account, (now, 0))
            if now >= start + limit.window_seconds:
                start, count = now, 0
            count += 1
            self._windows[account] = (start, count)
        reset = start + limit.window_seconds
        headers = limit_headers(limit.limit, limit.limit - count, reset)
        if count > limit.limit:
            headers["Retry-After"] = retry_after(reset, now)
            return RateDecision(False, headers)
        return RateDecision(True, headers)

    def synthetic_429_headers(self, account: int, now: float | None = None) -> dict[str, str]:
        """Headers of an injected ``rate_limit`` fault (window of the account, else 1 s)."""
        now = time.time() if now is None else now
        with self._lock:
            limit = self.limit_of(account)
            if limit is not None:
                start, _ = self._windows.get(account, (now, 0))
                reset = start + limit.window_seconds
                value = limit.limit
            else:
                reset, value = now + 1.0, 0
        headers = limit_headers(value, 0, reset)
        headers["Retry-After"] = retry_after(reset, now)
        return headers
