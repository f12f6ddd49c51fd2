"""Execution state of an import run (IMPORTS.md §3.6, §3.7)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from pydantic import Field

from ._base import Timestamp, WireModel
from .sources import Source


class ExecutionState(IntEnum):
    PROCESSING = 0
    COMPLETED = 1
    ERROR = 2


class LastExecution(WireModel):
    """`GET /imports/{id}/executions`: the state of the latest run only."""

    state: ExecutionState


class Execution(WireModel):
    """`POST /imports/{id}/executions` response; loosely typed, its shape is not documented in 8.1.0."""

    start_date: Timestamp | None = None
    state: ExecutionState = ExecutionState.PROCESSING
    content: dict[str, Any] | None = Field(default=None, description="Features and import format used.")
    source: Source | None = None
