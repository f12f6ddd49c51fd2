"""A benchmark stack: a project folder, its own file backend, and timed runs of the real `pulumi` CLI."""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .procwatch import TreeWatch

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "np6-bench"  # noqa: S105 - protects only the key of a throwaway emulator account


@dataclass
class Timed:
    seconds: float
    processes: dict[str, dict[str, float]]


class BenchStack:
    """One stack (`bench`) of one project (`np6-bench-<label>`) in `directory`."""

    def __init__(
        self,
        directory: Path,
        *,
        label: str,
        kind: str,
        count: int,
        base_url: str,
        api_key: str,
        pulumi_bin: Path,
        pulumi_home: Path,
        parallel: int,
        provider_plugin_dir: Path | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.directory = directory
        self.kind = kind
        self.api_key = api_key
        self.count = count
        self.parallel = parallel
        self.state_dir = directory / "state"
        self.log = directory / "pulumi.log"
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.label = label
        self.set_provider_host(provider_plugin_dir)
        (directory / "__main__.py").write_text("from benchmarks.program import declare\n\ndeclare()\n")
        self.env = {
            **os.environ,
            "PATH": f"{pulumi_bin}{os.pathsep}{PROJECT_ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}",
            "PULUMI_HOME": str(pulumi_home),
            "PULUMI_BACKEND_URL": f"file://{self.state_dir}",
            "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            "PYTHONPATH": str(PROJECT_ROOT),
            **(extra_env or {}),
        }
        self._cli("stack", "init", "bench", "--secrets-provider", "passphrase")
        self._cli("config", "set", "--secret", "np6:apiKey", "--", api_key)  # keys may start with "-"
        self._cli("config", "set", "np6:baseUrl", base_url)
        self._cli("config", "set", "bench:kind", kind)
        self._cli("config", "set", "bench:count", str(count))

    def set_provider_host(self, plugin_dir: Path | None) -> None:
        """Runs the `pulumi-python` provider from `plugin_dir` (Pulumi.yaml plugins.providers), or the SDK's."""
        plugins = ""
        if plugin_dir is not None:
            plugins = f"plugins:\n  providers:\n    - name: pulumi-python\n      path: {plugin_dir}\n"
        (self.directory / "Pulumi.yaml").write_text(
            f"name: np6-bench-{self.label}\n"
            "runtime:\n  name: python\n  options:\n"
            f"    virtualenv: {PROJECT_ROOT / '.venv'}\n"
            f"{plugins}"
        )

    def _cli(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603 - our own argv, no shell
            ["pulumi", "--non-interactive", *args],  # noqa: S607 - pulumi from the project toolchain (PATH)
            cwd=self.directory, env=self.env, capture_output=True, text=True, check=False, timeout=600,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"pulumi {' '.join(args[:2])} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done.stdout

    def run(self, operation: str, *flags: str, env: dict[str, str] | None = None) -> Timed:
        """Times `pulumi <operation>` with the stack's parallelism; fails loudly if pulumi fails."""
        argv = ["pulumi", operation, "--non-interactive", "--parallel", str(self.parallel), *flags]
        if operation in ("up", "refresh", "destroy"):
            argv += ["--yes", "--skip-preview"]
        if operation == "preview":
            argv += ["--expect-no-changes"]
        with self.log.open("a") as log:
            log.write(f"\n$ {' '.join(argv)}\n")
            log.flush()
            started = time.perf_counter()
            process = subprocess.Popen(  # noqa: S603 - our own argv, no shell
                argv, cwd=self.directory, env={**self.env, **(env or {})}, stdout=log, stderr=subprocess.STDOUT
            )
            watch = TreeWatch(process.pid).start()
            try:
                returncode = process.wait(timeout=3600)
            finally:
                watch.stop()
            seconds = time.perf_counter() - started
        if returncode != 0:
            tail = self.log.read_text()[-4000:]
            raise RuntimeError(f"pulumi {operation} of {self.kind} x{self.count} failed ({returncode}):\n{tail}")
        return Timed(seconds=seconds, processes=watch.by_role())

    def export(self) -> dict[str, Any]:
        return dict(json.loads(self._cli("stack", "export")))

    def checkpoint_file(self) -> Path:
        stacks = self.state_dir / ".pulumi" / "stacks"
        found = [p for p in stacks.glob("*/bench.json*") if p.name in ("bench.json", "bench.json.gz")]
        if len(found) != 1:
            raise RuntimeError(f"expected one checkpoint in {stacks}, found {found}")
        return found[0]

    def stack_outputs(self) -> dict[str, Any]:
        return dict(json.loads(self._cli("stack", "output", "--json")))
