"""Real Pulumi stacks for end-to-end tests: the real CLI, a file backend, the emulator."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from .emulator import EmulatorAdmin

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "np6-e2e-passphrase"
_bin_dir: Path | None = None


def pulumi_bin_dir() -> Path:
    """The project's Pulumi toolchain (built on first use by scripts/install-pulumi.sh)."""
    global _bin_dir
    if _bin_dir is None:
        output = subprocess.run(
            ["bash", str(PROJECT_ROOT / "scripts" / "install-pulumi.sh")],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        _bin_dir = Path(output.stdout.strip().splitlines()[-1])
    return _bin_dir


def pulumi_env(state_dir: Path) -> dict[str, str]:
    return {
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
        "PULUMI_BACKEND_URL": f"file://{state_dir}",
        "PULUMI_HOME": str(state_dir.parent / "pulumi-home"),
        # Inline programs do not pass the project's virtualenv to the dynamic provider.
        "PULUMI_PYTHON_CMD": sys.executable,
        "PATH": f"{pulumi_bin_dir()}{os.pathsep}{os.environ.get('PATH', '')}",
    }


@dataclass
class E2EStack:
    stack: auto.Stack
    api_key: str
    admin: EmulatorAdmin

    def journal(self) -> list[dict[str, Any]]:
        return self.admin.requests(self.api_key)

    def clear_journal(self) -> None:
        self.admin.clear_requests(self.api_key)

    def _env(self) -> dict[str, str]:
        workspace = self.stack.workspace
        assert isinstance(workspace, auto.LocalWorkspace)
        return {**os.environ, **workspace.env_vars}

    def export_encrypted(self) -> str:
        """`pulumi stack export` as a user runs it: secrets stay encrypted (Automation's export shows them)."""
        return subprocess.run(
            ["pulumi", "stack", "export", "--stack", self.stack.name],
            cwd=self.stack.workspace.work_dir, env=self._env(), check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip

    def state_text(self) -> str:
        """Everything the backend stores, plus the exported state."""
        exported = self.export_encrypted()
        state_dir = Path(self._env()["PULUMI_BACKEND_URL"].removeprefix("file://"))
        stored = [p.read_text(errors="replace") for p in state_dir.rglob("*") if p.is_file()]
        return "\n".join([exported, *stored])


def new_stack(
    tmp_path: Path,
    admin: EmulatorAdmin,
    program: Callable[[], None],
    *,
    stack_name: str = "test",
    api_key: str | None = None,
    extra_config: dict[str, auto.ConfigValue] | None = None,
) -> E2EStack:
    """A fresh stack of an inline program, on its own file backend and its own emulator account."""
    state_dir = tmp_path / "state"
    state_dir.mkdir(parents=True, exist_ok=True)
    key = api_key or admin.new_account()
    env = pulumi_env(state_dir)
    command = auto.PulumiCommand(root=str(pulumi_bin_dir().parent), skip_version_check=True)
    workspace_options = auto.LocalWorkspaceOptions(
        work_dir=str(tmp_path),
        pulumi_home=env["PULUMI_HOME"],
        env_vars=env,
        secrets_provider="passphrase",
        pulumi_command=command,
        project_settings=auto.ProjectSettings(
            name="np6-e2e", runtime="python", backend=auto.ProjectBackend(url=env["PULUMI_BACKEND_URL"])
        ),
    )
    stack = auto.create_or_select_stack(
        stack_name=stack_name, project_name="np6-e2e", program=program, opts=workspace_options
    )
    config = {
        "np6:apiKey": auto.ConfigValue(value=key, secret=True),
        "np6:baseUrl": auto.ConfigValue(value=admin.url),
        **(extra_config or {}),
    }
    stack.set_all_config(config)
    return E2EStack(stack=stack, api_key=key, admin=admin)


def changes(result: auto.PreviewResult | auto.UpResult | auto.RefreshResult | auto.DestroyResult) -> dict[str, int]:
    """The operation counts, without 'same'."""
    summary = result.change_summary if isinstance(result, auto.PreviewResult) else result.summary.resource_changes
    return {op: n for op, n in (summary or {}).items() if op != "same" and n}


def exported_deployment(stack: auto.Stack) -> Mapping[str, Any]:
    """The `deployment` of the stack's exported state (Automation's export: secrets shown)."""
    deployment = stack.export_stack().deployment
    assert deployment is not None, f"stack {stack.name} exported no deployment"
    return deployment


IMPORT_TYPE = "pulumi-python:dynamic/np6:Import"


@dataclass
class PlannedStep:
    name: str
    op: str
    diffs: list[str]


# Python dynamic providers send the engine no per-property diff, so the changed properties are read
# from the `--diff` display, as a reviewer reads them: "      ~ name: a => b" under the resource.
_RESOURCE_HEADER = re.compile(r"^\s*[-+~]*\s*" + re.escape(IMPORT_TYPE) + r": \((\S+)\)$")
_RESOURCE_URN = re.compile(r"^\s*\[urn=.*::([^:\]]+)\]$")
_TOP_LEVEL_CHANGE = re.compile(r"^ {6}[-+~] (\w+)\s*:")
_INPUT_KEYS = {"name", "binding", "features", "source", "scheduler", "account", "adopt"}


def displayed_changes(diff_output: str) -> dict[str, set[str]]:
    """Resource name → the input properties the `--diff` display marks as changed."""
    shown: dict[str, set[str]] = {}
    current: str | None = None
    expecting_urn = False
    for line in diff_output.splitlines():
        if _RESOURCE_HEADER.match(line):
            expecting_urn, current = True, None
            continue
        urn = _RESOURCE_URN.match(line)
        if expecting_urn and urn:
            current, expecting_urn = urn.group(1), False
            shown.setdefault(current, set())
            continue
        change = _TOP_LEVEL_CHANGE.match(line)
        if current is not None and change and change.group(1) in _INPUT_KEYS:
            shown[current].add(change.group(1))
    return shown


def planned_steps(stack: auto.Stack) -> tuple[auto.PreviewResult, list[PlannedStep]]:
    """Preview with `--diff`, returning each Np6Import that would change and the properties shown changing."""
    events: list[auto.EngineEvent] = []
    result = stack.preview(on_event=events.append, diff=True)
    shown = displayed_changes(result.stdout)
    steps = []
    for event in events:
        if event.resource_pre_event is None:
            continue
        meta = event.resource_pre_event.metadata
        op = str(meta.op.value)
        # A replacement is reported as create-replacement, replace, delete-replaced: keep "replace".
        if meta.type != IMPORT_TYPE or op in ("same", "create-replacement", "delete-replaced"):
            continue
        name = meta.urn.rsplit("::", 1)[-1]
        steps.append(PlannedStep(name=name, op=op, diffs=sorted(shown.get(name, set()))))
    return result, steps
