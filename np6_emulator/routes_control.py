"""Control plane under ``/_emulator/`` (not in the OpenAPI schema).

Everything but ``health`` needs ``X-Admin-Key`` (the whole plane answers 404 when the emulator
has no admin key); account-scoped endpoints take the account's key in ``X-Key``.
"""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from .errors import ApiError
from .executions import Knob
from .faults import FaultPlan
from .ratelimit import Limit
from .schemas import ExecutionsIn, FaultsIn, RateLimitIn
from .state import EmulatorState, emulator


def admin(request: Request) -> EmulatorState:
    emu = emulator(request)
    expected = emu.settings.admin_key
    if not expected:
        raise ApiError(404, "the control plane is disabled (no admin key)")
    given = request.headers.get("x-admin-key", "")
    if not hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode("utf-8")):
        raise ApiError(401, "missing or wrong X-Admin-Key")
    return emu


def account(request: Request, emu: EmulatorState = Depends(admin)) -> int:  # noqa: B008
    found = emu.accounts.lookup(request.headers.get("x-key"))
    if found is None:
        raise ApiError(401, "missing or unknown X-Key")
    return found


router = APIRouter(prefix="/_emulator", include_in_schema=False)


@router.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.post("/accounts")
def create_account(emu: EmulatorState = Depends(admin)) -> dict[str, str]:  # noqa: B008
    _, key = emu.accounts.create()
    return {"key": key}


@router.get("/requests")
def list_requests(
    emu: EmulatorState = Depends(admin),  # noqa: B008
    account_id: int = Depends(account),
) -> list[dict[str, Any]]:
    return emu.journal.list(account_id)


@router.delete("/requests", status_code=204)
def clear_requests(
    emu: EmulatorState = Depends(admin),  # noqa: B008
    account_id: int = Depends(account),
) -> Response:
    emu.journal.clear(account_id)
    return Response(status_code=204)


@router.get("/faults")
def get_faults(
    emu: EmulatorState = Depends(admin),  # noqa: B008
    account_id: int = Depends(account),
) -> dict[str, object]:
    return emu.faults.plan_of(account_id).as_json()


@router.put("/faults")
def put_faults(
    body: FaultsIn,
    emu: EmulatorState = Depends(admin),  # noqa: B008
    account_id: int = Depends(account),
) -> dict[str, object]:
    methods = frozenset(m.upper() for m in body.methods) if body.methods is not None else None
    plan = FaultPlan(body.seed, body.probability, tuple(body.kinds), body.latency_ms, body.slow_ms, methods)
    emu.faults.configure(account_id, plan)
    return plan.as_json()


@router.delete("/faults", status_code=204)
def clear_faults(
    emu: EmulatorState = Depends(admin),  # noqa: B008
    account_id: int = Depends(account),
) -> Response:
    emu.faults.clear(account_id)
    return Response(status_code=204)


@router.put("/rate-limit")
def put_rate_limit(
    body: RateLimitIn,
    emu: EmulatorState = Depends(admin),  # noqa: B008
    account_id: int = Depends(account),
) -> dict[str, object]:
    emu.limiter.configure(account_id, Limit(body.limit, body.window_seconds))
    return {"limit": body.limit, "window_seconds": body.window_seconds}


@router.delete("/rate-limit", status_code=204)
def clear_rate_limit(
    emu: EmulatorState = Depends(admin),  # noqa: B008
    account_id: int = Depends(account),
) -> Response:
    emu.limiter.disable(account_id)
    return Response(status_code=204)


@router.put("/executions")
def put_executions(
    body: ExecutionsIn,
    emu: EmulatorState = Depends(admin),  # noqa: B008
    account_id: int = Depends(account),
) -> dict[str, object]:
    emu.knobs.set(account_id, Knob(body.duration_seconds, body.outcome))
    return {"duration_seconds": body.duration_seconds, "outcome": body.outcome}


@router.delete("/executions", status_code=204)
def clear_executions(
    emu: EmulatorState = Depends(admin),  # noqa: B008
    account_id: int = Depends(account),
) -> Response:
    emu.knobs.clear(account_id)
    return Response(status_code=204)
