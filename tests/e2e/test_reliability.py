"""Faults, interruptions and restarts: the NP6 side converges with no duplicate and no orphan."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto

from benchmarks.procwatch import TreeWatch
from np6_provider import DatabaseFeature, Np6Import
from tests.support.emulator import EmulatorAdmin, EmulatorProcess
from tests.support.stacks import changes, exported_deployment, new_stack, planned_steps, pulumi_env

pytestmark = pytest.mark.e2e

FAULT_KINDS = ["latency", "rate_limit", "server_error", "server_error_after", "drop_before", "drop_after", "slow"]
FAST_RETRIES = {
    "np6:retryMaxWaitSeconds": auto.ConfigValue(value="0.5"),
    "np6:maxAttempts": auto.ConfigValue(value="12"),
    "np6:readTimeoutSeconds": auto.ConfigValue(value="5"),
}


def many_imports(count: int) -> Any:
    def program() -> None:
        for n in range(count):
            Np6Import(f"import-{n:03d}", name=f"Import {n:03d}", features=[DatabaseFeature(update_existing=True)])

    return program


def ids_in_state(stack: auto.Stack) -> set[int]:
    resources = exported_deployment(stack).get("resources", [])
    return {int(r["id"]) for r in resources if r.get("type", "").endswith("np6:Import") and r.get("id")}


def test_up_of_100_imports_through_20_percent_faults(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    e2e = new_stack(tmp_path, emulator, many_imports(100), extra_config=FAST_RETRIES)
    emulator.set_faults(e2e.api_key, seed=7, probability=0.2, kinds=FAULT_KINDS, latency_ms=20, slow_ms=200)
    e2e.stack.up(parallel=16)
    emulator.clear_faults(e2e.api_key)
    with emulator.api(e2e.api_key) as api:
        on_np6 = api.get("/imports").json()
    assert len(on_np6) == 100
    assert sorted(i["name"] for i in on_np6) == [f"Import {n:03d}" for n in range(100)]
    assert ids_in_state(e2e.stack) == {i["id"] for i in on_np6}
    assert planned_steps(e2e.stack)[1] == []


def _program_dir(tmp_path: Path, count: int) -> Path:
    program_dir = tmp_path / "project"
    program_dir.mkdir()
    (program_dir / "Pulumi.yaml").write_text("name: np6-interrupted\nruntime:\n  name: python\n")
    (program_dir / "__main__.py").write_text(
        textwrap.dedent(f"""
        from np6_provider import DatabaseFeature, Np6Import
        for n in range({count}):
            Np6Import(f"import-{{n:03d}}", name=f"Import {{n:03d}}", features=[DatabaseFeature(update_existing=True)])
        """)
    )
    return program_dir


def test_interrupted_up_converges_without_duplicates(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    """`pulumi up` killed mid-way; then the README's recovery: cancel, refresh --clear-pending-creates, and an up
    that takes over what the killed run made (NP6_ORPHAN_WINDOW_SECONDS)."""
    count = 40
    key = emulator.new_account()
    emulator.set_faults(key, seed=1, probability=1.0, kinds=["latency"], latency_ms=150)
    program_dir = _program_dir(tmp_path, count)
    state_dir = tmp_path / "state"
    state_dir.mkdir()
    env = {**os.environ, **pulumi_env(state_dir), "PULUMI_PYTHON_CMD": sys.executable}

    def pulumi(*args: str, check: bool = True, **extra_env: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            ["pulumi", *args, "--non-interactive", "--stack", "dev"],
            cwd=program_dir, env=env | extra_env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert not check or result.returncode == 0, f"pulumi {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result

    subprocess.run(["pulumi", "stack", "init", "dev", "--secrets-provider", "passphrase", "--non-interactive"],
                   cwd=program_dir, env=env, check=True, capture_output=True, timeout=120)  # fmt: skip
    pulumi("config", "set", "--secret", "np6:apiKey", key)
    pulumi("config", "set", "np6:baseUrl", emulator.url)

    up = subprocess.Popen(
        ["pulumi", "up", "--yes", "--skip-preview", "--non-interactive", "--stack", "dev"],
        cwd=program_dir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    with emulator.api(key) as api:
        while len(api.get("/imports").json()) < count // 4 and time.monotonic() < deadline:
            time.sleep(0.2)
    # Every process of the run, the provider and language host included (they would outlive the CLI).
    tree = TreeWatch(up.pid)
    tree.sample()
    os.killpg(up.pid, signal.SIGKILL)
    for pid in tree.peaks:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    up.wait(timeout=60)
    emulator.clear_faults(key)

    pulumi("cancel", "--yes")  # the killed run left its lock behind
    pulumi("refresh", "--yes", "--clear-pending-creates")
    pulumi("up", "--yes", NP6_ORPHAN_WINDOW_SECONDS="3600")
    with emulator.api(key) as api:
        names = sorted(i["name"] for i in api.get("/imports").json())
    assert names == [f"Import {n:03d}" for n in range(count)]
    preview = pulumi("preview", "--expect-no-changes", check=False)
    assert preview.returncode == 0, preview.stdout + preview.stderr


def test_emulator_restart_mid_way_loses_nothing(tmp_path: Path) -> None:
    process = EmulatorProcess.start(tmp_path / "emulator", "--port", "0")
    admin = EmulatorAdmin(process.url, process.admin_key)
    try:
        key = admin.new_account()
        e2e = new_stack(tmp_path / "stack", admin, many_imports(5), api_key=key)
        e2e.stack.up()
        process.stop()
        restarted = EmulatorProcess.start(tmp_path / "emulator", "--port", process.url.rsplit(":", 1)[-1])
        assert restarted.url == process.url
        process = restarted
        admin = EmulatorAdmin(process.url, process.admin_key)
        e2e.admin = admin
        assert changes(e2e.stack.refresh()) == {}
        assert planned_steps(e2e.stack)[1] == []
        assert changes(e2e.stack.destroy()) == {"delete": 6}
    finally:
        admin.close()
        process.stop()
