"""Timestamps: storage form, wire form (ISO-8601 with ``Z``) and DateParts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .settings import DatePrecision

#: .NET ``DateTime.MinValue``: what NP6 returns for dates it does not track (IMPORTS.md §1.7).
MIN_DATE = "0001-01-01T00:00:00Z"


def utcnow() -> datetime:
    return datetime.now(UTC)


def _fmt(moment: datetime) -> str:
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
        f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
    )


def to_storage(moment: datetime) -> str:
    """Full-precision form kept in SQLite."""
    moment = moment.astimezone(UTC)
    return f"{_fmt(moment)}.{moment.microsecond:06d}Z"


def from_storage(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def truncate(moment: datetime, precision: DatePrecision) -> datetime:
    if precision == "minute":
        return moment.replace(second=0, microsecond=0)
    if precision == "second":
        return moment.replace(microsecond=0)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def to_wire(moment: datetime, precision: DatePrecision) -> str:
    moment = truncate(moment.astimezone(UTC), precision)
    if precision == "millisecond":
        return f"{_fmt(moment)}.{moment.microsecond // 1000:03d}Z"
    return f"{_fmt(moment)}Z"


def stored_to_wire(text: str, precision: DatePrecision) -> str:
    return to_wire(from_storage(text), precision)


def date_parts(moment: datetime, precision: DatePrecision) -> dict[str, int]:
    """DateParts (IMPORTS.md §3.4) of an instant, in UTC, as precise as the wire dates."""
    moment = truncate(moment.astimezone(UTC), precision)
    return {
        "hour": moment.hour,
        "minute": moment.minute,
        "second": moment.second,
        "year": moment.year,
        "month": moment.month,
        "date": moment.day,
    }


def parts_to_datetime(parts: dict[str, Any]) -> datetime:
    return datetime(parts["year"], parts["month"], parts["date"], parts["hour"], parts["minute"], parts["second"])


def parse_wire(text: str) -> datetime:
    """Parse a client-sent date-time; naive values are read as UTC. Raises ValueError."""
    try:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError(str(exc)) from exc


def add_one_year(moment: datetime) -> datetime:
    try:
        return moment.replace(year=moment.year + 1)
    except ValueError:  # 29 February, or year 9999
        if moment.year >= 9999:
            return moment
        return moment.replace(year=moment.year + 1, day=28)
