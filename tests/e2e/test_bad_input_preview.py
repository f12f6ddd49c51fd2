"""Values that resolve only at deployment time are refused by the provider's check at preview, before any request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from np6_provider import Frequency, OncePeriodicity, PeriodicScheduler, SegmentationFeature, TimeOfDay, WeeklyOccurs
from tests.e2e.programs import seed_import
from tests.support.emulator import EmulatorAdmin
from tests.support.stacks import new_stack

pytestmark = pytest.mark.e2e


def later(value: Any) -> Any:
    """A value known only when the program runs, like another resource's output."""
    return pulumi.Output.from_input(value)


CASES: dict[str, tuple[dict[str, Any], str, str]] = {
    "segment id": (
        {"features": [SegmentationFeature(segment_id=later(0))]},
        "features[0].segment_id",
        "greater than 0",
    ),
    "empty name": ({"name": later("")}, "name", "at least 1 character"),
    "binding type": ({"binding": later("forty-four")}, "binding", "valid integer"),
    "day name": (
        {
            "scheduler": PeriodicScheduler(
                frequency=Frequency(
                    occurs=WeeklyOccurs(days=[later("Sunday")]), periodicity=OncePeriodicity(value=TimeOfDay(hour=6))
                )
            )
        },
        "scheduler.frequency.occurs.days[0]",
        "'Sun'",
    ),
    "hour": (
        {
            "scheduler": PeriodicScheduler(
                frequency=Frequency(
                    occurs=WeeklyOccurs(days=["Sun"]), periodicity=OncePeriodicity(value=TimeOfDay(hour=later(24)))
                )
            )
        },
        "scheduler.frequency.periodicity.value.hour",
        "less than or equal to 23",
    ),
    # Declared as a plain mapping, as a program may: the provider's check is then the one to refuse it.
    "scheduler extension": (
        {
            "scheduler": {
                "type": "periodic",
                "frequency": {
                    "occurs": {"type": "weekly", "days": ["Sun"]},
                    "periodicity": {"type": "once", "value": {"hour": 6}},
                },
                "extension": {"retryAfter": later(float("nan"))},
            }
        },
        "scheduler.extension",
        "NaN and infinity are not JSON numbers (found at retryAfter)",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_refuses_at_preview_without_requests(tmp_path: Path, emulator: EmulatorAdmin, case: str) -> None:
    overrides, path, reason = CASES[case]

    def program() -> None:
        seed_import(**overrides)

    e2e = new_stack(tmp_path, emulator, program)
    with pytest.raises(auto.CommandError) as failure:
        e2e.stack.preview()
    message = str(failure.value)
    assert path in message
    assert reason in message
    assert e2e.journal() == []
