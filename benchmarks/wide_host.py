"""`python -m pulumi.dynamic` with a wider worker pool: an experiment, not part of np6_provider.

The Python dynamic provider host serves every RPC from `ThreadPoolExecutor(max_workers=4)`
(hard-coded in pulumi/dynamic/__main__.py, 3.260.0; no environment variable or option changes
it), so at most 4 creates, reads or deletes are in flight whatever `--parallel` says. Pulumi's
project-level plugin configuration (Pulumi.yaml `plugins.providers`, name `pulumi-python`) lets a
project run its own `pulumi-resource-pulumi-python`; the one beside this module
(`wide_host/`) runs this module, which runs the SDK's own host with `NP6_PROVIDER_WORKERS`
(default 16) workers instead of 4. It relies on an SDK internal (the pool size literal), hence
"experiment": the benchmark measures what it buys.
"""

from __future__ import annotations

import concurrent.futures
import os
import runpy
from typing import Any

SDK_WORKERS = 4
_Base = concurrent.futures.ThreadPoolExecutor


class _WiderPool(_Base):
    def __init__(self, max_workers: int | None = None, *args: Any, **kwargs: Any) -> None:
        if max_workers == SDK_WORKERS:
            max_workers = int(os.environ.get("NP6_PROVIDER_WORKERS", "16"))
        super().__init__(max_workers, *args, **kwargs)


def main() -> None:
    concurrent.futures.ThreadPoolExecutor = _WiderPool  # type: ignore[misc]
    runpy.run_module("pulumi.dynamic", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
