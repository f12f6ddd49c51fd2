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

    state: ExecutionState = Field(description="0 processing, 1 completed, 2 error (the latest run only).")


class Execution(WireModel):
    """`POST /imports/{id}/executions` response; loosely typed, its shape is not documented in 8.1.0."""

    start_date: Timestamp | None = Field(default=None, description="When the run started.")
    state: ExecutionState = Field(
        default=ExecutionState.PROCESSING, description="0 processing (what a run that has just started reports)."
    )
    content: dict[str, Any] | None = Field(default=None, description="Features and import format used.")
    source: Source | None = Field(default=None, description="The source the run reads (see FtpSource, FileSource).")
