"""Values known only at deployment time (Outputs) anywhere in a declaration reach the provider whole.

Regressions: an Output inside a typed field was dumped as {} (a red list silently sent to no list), an
Output of a model could not be sent at all, and a whole feature list as an Output failed to construct.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from np6_provider import (
    DailyOccurs,
    DatabaseFeature,
    Frequency,
    FtpSource,
    Np6Import,
    OncePeriodicity,
    PeriodicScheduler,
    RedListFeature,
    SegmentationFeature,
    TimeOfDay,
)


class _Recorder(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.inputs: dict[str, dict[str, Any]] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.inputs[args.name] = dict(args.inputs)
        return "7", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


def later(value: Any) -> pulumi.Output[Any]:
    """A value another resource hands over at deployment time."""
    return pulumi.Output.from_input(5).apply(lambda _: value)


CASES: dict[str, tuple[dict[str, Any], str, Any]] = {
    "feature as an Output of a model": (
        {"features": [later(SegmentationFeature(segment_id=5))]},
        "features",
        [{"type": "segmentation", "segment_id": 5, "empty_existing_segment": False}],
    ),
    "feature list as an Output": (
        {"features": later([DatabaseFeature(update_existing=True)])},
        "features",
        [{"type": "database", "update_existing": True, "crush_data": False}],
    ),
    "source as an Output of a model": (
        {"source": later(FtpSource(folder="in"))},
        "source",
        {"type": "ftp", "folder": "in"},
    ),
    "nested member as an Output": (
        {"features": [RedListFeature(destination=later({"mail": True, "sms": True}))]},
        "features",
        [{"type": "redList", "destination": {"mail": True, "sms": True}}],
    ),
    "time of day as an Output of a model": (
        {
            "scheduler": PeriodicScheduler(
                frequency=Frequency(occurs=DailyOccurs(), periodicity=OncePeriodicity(value=later(TimeOfDay(hour=5))))
            )
        },
        "scheduler",
        {
            "type": "periodic",
            "frequency": {
                "occurs": {"type": "daily"},
                "periodicity": {"type": "once", "value": {"hour": 5, "minute": 0, "second": 0}},
            },
        },
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_an_output_anywhere_reaches_the_provider_whole(case: tuple[dict[str, Any], str, Any]) -> None:
    arguments, member, expected = case
    recorder = _Recorder()
    pulumi.runtime.set_mocks(recorder, project="np6-unit", stack="unit", preview=False)

    @pulumi.runtime.test  # type: ignore[untyped-decorator]  # pulumi.runtime.test is unannotated
    def declare() -> pulumi.Output[Any]:
        return Np6Import("imp", name="Import", **arguments).name

    declare()
    assert recorder.inputs["imp"][member] == expected
