"""Every documented request is accepted; responses match the documented members and JSON types."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from np6_emulator.definitions import DEFAULT_SCHEDULER_NAME, DEFAULT_TIMEZONE

from .conftest import RunningEmulator, example, example_bytes, json_types

IMPORT_MEDIA_TYPE = "application/vnd.mperf.v8.import.v1+json"
ISO_MINUTE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$")
SERVER_OWNED = {"id", "creationDate", "updateDate"}


def create(api: httpx.Client, name: str) -> httpx.Response:
    response = api.post("/imports", content=example_bytes(name), headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.headers
    return response


def without(doc: dict[str, Any], members: set[str]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in members}


def test_create_matches_documented_response(api: httpx.Client) -> None:
    response = create(api, "create-import.request.json")
    assert response.headers["content-type"] == IMPORT_MEDIA_TYPE
    body, documented = response.json(), example("create-import.response.json")
    assert json_types(body) == json_types(documented)
    assert list(body) == list(documented)
    # Values: everything the client sent comes back; the scheduler is expanded with defaults.
    assert without(body, SERVER_OWNED | {"scheduler"}) == without(documented, SERVER_OWNED | {"scheduler"})
    scheduler = body["scheduler"]
    assert scheduler["name"] == DEFAULT_SCHEDULER_NAME == documented["scheduler"]["name"]
    assert scheduler["enabled"] is True
    assert scheduler["timezone"] == DEFAULT_TIMEZONE == documented["scheduler"]["timezone"]
    assert scheduler["frequency"] == documented["scheduler"]["frequency"]
    assert scheduler["creationDate"] == body["creationDate"]
    assert ISO_MINUTE.match(body["creationDate"])
    start = scheduler["validity"]["start"]
    assert list(start) == ["hour", "minute", "second", "year", "month", "date"]
    created = body["creationDate"]
    assert (
        f"{start['year']:04d}-{start['month']:02d}-{start['date']:02d}T{start['hour']:02d}:{start['minute']:02d}"
        == (created[:16])
    )
    assert scheduler["id"] != body["id"]
    assert scheduler["id"] > 0


def test_get_and_list_match_documented_read_shape(api: httpx.Client) -> None:
    created = create(api, "create-import.request.json").json()
    response = api.get(f"/imports/{created['id']}")
    assert response.status_code == 200
    assert response.headers["content-type"] == IMPORT_MEDIA_TYPE
    body, documented = response.json(), example("get-import.response.json")
    assert json_types(body) == json_types(documented)
    assert body["scheduler"] == {"id": created["scheduler"]["id"]}
    assert without(body, SERVER_OWNED | {"scheduler"}) == without(documented, SERVER_OWNED | {"scheduler"})
    listed = api.get("/imports").json()
    assert listed == [body]
    assert json_types(listed[0]) == json_types(example("list-imports.response.partial.json")[0])


def test_update_merges_like_documented_response(api: httpx.Client) -> None:
    created = create(api, "create-import.request.json").json()
    response = api.put(
        f"/imports/{created['id']}",
        content=example_bytes("update-import.request.json"),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == IMPORT_MEDIA_TYPE
    body, documented = response.json(), example("update-import.response.json")
    assert json_types(body) == json_types(documented)
    assert list(body) == list(documented)
    assert body["id"] == created["id"]
    assert body["creationDate"] == created["creationDate"]
    assert ISO_MINUTE.match(body["updateDate"])
    assert without(body, SERVER_OWNED | {"scheduler"}) == without(documented, SERVER_OWNED | {"scheduler"})
    assert body["scheduler"] == {"id": created["scheduler"]["id"]}
    assert api.get(f"/imports/{created['id']}").json() == body


@pytest.mark.parametrize(
    "name",
    [
        "legacy/driver-test.create-import-manual.request.json",
        "legacy/driver-test.create-import-periodic.request.json",
        "legacy/slate.create-import.request.json",
    ],
)
def test_legacy_create_requests_are_accepted(api: httpx.Client, name: str) -> None:
    sent = example(name)
    body = create(api, name).json()
    assert body["name"] == sent["name"]
    assert body["binding"] == sent["binding"]
    assert [f["type"] for f in body["features"]] == [f["type"] for f in sent["features"]]
    assert body["features"] == sent["features"]
    if "scheduler" in sent:
        assert body["source"] == {
            "type": "ftp",
            "creationDate": "0001-01-01T00:00:00Z",
            "folder": f"{body['id']} - {sent['name']}",
            "templateFilename": f"{sent['name']}.csv",
        }
        assert body["scheduler"]["name"] == sent["scheduler"]["name"]
        assert body["scheduler"]["validity"] == sent["scheduler"]["validity"]
        assert body["scheduler"]["frequency"] == sent["scheduler"]["frequency"]
    else:
        documented = example("legacy/slate.create-import.response.json")
        assert body["source"] == {"type": "file", "creationDate": "0001-01-01T00:00:00Z"}
        assert set(body) == set(documented)
        assert "scheduler" not in body


def test_legacy_get_response_shape(api: httpx.Client) -> None:
    created = create(api, "legacy/slate.create-import.request.json").json()
    api.put(
        f"/imports/{created['id']}/source",
        content=b"email\na@b.c\n",
        headers={"Content-Type": "application/octet-stream", "Content-Disposition": "form-data; filename=import.csv"},
    )
    body = api.get(f"/imports/{created['id']}").json()
    documented = example("legacy/slate.get-import.response.json")
    assert set(body) == set(documented)
    assert set(body["source"]) >= set(documented["source"])
    assert re.match(r"^[A-Za-z0-9]{10}_import\.csv$", body["source"]["filename"])


def test_upload_matches_documented_source(api: httpx.Client) -> None:
    created = create(api, "legacy/slate.create-import.request.json").json()
    response = api.put(
        f"/imports/{created['id']}/source",
        content=b"a;b\n1;2\n",
        headers={"Content-Type": "application/octet-stream", "Content-Disposition": "form-data; filename=filename.csv"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == IMPORT_MEDIA_TYPE
    body, documented = response.json(), example("legacy/slate.upload-import-source.response.json")
    assert json_types(body) == json_types(documented)
    assert body["creationDate"] == "0001-01-01T00:00:00Z"
    assert re.match(r"^[A-Za-z0-9]{10}_filename\.csv$", body["filename"])


def test_start_execution_request_and_response(emu: RunningEmulator, api: httpx.Client) -> None:
    created = create(api, "legacy/slate.create-import.request.json").json()
    response = api.post(
        f"/imports/{created['id']}/executions",
        content=example_bytes("legacy/slate.start-import-execution.request.json"),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == IMPORT_MEDIA_TYPE
    body, documented = response.json(), example("legacy/slate.start-import-execution.response.json")
    assert set(body) == set(documented)
    assert body["state"] == 0
    assert json_types(body["source"]) == json_types(without(documented["source"], {"updateDate", "filename"}))
    assert body["content"]["identifier"] == {"guid": 1234}
    state = api.get(f"/imports/{created['id']}/executions")
    assert state.status_code == 200
    assert json_types(state.json()) == json_types(example("get-import-execution.response.json"))


def test_documented_segment_requests(api: httpx.Client) -> None:
    response = api.post("/segments", content=example_bytes("create-segment.request.json"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body, documented = response.json(), example("create-segment.response.json")
    assert json_types(body) == json_types(documented)
    assert list(body) == list(documented)
    assert without(body, {"id", "creation", "expiration"}) == without(documented, {"id", "creation", "expiration"})
    assert int(body["expiration"][:4]) == int(body["creation"][:4]) + 1
    segment_id = body["id"]

    added = api.put(f"/segments/{segment_id}/targets", content=example_bytes("add-segment-targets.request.json"))
    assert added.status_code == 200
    assert added.json() == example("add-segment-targets.response.json")
    again = api.put(f"/segments/{segment_id}/targets", content=example_bytes("add-segment-targets.request.json"))
    assert again.json() == 0
    targets = api.get(f"/segments/{segment_id}/targets")
    assert targets.headers["content-type"] == "application/json"
    assert targets.json() == example("get-segment-targets.response.json")

    updated = api.put(f"/segments/{segment_id}", content=example_bytes("update-segment.request.json"))
    assert updated.status_code == 200
    sent = example("update-segment.request.json")
    assert updated.json()["id"] == segment_id  # the body's id is ignored
    assert updated.json()["name"] == sent["name"]
    assert updated.json()["description"] == sent["description"]
    assert updated.json()["expiration"] == sent["expiration"]
    assert updated.json()["targetsCount"] == 10

    listed = api.get("/segments").json()
    documented_list = example("list-segments.response.json")
    assert json_types(without(listed[0], {"description"})) == json_types(documented_list[0])
    assert api.get(f"/segments/{segment_id}").json() == listed[0]

    assert api.delete(f"/segments/{segment_id}/targets").status_code == 204
    assert api.get(f"/segments/{segment_id}/targets").json() == []
    assert api.delete(f"/segments/{segment_id}").status_code == 204
    assert api.get(f"/segments/{segment_id}").status_code == 404
