"""Authentication, isolation, validation and PUT merge rules (IMPORTS.md §5, §6)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from .conftest import EmulatorFactory, RunningEmulator, example

PERIODIC: dict[str, Any] = {
    "type": "periodic",
    "frequency": {
        "occurs": {"type": "weekly", "interval": 1, "days": ["Sun"]},
        "periodicity": {"type": "once", "value": {"hour": 6, "minute": 0, "second": 0}},
    },
}


def make(api: httpx.Client, **members: Any) -> dict[str, Any]:
    response = api.post("/imports", json={"name": "An import", **members})
    assert response.status_code == 200, response.headers.get("x-emulator-reason")
    return dict(response.json())


@pytest.mark.parametrize("headers", [{}, {"X-Key": "not-a-key"}, {"X-Key": ""}])
def test_missing_or_unknown_key_is_401_with_empty_body(emu: RunningEmulator, headers: dict[str, str]) -> None:
    http = emu.anonymous()
    for method, path in [("GET", "/imports"), ("POST", "/imports"), ("GET", "/imports/1"), ("GET", "/segments")]:
        response = http.request(method, path, headers=headers, json={"name": "x"})
        assert response.status_code == 401
        assert response.content == b""
        assert response.headers["x-request-id"]
    assert emu.journal() == []


def test_accounts_are_isolated(emu: RunningEmulator, api: httpx.Client) -> None:
    mine = make(api)
    segment = api.post("/segments", json={"type": "static", "name": "s"}).json()
    other = emu.client(emu.new_account())
    assert other.get("/imports").json() == []
    assert other.get("/segments").json() == []
    assert other.get(f"/imports/{mine['id']}").status_code == 404
    assert other.put(f"/imports/{mine['id']}", json={"name": "stolen"}).status_code == 404
    assert other.delete(f"/imports/{mine['id']}").status_code == 404
    assert other.post(f"/imports/{mine['id']}/executions").status_code == 404
    assert other.get(f"/segments/{segment['id']}").status_code == 404
    assert other.put(f"/segments/{segment['id']}/targets", json=["A"]).status_code == 404
    assert api.get(f"/imports/{mine['id']}").json()["name"] == "An import"


def test_ids_are_unique_across_kinds(api: httpx.Client) -> None:
    first = make(api, scheduler=PERIODIC)
    segment = api.post("/segments", json={"type": "static", "name": "s"}).json()
    second = make(api, scheduler=PERIODIC)
    ids = [first["id"], first["scheduler"]["id"], segment["id"], second["id"], second["scheduler"]["id"]]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(
    "path", ["/imports/999999", "/imports/0", "/imports/-3", "/imports/abc", "/imports/99999999999"]
)
def test_unknown_ids_are_404(api: httpx.Client, path: str) -> None:
    for method in ("GET", "PUT", "DELETE"):
        response = api.request(method, path, json={"name": "x"})
        assert response.status_code == 404, (method, path)
    assert api.get(path + "/executions").status_code == 404
    assert api.get(path.replace("imports", "segments")).status_code == 404


def test_delete_is_204_then_404(api: httpx.Client) -> None:
    created = make(api)
    response = api.delete(f"/imports/{created['id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert api.get(f"/imports/{created['id']}").status_code == 404
    assert api.delete(f"/imports/{created['id']}").status_code == 404


BAD_CREATES: list[Any] = [
    b"{not json",
    b"",
    b"[]",
    b'"name"',
    b'{"name": NaN}',
    {},
    {"name": ""},
    {"name": "   "},
    {"name": None},
    {"name": 5},
    {"name": "x", "binding": 0},
    {"name": "x", "binding": -1},
    {"name": "x", "binding": "44"},
    {"name": "x", "binding": 2**31},
    {"name": "x", "features": [{"type": "unknown"}]},
    {"name": "x", "features": [{"sendFinalReport": True}]},
    {"name": "x", "features": [{"type": "database"}, {"type": "database"}]},
    {"name": "x", "features": [{"type": "segmentation", "segmentId": 0}]},
    {"name": "x", "features": [{"type": "segmentation", "segmentId": -5}]},
    {"name": "x", "features": [{"type": "segmentation"}]},
    {"name": "x", "features": [{"type": "database", "updateExisting": "yes"}]},
    {"name": "x", "features": [{"type": "normalization", "fields": {"abc": ["FRA"]}}]},
    {"name": "x", "features": {"type": "database"}},
    {"name": "x", "source": {"type": "s3"}},
    {"name": "x", "source": {"folder": "f"}},
    {"name": "x", "scheduler": {"type": "periodic"}},
    {"name": "x", "scheduler": {"name": "no type"}},
    {"name": "x", "scheduler": {"type": "oneTime"}},
    {"name": "x", "scheduler": {**PERIODIC, "frequency": {"occurs": {"type": "hourly"}}}},
]


def _bad_scheduler(occurs: Any = None, time: Any = None, validity: Any = None) -> dict[str, Any]:
    frequency = {
        "occurs": occurs or {"type": "daily"},
        "periodicity": {"type": "once", "value": time or {"hour": 6, "minute": 0, "second": 0}},
    }
    scheduler: dict[str, Any] = {"type": "periodic", "frequency": frequency}
    if validity is not None:
        scheduler["validity"] = validity
    return {"name": "x", "scheduler": scheduler}


PARTS = {"year": 2024, "month": 1, "date": 1, "hour": 0, "minute": 0, "second": 0}
BAD_CREATES += [
    _bad_scheduler(occurs={"type": "weekly", "days": ["Sunday"]}),
    _bad_scheduler(occurs={"type": "weekly", "days": []}),
    _bad_scheduler(occurs={"type": "weekly"}),
    _bad_scheduler(occurs={"type": "weekly", "interval": 0, "days": ["Mon"]}),
    _bad_scheduler(occurs={"type": "monthly", "days": [32]}),
    _bad_scheduler(occurs={"type": "monthly", "days": [0]}),
    _bad_scheduler(time={"hour": 24, "minute": 0, "second": 0}),
    _bad_scheduler(time={"hour": 1, "minute": 60, "second": 0}),
    _bad_scheduler(time={"hour": 1, "minute": 0}),
    _bad_scheduler(validity={"start": {**PARTS, "month": 2, "date": 30}}),
    _bad_scheduler(validity={"start": {**PARTS, "month": 13}}),
    _bad_scheduler(validity={"start": PARTS, "end": {**PARTS, "year": 2023}}),
]


@pytest.mark.parametrize("body", BAD_CREATES, ids=lambda b: json.dumps(b) if not isinstance(b, bytes) else repr(b))
def test_invalid_creates_are_400(emu: RunningEmulator, api: httpx.Client, body: Any) -> None:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    response = api.post("/imports", content=content, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.headers.get("x-emulator-reason")
    assert api.get("/imports").json() == []


def test_wrong_content_type_is_415(api: httpx.Client) -> None:
    response = api.post("/imports", content=b"name=x", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 415
    response = api.post("/imports", content=b'{"name":"x"}', headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert api.post("/imports", content=b'{"name":"x"}').status_code == 200  # no content type: read as JSON


def test_accepted_leniencies(api: httpx.Client) -> None:
    body = make(
        api,
        features=[
            {"type": "segmentation", "segmentId": 7, "emptyExistingSegment": True},
            {"type": "redList", "destination": {"email": True, "sms": False}},
        ],
        scheduler={
            **PERIODIC,
            "frequency": {
                "occurs": {"type": "weekly", "days": "mon"},
                "periodicity": {"type": "Once", "value": {"hour": 1, "minute": 2, "second": 3}},
            },
        },
    )
    assert body["features"] == [
        {"type": "segmentation", "segmentId": 7, "emptyExisitingSegment": True},
        {"type": "redList", "destination": {"mail": True, "sms": False}},
    ]
    assert body["scheduler"]["frequency"]["occurs"] == {"type": "weekly", "days": ["Mon"]}
    assert body["scheduler"]["frequency"]["periodicity"]["type"] == "once"
    monthly = make(
        api, scheduler={**PERIODIC, "frequency": {**PERIODIC["frequency"], "occurs": {"type": "monthly", "days": 20}}}
    )
    assert monthly["scheduler"]["frequency"]["occurs"] == {"type": "monthly", "days": [20]}


def test_other_scheduler_type_is_stored_opaquely(api: httpx.Client) -> None:
    value = {"year": 2030, "month": 1, "date": 2, "hour": 3, "minute": 4, "second": 5}
    body = make(api, scheduler={"type": "oneTime", "value": value, "extension": {"a": None}, "custom": [1]})
    scheduler = body["scheduler"]
    assert scheduler["type"] == "oneTime"
    assert scheduler["value"] == value
    assert scheduler["extension"] == {"a": None}
    assert scheduler["custom"] == [1]
    assert scheduler["name"] == "New schedule"
    assert scheduler["enabled"] is True
    assert api.get(f"/imports/{body['id']}").json()["scheduler"] == {"id": scheduler["id"]}


def test_responses_omit_unset_members(api: httpx.Client) -> None:
    body = make(api, binding=None, scheduler=None, source=None)
    assert body == {
        "id": body["id"],
        "name": "An import",
        "creationDate": body["creationDate"],
        "features": [],
        "source": {"type": "file", "creationDate": "0001-01-01T00:00:00Z"},
    }


def test_put_merge_rules(api: httpx.Client) -> None:
    created = make(
        api,
        binding=44,
        features=[{"type": "database", "updateExisting": True}, {"type": "report", "sendFinalReport": True}],
        source={"type": "ftp"},
        scheduler=PERIODIC,
    )
    iid, scheduler_id = created["id"], created["scheduler"]["id"]
    # null = keep; features merged by type, new types appended; body id/creationDate ignored
    response = api.put(
        f"/imports/{iid}",
        json={
            "id": 999,
            "creationDate": "2001-01-01T00:00:00Z",
            "name": None,
            "binding": None,
            "source": None,
            "scheduler": None,
            "features": [{"type": "duplicate", "rules": {"last": True}}, {"type": "database", "crushData": True}],
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == iid
    assert body["creationDate"] == created["creationDate"]
    assert body["name"] == "An import"
    assert body["binding"] == 44
    assert body["features"] == [
        {"type": "database", "crushData": True},
        {"type": "report", "sendFinalReport": True},
        {"type": "duplicate", "rules": {"last": True}},
    ]
    assert body["source"] == created["source"]
    assert body["scheduler"] == {"id": scheduler_id}
    # a sent scheduler replaces the stored one and keeps its id; a sent source replaces it too
    replaced = api.put(
        f"/imports/{iid}",
        json={"name": "Renamed", "scheduler": {**PERIODIC, "enabled": False}, "source": {"type": "ftp"}},
    ).json()
    assert replaced["scheduler"] == {"id": scheduler_id}
    assert replaced["source"]["folder"] == f"{iid} - Renamed"
    # empty name and invalid members are still rejected
    assert api.put(f"/imports/{iid}", json={"name": ""}).status_code == 400
    assert api.put(f"/imports/{iid}", json={"features": [{"type": "nope"}]}).status_code == 400
    assert api.put(f"/imports/{iid}", content=b"").status_code == 400


def test_ftp_source_keeps_client_values_or_derives(make_emulator: EmulatorFactory) -> None:
    sent = example("create-import.request.json")
    default = make_emulator().client()
    kept = default.post("/imports", json=sent).json()
    assert kept["source"]["folder"] == "23 - Import Contacts"
    derived = make_emulator(always_derive_ftp=True).client().post("/imports", json=sent).json()
    assert derived["source"]["folder"] == f"{derived['id']} - Import Contacts"
    assert derived["source"]["templateFilename"] == "Import Contacts.csv"


def test_date_precision_option(make_emulator: EmulatorFactory) -> None:
    body = make_emulator(date_precision="millisecond").client().post("/imports", json={"name": "x"}).json()
    assert len(body["creationDate"]) == len("2023-03-01T11:04:00.000Z")


def test_strict_accept_mode(make_emulator: EmulatorFactory) -> None:
    strict = make_emulator(strict_accept=True).client()
    assert strict.get("/imports", headers={"Accept": "application/json"}).status_code == 406
    assert strict.get("/imports", headers={"Accept": "application/vnd.mperf.v8.import.v1+json"}).status_code == 200
    assert strict.get("/segments", headers={"Accept": "application/json"}).status_code == 200


def test_segment_validation(api: httpx.Client) -> None:
    assert api.post("/segments", json={"name": "no type"}).status_code == 400
    assert api.post("/segments", json={"type": "static"}).status_code == 400
    assert api.post("/segments", json={"type": "smart", "name": "x"}).status_code == 400
    assert api.post("/segments", json={"type": "static", "name": "x", "expiration": "soon"}).status_code == 400
    dynamic = api.post("/segments", json={"type": "dynamic", "name": "d", "parentId": 41}).json()
    assert dynamic["parentId"] == 41
    assert api.put(f"/segments/{dynamic['id']}/targets", json=["A"]).status_code == 400
    static = api.post("/segments", json={"type": "static", "name": "s"}).json()
    assert api.put(f"/segments/{static['id']}/targets", json=[f"T{n}" for n in range(51)]).status_code == 400
    assert api.put(f"/segments/{static['id']}/targets", json=[f"T{n}" for n in range(50)]).json() == 50
    assert api.put(f"/segments/{static['id']}/targets", json={"a": 1}).status_code == 400
    assert api.put(f"/segments/{static['id']}", json={"type": "dynamic"}).status_code == 400


def test_request_ids_on_every_response(emu: RunningEmulator, api: httpx.Client) -> None:
    ids = {api.get("/imports").headers["x-request-id"], api.get("/imports/1").headers["x-request-id"]}
    ids.add(emu.anonymous().get("/_emulator/health").headers["x-request-id"])
    assert len(ids) == 3
