"""The emulator's own validation of request bodies (IMPORTS.md §3, §4).

Written independently of the client package on purpose: both sides are checked against the
documented examples. Models are strict (no "1" for 1, no 0 for false) and ignore unknown members;
the routes keep the sent JSON to tell an absent member from an explicit ``null``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from .dates import parse_wire

INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1

Int32 = Annotated[int, Field(ge=INT32_MIN, le=INT32_MAX)]
PositiveId = Annotated[int, Field(ge=1, le=INT32_MAX)]
PositiveInt32 = Annotated[int, Field(ge=1, le=INT32_MAX)]

#: Members that clients send as placeholders and the server ignores (ids, server dates).
IgnoredId = Annotated[Any, WithJsonSchema({"type": ["integer", "null"], "format": "int32"})]
IgnoredDate = Annotated[Any, WithJsonSchema({"type": ["string", "null"], "format": "date-time"})]

DAY_NAMES = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
DayName = Literal["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
FEATURE_TYPES = ("segmentation", "redList", "duplicate", "report", "database", "normalization")


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")


# --- features (§4.1) -------------------------------------------------------------------------


class SegmentationFeature(_Strict):
    type: Literal["segmentation"]
    segmentId: PositiveId
    # Wire name is the misspelled one; the 2018 legacy spelling is accepted as an alias.
    emptyExisitingSegment: bool | None = Field(
        default=None,
        validation_alias=AliasChoices("emptyExisitingSegment", "emptyExistingSegment"),
    )


class RedListDestination(_Strict):
    mail: bool | None = Field(default=None, validation_alias=AliasChoices("mail", "email"))
    sms: bool | None = None


class RedListFeature(_Strict):
    type: Literal["redList"]
    destination: RedListDestination | None = None


class DuplicateRules(_Strict):
    first: bool | None = None
    last: bool | None = None
    ignore: bool | None = None


class DuplicateFeature(_Strict):
    type: Literal["duplicate"]
    rules: DuplicateRules | None = None


class ReportFeature(_Strict):
    type: Literal["report"]
    sendFinalReport: bool | None = None
    sendErrorReport: bool | None = None
    contactGuids: list[str] | None = None
    groupIds: list[Int32] | None = None


class DatabaseFeature(_Strict):
    type: Literal["database"]
    updateExisting: bool | None = None
    crushData: bool | None = None


# A positive int32 in decimal (the bound is checked by NormalizationFeature: a pattern cannot).
FieldIdKey = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{0,9}$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class NormalizationFeature(_Strict):
    type: Literal["normalization"]
    fields: dict[FieldIdKey, list[CountryCode]] | None = None

    @field_validator("fields")
    @classmethod
    def _int32_field_ids(cls, fields: dict[str, list[str]] | None) -> dict[str, list[str]] | None:
        if fields and any(int(key) > INT32_MAX for key in fields):
            raise ValueError("field ids are int32")
        return fields


Feature = Annotated[
    SegmentationFeature | RedListFeature | DuplicateFeature | ReportFeature | DatabaseFeature | NormalizationFeature,
    Field(discriminator="type"),
]


# --- sources (§4.2) --------------------------------------------------------------------------


class FtpSource(_Strict):
    type: Literal["ftp"]
    id: IgnoredId = None
    creationDate: IgnoredDate = None
    updateDate: IgnoredDate = None
    folder: str | None = None
    templateFilename: str | None = None


class FileSource(_Strict):
    type: Literal["file"]
    id: IgnoredId = None
    creationDate: IgnoredDate = None
    updateDate: IgnoredDate = None
    filename: Annotated[Any, WithJsonSchema({"type": ["string", "null"]})] = None
    data: list[dict[str, Any]] | None = None


Source = Annotated[FtpSource | FileSource, Field(discriminator="type")]


# --- scheduler (§3.4, §4.3-§4.5) -------------------------------------------------------------


class TimeOfDay(_Strict):
    hour: Annotated[int, Field(ge=0, le=23)]
    minute: Annotated[int, Field(ge=0, le=59)]
    second: Annotated[int, Field(ge=0, le=59)]


class DateParts(TimeOfDay):
    year: Annotated[int, Field(ge=1, le=9999)]
    month: Annotated[int, Field(ge=1, le=12)]
    date: Annotated[int, Field(ge=1, le=31)]

    @model_validator(mode="after")
    def _real_date(self) -> DateParts:
        datetime(self.year, self.month, self.date)  # raises ValueError for 31 February etc.
        return self

    def as_datetime(self) -> datetime:
        return datetime(self.year, self.month, self.date, self.hour, self.minute, self.second)


class Validity(_Strict):
    start: DateParts | None = None
    end: DateParts | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Validity:
        if self.start and self.end and self.end.as_datetime() < self.start.as_datetime():
            raise ValueError("validity.end is before validity.start")
        return self


def _one_or_many(value: Any) -> Any:
    """``days`` may be a single value (legacy parameter table); emit arrays."""
    return value if isinstance(value, list) else [value]


def _dedupe(values: list[Any]) -> list[Any]:
    seen: list[Any] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


class DailyOccurs(_Strict):
    type: Literal["daily"]
    interval: PositiveInt32 | None = None


class WeeklyOccurs(_Strict):
    type: Literal["weekly"]
    interval: PositiveInt32 | None = None
    days: Annotated[list[DayName], Field(min_length=1, max_length=7)]

    @field_validator("days", mode="before")
    @classmethod
    def _days(cls, value: Any) -> Any:
        canonical = {name.lower(): name for name in DAY_NAMES}
        return _dedupe([canonical.get(v.lower(), v) if isinstance(v, str) else v for v in _one_or_many(value)])


class MonthlyOccurs(_Strict):
    type: Literal["monthly"]
    interval: PositiveInt32 | None = None
    days: Annotated[list[Annotated[int, Field(ge=1, le=31)]], Field(min_length=1, max_length=31)]

    @field_validator("days", mode="before")
    @classmethod
    def _days(cls, value: Any) -> Any:
        items = _one_or_many(value)
        return _dedupe([int(v) if isinstance(v, str) and v.isascii() and v.isdigit() else v for v in items])


Occurs = Annotated[DailyOccurs | WeeklyOccurs | MonthlyOccurs, Field(discriminator="type")]


class Periodicity(_Strict):
    type: Literal["once"]
    value: TimeOfDay

    @field_validator("type", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value


class Frequency(_Strict):
    occurs: Occurs
    periodicity: Periodicity


class _SchedulerBase(_Strict):
    id: IgnoredId = None
    creationDate: IgnoredDate = None
    name: str | None = None
    description: str | None = None
    enabled: bool | None = None
    timezone: str | None = None
    extension: dict[str, Any] | None = None


class PeriodicScheduler(_SchedulerBase):
    type: Literal["periodic"]
    frequency: Frequency
    validity: Validity | None = None


class OtherScheduler(_SchedulerBase):
    """Any other scheduler kind (e.g. the undocumented one-time variant): kept opaquely (§5 Q4)."""

    model_config = ConfigDict(strict=True, extra="allow")
    type: Annotated[str, StringConstraints(min_length=1)]
    value: Annotated[Any, WithJsonSchema({"type": "object"})]

    @model_validator(mode="after")
    def _check(self) -> OtherScheduler:
        if self.type == "periodic":
            raise ValueError("a periodic scheduler needs a valid frequency")
        if self.value is None:
            raise ValueError("a scheduler of another type must carry a value")
        return self


Scheduler = PeriodicScheduler | OtherScheduler


# --- import definition (§3.1) ----------------------------------------------------------------


class ImportDefinitionIn(_Strict):
    """Body of POST /imports, PUT /imports/{id} and POST /imports/{id}/executions."""

    id: IgnoredId = None
    name: str | None = None
    creationDate: IgnoredDate = None
    updateDate: IgnoredDate = None
    binding: PositiveId | None = None
    features: list[Feature] | None = None
    source: Source | None = None
    scheduler: Scheduler | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("name must not be empty")
        return value

    @model_validator(mode="after")
    def _unique_features(self) -> ImportDefinitionIn:
        types = [feature.type for feature in self.features or []]
        if len(types) != len(set(types)):
            raise ValueError("at most one feature per type")
        return self


# --- segments (§2.10, §3.9) ------------------------------------------------------------------

TargetId = Annotated[str, StringConstraints(min_length=1, max_length=255)]


class SegmentIn(_Strict):
    """Body of POST /segments and PUT /segments/{id}."""

    type: Literal["static", "dynamic"] | None = None
    id: IgnoredId = None
    name: str | None = None
    description: str | None = None
    creation: IgnoredDate = None
    expiration: Annotated[str | None, WithJsonSchema({"type": ["string", "null"], "format": "date-time"})] = None
    isTest: bool | None = None
    targetsCount: IgnoredId = None
    parentId: PositiveId | None = None
    searchId: PositiveId | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("name must not be empty")
        return value

    @field_validator("expiration")
    @classmethod
    def _expiration(cls, value: str | None) -> str | None:
        if value is not None:
            parse_wire(value)
        return value


class TargetsIn(RootModel[Annotated[list[TargetId], Field(max_length=50)]]):
    """Body of PUT /segments/{id}/targets: at most 50 target ids per call."""

    model_config = ConfigDict(strict=True)


# --- control plane ---------------------------------------------------------------------------

FaultKind = Literal["latency", "rate_limit", "server_error", "server_error_after", "drop_before", "drop_after", "slow"]


class FaultsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    seed: int = 0
    probability: Annotated[float, Field(ge=0.0, le=1.0)] = 1.0
    kinds: list[FaultKind] = Field(default_factory=list)
    latency_ms: Annotated[int, Field(ge=0, le=600_000)] = 0
    slow_ms: Annotated[int, Field(ge=0, le=600_000)] = 0
    methods: list[str] | None = None


class RateLimitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    limit: Annotated[int, Field(ge=0)]
    window_seconds: Annotated[float, Field(gt=0.0, le=86_400.0)]


class ExecutionsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    duration_seconds: Annotated[float, Field(ge=0.0, le=86_400.0)] | None = None
    outcome: Literal["completed", "error"] | None = None
