"""Import schedulers: when NP6 runs an automatic import (IMPORTS.md §3.4, §4.3 to 4.5)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Discriminator, Field, Tag, ValidationInfo, field_validator, model_validator

from ._base import (
    Deferred,
    FreeJsonObject,
    NonEmptyText,
    PositiveId,
    RequestRule,
    Timestamp,
    WireModel,
    is_deferred_value,
    is_request,
    known,
    refuse_non_finite,
)

DayName = Literal["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
Interval = Annotated[int, RequestRule(ge=1, le=1000)]
DayOfMonth = Annotated[int, Field(ge=1, le=31)]

# Windows time-zone display names, as NP6 uses them: "(UTC+01:00) Brussels, ...", "(UTC) Coordinated Universal Time".
_WINDOWS_TIME_ZONE = re.compile(r"^\(UTC([+-](0\d|1[0-4]):[0-5]\d)?\) \S.*$", re.IGNORECASE)


class TimeOfDay(WireModel):
    """A time of day, read in the scheduler's time zone."""

    hour: Deferred[Annotated[int, Field(ge=0, le=23)]] = Field(description="Hour of the day, 0 to 23.")
    minute: Deferred[Annotated[int, Field(ge=0, le=59)]] = Field(default=0, description="Minute, 0 to 59.")
    second: Deferred[Annotated[int, Field(ge=0, le=59)]] = Field(default=0, description="Second, 0 to 59.")

    @model_validator(mode="after")
    def _every_member_is_sent(self) -> TimeOfDay:
        # NP6's examples always carry every member, and whether it fills omitted ones is undocumented:
        # TimeOfDay(hour=6) is sent as {"hour": 6, "minute": 0, "second": 0}.
        self.__pydantic_fields_set__.update(type(self).model_fields)
        return self


class DateParts(TimeOfDay):
    """A calendar instant without offset, read in the scheduler's time zone (`date` is the day of month)."""

    year: Deferred[Annotated[int, Field(ge=1900, le=9999)]] = Field(description="Four-digit year.")
    month: Deferred[Annotated[int, Field(ge=1, le=12)]] = Field(description="Month, 1 (January) to 12.")
    date: Deferred[DayOfMonth] = Field(description="Day of the month, 1 to 31 (checked against the month).")
    hour: Deferred[Annotated[int, Field(ge=0, le=23)]] = Field(default=0, description="Hour of the day, 0 to 23.")

    @model_validator(mode="after")
    def _real_calendar_day(self) -> DateParts:
        import calendar

        parts = (self.year, self.month, self.date)
        if not any(is_deferred_value(p) for p in parts):
            year, month, day = int(self.year), int(self.month), int(self.date)  # type: ignore[arg-type]
            if day > calendar.monthrange(year, month)[1]:
                raise ValueError(f"{year:04d}-{month:02d} has no day {day}")
        return self

    def sort_key(self) -> tuple[Any, ...]:
        return (self.year, self.month, self.date, self.hour, self.minute, self.second)


def _days_as_list(value: object) -> object:
    # Legacy docs type `days` as one string; every client sends arrays.
    return [value] if isinstance(value, (str, int)) and not isinstance(value, bool) else value


class DailyOccurs(WireModel):
    """Runs every day (or every `interval` days)."""

    type: Literal["daily"] = "daily"
    interval: Deferred[Interval] | None = Field(default=None, description="Every N days, 1 to 1000; unset: 1.")


class WeeklyOccurs(WireModel):
    """Runs on the given week days, every `interval` weeks."""

    type: Literal["weekly"] = "weekly"
    interval: Deferred[Interval] | None = Field(default=1, description="Every N weeks, 1 to 1000.")
    days: Deferred[Annotated[list[Deferred[DayName]], RequestRule(min_length=1)]] = Field(
        description="Three-letter English day names: Sun, Mon, Tue, Wed, Thu, Fri, Sat."
    )

    _days = field_validator("days", mode="before")(classmethod(lambda cls, v: _days_as_list(v)))

    @field_validator("days")
    @classmethod
    def _no_repeated_day(cls, days: Any, info: ValidationInfo) -> Any:
        if is_request(info) and isinstance(days, list) and len(days) != len(set(map(str, days))):
            raise ValueError("each day may appear only once")
        return days


class MonthlyOccurs(WireModel):
    """Runs on the given days of the month (1 to 31)."""

    type: Literal["monthly"] = "monthly"
    interval: Deferred[Interval] | None = Field(default=None, description="Every N months, 1 to 1000; unset: 1.")
    days: Deferred[Annotated[list[Deferred[DayOfMonth]], RequestRule(min_length=1)]] = Field(
        description="Days of the month, 1 to 31."
    )

    _days = field_validator("days", mode="before")(classmethod(lambda cls, v: _days_as_list(v)))


Occurs = Annotated[DailyOccurs | WeeklyOccurs | MonthlyOccurs, Field(discriminator="type")]


class OncePeriodicity(WireModel):
    """One run per selected day, at `value`."""

    type: Literal["once"] = "once"
    value: Deferred[TimeOfDay] = Field(description="Time of day of the run, in the scheduler's time zone.")


