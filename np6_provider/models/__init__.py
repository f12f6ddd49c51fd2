"""Typed NP6 payloads (pydantic v2): the single source of truth for shape and validation."""

from ._base import LENIENT, Deferred, WireModel, known
from .definition import ImportChanges, ImportDeclaration, ImportDefinition, contains_deferred
from .executions import Execution, ExecutionState, LastExecution
from .features import (
    FEATURE_TYPES,
    DatabaseFeature,
    DuplicateFeature,
    DuplicateRules,
    Feature,
    NormalizationFeature,
    RedListDestination,
    RedListFeature,
    ReportFeature,
    SegmentationFeature,
)
from .schedulers import (
    DailyOccurs,
    DateParts,
    Frequency,
    MonthlyOccurs,
    OncePeriodicity,
    OneTimeScheduler,
    PeriodicScheduler,
    Scheduler,
    SchedulerRef,
    TimeOfDay,
    Validity,
    WeeklyOccurs,
)
from .segments import Segment
from .sources import FileSource, FtpSource, Source

__all__ = [
    "FEATURE_TYPES",
    "LENIENT",
    "DailyOccurs",
    "DatabaseFeature",
    "DateParts",
    "Deferred",
    "DuplicateFeature",
    "DuplicateRules",
    "Execution",
    "ExecutionState",
    "Feature",
    "FileSource",
    "Frequency",
    "FtpSource",
    "ImportChanges",
    "ImportDeclaration",
    "ImportDefinition",
    "LastExecution",
    "MonthlyOccurs",
    "NormalizationFeature",
    "OncePeriodicity",
    "OneTimeScheduler",
    "PeriodicScheduler",
    "RedListDestination",
    "RedListFeature",
    "ReportFeature",
    "Scheduler",
    "SchedulerRef",
    "Segment",
    "SegmentationFeature",
    "Source",
    "TimeOfDay",
    "Validity",
    "WeeklyOccurs",
    "WireModel",
    "contains_deferred",
    "known",
]
