"""Control plane, request journal, rate limiting and every fault kind (on a real socket)."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from .conftest import EmulatorFactory, RunningEmulator


def set_faults(emu: RunningEmulator, **config: Any) -> None:
    response = emu.admin().put("/_emulator/faults", json=config)
    assert response.status_code == 200, response.headers.get("x-emulator-reason")


def names(api: httpx.Client) -> list[str]:
    api.headers.pop("X-Fault", None)
    return [i["name"] for i in api.get("/imports").json()]


def test_control_plane_auth(emu: RunningEmulator, make_emulator: EmulatorFactory) -> None:
    anonymous = emu.anonymous()
    assert anonymous.get("/_emulator/health").json() == {"status": "ok"}
    assert anonymous.post("/_emulator/accounts").status_code == 401
    assert anonymous.post("/_emulator/accounts", headers={"X-Admin-Key": "wrong"}).status_code == 401
    assert emu.admin(key="unknown").get("/_emulator/requests").status_code == 401
    closed = make_emulator(admin_key=None)
    assert closed.anonymous().get("/_emulator/health").status_code == 200
    assert closed.anonymous().post("/_emulator/accounts", headers={"X-Admin-Key": ""}).status_code == 404
    schema = emu.anonymous().get("/openapi.json").json()
    assert not [path for path in schema["paths"] if path.startswith("/_emulator")]


def test_new_accounts_and_journal(emu: RunningEmulator) -> None:
    key = emu.new_account()
    assert key != emu.key
    api = emu.client(key)
    created = api.post("/imports", json={"name": "journaled"}).json()
    api.put(f"/imports/{created['id']}/source", content=b"12345", headers={"Content-Type": "application/octet-stream"})
    api.get("/imports/999999")
    emu.anonymous().get("/imports", headers={"X-Key": "nope"})
    assert emu.journal(key) == [
        {"method": "POST", "path": "/imports", "status": 200, "body": {"name": "journaled"}},
        {"method": "PUT", "path": f"/imports/{created['id']}/source", "status": 200, "body": {"bytes": 5}},
        {"method": "GET", "path": "/imports/999999", "status": 404, "body": None},
    ]
    assert emu.journal() == []  # another account's journal is separate
    assert emu.admin(key).delete("/_emulator/requests").status_code == 204
    assert emu.journal(key) == []


def test_rate_limit_headers_and_429(emu: RunningEmulator, api: httpx.Client) -> None:
    assert "X-RateLimit-Limit" not in api.get("/imports").headers  # off by default
    assert emu.admin().put("/_emulator/rate-limit", json={"limit": 3, "window_seconds": 30}).status_code == 200
    seen = [api.get("/imports") for _ in range(4)]
    assert [r.status_code for r in seen] == [200, 200, 200, 429]
    assert [r.headers["X-RateLimit-Remaining"] for r in seen] == ["2", "1", "0", "0"]
    assert all(r.headers["X-RateLimit-Limit"] == "3" for r in seen)
    reset = int(seen[0].headers["X-RateLimit-Reset"])
    assert time.time() < reset <= time.time() + 31
    assert seen[3].content == b""
    assert 1 <= int(seen[3].headers["Retry-After"]) <= 30
    assert api.post("/imports", json={"name": "refused"}).status_code == 429
    assert emu.admin().delete("/_emulator/rate-limit").status_code == 204
    assert names(api) == []
    assert "X-RateLimit-Limit" not in api.get("/imports").headers


def test_rate_limit_window_and_default(make_emulator: EmulatorFactory) -> None:
    emu = make_emulator(rate_limit=1, rate_window_seconds=0.5)
    api = emu.client()
    assert api.get("/imports").status_code == 200
    assert api.get("/imports").status_code == 429
    time.sleep(0.6)
    assert api.get("/imports").status_code == 200
    other = emu.client(emu.new_account())
    assert other.get("/imports").status_code == 200  # per account


@pytest.mark.parametrize(
    ("kind", "status", "processed"),
    [("rate_limit", 429, False), ("server_error", 503, False)],
)
def test_refusing_faults(emu: RunningEmulator, api: httpx.Client, kind: str, status: int, processed: bool) -> None:
    set_faults(emu, seed=1, probability=1.0, kinds=[kind])
    response = api.post("/imports", json={"name": "x"})
    assert response.status_code == status
    assert response.content == b""
    if kind == "rate_limit":
        for header in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"):
            assert header in response.headers
    emu.admin().delete("/_emulator/faults")
    assert names(api) == (["x"] if processed else [])
    assert emu.journal()[0]["fault"] == kind


def test_server_error_after_processes_then_fails(emu: RunningEmulator, api: httpx.Client) -> None:
    set_faults(emu, seed=3, probability=1.0, kinds=["server_error_after"])
    statuses = {api.post("/imports", json={"name": f"n{i}"}).status_code for i in range(6)}
    assert statuses <= {500, 502}
    assert statuses
    emu.admin().delete("/_emulator/faults")
    assert sorted(names(api)) == [f"n{i}" for i in range(6)]


@pytest.mark.parametrize(("kind", "processed"), [("drop_before", False), ("drop_after", True)])
def test_drops_are_transport_errors(emu: RunningEmulator, api: httpx.Client, kind: str, processed: bool) -> None:
    set_faults(emu, seed=1, probability=1.0, kinds=[kind], methods=["POST"])
    with pytest.raises(httpx.TransportError):
        api.post("/imports", json={"name": "dropped"})
    assert names(api) == (["dropped"] if processed else [])  # GET is not in `methods`
    assert emu.journal()[0]["status"] == 0
    assert emu.journal()[0]["fault"] == kind


def test_latency_and_slow(emu: RunningEmulator, api: httpx.Client) -> None:
    for kind, option in (("latency", "latency_ms"), ("slow", "slow_ms")):
        set_faults(emu, seed=1, probability=1.0, kinds=[kind], **{option: 300})
        began = time.monotonic()
        assert api.post("/imports", json={"name": kind}).status_code == 200
        assert time.monotonic() - began >= 0.3
    emu.admin().delete("/_emulator/faults")
    assert sorted(names(api)) == ["latency", "slow"]
    began = time.monotonic()
    api.get("/imports")
    assert time.monotonic() - began < 0.3


def test_slow_is_an_ambiguous_timeout(emu: RunningEmulator, api: httpx.Client) -> None:
    set_faults(emu, seed=1, probability=1.0, kinds=["slow"], slow_ms=800)
    with pytest.raises(httpx.ReadTimeout):
        api.post("/imports", json={"name": "late"}, timeout=0.2)
    emu.admin().delete("/_emulator/faults")
    assert names(api) == ["late"]


def test_global_latency_option(make_emulator: EmulatorFactory) -> None:
    api = make_emulator(latency_ms=200).client()
    began = time.monotonic()
    api.get("/imports")
    assert time.monotonic() - began >= 0.2


def test_same_seed_same_sequence(emu: RunningEmulator, api: httpx.Client) -> None:
    def run() -> list[int]:
        set_faults(emu, seed=42, probability=0.5, kinds=["server_error", "rate_limit"])
        return [api.get("/imports").status_code for _ in range(20)]

    first, second = run(), run()
    assert first == second
    assert {200, 429, 503} <= set(first) | {200}
    assert len(set(first)) > 1


def test_fault_config_validation(emu: RunningEmulator) -> None:
    admin = emu.admin()
    assert admin.put("/_emulator/faults", json={"kinds": ["meteor"]}).status_code == 400
    assert admin.put("/_emulator/faults", json={"probability": 2, "kinds": ["slow"]}).status_code == 400
    assert admin.put("/_emulator/faults", content=b"{").status_code == 400
    assert admin.put("/_emulator/rate-limit", json={"limit": 1, "window_seconds": 0}).status_code == 400
