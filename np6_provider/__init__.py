"""np6-pulumi: NP6 import definitions as Pulumi resources.

from np6_provider import Np6Import, FtpSource, PeriodicScheduler, ...

Names are imported on first use (PEP 562): the provider process loads
`np6_provider.resources.np6_import` for every operation, and must not pay for
the segment resource, the components or the HTTP client it may never need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> the submodule (relative to this package) that defines it
_EXPORTS: dict[str, str] = {
    "SegmentedImport": ".components",
    "Np6Error": ".errors",
    "Np6InputError": ".errors",
    "Np6Import": ".resources.np6_import",
    "Np6ImportProvider": ".resources.np6_import",
    "Np6Segment": ".resources.np6_segment",
    "Np6SegmentProvider": ".resources.np6_segment",
    "SegmentDeclaration": ".resources.np6_segment",
    **dict.fromkeys(
        (
            "DailyOccurs",
            "DatabaseFeature",
            "DateParts",
            "DuplicateFeature",
            "DuplicateRules",
            "FileSource",
            "Frequency",
            "FtpSource",
            "MonthlyOccurs",
            "NormalizationFeature",
            "OncePeriodicity",
            "OneTimeScheduler",
            "PeriodicScheduler",
            "RedListDestination",
            "RedListFeature",
            "ReportFeature",
            "SchedulerRef",
            "SegmentationFeature",
            "TimeOfDay",
            "Validity",
            "WeeklyOccurs",
        ),
        ".models",
    ),
}

__all__ = [
    "DailyOccurs",
    "DatabaseFeature",
    "DateParts",
    "DuplicateFeature",
    "DuplicateRules",
    "FileSource",
    "Frequency",
    "FtpSource",
    "MonthlyOccurs",
    "NormalizationFeature",
    "Np6Error",
    "Np6Import",
    "Np6ImportProvider",
    "Np6InputError",
    "Np6Segment",
    "Np6SegmentProvider",
    "OncePeriodicity",
    "OneTimeScheduler",
    "PeriodicScheduler",
    "RedListDestination",
    "RedListFeature",
    "ReportFeature",
    "SchedulerRef",
    "SegmentDeclaration",
    "SegmentationFeature",
    "SegmentedImport",
    "TimeOfDay",
    "Validity",
    "WeeklyOccurs",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:
    from .components import SegmentedImport
    from .errors import Np6Error, Np6InputError
    from .models import (
        DailyOccurs,
        DatabaseFeature,
        DateParts,
        DuplicateFeature,
        DuplicateRules,
        FileSource,
        Frequency,
        FtpSource,
        MonthlyOccurs,
        NormalizationFeature,
        OncePeriodicity,
        OneTimeScheduler,
        PeriodicScheduler,
        RedListDestination,
        RedListFeature,
        ReportFeature,
        SchedulerRef,
        SegmentationFeature,
        TimeOfDay,
        Validity,
        WeeklyOccurs,
    )
    from .resources.np6_import import Np6Import, Np6ImportProvider
    from .resources.np6_segment import Np6Segment, Np6SegmentProvider, SegmentDeclaration
