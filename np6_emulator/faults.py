"""Seeded fault injection per account (control plane ``PUT /_emulator/faults``)."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass

from .settings import FaultDefaults


@dataclass(frozen=True)
class FaultPlan:
    seed: int
    probability: float
    kinds: tuple[str, ...]
    latency_ms: int
    slow_ms: int
    methods: frozenset[str] | None

    @classmethod
    def from_defaults(cls, defaults: FaultDefaults) -> FaultPlan:
        methods = frozenset(m.upper() for m in defaults.methods) if defaults.methods else None
        return cls(
            defaults.seed,
            defaults.probability,
            defaults.kinds,
            defaults.latency_ms,
            defaults.slow_ms,
            methods,
        )

    def as_json(self) -> dict[str, object]:
        return {
            "seed": self.seed,
            "probability": self.probability,
            "kinds": list(self.kinds),
            "latency_ms": self.latency_ms,
            "slow_ms": self.slow_ms,
            "methods": sorted(self.methods) if self.methods is not None else None,
        }


@dataclass(frozen=True)
class Fault:
    kind: str
    latency_ms: int = 0
    slow_ms: int = 0
    status: int = 503


class _Armed:
    def __init__(self, plan: FaultPlan) -> None:
        self.plan = plan
        self.rng = random.Random(plan.seed)


class FaultInjector:
    """Draws from a per-account RNG seeded by the plan: a seed always gives the same sequence."""

    def __init__(self, defaults: FaultDefaults) -> None:
        self._default = FaultPlan.from_defaults(defaults)
        self._lock = threading.Lock()
        self._overrides: dict[int, FaultPlan] = {}
        self._armed: dict[int, _Armed] = {}

    def configure(self, account: int, plan: FaultPlan) -> None:
        with self._lock:
            self._overrides[account] = plan
            self._armed[account] = _Armed(plan)

    def clear(self, account: int) -> None:
        """Back to the command-line default (none unless ``--fault-*`` options were given)."""
        with self._lock:
            self._overrides.pop(account, None)
            self._armed.pop(account, None)

    def plan_of(self, account: int) -> FaultPlan:
        with self._lock:
            return self._overrides.get(account, self._default)

    def decide(self, account: int, method: str) -> Fault | None:
        with self._lock:
            armed = self._armed.get(account)
            if armed is None:
                armed = self._armed[account] = _Armed(self._overrides.get(account, self._default))
            plan = armed.plan
            if not plan.kinds or plan.probability <= 0.0:
                return None
            if plan.methods is not None and method.upper() not in plan.methods:
                return None
            if armed.rng.random() >= plan.probability:
                return None
            kind = armed.rng.choice(plan.kinds)
            status = armed.rng.choice((502, 500)) if kind == "server_error_after" else 503
        return Fault(kind, latency_ms=plan.latency_ms, slow_ms=plan.slow_ms, status=status)
