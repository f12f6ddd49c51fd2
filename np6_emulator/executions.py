"""Import executions (IMPORTS.md §2.7, §2.8, §3.6, §3.7).

A run is stored with its end time and final state; its state is 0 (processing) until then.
A run ends in error (2) when the import has no ``binding`` or when its source is ``file`` and no
file was uploaded; otherwise it completes (1). ``PUT /_emulator/executions`` can force either
outcome and change the duration for one account.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from . import dates
from .definitions import render_source
from .settings import Settings
from .store import Execution

PROCESSING, COMPLETED, ERROR = 0, 1, 2


@dataclass(frozen=True)
class Knob:
    duration_seconds: float | None = None
    outcome: str | None = None


class ExecutionKnobs:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._knobs: dict[int, Knob] = {}

    def set(self, account: int, knob: Knob) -> None:
        with self._lock:
            self._knobs[account] = knob

    def clear(self, account: int) -> None:
        with self._lock:
            self._knobs.pop(account, None)

    def get(self, account: int) -> Knob:
        with self._lock:
            return self._knobs.get(account, Knob())


def state_at(execution: Execution, now: float) -> int:
    return PROCESSING if now < execution.ends_at else execution.final_state


def natural_outcome(doc: dict[str, Any]) -> int:
    if "binding" not in doc:
        return ERROR
    source = doc["source"]
    if source.get("type") == "file" and not source.get("filename"):
        return ERROR
    return COMPLETED


def final_state(doc: dict[str, Any], knob: Knob) -> int:
    if knob.outcome == "completed":
        return COMPLETED
    if knob.outcome == "error":
        return ERROR
    return natural_outcome(doc)


def duration(knob: Knob, settings: Settings) -> float:
    return knob.duration_seconds if knob.duration_seconds is not None else settings.execution_seconds


def render_execution(doc: dict[str, Any], execution: Execution, settings: Settings) -> dict[str, Any]:
    """Loosely the legacy Execution object (examples/legacy/slate.start-import-execution.response.json).

    ``state`` is always 0: the object describes the run that has just started.
    """
    content: dict[str, Any] = {"features": doc.get("features", [])}
    if "binding" in doc:
        content["identifier"] = {"guid": doc["binding"]}
    return {
        "startDate": dates.stored_to_wire(execution.started, settings.date_precision),
        "state": PROCESSING,
        "content": content,
        "source": render_source(doc["source"], settings),
    }