Periodicity = Annotated[OncePeriodicity, Field(discriminator="type")]


class Frequency(WireModel):
    """When a periodic scheduler runs: which days (`occurs`) and at what time of those days (`periodicity`)."""

    occurs: Deferred[Occurs] = Field(description="Which days.")
    periodicity: Deferred[Periodicity] = Field(description="At what time of those days.")

    @field_validator("periodicity", mode="before")
    @classmethod
    def _legacy_capitalized_once(cls, value: Any) -> Any:
        # NP6's legacy parameter table writes "Once"; every example sends "once".
        if isinstance(value, dict) and value.get("type") == "Once":
            return {**value, "type": "once"}
        return value


class Validity(WireModel):
    """Active window; NP6 sets `start` to the creation instant when it (or the whole validity) is left unset."""

    start: Deferred[DateParts] | None = Field(
        default=None, description="First instant the scheduler may run; unset: the creation instant."
    )
    end: Deferred[DateParts] | None = Field(default=None, description="Last instant it may run; unset: no end.")

    @model_validator(mode="after")
    def _end_after_start(self, info: ValidationInfo) -> Validity:
        if not is_request(info) or self.start is None or self.end is None:
            return self
        if is_deferred_value(self.start) or is_deferred_value(self.end):
            return self
        start, end = known(self.start).sort_key(), known(self.end).sort_key()
        if any(is_deferred_value(p) for p in start + end):
            return self
        if end <= start:
            raise ValueError("end must be after start")
        return self


class _SchedulerBase(WireModel):
    id: int | None = Field(default=None, description="Server-set scheduler id (clients send 0 or nothing).")
    name: Deferred[NonEmptyText] | None = Field(default=None, description="Scheduler name; NP6 uses 'New schedule'.")
    creation_date: Timestamp | None = Field(default=None, description="Server-set.")
    description: Deferred[str] | None = Field(default=None, description="Free text.")
    enabled: Deferred[bool] | None = Field(default=None, description="Active or not; NP6 defaults to true.")
    timezone: Deferred[str] | None = Field(
        default=None,
        description="Windows time-zone display name, e.g. '(UTC+01:00) Brussels, Copenhagen, Madrid, Paris'; "
        "NP6 defaults to that zone.",
    )
    extension: FreeJsonObject | None = Field(
        default=None, description="'Extra data'; shape undocumented, kept as sent (finite numbers only)."
    )

    @field_validator("timezone")
    @classmethod
    def _windows_time_zone(cls, value: Any, info: ValidationInfo) -> Any:
        # NP6 documents display names only; what else it accepts is unknown, so responses are taken as they are.
        if is_request(info) and isinstance(value, str) and not _WINDOWS_TIME_ZONE.match(value):
            raise ValueError(
                "must be a Windows time-zone display name such as "
                "'(UTC+01:00) Brussels, Copenhagen, Madrid, Paris' or '(UTC) Coordinated Universal Time'"
            )
        return value


class PeriodicScheduler(_SchedulerBase):
    """Runs the import on a recurring schedule (the only scheduler NP6's examples show)."""

    type: Literal["periodic"] = "periodic"
    frequency: Deferred[Frequency] = Field(
        description="Which days, and at what time of those days, NP6 runs the import."
    )
    validity: Deferred[Validity] | None = Field(default=None, description="Active window; unset = from creation on.")


class OneTimeScheduler(_SchedulerBase):
    """Runs the import once, at `value`.

    Escape hatch: NP6 documents this variant's members but not its `type`
    literal, so you must give the literal your NP6 account uses (see the
    schema bundle) instead of np6-pulumi guessing it. `value` is a DateParts
    when it has that shape, else kept exactly as given; members np6-pulumi does
    not know are kept and sent as given (under the names you give them).
    """

    model_config = ConfigDict(extra="allow")

    type: Annotated[str, Field(min_length=1, description="Discriminator literal of NP6's one-time scheduler.")]
    value: Deferred[DateParts] | FreeJsonObject = Field(description="The one-time execution time.")

    @field_validator("type")
    @classmethod
    def _not_a_documented_literal(cls, value: str) -> str:
        if value == "periodic":
            raise ValueError("'periodic' is PeriodicScheduler's type")
        return value

    @model_validator(mode="after")
    def _finite_extra_members(self, info: ValidationInfo) -> OneTimeScheduler:
        if is_request(info):
            refuse_non_finite(self.model_extra)
        return self


class SchedulerRef(WireModel):
    """The scheduler as NP6 returns it from GET, list and PUT: its id only."""

    id: PositiveId


def _scheduler_variant(value: Any) -> str:
    data_type = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    if isinstance(value, SchedulerRef) or (isinstance(value, dict) and data_type is None):
        return "ref"
    return "periodic" if data_type == "periodic" else "oneTime"


Scheduler = Annotated[
    Annotated[PeriodicScheduler, Tag("periodic")]
    | Annotated[OneTimeScheduler, Tag("oneTime")]
    | Annotated[SchedulerRef, Tag("ref")],
    Discriminator(_scheduler_variant),
]
SCHEDULER_SERVER_FIELDS: tuple[str, ...] = ("id", "creation_date")
