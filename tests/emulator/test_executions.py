"""Uploads and executions (IMPORTS.md §2.6-§2.8)."""

from __future__ import annotations

import re
import time

import httpx

from .conftest import RunningEmulator

UPLOAD = {"Content-Type": "application/octet-stream", "Content-Disposition": "form-data; filename=x.csv"}


def wait_state(api: httpx.Client, import_id: int, wanted: int, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if api.get(f"/imports/{import_id}/executions").json()["state"] == wanted:
            return
        time.sleep(0.05)
    raise AssertionError(f"state {wanted} not reached")


def test_state_progression_and_conflict(api: httpx.Client) -> None:
    import_id = api.post("/imports", json={"name": "manual", "binding": 5}).json()["id"]
    assert api.get(f"/imports/{import_id}/executions").status_code == 404  # never run
    assert api.put(f"/imports/{import_id}/source", content=b"a\n1\n", headers=UPLOAD).status_code == 200
    started = api.post(f"/imports/{import_id}/executions")
    assert started.status_code == 200
    assert started.json()["state"] == 0
    assert api.get(f"/imports/{import_id}/executions").json() == {"state": 0}
    assert api.post(f"/imports/{import_id}/executions").status_code == 409
    wait_state(api, import_id, 1)
    assert api.post(f"/imports/{import_id}/executions").status_code == 200  # may run again once done


def test_file_source_without_upload_ends_in_error(api: httpx.Client) -> None:
    import_id = api.post("/imports", json={"name": "manual", "binding": 5}).json()["id"]
    assert api.post(f"/imports/{import_id}/executions", json={}).status_code == 200
    wait_state(api, import_id, 2)


def test_missing_binding_ends_in_error_and_body_is_merged(api: httpx.Client) -> None:
    import_id = api.post("/imports", json={"name": "auto", "source": {"type": "ftp"}}).json()["id"]
    api.post(f"/imports/{import_id}/executions")
    wait_state(api, import_id, 2)
    started = api.post(f"/imports/{import_id}/executions", json={"binding": 1234})
    assert started.json()["content"]["identifier"] == {"guid": 1234}
    stored = api.get(f"/imports/{import_id}").json()
    assert stored["binding"] == 1234
    assert "updateDate" in stored
    wait_state(api, import_id, 1)
    assert api.post(f"/imports/{import_id}/executions", json={"binding": 0}).status_code == 400


def test_one_shot_upload_and_multipart(api: httpx.Client) -> None:
    import_id = api.post("/imports", json={"name": "manual", "binding": 5}).json()["id"]
    started = api.post(f"/imports/{import_id}/executions", content=b"a\n1\n", headers=UPLOAD)
    assert started.status_code == 200
    assert re.match(r"^[A-Za-z0-9]{10}_x\.csv$", started.json()["source"]["filename"])
    wait_state(api, import_id, 1)
    uploaded = api.put(f"/imports/{import_id}/source", files={"data": ("multi part.csv", b"a\n2\n", "text/csv")})
    assert uploaded.status_code == 200
    assert uploaded.json()["filename"].endswith("_multi part.csv")


def test_upload_names_and_errors(api: httpx.Client) -> None:
    import_id = api.post("/imports", json={"name": "manual"}).json()["id"]
    cases = {
        "form-data; filename=../../etc/passwd": "_passwd",
        'form-data; filename="quoted name.csv"': "_quoted name.csv",
        "form-data; filename*=UTF-8''caf%C3%A9.csv": "_café.csv",
    }
    for disposition, suffix in cases.items():
        headers = {"Content-Type": "application/octet-stream", "Content-Disposition": disposition}
        response = api.put(f"/imports/{import_id}/source", content=b"x", headers=headers)
        assert response.status_code == 200
        assert response.json()["filename"].endswith(suffix)
    raw_utf8 = {b"Content-Type": b"application/octet-stream", b"Content-Disposition": "filename=é.csv".encode()}
    assert api.put(f"/imports/{import_id}/source", content=b"x", headers=raw_utf8).json()["filename"].endswith("_é.csv")
    plain = api.put(f"/imports/{import_id}/source", content=b"x", headers={"Content-Type": "application/octet-stream"})
    assert plain.json()["filename"].endswith("_upload.csv")
    assert api.put(f"/imports/{import_id}/source", content=b"", headers=UPLOAD).status_code == 400
    assert api.put("/imports/424242/source", content=b"x", headers=UPLOAD).status_code == 404
    broken = {"Content-Type": "multipart/form-data; boundary=zz"}
    assert api.put(f"/imports/{import_id}/source", content=b"garbage", headers=broken).status_code == 400


def test_execution_knob(emu: RunningEmulator, api: httpx.Client) -> None:
    admin = emu.admin()
    assert admin.put("/_emulator/executions", json={"duration_seconds": 0, "outcome": "error"}).status_code == 200
    import_id = api.post("/imports", json={"name": "x", "binding": 1, "source": {"type": "ftp"}}).json()["id"]
    assert api.post(f"/imports/{import_id}/executions").json()["state"] == 0
    assert api.get(f"/imports/{import_id}/executions").json() == {"state": 2}
    assert admin.put("/_emulator/executions", json={"duration_seconds": 60, "outcome": None}).status_code == 200
    api.post(f"/imports/{import_id}/executions")
    assert api.get(f"/imports/{import_id}/executions").json() == {"state": 0}
    assert admin.delete("/_emulator/executions").status_code == 204
    assert admin.put("/_emulator/executions", json={"outcome": "maybe"}).status_code == 400
    assert api.delete(f"/imports/{import_id}").status_code == 204  # deleting a running import is allowed
