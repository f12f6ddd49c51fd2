"""Command line: ``python -m np6_emulator serve|start|stop`` (see README.md)."""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import logging
import os
import signal
import socket
import sqlite3
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from .settings import FAULT_KINDS, FaultDefaults, Settings

KEYS_ENV = "NP6_EMULATOR_KEYS"
ADMIN_KEY_ENV = "NP6_EMULATOR_ADMIN_KEY"
DEFAULT_PORT = 8710
DEFAULT_DB = "np6-emulator.db"

# Options forwarded by `start` to the `serve` child: (dest, flag, kind).
_FORWARDED: tuple[tuple[str, str, str], ...] = (
    ("host", "--host", "value"),
    ("port", "--port", "value"),
    ("allow_remote", "--allow-remote", "flag"),
    ("execution_seconds", "--execution-seconds", "value"),
    ("never_run_state", "--never-run-state", "value"),
    ("concurrent_runs", "--concurrent-runs", "value"),
    ("date_precision", "--date-precision", "value"),
    ("always_derive_ftp", "--always-derive-ftp", "flag"),
    ("strict_accept", "--strict-accept", "flag"),
    ("rate_limit", "--rate-limit", "value"),
    ("rate_window", "--rate-window", "value"),
    ("latency_ms", "--latency-ms", "value"),
    ("fault_probability", "--fault-probability", "value"),
    ("fault_kinds", "--fault-kinds", "value"),
    ("fault_seed", "--fault-seed", "value"),
    ("fault_latency_ms", "--fault-latency-ms", "value"),
    ("fault_slow_ms", "--fault-slow-ms", "value"),
    ("fault_methods", "--fault-methods", "value"),
    ("max_json_bytes", "--max-json-bytes", "value"),
    ("max_upload_bytes", "--max-upload-bytes", "value"),
    ("sqlite_sync", "--sqlite-sync", "value"),
    ("log_level", "--log-level", "value"),
    ("no_access_log", "--no-access-log", "flag"),
    ("journal_size", "--journal-size", "value"),
)


class CliError(Exception):
    """A user-facing error: printed without a traceback, exit status 1."""


