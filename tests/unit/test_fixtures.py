"""Every documented NP6 payload round-trips through the matching client model to equal JSON.

Fixtures are read from the documents (never modified; tests/support/documented.py says where). Test ids are
the fixture paths, so conftest.py can print a fixture-by-fixture table at the end of the run.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pydantic import TypeAdapter

from np6_provider.client import IMPORT_MEDIA_TYPE, Np6Client
from np6_provider.models import (
    LENIENT,
    Execution,
    FileSource,
    ImportChanges,
    ImportDeclaration,
    ImportDefinition,
    LastExecution,
    Segment,
    SegmentationFeature,
)
from np6_provider.settings import AccountSettings, RetrySettings
from tests.support.documented import EXAMPLES_DIR, SNAPSHOT_DIR

from .fixture_catalog import COVERED, OUT_OF_SCOPE, fixture_names, load

MODELS: dict[str, Any] = {
    "ImportDefinition": ImportDefinition,
    "ImportDeclaration": ImportDeclaration,
    "ImportChanges": ImportChanges,
    "LastExecution": LastExecution,
    "Execution": Execution,
    "FileSource": FileSource,
    "Segment": Segment,
    "list[ImportDefinition]": list[ImportDefinition],
    "list[Segment]": list[Segment],
}

REQUESTS = sorted(name for name, c in COVERED.items() if c.direction == "request")
RESPONSES = sorted(name for name, c in COVERED.items() if c.direction == "response")
LEGACY_SPELLING_FIXTURE = "legacy/slate.get-import.response.json"


def expected_wire(name: str) -> Any:
    """What the client writes back: the fixture itself, but the wire spelling of the misspelled flag."""
    data = load(name)
    if name == LEGACY_SPELLING_FIXTURE:
        data = copy.deepcopy(data)
        for feature in data["features"]:
            if "emptyExistingSegment" in feature:
                feature["emptyExisitingSegment"] = feature.pop("emptyExistingSegment")
    return data


def parse(name: str, *, lenient: bool = False) -> Any:
    adapter = TypeAdapter(MODELS[COVERED[name].model])
    return adapter.validate_python(load(name), context={LENIENT: True} if lenient else None)


def wire(parsed: Any) -> Any:
    return [item.to_wire() for item in parsed] if isinstance(parsed, list) else parsed.to_wire()


# -- the catalogue itself ------------------------------------------------------------------------------------


def test_every_fixture_is_covered_or_listed_out_of_scope() -> None:
    names = set(fixture_names())
    assert names, "no fixtures found"
    assert not set(COVERED) & set(OUT_OF_SCOPE)
    assert names == set(COVERED) | set(OUT_OF_SCOPE), "a fixture was added or removed: update fixture_catalog.py"


def test_snapshot_matches_the_documents() -> None:
    """The repository's snapshot is the documents byte for byte (when a live copy is beside the checkout)."""
    if EXAMPLES_DIR == SNAPSHOT_DIR:
        pytest.skip("no live copy of shared/np6-api/examples beside this checkout: the snapshot is what is tested")
    snapshot = {p.relative_to(SNAPSHOT_DIR): p.read_bytes() for p in SNAPSHOT_DIR.rglob("*.json")}
    assert snapshot, "the snapshot is empty"
    for relative, content in snapshot.items():
        assert (EXAMPLES_DIR / relative).read_bytes() == content, f"{relative} differs from {EXAMPLES_DIR}"


@pytest.mark.parametrize("name", sorted(OUT_OF_SCOPE))
def test_out_of_scope_fixtures_have_a_reason(name: str) -> None:
    assert OUT_OF_SCOPE[name].strip()
    load(name)  # still valid JSON


# -- parse and serialise back --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(COVERED), ids=str)
def test_fixture_round_trips_strictly(name: str) -> None:
    """Declarations are validated strictly (unknown members refused), so every member here is modelled."""
    assert wire(parse(name)) == expected_wire(name)


@pytest.mark.parametrize("name", sorted(COVERED), ids=str)
def test_fixture_round_trips_leniently(name: str) -> None:
    """Server responses are validated leniently; nothing documented may be dropped by that."""
    assert wire(parse(name, lenient=True)) == expected_wire(name)


@pytest.mark.parametrize("name", sorted(COVERED), ids=str)
def test_fixture_wire_form_is_a_fixed_point(name: str) -> None:
    once = wire(parse(name))
    twice = wire(TypeAdapter(MODELS[COVERED[name].model]).validate_python(json.loads(json.dumps(once))))
    assert twice == once


