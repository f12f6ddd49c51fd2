"""Pytest plugin: prints a fixture-by-fixture table (tests passed / total) at the end of the run.

tests/conftest.py loads it (`pytest_plugins`), so the table is printed by whichever process reports the run:
pytest itself, or the xdist controller. It is printed once however many times the hook is registered.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pytest

from .fixture_catalog import COVERED, FIXTURE_TEST_MODULE, OUT_OF_SCOPE

_PARAM = re.compile(r"\[(?P<param>[^\]]+)\]$")


def _fixture_results(stats: dict[str, list[Any]]) -> dict[str, dict[str, int]]:
    """fixture name → {'passed': n, 'total': n} over every test whose id is a fixture name."""
    results: dict[str, dict[str, int]] = defaultdict(lambda: {"passed": 0, "total": 0})
    for reports in stats.values():
        for report in reports:
            nodeid = getattr(report, "nodeid", "")
            if FIXTURE_TEST_MODULE not in nodeid or getattr(report, "when", None) not in ("setup", "call"):
                continue
            match = _PARAM.search(nodeid)
            if not match or match["param"] not in COVERED:
                continue
            # A test counts once: at its call phase, or at its setup when that failed or skipped.
            if report.when == "setup" and report.passed:
                continue
            entry = results[match["param"]]
            entry["total"] += 1
            entry["passed"] += int(report.passed)
    return results


_PRINTED = pytest.StashKey[bool]()


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    results = _fixture_results(terminalreporter.stats)
    if not results or config.stash.get(_PRINTED, False):
        return
    config.stash[_PRINTED] = True
    write = terminalreporter.write_line
    terminalreporter.section("NP6 example fixtures (tests passed / total)")
    width = max(len(name) for name in list(COVERED) + list(OUT_OF_SCOPE))
    write(f"{'fixture':<{width}}  {'model':<24}  result")
    passed_fixtures = 0
    for name in sorted(COVERED):
        entry = results.get(name, {"passed": 0, "total": 0})
        ok = entry["total"] > 0 and entry["passed"] == entry["total"]
        passed_fixtures += ok
        status = f"{entry['passed']}/{entry['total']}" + ("" if ok else "  FAIL")
        note = f"  ({COVERED[name].note})" if COVERED[name].note else ""
        write(f"{name:<{width}}  {COVERED[name].model:<24}  {status}{note}")
    for name in sorted(OUT_OF_SCOPE):
        write(f"{name:<{width}}  {'-':<24}  out of scope: {OUT_OF_SCOPE[name]}")
    write(f"fixtures passing: {passed_fixtures}/{len(COVERED)} covered; {len(OUT_OF_SCOPE)} out of scope")
