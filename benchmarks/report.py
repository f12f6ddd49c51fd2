"""Markdown tables of a benchmark result: `python -m benchmarks.report [benchmarks/results/latest.json]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from .stack import PROJECT_ROOT

OPS = ("up", "preview", "refresh", "destroy")
FLOOR_OP = {"up": "N POSTs", "refresh": "N GETs", "destroy": "N DELETEs"}


def _s(value: float | None) -> str:
    return f"{value:.2f}" if value else "-"


def _x(a: float | None, b: float | None) -> str:
    return f"**{a / b:.2f}x**" if a and b else "-"


def markdown(report: dict[str, Any]) -> str:
    settings = report["settings"]
    lines = [
        f"Latency {settings['latency_ms']} ms per request, `pulumi --parallel {settings['parallel']}`, "
        f"floor script at {settings['floor_concurrency']} concurrent requests. Seconds, wall clock.",
        "",
        "| N | operation | HTTP floor | engine floor | np6 | np6 / HTTP floor | np6 / engine floor "
        "| np6, 16-worker host | 16-worker / engine floor |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in report["sizes"]:
        s = size["seconds"]
        for op in OPS:
            floor, noop, ours = s["floor"].get(op), s["noop"].get(op), s["np6"].get(op)
            wide = s.get("np6-wide", {}).get(op)
            noop_cell = _s(noop)
            if noop is None and s["noop"].get(f"{op}_skip_checkpoints"):
                noop_cell = f"({s['noop'][f'{op}_skip_checkpoints']:.2f} without checkpoints)"
            lines.append(
                f"| {size['n']} | {op} | {_s(floor)} | {noop_cell} | {_s(ours)} | {_x(ours, floor)} | "
                f"{_x(ours, noop)} | {_s(wide)} | {_x(wide, noop)} |"
            )
    lines += [
        "",
        "Refresh, the same np6 stack read three ways:",
        "",
        "| N | HTTP floor (N GETs) | engine floor | np6 (batched reads) | np6, 16-worker host "
        "| np6, `batchedReads false` | unbatched / HTTP floor | unbatched / engine floor |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in report["sizes"]:
        s = size["seconds"]
        floor, noop = s["floor"].get("refresh"), s["noop"].get("refresh")
        unbatched = s.get("np6-unbatched", {}).get("refresh")
        lines.append(
            f"| {size['n']} | {_s(floor)} | {_s(noop)} | {_s(s['np6'].get('refresh'))} | "
            f"{_s(s.get('np6-wide', {}).get('refresh'))} | {_s(unbatched)} | {_x(unbatched, floor)} | "
            f"{_x(unbatched, noop)} |"
        )
    lines += [
        "",
        "| N | state bytes per import | own data | overhead | of which inputs | provider pickles "
        "| SDK stack trace | no-op resource overhead | provider peak RSS | GET /imports, parsed |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in report["sizes"]:
        st, parts = size["state"]["np6"], size["state"]["np6"]["overhead_parts"]
        peak = max((p.get("provider", {}).get("peak_rss_mb", 0) for p in size["processes"]["np6"].values()), default=0)
        lines.append(
            f"| {size['n']} | {st['entry_bytes']} | {st['own_data_bytes']} | **{st['overhead_bytes']}** | "
            f"{parts['inputs']} | {parts['provider_pickles']} | {parts['stack_trace']} | "
            f"{size['state']['noop']['overhead_bytes']} | {peak} MB | "
            f"{size['snapshot']['list_and_parse_ms']} ms ({size['snapshot']['body_bytes']} B) |"
        )
    startup = report["startup"]
    lines += [
        "",
        "| start-up (min of 7, median) | ms |",
        "|---|---:|",
    ]
    for key, label in (
        ("python_bare_process", "`python -c pass`"),
        ("provider_process_start", "provider process start (`python -m pulumi.dynamic` until it serves)"),
        ("import_np6_provider_package", "`import np6_provider` (after `pulumi.dynamic`)"),
        ("import_provider_module", "`import np6_provider.resources.np6_import` (what the provider unpickles)"),
        ("import_provider_module_and_first_check", "the same, plus validating and checking a first declaration"),
        ("import_client_on_first_request", "`np6_provider.client` (httpx, tenacity) at the first request"),
    ):
        lines.append(f"| {label} | {startup[key]['min_ms']:.0f} ({startup[key]['median_ms']:.0f}) |")
    engine = report.get("engine_settings")
    if engine:
        lines += [
            "",
            f"Engine settings, {engine['n']} resources (no-op provider: the engine's own cost, isolated):",
            "",
            "| provider / setting | up | destroy | CLI CPU during up |",
            "|---|---:|---:|---:|",
        ]
        for name, values in engine["results"].items():
            lines.append(
                f"| `{name}` | {values['up']:.2f} s | {values['destroy']:.2f} s | {values['cli_cpu_up']:.2f} s |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    path = Path(args[0]) if args else PROJECT_ROOT / "benchmarks" / "results" / "latest.json"
    print(markdown(json.loads(path.read_text())), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