def test_legacy_spelling_is_normalized_to_the_wire_misspelling() -> None:
    raw = load(LEGACY_SPELLING_FIXTURE)
    assert "emptyExistingSegment" in raw["features"][0], "fixture changed: it should carry the legacy spelling"
    definition = parse(LEGACY_SPELLING_FIXTURE)
    feature = definition.features[0]
    assert isinstance(feature, SegmentationFeature)
    assert feature.empty_existing_segment is False
    sent = definition.to_wire()["features"][0]
    assert "emptyExisitingSegment" in sent
    assert "emptyExistingSegment" not in sent
    assert sent != raw["features"][0]  # on purpose: the legacy spelling is not written back


# -- through the client --------------------------------------------------------------------------------------

Call = Callable[[Np6Client], Any]
A_DECLARATION = ImportDeclaration(name="Import Contacts")

RESPONSE_CALLS: dict[str, tuple[str, str, Call]] = {
    "create-import.response.json": ("POST", "/imports", lambda c: c.create_import(A_DECLARATION)),
    "get-import.response.json": ("GET", "/imports/23", lambda c: c.get_import(23)),
    "list-imports.response.partial.json": ("GET", "/imports", lambda c: c.list_imports()),
    "update-import.response.json": ("PUT", "/imports/23", lambda c: c.update_import(23, A_DECLARATION)),
    "get-import-execution.response.json": ("GET", "/imports/23/executions", lambda c: c.get_last_execution(23)),
    "create-segment.response.json": ("POST", "/segments", lambda c: c.create_segment(Segment(name="s"))),
    "list-segments.response.json": ("GET", "/segments", lambda c: c.list_segments()),
    "legacy/slate.create-import.response.json": ("POST", "/imports", lambda c: c.create_import(A_DECLARATION)),
    "legacy/slate.get-import.response.json": ("GET", "/imports/12345", lambda c: c.get_import(12345)),
    "legacy/slate.upload-import-source.response.json": (
        "PUT",
        "/imports/12345/source",
        lambda c: c.upload_source(12345, "filename.csv", b"email\na@example.com\n"),
    ),
    "legacy/slate.start-import-execution.response.json": (
        "POST",
        "/imports/12345/executions",
        lambda c: c.start_execution(12345),
    ),
}

REQUEST_CALLS: dict[str, tuple[str, str, Callable[[Np6Client, Any], Any]]] = {
    "create-import.request.json": ("POST", "/imports", lambda c, m: c.create_import(m)),
    "update-import.request.json": ("PUT", "/imports/23", lambda c, m: c.update_import(23, m)),
    "create-segment.request.json": ("POST", "/segments", lambda c, m: c.create_segment(m)),
    "update-segment.request.json": ("PUT", "/segments/41", lambda c, m: c.update_segment(41, m)),
    "legacy/driver-test.create-import-manual.request.json": ("POST", "/imports", lambda c, m: c.create_import(m)),
    "legacy/driver-test.create-import-periodic.request.json": ("POST", "/imports", lambda c, m: c.create_import(m)),
    "legacy/slate.create-import.request.json": ("POST", "/imports", lambda c, m: c.create_import(m)),
    "legacy/slate.start-import-execution.request.json": (
        "POST",
        "/imports/12345/executions",
        lambda c, m: c.start_execution(12345, m),
    ),
}


def _client(handler: Callable[[httpx.Request], httpx.Response]) -> Np6Client:
    return Np6Client(
        AccountSettings(base_url="https://np6.test", api_key="fixture-key"),
        RetrySettings(max_attempts=1),
        transport=httpx.MockTransport(handler),
    )


def _media_type(path: str) -> str:
    return IMPORT_MEDIA_TYPE if path.startswith("/imports") else "application/json"


def test_every_covered_fixture_goes_through_the_client() -> None:
    assert set(RESPONSE_CALLS) == set(RESPONSES)
    assert set(REQUEST_CALLS) == set(REQUESTS)


@pytest.mark.parametrize("name", RESPONSES, ids=str)
def test_response_fixture_parsed_by_the_client(name: str) -> None:
    method, path, call = RESPONSE_CALLS[name]
    body = json.dumps(load(name)).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        assert (request.method, request.url.path) == (method, path)
        return httpx.Response(200, content=body, headers={"Content-Type": _media_type(path)})

    with _client(handler) as client:
        assert wire(call(client)) == expected_wire(name)


@pytest.mark.parametrize("name", REQUESTS, ids=str)
def test_request_fixture_sent_by_the_client(name: str) -> None:
    method, path, call = REQUEST_CALLS[name]
    sent: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        assert (request.method, request.url.path) == (method, path)
        assert request.headers["content-type"] == "application/json"
        sent.append(json.loads(request.content))
        reply = {"id": 1, "name": "x"} if path.startswith("/imports") else {"type": "static", "id": 41, "name": "x"}
        return httpx.Response(200, json=reply, headers={"Content-Type": _media_type(path)})

    with _client(handler) as client:
        call(client, parse(name))
    assert sent == [expected_wire(name)]
