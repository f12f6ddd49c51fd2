"""Programs the end-to-end tests deploy: the seed's definition, with knobs for edits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi

from np6_provider import (
    DatabaseFeature,
    DuplicateFeature,
    Frequency,
    FtpSource,
    NormalizationFeature,
    Np6Import,
    OncePeriodicity,
    PeriodicScheduler,
    ReportFeature,
    SegmentationFeature,
    TimeOfDay,
    WeeklyOccurs,
)


def seed_import(resource_name: str = "contacts", **overrides: Any) -> Np6Import:
    """The seed's "Import Contacts" definition; `overrides` replace constructor arguments."""
    arguments: dict[str, Any] = {
        "name": "Import Contacts",
        "binding": 44,
        "features": [
            ReportFeature(send_final_report=True, send_error_report=True, contact_guids=["1C0193AB"]),
            DatabaseFeature(update_existing=True, crush_data=False),
            DuplicateFeature.keep("first"),
            SegmentationFeature(segment_id=501),
            NormalizationFeature(fields={233: ["FRA", "ESP"]}),
        ],
        "source": FtpSource(),
        "scheduler": PeriodicScheduler(
            frequency=Frequency(
                occurs=WeeklyOccurs(days=["Sun"]),
                periodicity=OncePeriodicity(value=TimeOfDay(hour=6)),
            )
        ),
    }
    arguments.update(overrides)
    return Np6Import(resource_name, **arguments)


def exporting(build: Callable[[], Np6Import]) -> Callable[[], None]:
    def program() -> None:
        created = build()
        pulumi.export("np6_id", created.np6_id)
        pulumi.export("ftp_folder", created.ftp_folder)

    return program
