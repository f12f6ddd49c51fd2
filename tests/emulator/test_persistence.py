"""SQLite durability and concurrency, and the command line (start/stop in the background)."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from .conftest import EmulatorFactory

PROJECT = Path(__file__).resolve().parents[2]


def test_restart_keeps_everything(make_emulator: EmulatorFactory, tmp_path: Path) -> None:
    db = tmp_path / "kept.sqlite"
    first = make_emulator(db=db)
    api = first.client()
    created = api.post("/imports", json={"name": "kept", "scheduler": {"type": "x", "value": {"a": 1}}}).json()
    api.put(f"/imports/{created['id']}/source", content=b"abc", headers={"Content-Type": "application/octet-stream"})
    api.post(f"/imports/{created['id']}/executions")
    segment = api.post("/segments", json={"type": "static", "name": "s"}).json()
    api.put(f"/segments/{segment['id']}/targets", json=["A", "B"])
    extra_key = first.new_account()
    before = (api.get("/imports").json(), api.get("/segments").json())
    first.stop()

    second = make_emulator(db=db, keys=(first.key,))
    again = second.client(first.key)
    assert (again.get("/imports").json(), again.get("/segments").json()) == before
    assert again.get(f"/segments/{segment['id']}/targets").json() == ["A", "B"]
    assert again.get(f"/imports/{created['id']}/executions").status_code == 200
    assert second.client(extra_key).get("/imports").status_code == 200  # accounts persist too
    newer = again.post("/imports", json={"name": "after restart"}).json()
    assert newer["id"] > max(created["id"], created["scheduler"]["id"], segment["id"])


def test_concurrent_creates_get_unique_ids(make_emulator: EmulatorFactory) -> None:
    emu = make_emulator()
    threads, per_thread = 8, 25

    def worker(n: int) -> list[int]:
        with httpx.Client(base_url=emu.url, headers={"X-Key": emu.key}, timeout=30, trust_env=False) as api:
            ids = []
            for i in range(per_thread):
                response = api.post("/imports", json={"name": f"t{n}-{i}", "scheduler": {"type": "x", "value": 1}})
                assert response.status_code == 200
                ids += [response.json()["id"], response.json()["scheduler"]["id"]]
                if i % 5 == 0:
                    update = api.put(f"/imports/{ids[-2]}", json={"binding": i + 1})
                    assert update.status_code == 200
            return ids

    with ThreadPoolExecutor(threads) as pool:
        ids = [i for chunk in pool.map(worker, range(threads)) for i in chunk]
    assert len(ids) == len(set(ids)) == threads * per_thread * 2
    listed = emu.client().get("/imports").json()
    assert sorted(i["name"] for i in listed) == sorted(f"t{n}-{i}" for n in range(threads) for i in range(per_thread))
    assert sum(1 for i in listed if "binding" in i) == threads * 5


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "np6_emulator", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=PROJECT,
        env={**os.environ, **(env or {})},
    )


def test_cli_start_stop(tmp_path: Path) -> None:
    pidfile, logfile = tmp_path / "emu.pid", tmp_path / "emu.log"
    env = {"NP6_EMULATOR_KEYS": "cli-key-1,cli-key-2", "NP6_EMULATOR_ADMIN_KEY": "cli-admin"}
    common = ["--port", "0", "--db", str(tmp_path / "cli.sqlite"), "--pidfile", str(pidfile), "--logfile", str(logfile)]
    started = _cli("start", *common, "--key", "cli-key-3", env=env)
    assert started.returncode == 0, started.stderr
    url = started.stdout.strip().splitlines()[-1]
    assert url.startswith("http://127.0.0.1:")
    assert pidfile.exists()
    try:
        assert _cli("start", *common, env=env).returncode == 1  # already running
        for key in ("cli-key-1", "cli-key-2", "cli-key-3"):
            assert httpx.get(f"{url}/imports", headers={"X-Key": key}, trust_env=False).status_code == 200
        admin = httpx.post(f"{url}/_emulator/accounts", headers={"X-Admin-Key": "cli-admin"}, trust_env=False)
        assert admin.status_code == 200
    finally:
        stopped = _cli("stop", "--pidfile", str(pidfile))
    assert stopped.returncode == 0, stopped.stderr
    assert not pidfile.exists()
    log = logfile.read_text()
    assert "cli-key" not in log
    assert "cli-admin" not in log
    assert "cli-key" not in started.stdout + started.stderr
    assert _cli("stop", "--pidfile", str(pidfile)).returncode == 0  # not running: still fine
    with httpx.Client(trust_env=False) as http:
        try:
            http.get(f"{url}/_emulator/health", timeout=1)
            raise AssertionError("still serving")
        except httpx.TransportError:
            pass


def test_cli_refuses_remote_host_and_reports_failures(tmp_path: Path) -> None:
    refused = _cli("serve", "--host", "0.0.0.0", "--db", str(tmp_path / "x.sqlite"))  # noqa: S104
    assert refused.returncode == 1
    assert "--allow-remote" in refused.stderr
    bad_db = _cli(
        "start",
        "--port",
        "0",
        "--db",
        str(tmp_path),  # a directory: SQLite cannot open it
        "--pidfile",
        str(tmp_path / "p.pid"),
        "--logfile",
        str(tmp_path / "p.log"),
        "--timeout",
        "20",
    )
    assert bad_db.returncode == 1
    assert "exited" in bad_db.stderr
    assert "cannot open the database" in bad_db.stderr
    assert not (tmp_path / "p.pid").exists()
