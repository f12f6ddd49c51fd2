"""Acceptance suite for Np6Import (the Terraform-provider bar): every scenario checks Pulumi and the emulator.

Each test deploys the seed's definition through a program that reads its
constructor arguments from a `knobs` dict, then edits the dict between runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pulumi
import pytest

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
from tests.e2e.programs import exporting, seed_import
from tests.support.emulator import EmulatorAdmin, writes
from tests.support.stacks import E2EStack, changes, exported_deployment, new_stack, planned_steps

pytestmark = pytest.mark.e2e


def deploy(tmp_path: Path, emulator: EmulatorAdmin, knobs: dict[str, Any]) -> E2EStack:
    """A stack of the seed import built from `knobs` (read at every run), created and quiet."""
    e2e = new_stack(tmp_path, emulator, exporting(lambda: seed_import(**knobs)))
    assert changes(e2e.stack.up()) == {"create": 2}
    e2e.clear_journal()
    return e2e


def np6_imports(e2e: E2EStack) -> list[dict[str, Any]]:
    with e2e.admin.api(e2e.api_key) as api:
        return list(api.get("/imports").json())


def weekly(hour: int = 6, days: tuple[str, ...] = ("Sun",), **extra: Any) -> PeriodicScheduler:
    return PeriodicScheduler(
        frequency=Frequency(
            occurs=WeeklyOccurs(days=list(days)), periodicity=OncePeriodicity(value=TimeOfDay(hour=hour))
        ),
        **extra,
    )


def seed_features(**replacing: Any) -> list[Any]:
    features: dict[str, Any] = {
        "report": ReportFeature(send_final_report=True, send_error_report=True, contact_guids=["1C0193AB"]),
        "database": DatabaseFeature(update_existing=True, crush_data=False),
        "duplicate": DuplicateFeature.keep("first"),
        "segmentation": SegmentationFeature(segment_id=501),
        "normalization": NormalizationFeature(fields={233: ["FRA", "ESP"]}),
    }
    features.update(replacing)
    return [f for f in features.values() if f is not None]


def test_create_then_everything_is_quiet(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    e2e = deploy(tmp_path, emulator, {})
    assert planned_steps(e2e.stack)[1] == []
    assert changes(e2e.stack.up()) == {}
    assert changes(e2e.stack.refresh()) == {}
    assert planned_steps(e2e.stack)[1] == []
    assert writes(e2e.journal()) == []


EDITS: dict[str, tuple[str, Any]] = {
    "name": ("name", "Import Contacts FR"),
    "binding": ("binding", 45),
    "report_flag": (
        "features",
        seed_features(report=ReportFeature(send_error_report=True, contact_guids=["1C0193AB"])),
    ),
    "segment": (
        "features",
        seed_features(segmentation=SegmentationFeature(segment_id=502, empty_existing_segment=True)),
    ),
    "duplicate_rule": ("features", seed_features(duplicate=DuplicateFeature.keep("last"))),
    "normalization": (
        "features",
        seed_features(normalization=NormalizationFeature(fields={233: ["FRA"], 240: ["BEL"]})),
    ),
    "feature_added": ("features", [*seed_features(), {"type": "redList", "destination": {"mail": True}}]),
    "scheduler_time": ("scheduler", weekly(hour=7)),
    "scheduler_days": ("scheduler", weekly(days=("Mon", "Fri"))),
    "scheduler_disabled": ("scheduler", weekly(enabled=False)),
    "scheduler_timezone": ("scheduler", weekly(timezone="(UTC) Coordinated Universal Time")),
    "ftp_folder": ("source", FtpSource(folder="contacts-inbox")),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_each_field_edited_alone_is_one_in_place_put(tmp_path: Path, emulator: EmulatorAdmin, edit: str) -> None:
    key, value = EDITS[edit]
    knobs: dict[str, Any] = {}
    e2e = deploy(tmp_path, emulator, knobs)
    np6_id = np6_imports(e2e)[0]["id"]

    knobs[key] = value
    _, steps = planned_steps(e2e.stack)
    assert [(s.op, s.diffs) for s in steps] == [("update", [key])]
    assert changes(e2e.stack.up()) == {"update": 1}
    assert writes(e2e.journal()) == [("PUT", f"/imports/{np6_id}")]
    assert changes(e2e.stack.refresh()) == {}
    assert planned_steps(e2e.stack)[1] == []


REMOVALS: dict[str, dict[str, Any]] = {
    "features": {"features": seed_features(normalization=None)},
    "scheduler": {"scheduler": None},
    "source": {"source": None},
}


@pytest.mark.parametrize("removal", sorted(REMOVALS))
def test_removal_replaces_and_np6_ends_as_declared(tmp_path: Path, emulator: EmulatorAdmin, removal: str) -> None:
    knobs: dict[str, Any] = {}
    e2e = deploy(tmp_path, emulator, knobs)
    old_id = np6_imports(e2e)[0]["id"]

    knobs.update(REMOVALS[removal])
    _, steps = planned_steps(e2e.stack)
    assert [(s.op, s.diffs) for s in steps] == [("replace", [removal])]
    up = e2e.stack.up()
    assert changes(up) == {"replace": 1}
    remaining = np6_imports(e2e)
    assert len(remaining) == 1
    new = remaining[0]
    assert new["id"] != old_id
    assert new["id"] == up.outputs["np6_id"].value
    assert writes(e2e.journal()) == [("POST", "/imports"), ("DELETE", f"/imports/{old_id}")]
    if removal == "features":
        assert [f["type"] for f in new["features"]] == ["report", "database", "duplicate", "segmentation"]
    elif removal == "source":
        # Without a declared source NP6 gives the import a file source of its own (a manual import).
        assert new.get("source", {}).get("type") != "ftp"
    else:
        assert removal not in new
    assert planned_steps(e2e.stack)[1] == []


def test_out_of_band_change_is_drift_that_up_restores(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    e2e = deploy(tmp_path, emulator, {})
    np6_id = np6_imports(e2e)[0]["id"]
    with emulator.api(e2e.api_key) as api:
        edited = {"name": "Renamed by hand", "features": [{"type": "database", "updateExisting": False}]}
        assert api.put(f"/imports/{np6_id}", json=edited).status_code == 200

    refresh = e2e.stack.refresh()
    assert changes(refresh) == {"update": 1}
    _, steps = planned_steps(e2e.stack)
    assert [(s.op, s.diffs) for s in steps] == [("update", ["features", "name"])]
    e2e.clear_journal()
    assert changes(e2e.stack.up()) == {"update": 1}
    assert writes(e2e.journal()) == [("PUT", f"/imports/{np6_id}")]
    restored = np6_imports(e2e)[0]
    assert restored["name"] == "Import Contacts"
    assert restored["features"][1] == {"type": "database", "updateExisting": True, "crushData": False}
    assert changes(e2e.stack.refresh()) == {}


def test_out_of_band_delete_is_dropped_then_recreated(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    e2e = deploy(tmp_path, emulator, {})
    np6_id = np6_imports(e2e)[0]["id"]
    with emulator.api(e2e.api_key) as api:
        assert api.delete(f"/imports/{np6_id}").status_code == 204

    assert changes(e2e.stack.refresh()) == {"delete": 1}
    up = e2e.stack.up()
    assert changes(up) == {"create": 1}
    assert [i["id"] for i in np6_imports(e2e)] == [up.outputs["np6_id"].value]
    assert planned_steps(e2e.stack)[1] == []


def test_destroy_of_an_import_already_deleted_succeeds(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    e2e = deploy(tmp_path, emulator, {})
    with emulator.api(e2e.api_key) as api:
        api.delete(f"/imports/{np6_imports(e2e)[0]['id']}")
    assert changes(e2e.stack.destroy()) == {"delete": 2}
    assert not exported_deployment(e2e.stack).get("resources")


def test_input_unknown_at_preview_shows_the_pending_change(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    """A segment id that comes from another resource created in the same run."""
    segment_from_new_resource = {"on": False}

    def program() -> None:
        segment_id: Any = 501
        if segment_from_new_resource["on"]:
            other = seed_import("other", name="Other", scheduler=None, source=None, features=[])
            segment_id = other.np6_id
        contacts = seed_import(features=seed_features(segmentation=SegmentationFeature(segment_id=segment_id)))
        pulumi.export("np6_id", contacts.np6_id)

    e2e = new_stack(tmp_path, emulator, program)
    assert changes(e2e.stack.up()) == {"create": 2}

    segment_from_new_resource["on"] = True
    _, steps = planned_steps(e2e.stack)
    assert sorted((s.name, s.op) for s in steps) == [("contacts", "update"), ("other", "create")]
    assert changes(e2e.stack.up()) == {"create": 1, "update": 1}
    contacts, other = sorted(np6_imports(e2e), key=lambda i: i["name"] != "Import Contacts")
    assert contacts["features"][3]["segmentId"] == other["id"]
    assert planned_steps(e2e.stack)[1] == []


@pytest.mark.parametrize("adopt_by", ["id", "name"])
def test_adoption_creates_nothing_and_leaves_an_empty_preview(
    tmp_path: Path, emulator: EmulatorAdmin, adopt_by: str
) -> None:
    probe = new_stack(tmp_path / "probe", emulator, exporting(seed_import))
    existing = probe.stack.up().outputs["np6_id"].value
    # Forget it on the Pulumi side only: the import now exists in NP6 unmanaged.
    probe.stack.workspace.remove_stack("test", force=True)

    adopt: Any = existing if adopt_by == "id" else "by_name"
    e2e = new_stack(tmp_path / "adopter", emulator, exporting(lambda: seed_import(adopt=adopt)), api_key=probe.api_key)
    e2e.clear_journal()
    up = e2e.stack.up()
    assert changes(up) == {"create": 2}
    assert up.outputs["np6_id"].value == existing
    assert ("POST", "/imports") not in writes(e2e.journal())
    assert [i["id"] for i in np6_imports(e2e)] == [existing]
    assert planned_steps(e2e.stack)[1] == []
    assert changes(e2e.stack.refresh()) == {}


@pytest.mark.parametrize(
    ("undeclared", "reason"),
    [
        ({"features": seed_features(normalization=None)}, r"cannot remove features\[type=normalization\]"),
        # Regression: adopted with its binding undeclared, the import then showed `replace [binding]` forever.
        ({"binding": None}, "cannot remove binding"),
    ],
    ids=["feature", "binding"],
)
def test_adoption_refuses_an_import_holding_what_is_not_declared(
    tmp_path: Path, emulator: EmulatorAdmin, undeclared: dict[str, Any], reason: str
) -> None:
    probe = new_stack(tmp_path / "probe", emulator, exporting(seed_import))
    existing = probe.stack.up().outputs["np6_id"].value
    probe.stack.workspace.remove_stack("test", force=True)

    def program() -> None:
        seed_import(adopt=existing, **undeclared)

    e2e = new_stack(tmp_path / "adopter", emulator, program, api_key=probe.api_key)
    e2e.clear_journal()
    from pulumi import automation as auto

    with pytest.raises(auto.CommandError, match=reason) as failure:
        e2e.stack.up()
    # The provider's one-line message, not a Python traceback (regression: every failure read "Traceback ...").
    assert "Traceback" not in str(failure.value)
    assert f"Np6ImportError: creating NP6 import 'Import Contacts': adopting NP6 import {existing}: " in str(
        failure.value
    )
    assert [i["id"] for i in np6_imports(e2e)] == [existing]
    assert writes(e2e.journal()) == []


def test_destroy_empties_np6_and_state(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    def program() -> None:
        for n in range(3):
            Np6Import(f"manual-{n}", name=f"Manual {n}", features=[DatabaseFeature(update_existing=True)])

    e2e = new_stack(tmp_path, emulator, program)
    assert changes(e2e.stack.up()) == {"create": 4}
    assert len(np6_imports(e2e)) == 3
    assert changes(e2e.stack.destroy()) == {"delete": 4}
    assert np6_imports(e2e) == []
    assert not exported_deployment(e2e.stack).get("resources")


def test_manual_import_with_server_made_source_stays_quiet(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    """NP6 gives an import declared without a source a file source: refresh must not call that drift."""
    e2e = new_stack(tmp_path, emulator, exporting(lambda: seed_import(source=None, scheduler=None)))
    assert changes(e2e.stack.up()) == {"create": 2}
    assert changes(e2e.stack.refresh()) == {}
    assert planned_steps(e2e.stack)[1] == []


def test_editing_an_import_does_not_show_users_of_its_id_as_changing(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    knobs: dict[str, Any] = {"name": "Referenced"}

    def program() -> None:
        referenced = seed_import("referenced", name=knobs["name"], scheduler=None, source=None, features=[])
        seed_import(features=seed_features(segmentation=SegmentationFeature(segment_id=referenced.np6_id)))

    e2e = new_stack(tmp_path, emulator, program)
    assert changes(e2e.stack.up()) == {"create": 3}
    knobs["name"] = "Referenced, renamed"
    _, steps = planned_steps(e2e.stack)
    assert [(s.name, s.op) for s in steps] == [("referenced", "update")]
