"""Renames, replacements and hand-overs: each NP6 object ends up managed exactly once, and none is lost.

Pulumi creates a renamed (or replaced) resource before deleting the old one. By default the create makes a
new import. In a recovery run (np6:orphanWindowSeconds set, README "Recovering from an interrupted `pulumi
up`") a create may take over an identical recent import no resource of the run owns; when that is the
renamed resource's own import, the delete that follows must leave it in NP6. Regression: it was deleted,
and the state pointed at nothing; a real replacement took the old import over and kept its old scheduler.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from np6_provider import DateParts, Np6Segment, OneTimeScheduler
from tests.e2e.programs import exporting, seed_import
from tests.support.emulator import EmulatorAdmin, writes
from tests.support.stacks import E2EStack, changes, exported_deployment, new_stack

pytestmark = pytest.mark.e2e

RECOVERY_RUN = {"np6:orphanWindowSeconds": auto.ConfigValue(value="900")}


def listed(e2e: E2EStack, path: str) -> list[dict[str, Any]]:
    with e2e.admin.api(e2e.api_key) as api:
        return list(api.get(path).json())


def ids_in_state(e2e: E2EStack, type_suffix: str) -> list[int]:
    resources = exported_deployment(e2e.stack)["resources"]
    return [int(r["id"]) for r in resources if r["type"].endswith(type_suffix)]


def import_named(resource_name: str, **overrides: Any) -> Callable[[], None]:
    return exporting(lambda: seed_import(resource_name, **overrides))


def assert_settled(e2e: E2EStack) -> None:
    e2e.stack.preview(expect_no_changes=True)
    e2e.stack.refresh(expect_no_changes=True)


def test_renaming_an_import_replaces_it(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    e2e = new_stack(tmp_path, emulator, import_named("contacts"))
    e2e.stack.up()
    [before] = listed(e2e, "/imports")

    e2e.stack.workspace.program = import_named("contacts-renamed")
    assert changes(e2e.stack.up()) == {"create": 1, "delete": 1}

    [after] = listed(e2e, "/imports")
    assert after["id"] != before["id"]
    assert ids_in_state(e2e, "np6:Import") == [after["id"]]
    assert_settled(e2e)


def test_a_forced_replacement_makes_a_new_import(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    e2e = new_stack(tmp_path, emulator, import_named("contacts"))
    e2e.stack.up()
    [before] = listed(e2e, "/imports")
    urn = next(r["urn"] for r in exported_deployment(e2e.stack)["resources"] if "np6:Import" in r["type"])

    assert changes(e2e.stack.up(replace=[urn])) == {"replace": 1}

    [after] = listed(e2e, "/imports")
    assert after["id"] != before["id"]
    assert ids_in_state(e2e, "np6:Import") == [after["id"]]
    assert_settled(e2e)


def test_a_recovery_run_never_takes_over_the_import_it_replaces(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    """A new scheduler type replaces the import; NP6's GET cannot show a scheduler, so only the claim prevents
    the old import (same name, features, source, some scheduler) from passing as the new one."""
    e2e = new_stack(tmp_path, emulator, import_named("contacts"), extra_config=RECOVERY_RUN)
    e2e.stack.up()
    [before] = listed(e2e, "/imports")
    one_time = OneTimeScheduler(type="oneTime", value=DateParts(year=2030, month=3, date=1, hour=9))
    e2e.clear_journal()

    e2e.stack.workspace.program = import_named("contacts", scheduler=one_time)
    assert changes(e2e.stack.up()) == {"replace": 1}

    [after] = listed(e2e, "/imports")
    assert after["id"] != before["id"]
    assert writes(e2e.journal()) == [("POST", "/imports"), ("DELETE", f"/imports/{before['id']}")]
    assert_settled(e2e)


def test_a_recovery_run_renaming_an_import_keeps_it(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    e2e = new_stack(tmp_path, emulator, import_named("contacts"), extra_config=RECOVERY_RUN)
    e2e.stack.up()
    [before] = listed(e2e, "/imports")
    e2e.clear_journal()

    e2e.stack.workspace.program = import_named("contacts-renamed")
    assert changes(e2e.stack.up()) == {"create": 1, "delete": 1}

    assert [i["id"] for i in listed(e2e, "/imports")] == [before["id"]]
    assert ids_in_state(e2e, "np6:Import") == [before["id"]]
    assert writes(e2e.journal()) == []
    assert_settled(e2e)


def test_adopting_another_resources_import_hands_it_over(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    e2e = new_stack(tmp_path, emulator, import_named("old-owner"))
    e2e.stack.up()
    [before] = listed(e2e, "/imports")
    e2e.clear_journal()

    e2e.stack.workspace.program = import_named("new-owner", adopt=before["id"])
    assert changes(e2e.stack.up()) == {"create": 1, "delete": 1}

    assert [i["id"] for i in listed(e2e, "/imports")] == [before["id"]]
    assert ids_in_state(e2e, "np6:Import") == [before["id"]]
    # Adopting sends the declared scheduler (GET cannot show NP6's); nothing is created or deleted.
    assert writes(e2e.journal()) == [("PUT", f"/imports/{before['id']}")]
    assert_settled(e2e)


def segment_named(resource_name: str) -> Callable[[], None]:
    def program() -> None:
        pulumi.export("segment_id", Np6Segment(resource_name, name="Newsletter").segment_id)

    return program


def test_a_recovery_run_renaming_a_segment_keeps_it(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    e2e = new_stack(tmp_path, emulator, segment_named("newsletter"), extra_config=RECOVERY_RUN)
    e2e.stack.up()
    [before] = listed(e2e, "/segments")

    e2e.stack.workspace.program = segment_named("newsletter-renamed")
    assert changes(e2e.stack.up()) == {"create": 1, "delete": 1}

    assert [s["id"] for s in listed(e2e, "/segments")] == [before["id"]]
    assert ids_in_state(e2e, "np6:Segment") == [before["id"]]
    assert_settled(e2e)
