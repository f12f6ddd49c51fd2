"""One retry policy for every NP6 request: exponential backoff with jitter, NP6's rate-limit hints, a deadline."""

from __future__ import annotations

import datetime
import email.utils
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import httpx
import tenacity

from .errors import Np6DeadlineExceeded
from .settings import RetrySettings

logger = logging.getLogger("np6_provider")
T = TypeVar("T")

# 500 too: for an idempotent request another try is harmless, and a POST is reconciled, never replayed blindly.
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
# Statuses after which NP6 did not act on the request, so even a POST may be sent again.
NOT_PROCESSED_STATUSES = frozenset({429})
# Transport failures raised before the request left this machine.
NOT_SENT_ERRORS: tuple[type[Exception], ...] = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Retry-After as delay-seconds (RFC 9110 says an integer; a decimal is tolerated).
_DELAY_SECONDS = re.compile(r"^\d+(\.\d+)?$")


@dataclass(frozen=True)
class Deadline:
    """An absolute point on the monotonic clock by which an operation must be done."""

    at: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds)

    def remaining(self) -> float:
        return self.at - time.monotonic()


class RetryableResponse(Exception):
    """An HTTP answer worth another try (429, 502, 503, 504)."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


def server_requested_wait(response: httpx.Response, now: float | None = None) -> float | None:
    """Seconds NP6 asks us to wait, from Retry-After or X-RateLimit-Reset (epoch seconds or a delta)."""
    now = time.time() if now is None else now
    retry_after = (response.headers.get("retry-after") or "").strip()
    if retry_after:
        if _DELAY_SECONDS.match(retry_after):
            return float(retry_after)
        try:
            parsed = email.utils.parsedate_to_datetime(retry_after)
        except (TypeError, ValueError, IndexError):
            parsed = None  # not an HTTP date either: fall back to X-RateLimit-Reset or backoff
        if parsed is not None:
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=datetime.UTC)
            return max(0.0, parsed.timestamp() - now)
    reset = response.headers.get("x-ratelimit-reset")
    if reset:
        try:
            value = float(reset)
        except ValueError:
            return None
        # NP6 does not document the unit: large values are epoch seconds, small ones a delay.
        return max(0.0, value - now) if value > 1_000_000_000 else max(0.0, value)
    return None


def _is_retryable(error: BaseException, idempotent: bool) -> bool:
    if isinstance(error, RetryableResponse):
        return idempotent or error.response.status_code in NOT_PROCESSED_STATUSES
    if isinstance(error, NOT_SENT_ERRORS):
        return True
    return idempotent and isinstance(error, httpx.TransportError)


def call_with_retries(
    operation: str,
    attempt: Callable[[], T],
    *,
    settings: RetrySettings,
    idempotent: bool,
    deadline: Deadline,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Runs `attempt` until it returns, fails for good, runs out of tries or passes the deadline.

    A request that may have been processed is only repeated when it is idempotent:
    a POST that failed ambiguously is handed back to the caller to reconcile.
    """
    backoff = tenacity.wait_exponential_jitter(multiplier=settings.initial_wait_seconds, max=settings.max_wait_seconds)

    def wait(state: tenacity.RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        hinted = server_requested_wait(error.response) if isinstance(error, RetryableResponse) else None
        delay = min(settings.max_wait_seconds, hinted if hinted is not None else backoff(state))
        if delay >= deadline.remaining():
            raise Np6DeadlineExceeded(
                operation,
                f"gave up after {state.attempt_number} tries: the next try would pass the "
                f"{settings.operation_deadline_seconds:g}s operation deadline (last error: {_describe(error)}); "
                "retry later or raise np6:operationDeadlineSeconds",
            )
        return delay

    def log_retry(state: tenacity.RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        delay = state.next_action.sleep if state.next_action else 0.0
        logger.warning(
            "np6: %s failed (%s); retry %d of %d in %.2fs",
            operation,
            _describe(error),
            state.attempt_number,
            settings.max_attempts - 1,
            delay,
        )

    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception(lambda e: _is_retryable(e, idempotent)),
        stop=tenacity.stop_after_attempt(settings.max_attempts),
        wait=wait,
        before_sleep=log_retry,
        sleep=sleep,
        reraise=True,
    )
    return retrying(attempt)


def _describe(error: BaseException | None) -> str:
    if error is None:
        return "no error"
    if isinstance(error, RetryableResponse):
        return f"HTTP {error.response.status_code}"
    return type(error).__name__
