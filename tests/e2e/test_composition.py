"""Composition: segments feeding imports, stack references, a component, several NP6 accounts in one program."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from np6_provider import (
    DatabaseFeature,
    FileSource,
    Np6Import,
    Np6Segment,
    SegmentationFeature,
    SegmentedImport,
)
from tests.support.emulator import EmulatorAdmin, writes
from tests.support.stacks import E2EStack, changes, exported_deployment, new_stack

pytestmark = pytest.mark.e2e

SEGMENT_TYPE = "pulumi-python:dynamic/np6:Segment"
IMPORT_TYPE = "pulumi-python:dynamic/np6:Import"
# How the engine shows a value unknown at preview in events.
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"


@dataclass
class Step:
    name: str
    type: str
    op: str
    diffs: list[str]
    inputs: dict[str, Any]


_QUIET_OPS = frozenset({"same", "create-replacement", "delete-replaced", "read"})


def preview_steps(stack: auto.Stack) -> list[Step]:
    """Every planned step of a preview that is not 'same' (the stack resource left out)."""
    events: list[auto.EngineEvent] = []
    stack.preview(on_event=events.append)
    steps = []
    for event in events:
        if event.resource_pre_event is None:
            continue
        meta = event.resource_pre_event.metadata
        op = str(meta.op.value)
        # A replacement shows as one 'replace' step (its create-replacement and delete-replaced halves left out).
        if op in _QUIET_OPS or meta.type == "pulumi:pulumi:Stack" or meta.type.startswith("pulumi:providers:"):
            continue
        new_inputs = dict(meta.new.inputs or {}) if meta.new is not None else {}
        diffs = sorted(meta.keys or []) if op == "replace" else _changed_inputs(meta)
        steps.append(Step(meta.urn.rsplit("::", 1)[-1], meta.type, op, diffs, new_inputs))
    return steps


def _changed_inputs(meta: auto.StepEventMetadata) -> list[str]:
    """The inputs an update changes (a dynamic provider's diff names none to the engine)."""
    old = dict(meta.old.inputs or {}) if meta.old is not None else {}
    new = dict(meta.new.inputs or {}) if meta.new is not None else {}
    return sorted(k for k in old.keys() | new.keys() if not k.startswith("__") and old.get(k) != new.get(k))


def np6_get(e2e: E2EStack, path: str, key: str | None = None) -> Any:
    with e2e.admin.api(key or e2e.api_key) as api:
        response = api.get(path)
        response.raise_for_status()
        return response.json()


def segmentation_of(definition: dict[str, Any]) -> dict[str, Any]:
    return next(f for f in definition["features"] if f["type"] == "segmentation")


def test_import_fed_by_a_new_segment_gets_its_id_unknown_at_preview(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    knobs: dict[str, Any] = {"type": "static", "description": "Targets of the weekly import"}

    def program() -> None:
        segment = Np6Segment(
            "weekly-segment", name="Weekly contacts", type=knobs["type"], description=knobs["description"]
        )
        weekly = Np6Import(
            "weekly",
            name="Weekly contacts",
            binding=44,
            features=[DatabaseFeature(update_existing=True), SegmentationFeature(segment_id=segment.segment_id)],
            source=FileSource(),
        )
        pulumi.export("segment_id", segment.segment_id)
        pulumi.export("np6_id", weekly.np6_id)

    e2e = new_stack(tmp_path, emulator, program)
    steps = preview_steps(e2e.stack)
    assert [(s.type, s.op) for s in steps] == [(SEGMENT_TYPE, "create"), (IMPORT_TYPE, "create")]
    assert steps[1].inputs["features"][1]["segment_id"] == UNKNOWN

    up = e2e.stack.up()
    assert changes(up) == {"create": 3}
    segment_id, np6_id = up.outputs["segment_id"].value, up.outputs["np6_id"].value
    assert isinstance(segment_id, int)
    assert segmentation_of(np6_get(e2e, f"/imports/{np6_id}"))["segmentId"] == segment_id
    segment = np6_get(e2e, f"/segments/{segment_id}")
    assert (segment["type"], segment["name"], segment["description"]) == (
        "static",
        "Weekly contacts",
        "Targets of the weekly import",
    )
    assert preview_steps(e2e.stack) == []
    assert changes(e2e.stack.refresh()) == {}
    assert preview_steps(e2e.stack) == []

    # Removing the description empties it in place; the import is untouched.
    knobs["description"] = None
    assert [(s.name, s.op, s.diffs) for s in preview_steps(e2e.stack)] == [
        ("weekly-segment", "update", ["description"])
    ]
    e2e.clear_journal()
    assert changes(e2e.stack.up()) == {"update": 1}
    assert writes(e2e.journal()) == [("PUT", f"/segments/{segment_id}")]
    assert not np6_get(e2e, f"/segments/{segment_id}").get("description")  # emptied: NP6 keeps unsent members
    assert preview_steps(e2e.stack) == []

    # A new type replaces the segment: the import's segment id is unknown at preview, then moves before the delete.
    knobs["type"] = "dynamic"
    steps = preview_steps(e2e.stack)
    assert [(s.name, s.op) for s in steps] == [("weekly-segment", "replace"), ("weekly", "update")]
    assert steps[0].diffs == ["type"]
    assert steps[1].inputs["features"][1]["segment_id"] == UNKNOWN
    e2e.clear_journal()
    up = e2e.stack.up()
    assert changes(up) == {"replace": 1, "update": 1}
    new_segment_id = up.outputs["segment_id"].value
    assert new_segment_id != segment_id
    assert writes(e2e.journal()) == [
        ("POST", "/segments"),
        ("PUT", f"/imports/{np6_id}"),
        ("DELETE", f"/segments/{segment_id}"),
    ]
    assert segmentation_of(np6_get(e2e, f"/imports/{np6_id}"))["segmentId"] == new_segment_id
    assert [s["id"] for s in np6_get(e2e, "/segments")] == [new_segment_id]
    assert preview_steps(e2e.stack) == []

    assert changes(e2e.stack.destroy()) == {"delete": 3}
    assert np6_get(e2e, "/segments") == []
    assert np6_get(e2e, "/imports") == []


def test_segment_deleted_out_of_band_is_dropped_then_recreated(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    def program() -> None:
        pulumi.export("segment_id", Np6Segment("segment", name="Out of band").segment_id)

    e2e = new_stack(tmp_path, emulator, program)
    segment_id = e2e.stack.up().outputs["segment_id"].value
    with emulator.api(e2e.api_key) as api:
        assert api.put(f"/segments/{segment_id}", json={"name": "Renamed by hand"}).status_code == 200
    assert changes(e2e.stack.refresh()) == {"update": 1}
    assert [(s.op, s.diffs) for s in preview_steps(e2e.stack)] == [("update", ["name"])]
    assert changes(e2e.stack.up()) == {"update": 1}
    assert np6_get(e2e, f"/segments/{segment_id}")["name"] == "Out of band"

    with emulator.api(e2e.api_key) as api:
        assert api.delete(f"/segments/{segment_id}").status_code == 204
    assert changes(e2e.stack.refresh()) == {"delete": 1}
    recreated = e2e.stack.up()
    assert changes(recreated) == {"create": 1}
    assert [s["id"] for s in np6_get(e2e, "/segments")] == [recreated.outputs["segment_id"].value]
    with emulator.api(e2e.api_key) as api:
        api.delete(f"/segments/{recreated.outputs['segment_id'].value}")
    assert changes(e2e.stack.destroy()) == {"delete": 2}


def test_adopted_segment_is_taken_over_without_a_write(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    key = emulator.new_account()
    with emulator.api(key) as api:
        existing = api.post("/segments", json={"type": "static", "name": "Existing", "isTest": False}).json()

    def program() -> None:
        Np6Segment("existing", name="Existing", adopt=existing["id"])

    e2e = new_stack(tmp_path, emulator, program, api_key=key)
    e2e.clear_journal()
    assert changes(e2e.stack.up()) == {"create": 2}
    assert writes(e2e.journal()) == []
    assert preview_steps(e2e.stack) == []


def test_stack_reference_carries_a_segment_id_to_another_stack(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    def producer() -> None:
        pulumi.export("segment_id", Np6Segment("shared", name="Shared segment").segment_id)

    def consumer() -> None:
        shared = pulumi.StackReference("organization/np6-e2e/producer")
        Np6Import(
            "uses-shared",
            name="Uses the shared segment",
            binding=44,
            features=[SegmentationFeature(segment_id=shared.get_output("segment_id"))],
            source=FileSource(),
        )

    a = new_stack(tmp_path, emulator, producer, stack_name="producer")
    segment_id = a.stack.up().outputs["segment_id"].value
    b = new_stack(tmp_path, emulator, consumer, stack_name="consumer", api_key=a.api_key)
    assert changes(b.stack.up()) == {"create": 2}  # the stack and the import (the reference is a read)
    (definition,) = np6_get(b, "/imports")
    assert segmentation_of(definition)["segmentId"] == segment_id
    assert preview_steps(b.stack) == []
    b.stack.destroy()
    a.stack.destroy()


def test_component_groups_a_segment_and_its_import(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    def program() -> None:
        weekly = SegmentedImport(
            "weekly",
            import_name="Weekly contacts",
            binding=44,
            features=[DatabaseFeature(update_existing=True)],
            source=FileSource(),
            empty_segment_each_run=True,
        )
        pulumi.export("segment_id", weekly.segment_id)
        pulumi.export("np6_id", weekly.np6_id)

    e2e = new_stack(tmp_path, emulator, program)
    up = e2e.stack.up()
    assert changes(up) == {"create": 4}  # stack, component, segment, import
    definition = np6_get(e2e, f"/imports/{up.outputs['np6_id'].value}")
    assert segmentation_of(definition) == {
        "type": "segmentation",
        "segmentId": up.outputs["segment_id"].value,
        "emptyExisitingSegment": True,
    }
    assert np6_get(e2e, f"/segments/{up.outputs['segment_id'].value}")["name"] == "Weekly contacts (import)"
    resources = exported_deployment(e2e.stack)["resources"]
    component = next(r for r in resources if r["type"] == "np6:components:SegmentedImport")
    children = sorted(r["type"] for r in resources if r.get("parent") == component["urn"])
    assert children == [IMPORT_TYPE, SEGMENT_TYPE]
    assert preview_steps(e2e.stack) == []
    assert changes(e2e.stack.destroy()) == {"delete": 4}
    assert np6_get(e2e, "/imports") == []
    assert np6_get(e2e, "/segments") == []


def test_two_accounts_in_one_program_keep_their_keys_out_of_state(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    staging_key = emulator.new_account()
    knobs: dict[str, Any] = {"moved_account": None}

    def program() -> None:
        Np6Import("prod-import", name="Prod contacts", binding=44, source=FileSource())
        segment = Np6Segment("staging-segment", name="Staging contacts", account="staging")
        Np6Import(
            "staging-import",
            name="Staging contacts",
            binding=44,
            features=[SegmentationFeature(segment_id=segment.segment_id)],
            source=FileSource(),
            account="staging",
        )
        Np6Import("moving", name="Moving", binding=44, source=FileSource(), account=knobs["moved_account"])

    e2e = new_stack(tmp_path, emulator, program)
    e2e.stack.set_config("np6:accounts.staging.apiKey", auto.ConfigValue(staging_key, secret=True), path=True)
    e2e.stack.set_config("np6:accounts.staging.baseUrl", auto.ConfigValue(emulator.url), path=True)
    output: list[str] = []

    assert changes(e2e.stack.up(on_output=output.append)) == {"create": 5}
    default_imports = sorted(i["name"] for i in np6_get(e2e, "/imports"))
    staging_imports = np6_get(e2e, "/imports", staging_key)
    assert default_imports == ["Moving", "Prod contacts"]
    assert [i["name"] for i in staging_imports] == ["Staging contacts"]
    (staging_segment,) = np6_get(e2e, "/segments", staging_key)
    assert segmentation_of(staging_imports[0])["segmentId"] == staging_segment["id"]
    assert np6_get(e2e, "/segments") == []

    # Moving an import to another account replaces it there.
    knobs["moved_account"] = "staging"
    steps = preview_steps(e2e.stack)
    assert [(s.name, s.op, s.diffs) for s in steps] == [("moving", "replace", ["account"])]
    assert changes(e2e.stack.up(on_output=output.append)) == {"replace": 1}
    assert sorted(i["name"] for i in np6_get(e2e, "/imports", staging_key)) == ["Moving", "Staging contacts"]
    assert [i["name"] for i in np6_get(e2e, "/imports")] == ["Prod contacts"]
    assert preview_steps(e2e.stack) == []
    output += [line for line in e2e.stack.refresh(on_output=output.append).stdout.splitlines()]

    state = e2e.state_text()
    text_output = "\n".join(output)
    for key in (e2e.api_key, staging_key):
        assert key not in state
        assert key not in text_output
    # Nor anywhere on disk: stack config, state, Pulumi home.
    for path in tmp_path.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert staging_key.encode() not in content, path
            assert e2e.api_key.encode() not in content, path
    assert changes(e2e.stack.destroy()) == {"delete": 5}


def test_an_unknown_account_is_a_clear_error(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    def program() -> None:
        Np6Segment("lost", name="Lost", account="nope")

    e2e = new_stack(tmp_path, emulator, program)
    with pytest.raises(auto.errors.CommandError) as raised:
        e2e.stack.up()
    assert "unknown NP6 account 'nope'" in str(raised.value)
    assert "np6:accounts.nope.apiKey" in str(raised.value)
