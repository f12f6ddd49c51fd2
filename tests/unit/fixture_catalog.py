"""Which documented NP6 payload (../shared/np6-api/examples) each client model covers, and which it does not.

Shared by test_fixtures.py (the tests) and conftest.py (the per-fixture table in the terminal summary).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tests.support.documented import EXAMPLES_DIR

FIXTURE_TEST_MODULE = "test_fixtures.py"


@dataclass(frozen=True)
class Covered:
    """A fixture a client model parses; `model` names the model (or `list[Model]`)."""

    model: str
    direction: str  # "request": what the client sends; "response": what NP6 answers
    note: str = ""


COVERED: dict[str, Covered] = {
    "create-import.request.json": Covered("ImportDefinition", "request"),
    "create-import.response.json": Covered("ImportDefinition", "response"),
    "get-import.response.json": Covered("ImportDefinition", "response"),
    "list-imports.response.partial.json": Covered("list[ImportDefinition]", "response", "truncated copy, see §7"),
    "update-import.request.json": Covered("ImportDefinition", "request"),
    "update-import.response.json": Covered("ImportDefinition", "response"),
    "get-import-execution.response.json": Covered("LastExecution", "response"),
    "create-segment.request.json": Covered("Segment", "request"),
    "create-segment.response.json": Covered("Segment", "response"),
    "update-segment.request.json": Covered("Segment", "request"),
    "list-segments.response.json": Covered("list[Segment]", "response"),
    "legacy/driver-test.create-import-manual.request.json": Covered("ImportDeclaration", "request"),
    "legacy/driver-test.create-import-periodic.request.json": Covered("ImportDeclaration", "request"),
    "legacy/slate.create-import.request.json": Covered("ImportDeclaration", "request"),
    "legacy/slate.create-import.response.json": Covered("ImportDefinition", "response"),
    "legacy/slate.get-import.response.json": Covered(
        "ImportDefinition", "response", "emptyExistingSegment normalized to the wire's emptyExisitingSegment"
    ),
    "legacy/slate.upload-import-source.response.json": Covered("FileSource", "response"),
    "legacy/slate.start-import-execution.request.json": Covered("ImportChanges", "request", "a run's partial body"),
    "legacy/slate.start-import-execution.response.json": Covered("Execution", "response"),
}

OUT_OF_SCOPE: dict[str, str] = {
    "add-segment-targets.request.json": "segment targets: the client has no target operations",
    "add-segment-targets.response.json": "segment targets: the client has no target operations",
    "get-segment-targets.response.json": "segment targets: the client has no target operations",
    "get-value-list.response.json": "value lists: not modelled (only referenced by select-list fields)",
    "list-value-lists.response.json": "value lists: not modelled (only referenced by select-list fields)",
    "list-fields.response.json": "fields: not modelled (8.1.0 example is a generator placeholder)",
    "legacy/slate.list-fields.response.json": "fields: not modelled",
    "legacy/slate.get-import-format.response.json": "import formats (bindings): not modelled, referenced by id",
    "legacy/slate.create-import-format.request.json": "import formats (bindings): not modelled, referenced by id",
    "legacy/slate.create-import-format.response.json": "import formats (bindings): not modelled, referenced by id",
}


def fixture_names() -> list[str]:
    """Every JSON example, as a path relative to the examples folder."""
    return sorted(p.relative_to(EXAMPLES_DIR).as_posix() for p in EXAMPLES_DIR.rglob("*.json"))


def load(name: str) -> Any:
    return json.loads((EXAMPLES_DIR / name).read_text(encoding="utf-8"))
