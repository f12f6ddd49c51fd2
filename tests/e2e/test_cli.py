"""The `np6` command against the emulator: every command, its exit codes, and `np6 export` adopted by a real stack."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto

from np6_provider import Np6Import
from tests.support.emulator import EmulatorAdmin, writes
from tests.support.stacks import PROJECT_ROOT, changes, new_stack, pulumi_env

pytestmark = pytest.mark.e2e


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def np6(emulator: EmulatorAdmin, key: str | None, *args: str, cwd: Path | None = None, **env: str) -> Result:
    """Runs the `np6` console script's code in a subprocess, the way the installed script runs it."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NP6_")}
    environ["NP6_BASE_URL"] = emulator.url
    if key is not None:
        environ["NP6_API_KEY"] = key
    environ.update(env)
    done = subprocess.run(
        [sys.executable, "-m", "np6_provider.cli", *args],
        capture_output=True, text=True, env=environ, timeout=300, check=False, cwd=cwd,
    )  # fmt: skip
    return Result(done.returncode, done.stdout, done.stderr)


def set_executions(emulator: EmulatorAdmin, key: str, **knob: Any) -> None:
    # EmulatorAdmin has no helper for this control-plane endpoint (yet).
    emulator._http.put("/_emulator/executions", headers={"X-Key": key}, json=knob).raise_for_status()


def create_import(emulator: EmulatorAdmin, key: str, body: dict[str, Any]) -> dict[str, Any]:
    with emulator.api(key) as api:
        response = api.post("/imports", json=body)
        assert response.status_code in (200, 201), response.text
        return dict(response.json())


def imports_of(emulator: EmulatorAdmin, key: str) -> list[dict[str, Any]]:
    with emulator.api(key) as api:
        return list(api.get("/imports").json())


MANUAL = {"name": "Manual upload", "binding": 45, "features": [{"type": "database", "updateExisting": True}]}


def test_imports_list_as_table_and_json(emulator: EmulatorAdmin) -> None:
    key = emulator.new_account()
    first = create_import(emulator, key, MANUAL)
    second = create_import(emulator, key, {"name": "From FTP", "source": {"type": "ftp"}})

    table = np6(emulator, key, "imports", "list")
    assert table.code == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["ID", "NAME", "BINDING", "SOURCE", "SCHEDULER", "FEATURES"]
    assert lines[1].split() == [str(first["id"]), "Manual", "upload", "45", "file", "-", "database"]
    assert lines[2].split()[:4] == [str(second["id"]), "From", "FTP", "-"]

    as_json = np6(emulator, key, "imports", "list", "--json")
    assert as_json.code == 0
    assert [d["id"] for d in json.loads(as_json.stdout)] == [first["id"], second["id"]]
    # --base-url is accepted after the command too.
    assert np6(emulator, key, "imports", "list", "--base-url", emulator.url).code == 0


