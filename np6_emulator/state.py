"""The emulator's runtime state, shared by the gateway and the routes (``app.state.emu``)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from .accounts import Accounts
from .executions import ExecutionKnobs
from .faults import FaultInjector
from .journal import Journal
from .ratelimit import Limit, RateLimiter
from .settings import Settings
from .store import Store


@dataclass
class EmulatorState:
    settings: Settings
    store: Store
    accounts: Accounts
    journal: Journal
    faults: FaultInjector
    limiter: RateLimiter
    knobs: ExecutionKnobs

    @classmethod
    def open(cls, settings: Settings) -> EmulatorState:
        store = Store(settings.db_path, sync=settings.sqlite_sync)
        accounts = Accounts(store)
        for key in settings.keys:
            accounts.ensure(key)
        default_limit = (
            Limit(settings.rate_limit, settings.rate_window_seconds) if settings.rate_limit is not None else None
        )
        return cls(
            settings=settings,
            store=store,
            accounts=accounts,
            journal=Journal(settings.journal_size),
            faults=FaultInjector(settings.faults),
            limiter=RateLimiter(default_limit),
            knobs=ExecutionKnobs(),
        )


ACCOUNT_SCOPE_KEY = "np6.account"


def emulator(request: Request) -> EmulatorState:
    state = request.app.state.emu
    assert isinstance(state, EmulatorState)
    return state


def account_of(request: Request) -> int:
    """The account the gateway authenticated (set in the ASGI scope)."""
    account = request.scope.get(ACCOUNT_SCOPE_KEY)
    assert isinstance(account, int)
    return account