def _csv(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _fault_kinds(text: str) -> list[str]:
    kinds = _csv(text)
    unknown = [k for k in kinds if k not in FAULT_KINDS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown fault kind(s) {unknown}; valid: {', '.join(FAULT_KINDS)}")
    return kinds


def _probability(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def _add_server_options(parser: argparse.ArgumentParser) -> None:
    net = parser.add_argument_group("network")
    net.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    net.add_argument("--port", type=int, default=DEFAULT_PORT, help="port; 0 picks a free one (default 8710)")
    net.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host")
    data = parser.add_argument_group("data and accounts")
    data.add_argument("--db", default=DEFAULT_DB, help=f"SQLite file (default ./{DEFAULT_DB}; ':memory:' for none)")
    data.add_argument("--key", action="append", default=[], help=f"account API key (repeatable; also ${KEYS_ENV})")
    data.add_argument("--admin-key", default=None, help=f"control-plane key (also ${ADMIN_KEY_ENV})")
    data.add_argument("--sqlite-sync", choices=("full", "normal"), default="full")
    beh = parser.add_argument_group("behaviour")
    beh.add_argument("--execution-seconds", type=float, default=2.0, help="duration of a run (default 2)")
    beh.add_argument(
        "--never-run-state", type=int, choices=(0, 1, 2), default=None,
        help="state reported for an import that has never run (default: answer 404)",
    )  # fmt: skip
    beh.add_argument(
        "--concurrent-runs", choices=("refuse", "allow"), default="refuse",
        help="starting a run while one is processing: refuse with 409 (default) or start it",
    )  # fmt: skip
    beh.add_argument("--date-precision", choices=("minute", "second", "millisecond"), default="minute")
    beh.add_argument("--always-derive-ftp", action="store_true", help="always derive ftp folder/templateFilename")
    beh.add_argument("--strict-accept", action="store_true", help="406 unless Accept lists the import media type")
    beh.add_argument("--max-json-bytes", type=_non_negative_int, default=1 << 20)
    beh.add_argument("--max-upload-bytes", type=_non_negative_int, default=64 << 20)
    lim = parser.add_argument_group("rate limiting and faults (defaults for every account)")
    lim.add_argument("--rate-limit", type=_non_negative_int, default=None, help="requests per window")
    lim.add_argument("--rate-window", type=_positive_float, default=60.0, help="window in seconds (default 60)")
    lim.add_argument("--latency-ms", type=_non_negative_int, default=0, help="latency added to every request")
    lim.add_argument("--fault-probability", type=_probability, default=0.0)
    lim.add_argument("--fault-kinds", type=_fault_kinds, default=[], help=f"comma list of {', '.join(FAULT_KINDS)}")
    lim.add_argument("--fault-seed", type=int, default=0)
    lim.add_argument("--fault-latency-ms", type=_non_negative_int, default=0)
    lim.add_argument("--fault-slow-ms", type=_non_negative_int, default=0)
    lim.add_argument("--fault-methods", type=_csv, default=[], help="comma list of HTTP methods")
    log = parser.add_argument_group("logging")
    log.add_argument("--log-level", choices=("critical", "error", "warning", "info", "debug"), default="info")
    log.add_argument("--no-access-log", action="store_true")
    log.add_argument("--journal-size", type=_non_negative_int, default=10_000, help="requests kept per account")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m np6_emulator", description="NP6 imports API emulator")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run in the foreground")
    _add_server_options(serve)
    serve.add_argument("--port-file", default=None, help="write the bound port to this file once listening")
    start = commands.add_parser("start", help="run in the background; print the base URL")
    _add_server_options(start)
    start.add_argument("--pidfile", required=True)
    start.add_argument("--logfile", required=True)
    start.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for health (default 30)")
    stop = commands.add_parser("stop", help="stop a server started with `start`")
    stop.add_argument("--pidfile", required=True)
    stop.add_argument("--timeout", type=float, default=10.0, help="seconds before SIGKILL (default 10)")
    return parser


def collect_keys(args: argparse.Namespace, env: dict[str, str]) -> tuple[list[str], str | None]:
    keys = list(args.key) + _csv(env.get(KEYS_ENV, ""))
    admin = args.admin_key or env.get(ADMIN_KEY_ENV) or None
    return keys, admin


def settings_from_args(args: argparse.Namespace, env: dict[str, str]) -> Settings:
    keys, admin = collect_keys(args, env)
    return Settings(
        db_path=args.db,
        keys=tuple(dict.fromkeys(keys)),
        admin_key=admin,
        execution_seconds=args.execution_seconds,
        never_run_state=args.never_run_state,
        concurrent_runs=args.concurrent_runs,
        date_precision=args.date_precision,
        always_derive_ftp=args.always_derive_ftp,
        strict_accept=args.strict_accept,
        rate_limit=args.rate_limit,
        rate_window_seconds=args.rate_window,
        latency_ms=args.latency_ms,
        faults=FaultDefaults(
            seed=args.fault_seed,
            probability=args.fault_probability,
            kinds=tuple(args.fault_kinds),
            latency_ms=args.fault_latency_ms,
            slow_ms=args.fault_slow_ms,
            methods=tuple(m.upper() for m in args.fault_methods),
        ),
        max_json_bytes=args.max_json_bytes,
        max_upload_bytes=args.max_upload_bytes,
        sqlite_sync=args.sqlite_sync,
        journal_size=args.journal_size,
    )


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    """The host to put in a URL that reaches a server bound to ``host``."""
    bare = host.strip("[]")
    if bare in ("0.0.0.0", ""):  # noqa: S104 - only to build a reachable URL
        return "127.0.0.1"
    if bare == "::":
        return "[::1]"
    return f"[{bare}]" if ":" in bare else bare


def bind_socket(host: str, port: int) -> socket.socket:
    bare = host.strip("[]")
    family = socket.AF_INET6 if ":" in bare else socket.AF_INET
    if bare.lower() == "localhost":
        bare = "127.0.0.1"
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((bare, port))
    except OSError as exc:
        sock.close()
        raise CliError(f"cannot bind {host}:{port}: {exc.strerror or exc}") from exc
    return sock


def _write_atomic(path: str, text: str) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)


def serve(args: argparse.Namespace) -> int:
    if not args.allow_remote and not is_loopback(args.host):
        raise CliError(f"--host {args.host} is not a loopback address; add --allow-remote to bind it")
    import uvicorn

    from .app import create_app

    settings = settings_from_args(args, dict(os.environ))
    if settings.db_path != ":memory:":
        Path(settings.db_path).parent.mkdir(parents=True, exist_ok=True)
    try:
        app = create_app(settings)
    except sqlite3.Error as exc:
        raise CliError(f"cannot open the database {settings.db_path}: {exc}") from exc
    sock = bind_socket(args.host, args.port)
    port = int(sock.getsockname()[1])
    config = uvicorn.Config(
        app, log_level=args.log_level, access_log=not args.no_access_log, lifespan="on", timeout_graceful_shutdown=5
    )
    server = uvicorn.Server(config)
    if args.port_file:
        _write_atomic(args.port_file, f"{port}\n")
    logging.getLogger("uvicorn.error").info(
        "np6-emulator on http://%s:%d (db %s, %d key(s) from options, control plane %s)",
        url_host(args.host),
        port,
        settings.db_path,
        len(settings.keys),
        "on" if settings.admin_key else "off",
    )
    # uvicorn re-raises the signal that stopped it once it has shut down: exit 0 on it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        with contextlib.suppress(KeyboardInterrupt):
            server.run(sockets=[sock])
    finally:
        app.state.emu.store.close()
    return 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    try:
        state = stat.read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def _is_emulator(pid: int) -> bool:
    cmdline = Path(f"/proc/{pid}/cmdline")
    try:
        return b"np6_emulator" in cmdline.read_bytes()
    except FileNotFoundError:
        return not Path("/proc/self").exists()  # no /proc: cannot tell, assume it is
    except OSError:
        return False


def _read_pid(pidfile: str) -> int | None:
    try:
        text = Path(pidfile).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return int(text) if text.isdigit() else None


def _health(base_url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{base_url}/_emulator/health", timeout=1.0) as response:
            return int(response.status) == 200
    except OSError:
        return False


def _serve_argv(args: argparse.Namespace, port_file: str) -> list[str]:
    argv = [sys.executable, "-m", "np6_emulator", "serve", "--db", os.path.abspath(args.db)]
    if args.db == ":memory:":
        argv[-1] = ":memory:"
    for dest, flag, kind in _FORWARDED:
        value: Any = getattr(args, dest)
        if kind == "flag":
            if value:
                argv.append(flag)
        elif value is not None and value != []:
            argv += [flag, ",".join(map(str, value)) if isinstance(value, list) else str(value)]
    return [*argv, "--port-file", port_file]


def _tail(path: str, lines: int = 20) -> str:
    try:
        return "\n".join(Path(path).read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _terminate(pid: int, timeout: float) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.05)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.05)


def start(args: argparse.Namespace) -> int:
    import subprocess

    existing = _read_pid(args.pidfile)
    if existing is not None and _alive(existing) and _is_emulator(existing):
        raise CliError(f"already running (pid {existing}, pidfile {args.pidfile})")
    if not args.allow_remote and not is_loopback(args.host):
        raise CliError(f"--host {args.host} is not a loopback address; add --allow-remote to bind it")
    keys, admin = collect_keys(args, dict(os.environ))
    if any("," in key for key in keys):
        raise CliError("keys must not contain commas")
    env = dict(os.environ)
    env[KEYS_ENV] = ",".join(keys)
    if admin:
        env[ADMIN_KEY_ENV] = admin
    Path(args.logfile).parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="np6-emulator-") as tmp:
        port_file = os.path.join(tmp, "port")
        with open(args.logfile, "ab") as log:
            child = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                _serve_argv(args, port_file),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        deadline = time.monotonic() + args.timeout
        base_url = None
        while time.monotonic() < deadline:
            if child.poll() is not None:
                raise CliError(
                    f"the emulator exited with status {child.returncode}; log {args.logfile}:\n" + _tail(args.logfile)
                )
            if base_url is None and os.path.exists(port_file):
                port = Path(port_file).read_text(encoding="utf-8").strip()
                if port.isdigit():
                    base_url = f"http://{url_host(args.host)}:{port}"
            if base_url is not None and _health(base_url):
                break
            time.sleep(0.05)
        else:
            _terminate(child.pid, 5.0)
            raise CliError(
                f"the emulator did not become healthy within {args.timeout:g} s; log {args.logfile}:\n"
                + _tail(args.logfile)
            )
    _write_atomic(args.pidfile, f"{child.pid}\n")
    print(base_url, flush=True)
    return 0


def stop(args: argparse.Namespace) -> int:
    pid = _read_pid(args.pidfile)
    if pid is not None and _alive(pid) and _is_emulator(pid):
        _terminate(pid, args.timeout)
        if _alive(pid):
            raise CliError(f"pid {pid} is still alive after SIGKILL")
        print(f"stopped (pid {pid})")
    else:
        print("not running")
    Path(args.pidfile).unlink(missing_ok=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handlers = {"serve": serve, "start": start, "stop": stop}
    try:
        return handlers[args.command](args)
    except CliError as exc:
        print(f"np6_emulator: error: {exc}", file=sys.stderr)
        return 1