def test_upload_then_run_and_wait(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    key = emulator.new_account()
    set_executions(emulator, key, duration_seconds=1.0)
    import_id = str(create_import(emulator, key, MANUAL)["id"])

    # NP6 ends a run of a file import with no file in error: exit 1.
    failed = np6(emulator, key, "run", import_id, "--wait", "--interval", "0.2")
    assert failed.code == 1, failed.stderr
    assert failed.stdout.strip() == f"import {import_id}: error"

    data = tmp_path / "contacts.csv"
    data.write_text("email\nann@example.com\n")
    uploaded = np6(emulator, key, "upload", import_id, str(data))
    assert uploaded.code == 0, uploaded.stderr
    assert f"to import {import_id} as " in uploaded.stdout
    assert uploaded.stdout.rstrip().endswith("_contacts.csv")

    completed = np6(emulator, key, "run", import_id, "--wait", "--interval", "0.2")
    assert completed.code == 0, completed.stderr
    assert completed.stdout.strip() == f"import {import_id}: completed"
    assert "processing" in completed.stderr  # progress on stderr

    started = np6(emulator, key, "run", import_id)
    assert (started.code, started.stdout.strip()) == (0, f"started import {import_id}")


def test_run_timeout_exits_3(emulator: EmulatorAdmin) -> None:
    key = emulator.new_account()
    set_executions(emulator, key, duration_seconds=60.0, outcome="completed")
    import_id = str(create_import(emulator, key, MANUAL)["id"])
    result = np6(emulator, key, "run", import_id, "--timeout", "1", "--interval", "0.2")
    assert result.code == 3, result.stderr
    assert result.stdout.strip() == f"import {import_id}: timeout"
    # The run keeps going in NP6: starting another one now is NP6's conflict, an API error.
    conflict = np6(emulator, key, "run", import_id)
    assert conflict.code == 4
    assert "HTTP 409" in conflict.stderr
    assert len(conflict.stderr.strip().splitlines()) == 1


def test_api_errors_exit_4_with_one_line(emulator: EmulatorAdmin) -> None:
    key = emulator.new_account()
    missing = np6(emulator, key, "run", "999999", "--wait")
    assert missing.code == 4
    assert missing.stderr.startswith("np6: error: POST /imports/999999/executions: HTTP 404")
    assert len(missing.stderr.strip().splitlines()) == 1

    refused = np6(emulator, "not-a-valid-key", "imports", "list")
    assert refused.code == 4
    assert "HTTP 401" in refused.stderr
    assert "not-a-valid-key" not in refused.stderr


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (("imports", "list"), {"NP6_API_KEY": ""}, "NP6_API_KEY is not set"),
        (("run", "abc"), {}, "IMPORT_ID: must be a positive integer"),
        (("run",), {}, "the following arguments are required: IMPORT_ID"),
        (("imports", "list", "--api-key", "x"), {}, "unrecognized arguments: --api-key (see"),
        (("upload", "1", "/no/such/file.csv"), {}, "no such file"),
        (("run", "1", "--timeout", "-5"), {}, "--timeout: must be between"),
        (
            ("imports", "list"),
            {"NP6_BASE_URL": "http://np6.example.com"},
            "refusing to send the API key over plain http",
        ),
        (("frobnicate",), {}, "invalid choice: 'frobnicate'"),
    ],
)
def test_usage_and_config_errors_exit_2(
    emulator: EmulatorAdmin, args: tuple[str, ...], env: dict[str, str], message: str
) -> None:
    result = np6(emulator, "some-key", *args, cwd=None, **env)
    assert result.code == 2, result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "some-key" not in result.stderr


# ---------------------------------------------------------------------------
# np6 export: a populated account, adopted by the exported program

WEEKLY = {
    "type": "periodic",
    "frequency": {
        "occurs": {"type": "weekly", "interval": 1, "days": ["Sun"]},
        "periodicity": {"type": "once", "value": {"hour": 6, "minute": 0, "second": 0}},
    },
}
POPULATED: list[dict[str, Any]] = [
    {
        "name": "Import Contacts",
        "binding": 44,
        "features": [
            {"type": "report", "sendFinalReport": True, "sendErrorReport": True, "contactGuids": ["1C0193AB"]},
            {"type": "database", "updateExisting": True, "crushData": False},
            {"type": "duplicate", "rules": {"first": True}},
            {"type": "segmentation", "segmentId": 501, "emptyExisitingSegment": False},
            {"type": "normalization", "fields": {"233": ["FRA", "ESP"]}},
        ],
        "source": {"type": "ftp"},
    },
    {
        "name": 'Red list "opt-out" — été',
        "binding": 45,
        "features": [
            {"type": "redList", "destination": {"mail": True, "sms": True}},
            {"type": "duplicate", "rules": {"ignore": True}},
            {
                "type": "report",
                "sendFinalReport": False,
                "sendErrorReport": True,
                "contactGuids": ["AB12"],
                "groupIds": [7],
            },
        ],
        "source": {"type": "file"},
    },
    {"name": "Custom folder", "source": {"type": "ftp", "folder": "inbox/contacts", "templateFilename": "daily.csv"}},
    {"name": "No source, no features"},
    {
        "name": "Scheduled",
        "binding": 44,
        "features": [{"type": "database", "updateExisting": True}],
        "scheduler": WEEKLY,
    },
]


