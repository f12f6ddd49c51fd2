"""The program whose state every release keeps as a fixture: change it only together with new fixtures."""

from __future__ import annotations

from np6_provider import DatabaseFeature, DuplicateFeature, FileSource, Np6Import
from tests.e2e.programs import seed_import


def upgrade_program() -> None:
    seed_import()
    Np6Import(
        "manual",
        name="Manual",
        binding=8330,
        source=FileSource(),
        features=[DatabaseFeature(update_existing=True), DuplicateFeature.keep("ignore")],
    )
