"""A rename without an alias, or a forced replacement, keeps the NP6 object it was managing.

Pulumi creates the new resource, then deletes the old one. The create finds the old resource's object (an
identical declaration, made minutes ago, managed by no other resource of the run) and takes it over; the
delete that follows must then leave it in NP6. Regression: it was deleted, and the state pointed at nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
import pytest

from np6_provider import Np6Segment
from tests.e2e.programs import exporting, seed_import
from tests.support.emulator import EmulatorAdmin, writes
from tests.support.stacks import E2EStack, changes, new_stack

pytestmark = pytest.mark.e2e


def listed(e2e: E2EStack, path: str) -> list[dict[str, Any]]:
    with e2e.admin.api(e2e.api_key) as api:
        return list(api.get(path).json())


def ids_in_state(e2e: E2EStack, type_suffix: str) -> list[int]:
    resources = e2e.stack.export_stack().deployment["resources"]
    return [int(r["id"]) for r in resources if r["type"].endswith(type_suffix)]


def import_named(resource_name: str) -> Callable[[], None]:
    return exporting(lambda: seed_import(resource_name))


def test_renaming_an_import_keeps_it(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    e2e = new_stack(tmp_path, emulator, import_named("contacts"))
    e2e.stack.up()
    [before] = listed(e2e, "/imports")
    e2e.clear_journal()

    e2e.stack.workspace.program = import_named("contacts-renamed")
    assert changes(e2e.stack.up()) == {"create": 1, "delete": 1}

    assert [i["id"] for i in listed(e2e, "/imports")] == [before["id"]]
    assert ids_in_state(e2e, "np6:Import") == [before["id"]]
    assert writes(e2e.journal()) == []
    e2e.stack.preview(expect_no_changes=True)
    e2e.stack.refresh(expect_no_changes=True)


def test_a_forced_replacement_keeps_the_import(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    e2e = new_stack(tmp_path, emulator, import_named("contacts"))
    e2e.stack.up()
    [before] = listed(e2e, "/imports")
    urn = next(r["urn"] for r in e2e.stack.export_stack().deployment["resources"] if "np6:Import" in r["type"])

    assert changes(e2e.stack.up(replace=[urn])) == {"replace": 1}

    assert [i["id"] for i in listed(e2e, "/imports")] == [before["id"]]
    assert ids_in_state(e2e, "np6:Import") == [before["id"]]
    e2e.stack.refresh(expect_no_changes=True)


def segment_named(resource_name: str) -> Callable[[], None]:
    def program() -> None:
        pulumi.export("segment_id", Np6Segment(resource_name, name="Newsletter").segment_id)

    return program


def test_renaming_a_segment_keeps_it(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    e2e = new_stack(tmp_path, emulator, segment_named("newsletter"))
    e2e.stack.up()
    [before] = listed(e2e, "/segments")

    e2e.stack.workspace.program = segment_named("newsletter-renamed")
    assert changes(e2e.stack.up()) == {"create": 1, "delete": 1}

    assert [s["id"] for s in listed(e2e, "/segments")] == [before["id"]]
    assert ids_in_state(e2e, "np6:Segment") == [before["id"]]
    e2e.stack.refresh(expect_no_changes=True)
