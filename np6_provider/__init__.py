"""np6-pulumi: NP6 import definitions as Pulumi resources.

from np6_provider import Np6Import, FtpSource, PeriodicScheduler, ...
"""

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
    SegmentationFeature,
    TimeOfDay,
    Validity,
    WeeklyOccurs,
)
from .resources.np6_import import Np6Import, Np6ImportProvider
from .resources.np6_segment import Np6Segment, Np6SegmentProvider, SegmentDeclaration

__version__ = "0.1.0"

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
    "SegmentDeclaration",
    "SegmentationFeature",
    "SegmentedImport",
    "TimeOfDay",
    "Validity",
    "WeeklyOccurs",
]
