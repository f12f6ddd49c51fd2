"""Runs every benchmark against one emulator and prints the ratios (see benchmarks/README.md).

    python -m benchmarks.run --url URL --sizes 50,200,1000 --latency-ms 50

The emulator must run with `--latency-ms` and its control plane enabled (NP6_EMULATOR_ADMIN_KEY in
the environment); scripts/bench.sh starts one. Results: benchmarks/results/latest.json and
benchmarks/results/chart.svg.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from .chart import write_chart
from .stack import PROJECT_ROOT, BenchStack, Timed

RESULTS = PROJECT_ROOT / "benchmarks" / "results"
WIDE_HOST = PROJECT_ROOT / "benchmarks" / "wide_host"
PULUMI_OPS = ("up", "preview", "refresh", "destroy")
# Pulumi's own settings that trade safety or compatibility for speed: measured, never enabled for users.
ENGINE_SETTINGS: dict[str, dict[str, str]] = {
    "default": {},
    "PULUMI_SKIP_CHECKPOINTS": {"PULUMI_SKIP_CHECKPOINTS": "true"},
    "PULUMI_DIY_BACKEND_GZIP": {"PULUMI_DIY_BACKEND_GZIP": "true"},
    "PULUMI_DIY_BACKEND_DISABLE_CHECKPOINT_BACKUPS": {"PULUMI_DIY_BACKEND_DISABLE_CHECKPOINT_BACKUPS": "true"},
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def python() -> str:
    return str(PROJECT_ROOT / ".venv" / "bin" / "python")


# ---------------------------------------------------------------------------
# Start-up costs


def _min_of(runs: int, measure: Callable[[], float]) -> dict[str, float]:
    values = [measure() for _ in range(runs)]
    return {"min_ms": round(min(values), 1), "median_ms": round(statistics.median(values), 1)}


def _python_ms(code: str) -> float:
    """What `code` prints (milliseconds measured inside a fresh interpreter)."""
    out = subprocess.run([python(), "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT)  # noqa: S603
    return float(out.stdout.strip().splitlines()[-1])


_IMPORT_AFTER_SDK = """
import sys, time
import pulumi.dynamic  # the provider process has it loaded before it unpickles our provider
t = time.perf_counter()
import {module}
print((time.perf_counter() - t) * 1000)
"""

_PROVIDER_PROCESS_START = """
import subprocess, sys, time
t = time.perf_counter()
p = subprocess.Popen([sys.executable, "-u", "-m", "pulumi.dynamic"], stdout=subprocess.PIPE)
p.stdout.readline()  # the port: the host is serving
ms = (time.perf_counter() - t) * 1000
p.kill(); p.wait()
print(ms)
"""


_IMPORT_AND_FIRST_CHECK = """
import time
import pulumi.dynamic
t = time.perf_counter()
from benchmarks.program import import_fields  # the np6_provider models, and a few lines of its own
from np6_provider.resources.np6_import import Np6ImportProvider, declared_properties
from np6_provider.models import ImportDeclaration
result = Np6ImportProvider().check({}, declared_properties(ImportDeclaration.model_validate(import_fields(0))))
assert not result.failures
print((time.perf_counter() - t) * 1000)
"""


def _wall_ms(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, cwd=PROJECT_ROOT)  # noqa: S603
    return (time.perf_counter() - started) * 1000


def _importtime(module: str) -> dict[str, int]:
    """`python -X importtime`: cumulative microseconds of the packages we care about."""
    code = f"import pulumi.dynamic; import {module}"
    err = subprocess.run(  # noqa: S603
        [python(), "-X", "importtime", "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT
    ).stderr
    wanted = {module, "np6_provider", "np6_provider.models", "np6_provider.runtime", "httpx", "pydantic"}
    found: dict[str, int] = {}
    for line in err.splitlines():
        parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[2] in wanted and parts[1].isdigit():
            found[parts[2]] = int(parts[1])
    return found


def startup_costs(runs: int = 7) -> dict[str, Any]:
    log("start-up costs")
    return {
        "python_bare_process": _min_of(runs, lambda: _wall_ms([python(), "-c", "pass"])),
        "provider_process_start": _min_of(runs, lambda: _python_ms(_PROVIDER_PROCESS_START)),
        "import_np6_provider_package": _min_of(
            runs, lambda: _python_ms(_IMPORT_AFTER_SDK.format(module="np6_provider"))
        ),
        "import_provider_module": _min_of(
            runs, lambda: _python_ms(_IMPORT_AFTER_SDK.format(module="np6_provider.resources.np6_import"))
        ),
        "import_provider_module_and_first_check": _min_of(runs, lambda: _python_ms(_IMPORT_AND_FIRST_CHECK)),
        "import_client_on_first_request": _min_of(
            runs,
            lambda: _python_ms(
                _IMPORT_AFTER_SDK.format(module="np6_provider.resources.np6_import").replace(
                    "t = time.perf_counter()\nimport np6_provider.resources.np6_import",
                    "import np6_provider.resources.np6_import\nt = time.perf_counter()\nimport np6_provider.client",
                )
            ),
        ),
        "importtime_us": _importtime("np6_provider.resources.np6_import"),
        "provider_module_loads_httpx": _python_ms(
            "import sys, np6_provider.resources.np6_import; print(int('httpx' in sys.modules))"
        )
        == 1,
    }


# ---------------------------------------------------------------------------
# The HTTP floor


class Emulator:
    def __init__(self, url: str, admin_key: str) -> None:
        self.url = url
        self.admin = httpx.Client(base_url=url, headers={"X-Admin-Key": admin_key}, timeout=60)

    def new_account(self) -> str:
        response = self.admin.post("/_emulator/accounts")
        response.raise_for_status()
        return str(response.json()["key"])

    def import_ids(self, key: str) -> list[int]:
        response = httpx.get(f"{self.url}/imports", headers={"X-Key": key}, timeout=120)
        response.raise_for_status()
        return sorted(int(d["id"]) for d in response.json())


def floor(
    work: Path, emulator: Emulator, key: str, op: str, n: int, concurrency: int, ids: list[int] | None = None
) -> dict[str, Any]:
    key_file, ids_file, out = work / "floor.key", work / "floor-ids.json", work / "floor-out.json"
    key_file.write_text(key)
    argv = [python(), "-m", "benchmarks.floor", op, "--url", emulator.url, "--key-file", str(key_file)]
    argv += ["--n", str(n), "--concurrency", str(concurrency), "--out", str(out)]
    if op == "create":
        argv += ["--body-file", str(work / "floor-body.json")]
    else:
        ids_file.write_text(json.dumps(ids or []))
        argv += ["--ids-file", str(ids_file)]
    started = time.perf_counter()
    subprocess.run(argv, check=True, cwd=PROJECT_ROOT)  # noqa: S603
    seconds = time.perf_counter() - started
    result = json.loads(out.read_text())
    return {"seconds": seconds, "requests_seconds": result["requests_seconds"], "ids": result["ids"]}


def write_floor_body(work: Path) -> None:
    """The exact wire body `Np6Import` POSTs for the benchmark declaration, with NAME as a placeholder."""
    from np6_provider.models import ImportDeclaration
    from np6_provider.resources.np6_import import declared_properties, validate_inputs

    from .program import import_fields

    props = declared_properties(ImportDeclaration.model_validate(import_fields(0)))  # what check() stores
    declaration, problems = validate_inputs(props)  # what create() POSTs
    assert declaration is not None, problems
    body = declaration.to_wire()
    body["name"] = "NAME"
    (work / "floor-body.json").write_text(json.dumps(body))


# ---------------------------------------------------------------------------
# State size


def state_sizes(stack: BenchStack, type_suffix: str) -> dict[str, Any]:
    """Bytes each resource adds to the checkpoint, and how much of that is not the import's own data.

    Own data: the resource's outputs (declared properties and what NP6 returned), without `__provider`,
    as compact JSON. Everything else in its state entry (the inputs echoing those properties, the
    pickled provider twice, URNs, dependencies, timestamps, the SDK's stack trace) is overhead.
    """
    exported = stack.export()
    resources = [r for r in exported["deployment"]["resources"] if r["type"].endswith(type_suffix)]
    if not resources:
        raise RuntimeError(f"no {type_suffix} resources in the state")

    def size(value: Any) -> int:
        return len(json.dumps(value, separators=(",", ":")))

    entry = statistics.mean(size(r) for r in resources)
    own = statistics.mean(size({k: v for k, v in r["outputs"].items() if k != "__provider"}) for r in resources)
    parts = {
        "inputs": statistics.mean(size(r.get("inputs", {})) for r in resources),
        "provider_pickles": statistics.mean(
            len(r["inputs"].get("__provider", "")) + len(r["outputs"].get("__provider", "")) for r in resources
        ),
        "stack_trace": statistics.mean(size(r.get("stackTrace", [])) for r in resources),
    }
    checkpoint = stack.checkpoint_file().stat().st_size
    return {
        "resources": len(resources),
        "entry_bytes": round(entry),
        "own_data_bytes": round(own),
        "overhead_bytes": round(entry - own),
        "overhead_parts": {k: round(v) for k, v in parts.items()},
        "checkpoint_file_bytes": checkpoint,
        "checkpoint_bytes_per_resource": round(checkpoint / len(resources)),
    }


# ---------------------------------------------------------------------------
# The orphan-detection snapshot


def snapshot_cost(url: str, key: str, runs: int = 3) -> dict[str, Any]:
    """What the first create of a provider process pays: GET /imports of the whole account, parsed."""
    code = f"""
import time
from pydantic import SecretStr
from np6_provider.client import Np6Client
from np6_provider.settings import AccountSettings
client = Np6Client(AccountSettings(base_url={url!r}, api_key=SecretStr({key!r})))
best = None
for _ in range({runs}):
    t = time.perf_counter(); listed = client.list_imports(); ms = (time.perf_counter() - t) * 1000
    best = ms if best is None else min(best, ms)
print(len(listed), best)
"""
    out = subprocess.run([python(), "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT)  # noqa: S603
    count, best = out.stdout.split()
    raw_started = time.perf_counter()
    body = httpx.get(f"{url}/imports", headers={"X-Key": key}, timeout=120).content
    raw_ms = (time.perf_counter() - raw_started) * 1000
    return {"imports": int(count), "list_and_parse_ms": round(float(best), 1), "raw_get_ms": round(raw_ms, 1),
            "body_bytes": len(body)}  # fmt: skip


# ---------------------------------------------------------------------------
# One size


def bench_size(
    n: int,
    *,
    emulator: Emulator,
    work: Path,
    parallel: int,
    concurrency: int,
    pulumi_bin: Path,
    variants: list[str],
    wide_max_n: int,
    engine_floor_checkpoints_max_n: int,
    repeats: int,
    repeat_max_n: int,
) -> dict[str, Any]:
    variants = [v for v in variants if v != "np6-wide" or n <= wide_max_n]
    # Above this size the no-op stack is set up and torn down without checkpoints (minutes saved); its
    # preview and refresh, the numbers it is the floor of, still run with the default settings.
    fast_noop = n > engine_floor_checkpoints_max_n
    log(
        f"N={n}: stacks {', '.join(variants)}"
        + (" (no-op up/destroy with PULUMI_SKIP_CHECKPOINTS)" if fast_noop else "")
    )
    home = work / "pulumi-home"
    stacks: dict[str, BenchStack] = {}
    for variant in variants:
        directory = work / f"{variant}-{n}"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        stacks[variant] = BenchStack(
            directory,
            label=f"{variant}-{n}",
            kind="noop" if variant == "noop" else "np6",
            count=n,
            base_url=emulator.url,
            api_key=emulator.new_account(),
            pulumi_bin=pulumi_bin,
            pulumi_home=home,
            parallel=parallel,
            provider_plugin_dir=WIDE_HOST if variant == "np6-wide" else None,
        )
    floor_key = emulator.new_account()
    times: dict[str, dict[str, float]] = {v: {} for v in [*variants, "np6-unbatched", "floor"]}
    processes: dict[str, dict[str, Any]] = {v: {} for v in [*variants, "np6-unbatched"]}
    times.setdefault("np6-wide", {})

    samples: dict[str, dict[str, list[float]]] = {}

    def run(variant: str, op: str, *, stack: str | None = None, env: dict[str, str] | None = None) -> None:
        """Times `op` once; with several samples of one measurement, the fastest counts."""
        skip = fast_noop and variant == "noop" and op in ("up", "destroy")
        key = f"{op}_skip_checkpoints" if skip else op
        run_env = {**(env or {}), **({"PULUMI_SKIP_CHECKPOINTS": "true"} if skip else {})}
        timed: Timed = stacks[stack or variant].run(op, env=run_env)
        seconds = round(timed.seconds, 3)
        samples.setdefault(variant, {}).setdefault(key, []).append(seconds)
        times[variant][key] = min(samples[variant][key])
        current = processes.setdefault(variant, {}).get(key, {})
        processes[variant][key] = _max_processes(current, timed.processes)
        provider = timed.processes.get("provider", {})
        log(f"N={n} {variant:11} {key:8} {timed.seconds:7.2f} s  provider peak {provider.get('peak_rss_mb', 0)} MB")

    # Read-only operations are repeated in rounds, each round running every variant once: what drifts on the
    # machine during a size's runs then weighs on every variant alike, and the ratios stay side by side.
    rounds = repeats if n <= repeat_max_n else 1

    def run_with_host(variant: str, host: Path, op: str) -> None:
        """`op` on the np6 stack itself, with another provider host: for the read-only operations."""
        stacks["np6"].set_provider_host(host)
        try:
            run(variant, op, stack="np6")
        finally:
            stacks["np6"].set_provider_host(None)

    def run_unbatched(op: str) -> None:
        """`op` on the np6 stack itself with `np6:batchedReads` off: one GET per import."""
        run("np6-unbatched", op, stack="np6", env={"NP6_BATCHED_READS": "false"})

    def run_floor(op: str, key: str, ids: list[int] | None = None) -> dict[str, Any]:
        label = {"up": "create", "refresh": "get", "destroy": "delete"}[op]
        result = floor(work, emulator, key, label, n, concurrency, ids)
        taken = samples.setdefault("floor", {}).setdefault(op, [])
        taken.append(round(result["seconds"], 3))
        if min(taken) == round(result["seconds"], 3):
            times["floor"][op] = round(result["seconds"], 3)
            times["floor"][f"{op}_requests_only"] = result["requests_seconds"]
        log(f"N={n} floor       {label:8} {result['seconds']:7.2f} s  (requests {result['requests_seconds']} s)")
        return result

    created = run_floor("up", floor_key)
    for variant in variants:
        run(variant, "up")
    for _ in range(rounds):
        for variant in variants:
            run(variant, "preview")
    ours_ids = emulator.import_ids(stacks["np6"].api_key)
    if len(ours_ids) != n:
        raise RuntimeError(f"np6 stack of {n}: NP6 holds {len(ours_ids)} imports")
    for _ in range(rounds):
        for variant in variants:
            run(variant, "refresh")
            if variant == "np6":
                run_floor("refresh", stacks["np6"].api_key, ours_ids)
                run_unbatched("refresh")
                if "np6-wide" not in variants:
                    run_with_host("np6-wide", WIDE_HOST, "refresh")
    sizes = {"np6": state_sizes(stacks["np6"], "np6:Import"), "noop": state_sizes(stacks["noop"], "bench:Noop")}
    snapshot = snapshot_cost(emulator.url, stacks["np6"].api_key)
    log(f"N={n} snapshot GET /imports of {snapshot['imports']}: {snapshot['list_and_parse_ms']} ms")
    for variant in variants:
        run(variant, "destroy")
        if variant == "np6":
            run_floor("destroy", floor_key, created["ids"])
    left = emulator.import_ids(stacks["np6"].api_key)
    if left:
        raise RuntimeError(f"destroy left {len(left)} imports in NP6")
    return {
        "n": n,
        "seconds": times,
        "samples": samples,
        "processes": processes,
        "state": sizes,
        "snapshot": snapshot,
    }


def _max_processes(a: dict[str, dict[str, float]], b: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Per role, the larger peak and CPU time of two runs."""
    merged = {role: dict(values) for role, values in a.items()}
    for role, values in b.items():
        entry = merged.setdefault(role, dict(values))
        for field, value in values.items():
            entry[field] = max(entry.get(field, 0.0), value)
    return merged


# Each engine setting with the no-op provider (the engine's own cost, isolated); the real provider only where
# a user could choose the setting (see benchmarks/README.md: skipping checkpoints, with the recovery run).
ENGINE_SETTING_KINDS = {"noop": tuple(ENGINE_SETTINGS), "np6": ("default", "PULUMI_SKIP_CHECKPOINTS")}


def engine_settings(
    n: int, *, emulator: Emulator, work: Path, parallel: int, pulumi_bin: Path
) -> dict[str, dict[str, float]]:
    """up and destroy of N resources under each engine setting, keyed "<kind> / <setting>"."""
    results: dict[str, dict[str, float]] = {}
    for kind, names in ENGINE_SETTING_KINDS.items():
        for name in names:
            directory = work / f"engine-{kind}-{name.lower()}-{n}"
            shutil.rmtree(directory, ignore_errors=True)
            directory.mkdir(parents=True)
            api_key = emulator.new_account() if kind == "np6" else "unused"
            stack = BenchStack(
                directory, label=f"engine-{kind}-{n}", kind=kind, count=n, base_url=emulator.url, api_key=api_key,
                pulumi_bin=pulumi_bin, pulumi_home=work / "pulumi-home", parallel=parallel,
                extra_env=ENGINE_SETTINGS[name],
            )  # fmt: skip
            up = stack.run("up")
            destroy = stack.run("destroy")
            results[f"{kind} / {name}"] = {
                "up": round(up.seconds, 3),
                "destroy": round(destroy.seconds, 3),
                "cli_cpu_up": up.processes.get("cli", {}).get("cpu_seconds", 0.0),
            }
            log(f"engine N={n} {kind:5} {name:46} up {up.seconds:6.2f} s  destroy {destroy.seconds:6.2f} s")
    return results


# ---------------------------------------------------------------------------
# Report


def machine() -> dict[str, Any]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    version = subprocess.run(["pulumi", "version"], capture_output=True, text=True, check=False).stdout.strip()  # noqa: S607
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "pulumi": version,
        "load_average_at_start": os.getloadavg(),
    }


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def ratios(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for size in results:
        s = size["seconds"]
        row: dict[str, Any] = {"n": size["n"]}
        for op in PULUMI_OPS:
            for variant, prefix in (("np6", op), ("np6-wide", f"{op}_wide")):
                ours = s.get(variant, {}).get(op)
                row[f"{prefix}_vs_http_floor"] = _ratio(ours, s["floor"].get(op))
                row[f"{prefix}_vs_engine_floor"] = _ratio(ours, s["noop"].get(op))
        unbatched = s.get("np6-unbatched", {}).get("refresh")
        row["refresh_unbatched_vs_http_floor"] = _ratio(unbatched, s["floor"].get("refresh"))
        row["refresh_unbatched_vs_engine_floor"] = _ratio(unbatched, s["noop"].get("refresh"))
        row["state_overhead_bytes"] = size["state"]["np6"]["overhead_bytes"]
        row["provider_peak_mb"] = max(
            (p.get("provider", {}).get("peak_rss_mb", 0) for p in size["processes"]["np6"].values()), default=0
        )
        rows.append(row)
    return rows


def _cell(value: float | None, width: int, suffix: str = "") -> str:
    return f"{value:{width}.2f}{suffix}" if value else f"{'-':>{width}}{' ' * len(suffix)}"


def print_table(results: list[dict[str, Any]], startup: dict[str, Any]) -> None:
    print()
    print("seconds; ratios: np6 / HTTP floor script, np6 / engine floor (no-op provider); wide = 16-worker host")
    print(f"{'N':>5} {'op':8} {'floor':>7} {'noop':>7} {'np6':>7} {'wide':>7}  {'np6/floor':>9} {'np6/noop':>9} "
          f"{'wide/floor':>10} {'wide/noop':>9}")  # fmt: skip
    for size in results:
        s = size["seconds"]
        for op in PULUMI_OPS:
            fl, noop, ours, wide = (s.get(v, {}).get(op) for v in ("floor", "noop", "np6", "np6-wide"))
            print(
                f"{size['n']:>5} {op:8} {_cell(fl, 7)} {_cell(noop, 7)} {_cell(ours, 7)} {_cell(wide, 7)}  "
                f"{_cell(_ratio(ours, fl), 8, 'x')} {_cell(_ratio(ours, noop), 8, 'x')} "
                f"{_cell(_ratio(wide, fl), 9, 'x')} {_cell(_ratio(wide, noop), 8, 'x')}"
            )
        unbatched = s.get("np6-unbatched", {}).get("refresh")
        if unbatched:
            fl, noop = s["floor"].get("refresh"), s["noop"].get("refresh")
            print(
                f"{size['n']:>5} refresh with np6:batchedReads false (one GET per import): {unbatched:.2f} s, "
                f"{_cell(_ratio(unbatched, fl), 4, 'x')} the HTTP floor, "
                f"{_cell(_ratio(unbatched, noop), 4, 'x')} the engine floor"
            )
    print()
    for size in results:
        st = size["state"]["np6"]
        peak = max((p.get("provider", {}).get("peak_rss_mb", 0) for p in size["processes"]["np6"].values()), default=0)
        print(
            f"N={size['n']}: state {st['entry_bytes']} B per import = own data {st['own_data_bytes']} B + "
            f"overhead {st['overhead_bytes']} B {st['overhead_parts']} (no-op resource: "
            f"{size['state']['noop']['overhead_bytes']} B); GET /imports of {size['snapshot']['imports']}: "
            f"{size['snapshot']['list_and_parse_ms']} ms; provider peak RSS {peak} MB"
        )
    print(
        f"provider process start {startup['provider_process_start']['min_ms']} ms; import provider module "
        f"{startup['import_provider_module']['min_ms']} ms (min of 7; "
        f"median {startup['import_provider_module']['median_ms']})"
        f"; with the first check {startup['import_provider_module_and_first_check']['min_ms']} ms"
        f"; httpx etc. on the first request {startup['import_client_on_first_request']['min_ms']} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run")
    parser.add_argument("--url", required=True)
    parser.add_argument("--sizes", default="50,200,1000")
    parser.add_argument("--latency-ms", type=int, required=True, help="the latency the emulator was started with")
    parser.add_argument("--parallel", type=int, default=16, help="pulumi --parallel")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent requests of the floor script")
    parser.add_argument("--variants", default="np6,np6-wide,noop")
    parser.add_argument("--engine-settings-size", type=int, default=200, help="0 to skip")
    parser.add_argument("--wide-max-n", type=int, default=200, help="largest N run with the 16-worker host")
    parser.add_argument("--repeats", type=int, default=5, help="rounds of previews/refreshes (the fastest counts)")
    parser.add_argument("--repeat-max-n", type=int, default=200, help="largest N whose preview/refresh are repeated")
    parser.add_argument(
        "--engine-floor-checkpoints-max-n",
        type=int,
        default=200,
        help="above this N the no-op stack's up/destroy skip checkpoints (they are not compared)",
    )
    parser.add_argument("--pulumi-bin", type=Path, default=Path(shutil.which("pulumi") or "pulumi").parent)
    args = parser.parse_args(argv)

    # Started with `&` (SIGINT ignored), every pulumi would wait 5 s for its plugins to stop: see tests/conftest.py.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    admin_key = os.environ["NP6_EMULATOR_ADMIN_KEY"]
    emulator = Emulator(args.url, admin_key)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    variants = [v for v in args.variants.split(",") if v]
    for needed in ("np6", "noop"):
        if needed not in variants:
            raise SystemExit(f"--variants must include {needed}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    settings = {
        "latency_ms": args.latency_ms,
        "parallel": args.parallel,
        "floor_concurrency": args.concurrency,
        "sizes": sizes,
        "variants": variants,
        "provider_workers_sdk": 4,
        "provider_workers_wide": 16,
        "wide_max_n": args.wide_max_n,
        "engine_floor_checkpoints_max_n": args.engine_floor_checkpoints_max_n,
        "repeats_of_preview_and_refresh": args.repeats,
        "repeat_max_n": args.repeat_max_n,
    }
    report: dict[str, Any] = {"machine": machine(), "settings": settings}
    report["startup"] = startup_costs()
    with tempfile.TemporaryDirectory(prefix="np6-bench-") as tmp:
        work = Path(tmp)
        write_floor_body(work)
        report["sizes"] = [
            bench_size(n, emulator=emulator, work=work, parallel=args.parallel, concurrency=args.concurrency,
                       pulumi_bin=args.pulumi_bin, variants=variants, wide_max_n=args.wide_max_n,
                       engine_floor_checkpoints_max_n=args.engine_floor_checkpoints_max_n,
                       repeats=args.repeats, repeat_max_n=args.repeat_max_n)
            for n in sizes
        ]  # fmt: skip
        if args.engine_settings_size:
            report["engine_settings"] = {
                "n": args.engine_settings_size,
                "results": engine_settings(
                    args.engine_settings_size, emulator=emulator, work=work, parallel=args.parallel,
                    pulumi_bin=args.pulumi_bin,
                ),
            }  # fmt: skip
    report["ratios"] = ratios(report["sizes"])
    report["machine"]["load_average_at_end"] = os.getloadavg()
    report["total_seconds"] = round(time.perf_counter() - started, 1)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    write_chart(report, RESULTS / "chart.svg")
    print_table(report["sizes"], report["startup"])
    log(f"done in {report['total_seconds']} s: {RESULTS / 'latest.json'}, {RESULTS / 'chart.svg'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
