"""A stack of 1,000 imports: up, no-op preview, refresh and destroy, without error and in bounded memory."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from benchmarks.procwatch import TreeWatch
from np6_provider import DatabaseFeature, DuplicateFeature, FtpSource, Np6Import, ReportFeature
from tests.support.emulator import EmulatorAdmin
from tests.support.stacks import changes, exported_deployment, new_stack

pytestmark = pytest.mark.e2e

COUNT = 1000
# Peak resident memory of any one process of a run (the CLI, the program, the provider). Measured at
# 1,000 imports: provider 80 MB, CLI 260 MB, the largest process 270 MB; a leak of a few hundred
# kilobytes per resource in any of them crosses this bound.
MEMORY_BOUND_MB = 600


def thousand_imports() -> None:
    for n in range(COUNT):
        Np6Import(
            f"import-{n:04d}",
            name=f"Import {n:04d}",
            binding=44,
            features=[
                ReportFeature(send_final_report=True, contact_guids=["1C0193AB"]),
                DatabaseFeature(update_existing=True),
                DuplicateFeature.keep("first"),
            ],
            source=FtpSource(),
        )


@contextmanager
def peaks(into: dict[str, float]) -> Iterator[None]:
    """Records, per process role, the largest peak RSS (MB) seen among this test's child processes."""
    watch = TreeWatch(os.getpid(), interval=0.2).start()
    try:
        yield
    finally:
        watch.stop()
        for role, values in watch.by_role().items():
            into[role] = max(into.get(role, 0.0), values["peak_rss_mb"])


def test_a_stack_of_1000_imports(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    e2e = new_stack(tmp_path, emulator, thousand_imports)
    memory: dict[str, float] = {}
    step: Callable[..., Any]
    for step, kwargs in (
        (e2e.stack.up, {"parallel": 16}),
        (e2e.stack.preview, {"expect_no_changes": True}),
        (e2e.stack.refresh, {"expect_no_changes": True}),
    ):
        with peaks(memory):
            result = step(**kwargs)
        assert changes(result) == ({"create": COUNT + 1} if step == e2e.stack.up else {})

    with emulator.api(e2e.api_key) as api:
        on_np6 = api.get("/imports").json()
    assert sorted(i["name"] for i in on_np6) == [f"Import {n:04d}" for n in range(COUNT)]
    state = exported_deployment(e2e.stack)["resources"]
    assert {int(r["id"]) for r in state if r["type"].endswith("np6:Import")} == {i["id"] for i in on_np6}

    with peaks(memory):
        e2e.stack.destroy(parallel=16)
    with emulator.api(e2e.api_key) as api:
        assert api.get("/imports").json() == []
    assert exported_deployment(e2e.stack).get("resources", []) == []

    assert {"cli", "provider"} <= memory.keys(), memory
    assert max(memory.values()) < MEMORY_BOUND_MB, memory
