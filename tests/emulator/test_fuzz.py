"""Schemathesis fuzzing of the emulator's OpenAPI description: no 5xx, no crash, on any input."""

from __future__ import annotations

import secrets
from typing import Any

import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from np6_emulator.app import create_app
from np6_emulator.settings import Settings

from .conftest import example, example_bytes

KEY = secrets.token_urlsafe(16)
app = create_app(Settings(db_path=":memory:", keys=(KEY,), execution_seconds=0.01))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


def _seed(target: FastAPI) -> list[int]:
    """Small ids exist, so that generated paths also reach existing imports and segments."""
    ids = []
    with TestClient(target, headers={"X-Key": KEY}) as client:
        for _ in range(8):
            created = client.post("/imports", content=example_bytes("create-import.request.json"))
            assert created.status_code == 200
            ids.append(created.json()["id"])
            assert client.post("/segments", content=example_bytes("create-segment.request.json")).status_code == 200
    return ids


_seed(app)
# The mutation test has its own emulator: schemathesis may delete the seeded imports of the first.
mutation_app = create_app(Settings(db_path=":memory:", keys=(KEY,), execution_seconds=0.01))
IMPORT_IDS = _seed(mutation_app)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate(headers={"X-Key": KEY}, checks=[not_a_server_error])


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
DOCUMENTED = [example("create-import.request.json"), example("legacy/driver-test.create-import-periodic.request.json")]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replace(copy[path[0]], path[1:], new)
    return copy


@st.composite
def mutated_definitions(draw: st.DrawFn) -> Any:
    """A documented request with one member (anywhere) replaced by arbitrary JSON."""
    base = draw(st.sampled_from(DOCUMENTED))
    return _replace(base, draw(st.sampled_from(_paths(base))), draw(JSON))


@given(
    body=mutated_definitions(),
    method=st.sampled_from(
        ["POST /imports", f"PUT /imports/{IMPORT_IDS[-1]}", f"POST /imports/{IMPORT_IDS[-2]}/executions"]
    ),
)
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_mutated_documented_payloads_never_fail_the_server(body: Any, method: str) -> None:
    verb, path = method.split(" ")
    with TestClient(mutation_app, headers={"X-Key": KEY}) as client:
        response = client.request(verb, path, json=body)
    assert response.status_code < 500
    assert response.status_code in (200, 400, 409)