def test_export_adopts_the_account_unchanged_then_previews_empty(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    key = emulator.new_account()
    created = [create_import(emulator, key, body) for body in POPULATED]
    scheduled_id = created[-1]["id"]
    before = imports_of(emulator, key)

    module_path = tmp_path / "exported_stack.py"
    result = np6(emulator, key, "export", "--output", str(module_path))
    assert result.code == 0, result.stderr
    assert result.stdout == ""
    text = module_path.read_text()
    scheduler_id = imports_of(emulator, key)[-1]["scheduler"]["id"]
    assert f"scheduler=SchedulerRef(id={scheduler_id})," in text
    assert f"adopt={scheduled_id}," in text
    assert np6(emulator, key, "export", "--output", str(module_path)).code == 2  # no overwrite without --force
    assert np6(emulator, key, "export", "--output", str(module_path), "--force").code == 0
    assert module_path.read_text() == text  # deterministic

    spec = importlib.util.spec_from_file_location("exported_stack", module_path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    e2e = new_stack(tmp_path / "stack", emulator, module.declare, api_key=key)
    e2e.clear_journal()
    preview = e2e.stack.preview()
    managed = len(POPULATED)
    assert changes(preview) == {"create": managed + 1}  # adoptions (and the stack); nothing else planned
    up = e2e.stack.up()
    assert changes(up) == {"create": managed + 1}
    assert writes(e2e.journal()) == []  # the first up changes nothing in NP6
    assert imports_of(emulator, key) == before
    assert changes(e2e.stack.preview()) == {}
    assert changes(e2e.stack.refresh()) == {}
    assert changes(e2e.stack.preview()) == {}
    assert writes(e2e.journal()) == []


def test_export_into_a_stack_makes_its_first_preview_empty(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    """`np6 export --stack` is to NP6 what `pulumi import` is to other providers: code written, state filled."""
    key = emulator.new_account()
    for body in POPULATED:
        create_import(emulator, key, body)
    before = imports_of(emulator, key)
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(PROJECT_ROOT / name, project / name)
    (project / "stacks").mkdir()
    (project / "stacks" / "__init__.py").touch()
    (project / ".venv").symlink_to(PROJECT_ROOT / ".venv")
    (tmp_path / "state").mkdir()
    env = {**pulumi_env(tmp_path / "state")}
    del env["PULUMI_PYTHON_CMD"]  # the project's runtime options pick the interpreter

    def pulumi(*args: str) -> str:
        done = subprocess.run(
            ["pulumi", *args, "--non-interactive", "--stack", "adopted"],
            cwd=project, env={**os.environ, **env}, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, f"pulumi {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    subprocess.run(["pulumi", "stack", "init", "adopted", "--secrets-provider", "passphrase", "--non-interactive"],
                   cwd=project, env={**os.environ, **env}, check=True, capture_output=True, timeout=120)  # fmt: skip
    pulumi("config", "set", "--secret", "np6:apiKey", key)
    pulumi("config", "set", "np6:baseUrl", emulator.url)
    emulator.clear_requests(key)

    result = np6(emulator, key, "export", "--output", "stacks/adopted.py", "--stack", "adopted", cwd=project, **env)

    assert result.code == 0, result.stderr
    assert "NP6_READ_ONLY=true" in result.stderr
    assert writes(emulator.requests(key)) == []
    pulumi("preview", "--expect-no-changes")
    pulumi("refresh", "--yes", "--expect-no-changes")
    assert imports_of(emulator, key) == before
    assert key not in pulumi("stack", "export")


def test_a_read_only_run_refuses_an_adoption_that_would_change_np6(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    """What `--stack` relies on: with np6:readOnly, an adoption needing a PUT fails and nothing is written."""
    key = emulator.new_account()
    created = create_import(emulator, key, {"name": "Plain", "binding": 44})

    def program() -> None:
        Np6Import("plain", name="Plain", binding=45, adopt=created["id"])

    e2e = new_stack(
        tmp_path, emulator, program, api_key=key, extra_config={"np6:readOnly": auto.ConfigValue(value="true")}
    )
    e2e.clear_journal()
    with pytest.raises(auto.CommandError, match="read-only"):
        e2e.stack.up()
    assert writes(e2e.journal()) == []
    assert imports_of(emulator, key)[0]["binding"] == 44


def test_export_with_an_account_name_targets_that_account(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    key = emulator.new_account()
    create_import(emulator, key, MANUAL)
    result = np6(emulator, key, "export", "--account", "staging")
    assert result.code == 0, result.stderr
    assert '        account="staging",\n' in result.stdout
    assert key not in result.stdout
    assert key not in result.stderr
