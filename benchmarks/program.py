"""The benchmark stack program: N imports of one realistic shape, as `Np6Import`s or as no-op resources.

Config: `bench:count` (N) and `bench:kind` (`np6`, or `noop` for the engine floor). Both kinds build
the same properties with the same validation, so the program side costs the same.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi.dynamic as dynamic

from benchmarks.noop_provider import NoopProvider
from np6_provider import (
    DatabaseFeature,
    DuplicateFeature,
    Frequency,
    FtpSource,
    Np6Import,
    OncePeriodicity,
    PeriodicScheduler,
    ReportFeature,
    TimeOfDay,
    WeeklyOccurs,
)
from np6_provider.models import ImportDeclaration
from np6_provider.resources.np6_import import OUTPUT_KEYS, _restore_pickler, declared_properties


def import_fields(index: int) -> dict[str, Any]:
    """The declaration of import number `index` (the README's example shape)."""
    return {
        "name": f"bench-{index:05d}",
        "binding": 44,
        "features": [
            ReportFeature(send_final_report=True, send_error_report=True, contact_guids=["1C0193AB"]),
            DatabaseFeature(update_existing=True),
            DuplicateFeature.keep("first"),
        ],
        "source": FtpSource(),
        "scheduler": PeriodicScheduler(
            frequency=Frequency(
                occurs=WeeklyOccurs(days=["Sun"]),
                periodicity=OncePeriodicity(value=TimeOfDay(hour=6)),
            )
        ),
    }


class NoopImport(dynamic.Resource, module="bench", name="Noop"):
    """The same properties as an `Np6Import`, handled by `NoopProvider`."""

    def __init__(self, resource_name: str, **fields: Any) -> None:
        props: dict[str, Any] = declared_properties(ImportDeclaration.model_validate(fields))
        props.update(account=None, adopt=None)
        props.update(dict.fromkeys(OUTPUT_KEYS))
        try:
            super().__init__(NoopProvider(), resource_name, props)
        finally:
            _restore_pickler()


def declare() -> None:
    config = pulumi.Config("bench")
    count = int(config.require("count"))
    kind = config.require("kind")
    for index in range(count):
        if kind == "noop":
            NoopImport(f"imp-{index:05d}", **import_fields(index))
        else:
            Np6Import(f"imp-{index:05d}", **import_fields(index))
    pulumi.export("count", count)
