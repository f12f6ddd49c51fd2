"""Stacks written by earlier np6-pulumi versions preview empty with the current code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pulumi import automation as auto

from tests.e2e.state_fixtures.make_fixture import STACK_NAME
from tests.e2e.upgrade_program import upgrade_program
from tests.support.emulator import EmulatorAdmin
from tests.support.stacks import new_stack, planned_steps

pytestmark = pytest.mark.e2e
FIXTURES = sorted((Path(__file__).parent / "state_fixtures").glob("state-*.json"))


def test_there_is_a_fixture_for_the_current_version() -> None:
    import np6_provider

    assert any(f.name == f"state-{np6_provider.__version__}.json" for f in FIXTURES)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.stem)
def test_state_of_an_earlier_version_previews_empty(tmp_path: Path, emulator: EmulatorAdmin, fixture: Path) -> None:
    e2e = new_stack(tmp_path, emulator, upgrade_program, stack_name=STACK_NAME)
    deployment = json.loads(fixture.read_text())
    e2e.stack.import_stack(auto.Deployment(version=3, deployment=deployment))
    _, steps = planned_steps(e2e.stack)
    assert steps == []
    assert e2e.journal() == []


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.stem)
def test_fixtures_hold_no_secret_in_clear(fixture: Path) -> None:
    assert '"plaintext"' not in fixture.read_text()
