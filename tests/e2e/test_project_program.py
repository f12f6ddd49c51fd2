"""The project as users run it: Pulumi.yaml, __main__.py and stacks/local.py through the CLI's language host."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.emulator import EmulatorAdmin
from tests.support.stacks import PROJECT_ROOT, pulumi_env

pytestmark = pytest.mark.e2e


PulumiRunner = Callable[..., str]


def project_copy(tmp_path: Path, extra_env: dict[str, str]) -> tuple[Path, PulumiRunner]:
    """A copy of the project as a user checks it out, and a runner of `pulumi ... --stack local` inside it."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(PROJECT_ROOT / name, project / name)
    shutil.copytree(PROJECT_ROOT / "stacks", project / "stacks", ignore=shutil.ignore_patterns("Pulumi.*.yaml"))
    (project / ".venv").symlink_to(PROJECT_ROOT / ".venv")
    (tmp_path / "state").mkdir()
    env = {**os.environ, **pulumi_env(tmp_path / "state"), **extra_env}
    env.pop("PULUMI_PYTHON_CMD")  # the project's runtime options pick the interpreter

    def pulumi(*args: str) -> str:
        result = subprocess.run(
            ["pulumi", *args, "--non-interactive", "--stack", "local"],
            cwd=project, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, f"pulumi {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result.stdout + result.stderr

    pulumi("stack", "init", "--secrets-provider", "passphrase")
    return project, pulumi


def test_local_stack_program_applies_and_then_previews_empty(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    key = emulator.new_account()
    _, pulumi = project_copy(tmp_path, {})
    pulumi("config", "set", "--secret", "np6:apiKey", key)
    pulumi("config", "set", "np6:baseUrl", emulator.url)

    output = pulumi("up", "--yes", "--skip-preview")
    assert "+ 3 created" in output
    pulumi("preview", "--expect-no-changes")
    with emulator.api(key) as api:
        assert sorted(i["name"] for i in api.get("/imports").json()) == ["Import Contacts", "Import Redlist"]
    exported = pulumi("stack", "export")
    assert key not in exported
    pulumi("destroy", "--yes")
    with emulator.api(key) as api:
        assert api.get("/imports").json() == []


def test_a_stack_without_config_takes_the_key_from_the_environment(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    """Regression: with no stack config at all the language host handed the program `null` config, and it failed."""
    key = emulator.new_account()
    project, pulumi = project_copy(tmp_path, {"NP6_API_KEY": key, "NP6_BASE_URL": emulator.url})

    assert "config" not in (project / "stacks" / "Pulumi.local.yaml").read_text()  # only the passphrase salt
    assert "+ 3 created" in pulumi("up", "--yes", "--skip-preview")
    pulumi("preview", "--expect-no-changes")
    with emulator.api(key) as api:
        assert len(api.get("/imports").json()) == 2
    assert key not in pulumi("stack", "export")
