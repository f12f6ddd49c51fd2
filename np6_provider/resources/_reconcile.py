"""Creates that survive ambiguous failures and interrupted runs, for every NP6 resource.

NP6 has no idempotency key, so a POST whose outcome is unknown is never simply
repeated: the account is listed and an object matching the declaration, made
since the POST began and not claimed by another resource of this run, is taken
as the one the POST made.
"""

from __future__ import annotations

import calendar
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from ..errors import Np6AmbiguousWriteError
from ..runtime import ProviderRuntime

if TYPE_CHECKING:  # check/diff (every preview) never load the HTTP client
    from ..client import Np6Client
    from ..retry import Deadline

logger = logging.getLogger("np6_provider")
# NP6 dates have minute precision; a POST's object may carry a date up to this long before the POST began.
_CLOCK_SLACK_SECONDS = 120


class ServerObject(Protocol):
    @property
    def id(self) -> int | None: ...


S = TypeVar("S", bound=ServerObject)


def parse_timestamp(value: str | None) -> float | None:
    if not value:
        return None
    return float(calendar.timegm(time.strptime(value[:19], "%Y-%m-%dT%H:%M:%S")))


def post_reconciling(
    *,
    runtime: ProviderRuntime,
    scope: str | None,
    client: Np6Client,
    what: str,
    post: Callable[[Deadline], S],
    list_all: Callable[[Deadline], list[S]],
    created_at: Callable[[S], str | None],
    matches: Callable[[S], bool],
) -> S:
    """POSTs; after an ambiguous failure, adopts what NP6 made or POSTs again, within the operation deadline."""
    deadline = client.new_deadline()
    started = time.time()
    for attempt in range(1, client.retry_settings.max_attempts + 1):
        try:
            created = post(deadline)
            if created.id is not None:
                runtime.claim(scope, created.id)
            return created
        except Np6AmbiguousWriteError as error:
            logger.warning("np6: %s; checking whether NP6 created %s before trying again", error, what)
            for candidate in list_all(deadline):
                made_at = parse_timestamp(created_at(candidate))
                recent = made_at is None or made_at >= started - _CLOCK_SLACK_SECONDS
                if candidate.id is not None and recent and matches(candidate) and runtime.claim(scope, candidate.id):
                    return candidate
            if attempt == client.retry_settings.max_attempts or deadline.remaining() <= 0:
                raise
            time.sleep(min(client.retry_settings.max_wait_seconds, 0.2 * 2**attempt))
    raise AssertionError("unreachable: the last attempt returns or raises")


def find_orphan(
    *,
    runtime: ProviderRuntime,
    scope: str | None,
    what: str,
    load: Callable[[], list[S]],
    created_at: Callable[[S], str | None],
    matches: Callable[[S], bool],
) -> S | None:
    """An identical, recently made object no other resource of this run claims: taken over, not duplicated.

    Such an object was left by an interrupted run (Pulumi never recorded it), or belongs to a resource this
    run deletes after creating its successor (a rename without an alias, a forced replacement): that delete
    then leaves the object to its successor (`ProviderRuntime.taken_over`).
    """
    window = runtime.settings.orphan_window_seconds
    if window <= 0:
        return None
    now = time.time()
    for candidate in runtime.snapshot(scope, load):
        made_at = parse_timestamp(created_at(candidate))
        if candidate.id is None or made_at is None or now - made_at > window:
            continue
        if matches(candidate) and runtime.claim(scope, candidate.id):
            runtime.record_takeover(scope, candidate.id)
            logger.info(
                "np6: taking over %s %d: it matches this declaration exactly, was made %d s ago and no other "
                "resource of this run manages it (an interrupted run, a rename or a replacement left it)",
                what, candidate.id, now - made_at,
            )  # fmt: skip
            return candidate
    return None
