"""Np6Import rules found by review: each test fails without its fix."""

from __future__ import annotations

from typing import Any

import pytest

from np6_provider.models import ImportDefinition
from np6_provider.resources.np6_import import Np6ImportProvider, observed_properties

DECLARED: dict[str, Any] = {
    "name": "Manual",
    "binding": None,
    "features": [{"type": "report", "send_final_report": True, "send_error_report": False, "contact_guids": ["A1"]}],
    "source": None,
    "scheduler": None,
}


@pytest.mark.parametrize("adopt", [float("nan"), float("inf"), -1, 0, 2.5, "by-name", True])
def test_invalid_adopt_is_a_check_failure(adopt: object) -> None:
    result = Np6ImportProvider().check({}, {**DECLARED, "adopt": adopt})
    assert [f.property for f in result.failures] == ["adopt"]


def test_unknown_top_level_property_is_reported() -> None:
    result = Np6ImportProvider().check({}, {**DECLARED, "feature": []})
    assert [(f.property, f.reason) for f in result.failures] == [("feature", "unknown property")]


def test_empty_members_echoed_by_np6_are_not_drift() -> None:
    server = ImportDefinition.model_validate(
        {
            "id": 5,
            "name": "Manual",
            "features": [
                {
                    "type": "report",
                    "sendFinalReport": True,
                    "sendErrorReport": False,
                    "contactGuids": ["A1"],
                    "groupIds": [],
                }
            ],
        }
    )
    assert observed_properties(server, DECLARED)["features"] == DECLARED["features"]


def test_declared_empty_members_are_still_compared() -> None:
    declared = {**DECLARED, "features": [{**DECLARED["features"][0], "group_ids": []}]}
    server = ImportDefinition.model_validate(
        {"id": 5, "name": "Manual", "features": [{"type": "report", "sendFinalReport": True, "contactGuids": ["A1"]}]}
    )
    assert "group_ids" not in observed_properties(server, declared)["features"][0]


def test_a_scheduler_reference_needs_adopt() -> None:
    refused = Np6ImportProvider().check({}, {**DECLARED, "scheduler": {"id": 77}})
    assert [f.property for f in refused.failures] == ["scheduler"]
    accepted = Np6ImportProvider().check({}, {**DECLARED, "scheduler": {"id": 77}, "adopt": 9})
    assert accepted.failures == []
    assert accepted.inputs["scheduler"] == {"id": 77}


def test_a_scheduler_reference_is_never_a_replacement() -> None:
    from np6_provider.resources.np6_import import replacement_reasons

    typed = {**DECLARED, "scheduler": {"type": "periodic", "frequency": {}}}
    assert replacement_reasons(typed, {**DECLARED, "scheduler": {"id": 77}}) == []
    assert replacement_reasons({**DECLARED, "scheduler": {"id": 77}}, typed) == []
    assert replacement_reasons({**DECLARED, "scheduler": {"id": 77}}, DECLARED) == ["scheduler"]
