"""Real Pulumi stacks for end-to-end tests: the real CLI, a file backend, the emulator."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
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

    def state_text(self) -> str:
        import json

        return json.dumps(self.stack.export_stack().deployment)


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


def changes(result: auto.PreviewResult | auto.UpResult | auto.RefreshResult) -> dict[str, int]:
    """The operation counts, without 'same'."""
    summary = result.change_summary if isinstance(result, auto.PreviewResult) else result.summary.resource_changes
    return {op: n for op, n in (summary or {}).items() if op != "same" and n}
