"""A stack declaring one of each variant goes through the whole lifecycle against the emulator."""

from __future__ import annotations

from pathlib import Path

import pulumi
import pytest

from np6_provider import (
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
    Np6Import,
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
from tests.support.stacks import changes, new_stack, planned_steps

pytestmark = pytest.mark.e2e


def every_variant() -> None:
    six_am = OncePeriodicity(value=TimeOfDay(hour=6, minute=30, second=15))
    imports = [
        Np6Import(
            "all-features",
            name="All features",
            binding=44,
            features=[
                SegmentationFeature(segment_id=501, empty_existing_segment=True),
                RedListFeature(destination=RedListDestination(mail=True, sms=True)),
                DuplicateFeature(rules=DuplicateRules(ignore=True)),
                ReportFeature(send_final_report=True, contact_guids=["1C0193AB"], group_ids=[7]),
                DatabaseFeature(update_existing=True, crush_data=True),
                NormalizationFeature(fields={233: ["FRA", "ESP"], "240": ["BEL"]}),
            ],
            source=FtpSource(folder="all-features", template_filename="contacts.csv"),
            scheduler=PeriodicScheduler(
                name="Nightly",
                description="every night",
                enabled=True,
                timezone="(UTC+01:00) Brussels, Copenhagen, Madrid, Paris",
                frequency=Frequency(occurs=DailyOccurs(interval=2), periodicity=six_am),
                validity=Validity(
                    start=DateParts(year=2026, month=1, date=1),
                    end=DateParts(year=2027, month=12, date=31, hour=23, minute=59, second=59),
                ),
            ),
        ),
        Np6Import(
            "weekly",
            name="Weekly",
            source=FtpSource(),
            scheduler=PeriodicScheduler(
                frequency=Frequency(occurs=WeeklyOccurs(interval=2, days=["Mon", "Thu"]), periodicity=six_am)
            ),
        ),
        Np6Import(
            "monthly",
            name="Monthly",
            source=FtpSource(),
            scheduler=PeriodicScheduler(
                frequency=Frequency(occurs=MonthlyOccurs(days=[1, 15, 31]), periodicity=six_am)
            ),
        ),
        Np6Import(
            "one-time",
            name="One time",
            source=FtpSource(),
            scheduler=OneTimeScheduler(type="oneTime", value=DateParts(year=2027, month=3, date=1, hour=9)),
        ),
        Np6Import("manual", name="Manual", binding=8330, source=FileSource(), features=[DuplicateFeature.keep("last")]),
    ]
    for declared in imports:
        pulumi.export(declared._name, declared.np6_id)


def test_one_of_each_variant_round_trips(tmp_path: Path, emulator: object) -> None:
    e2e = new_stack(tmp_path, emulator, every_variant)  # type: ignore[arg-type]
    assert changes(e2e.stack.up()) == {"create": 6}
    assert planned_steps(e2e.stack)[1] == []
    assert changes(e2e.stack.refresh()) == {}
    assert planned_steps(e2e.stack)[1] == []
    assert changes(e2e.stack.destroy()) == {"delete": 6}
    with e2e.admin.api(e2e.api_key) as api:
        assert api.get("/imports").json() == []
