"""`np6`: the command-line tool for NP6 imports (list, upload a file, run, export an account as code).

Settings: the API base URL from `--base-url` or NP6_BASE_URL (default
https://api-cm.np6.com), the API key ONLY from NP6_API_KEY (a flag would land in
shell history); NP6_ALLOW_INSECURE_HTTP and the retry variables of the README
apply too.

Exit codes: 0 success (a run that completed), 1 a run that ended in error (or
the `pulumi up` of `export --stack` failed), 2 usage or configuration error,
3 timeout, 4 NP6 API error. Errors are one line
on stderr; progress goes to stderr, results to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO
from urllib.parse import urlsplit

from .. import __version__
from ..client import Np6Client
from ..errors import Np6ConfigError, Np6Error
from ..models import ExecutionState, ImportDefinition
from ..settings import DEFAULT_BASE_URL, load_settings

EXIT_OK = 0
EXIT_RUN_FAILED = 1
EXIT_USAGE = 2
EXIT_TIMEOUT = 3
EXIT_API = 4
EXIT_INTERRUPTED = 130

DEFAULT_TIMEOUT_SECONDS = 3600.0
DEFAULT_INTERVAL_SECONDS = 2.0


class UsageError(Exception):
    """Bad arguments or settings: exit 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, with one-line errors."""

    def error(self, message: str) -> NoReturn:
        if message.startswith("unrecognized arguments: "):
            # Name the unknown options only: a stray value might be a key typed where it does not belong.
            options = [word for word in message.split(": ", 1)[1].split() if word.startswith("-")]
            message = f"unrecognized arguments{': ' + ' '.join(options) if options else ''}"
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _positive_int(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) <= 2**31 - 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text!r}")
    return int(text)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, got {text!r}") from None
    if not 0 < value <= 7 * 24 * 3600:
        raise argparse.ArgumentTypeError(f"must be between 0 and 604800 seconds, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    # --base-url is accepted before or after the command.
    common = _Parser(add_help=False)
    common.add_argument(
        "--base-url",
        default=argparse.SUPPRESS,
        metavar="URL",
        help=f"NP6 API base URL (default: $NP6_BASE_URL, else {DEFAULT_BASE_URL}); the key comes from $NP6_API_KEY",
    )
    parser = _Parser(
        prog="np6",
        description="NP6 imports from the command line. The API key is read from the NP6_API_KEY environment "
        "variable only.",
        epilog="Exit codes: 0 ok, 1 the run ended in error, 2 usage or configuration error, 3 timeout, "
        "4 NP6 API error.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"np6 (np6-pulumi) {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    imports = commands.add_parser("imports", help="import definitions", parents=[common])
    imports_commands = imports.add_subparsers(dest="imports_command", metavar="SUBCOMMAND", parser_class=_Parser)
    imports_commands.required = True
    listing = imports_commands.add_parser("list", help="list the account's imports", parents=[common])
    listing.add_argument("--json", action="store_true", help="print NP6's JSON instead of a table")

    upload = commands.add_parser("upload", help="upload a file as an import's source", parents=[common])
    upload.add_argument("import_id", type=_positive_int, metavar="IMPORT_ID")
    upload.add_argument("file", type=Path, metavar="FILE")
    upload.add_argument("--name", help="file name to give NP6 (default: FILE's name)")

    run = commands.add_parser("run", help="start a run of an import", parents=[common])
    run.add_argument("import_id", type=_positive_int, metavar="IMPORT_ID")
    run.add_argument("--wait", action="store_true", help="wait for the run to end; exit 0 completed, 1 error")
    run.add_argument(
        "--timeout",
        type=_seconds,
        metavar="S",
        help=f"with --wait, give up after S seconds, exit 3 (default {DEFAULT_TIMEOUT_SECONDS:g}; implies --wait)",
    )
    run.add_argument(
        "--interval",
        type=_seconds,
        default=DEFAULT_INTERVAL_SECONDS,
        metavar="S",
        help=f"seconds between two polls of the run's state (default {DEFAULT_INTERVAL_SECONDS:g})",
    )

    export = commands.add_parser(
        "export",
        help="write the account's imports as a Python stack module (adopted as they are)",
        parents=[common],
        description="Writes a stack module with a declare() function declaring every import of the account "
        "with adopt=<id>, so the first `pulumi up` changes nothing in NP6. A scheduler is declared as "
        "SchedulerRef(id=...), which keeps NP6's (its API returns a scheduler as its id only).",
    )
    export.add_argument(
        "--account",
        metavar="NAME",
        help="write account=NAME in every declaration (an entry of np6:accounts in the program's stack config)",
    )
    export.add_argument("--output", "-o", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    export.add_argument(
        "--stack",
        metavar="NAME",
        help="then adopt the imports into stack NAME of the Pulumi project in the current folder, whose program "
        "must declare FILE's module: runs `pulumi up` read-only (NP6_READ_ONLY=true, NP6 receives reads only), "
        "so the stack's next preview is empty; exit 1 if that up fails (needs --output)",
    )
    return parser


def make_client(base_url: str | None, environ: Mapping[str, str]) -> Np6Client:
    """A client from --base-url / NP6_BASE_URL and NP6_API_KEY (never from an argument)."""
    if not environ.get("NP6_API_KEY", "").strip():
        raise UsageError("NP6_API_KEY is not set: export NP6_API_KEY=<your NP6 API key> (it is never a flag)")

    def config_get(key: str) -> Any:
        return base_url if key == "np6:baseUrl" else None

    try:
        settings = load_settings(config_get, environ)
        return Np6Client(settings.account(None), settings.retry)
    except Np6ConfigError as error:
        raise UsageError(str(error)) from None


class Cli:
    def __init__(
        self,
        client_factory: Callable[[], Np6Client],
        stdout: TextIO,
        stderr: TextIO,
        *,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] | None = None,
        origin: str = "",
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._client_factory = client_factory
        self._environ = os.environ if environ is None else environ
        self.stdout, self.stderr = stdout, stderr
        self._clock, self._sleep = clock or time.monotonic, sleep or time.sleep
        self._origin = origin

    def progress(self, message: str) -> None:
        print(f"np6: {message}", file=self.stderr, flush=True)

    def dispatch(self, args: argparse.Namespace) -> int:
        if args.command == "export" and args.output is not None and args.output.exists() and not args.force:
            raise UsageError(f"{args.output} exists; pass --force to overwrite it")
        if args.command == "export" and args.stack is not None:
            if args.output is None:
                raise UsageError("--stack adopts what --output writes: give --output FILE")
            if shutil.which("pulumi", path=self._environ.get("PATH")) is None:
                raise UsageError("--stack runs `pulumi up`, and no pulumi is on PATH")
        if args.command == "upload" and not args.file.is_file():
            raise UsageError(f"{args.file}: no such file")
        with self._client_factory() as client:
            if args.command == "imports":
                return self.imports_list(client, as_json=args.json)
            if args.command == "upload":
                return self.upload(client, args.import_id, args.file, args.name)
            if args.command == "run":
                wait = args.wait or args.timeout is not None
                timeout = args.timeout if args.timeout is not None else DEFAULT_TIMEOUT_SECONDS
                return self.run(client, args.import_id, wait=wait, timeout=timeout, interval=args.interval)
            assert args.command == "export"
            exported = self.export(client, account=args.account, output=args.output)
        if args.command == "export" and args.stack is not None and exported == EXIT_OK:
            return self.adopt_into_stack(args.stack)
        return exported

    def imports_list(self, client: Np6Client, *, as_json: bool) -> int:
        definitions = client.list_imports()
        if as_json:
            wire = [definition.model_dump(mode="json", by_alias=True, exclude_none=True) for definition in definitions]
            print(json.dumps(wire, indent=2, ensure_ascii=False), file=self.stdout)
            return EXIT_OK
        rows = [("ID", "NAME", "BINDING", "SOURCE", "SCHEDULER", "FEATURES")]
        rows += [_row(definition) for definition in definitions]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            print(
                "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip(), file=self.stdout
            )
        return EXIT_OK

    def upload(self, client: Np6Client, import_id: int, file: Path, name: str | None) -> int:
        try:
            content = file.read_bytes()
        except OSError as error:
            raise UsageError(f"{file}: {error.strerror}") from None
        stored = client.upload_source(import_id, name or file.name, content)
        print(f"uploaded {file} ({len(content)} bytes) to import {import_id} as {stored.filename}", file=self.stdout)
        return EXIT_OK

    def run(self, client: Np6Client, import_id: int, *, wait: bool, timeout: float, interval: float) -> int:
        started = self._clock()
        execution = client.start_execution(import_id)
        self.progress(f"import {import_id}: run started{' at ' + execution.start_date if execution.start_date else ''}")
        if not wait:
            print(f"started import {import_id}", file=self.stdout)
            return EXIT_OK
        while True:
            state = client.get_last_execution(import_id).state
            elapsed = self._clock() - started
            if state != ExecutionState.PROCESSING:
                outcome = "completed" if state == ExecutionState.COMPLETED else "error"
                self.progress(f"import {import_id}: {outcome} after {elapsed:.0f}s")
                print(f"import {import_id}: {outcome}", file=self.stdout)
                return EXIT_OK if state == ExecutionState.COMPLETED else EXIT_RUN_FAILED
            if elapsed >= timeout:
                self.progress(
                    f"import {import_id}: still processing after {elapsed:.0f}s; giving up (it keeps running)"
                )
                print(f"import {import_id}: timeout", file=self.stdout)
                return EXIT_TIMEOUT
            self.progress(f"import {import_id}: processing ({elapsed:.0f}s)")
            self._sleep(max(0.0, min(interval, timeout - elapsed)))

    def export(self, client: Np6Client, *, account: str | None, output: Path | None) -> int:
        from .export import export_imports, render_module

        definitions: list[ImportDefinition] = []
        for summary in client.list_imports():
            assert summary.id is not None
            definitions.append(client.get_import(summary.id))
        exported = export_imports(definitions, account)
        text = render_module(exported, origin=self._origin or "NP6", account=account)
        held = [e for e in exported if not e.live]
        if output is None:
            self.stdout.write(text)
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        where = output or "stdout"
        self.progress(f"exported {len(exported) - len(held)} import(s) to {where}")
        for entry in held:
            self.progress(f"import {entry.definition.id} written commented out: {entry.problem}")
        return EXIT_OK

    def adopt_into_stack(self, stack: str) -> int:
        """`pulumi up` of the current project's stack, refusing every write to NP6: only exact adoptions pass."""
        argv = ["pulumi", "up", "--yes", "--skip-preview", "--non-interactive", "--stack", stack]
        self.progress(f"adopting into stack {stack}: {' '.join(argv)} with NP6_READ_ONLY=true")
        process = subprocess.Popen(  # noqa: S603 - a fixed argv, no shell
            argv,
            env={**self._environ, "NP6_READ_ONLY": "true"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert process.stdout is not None
        for line in process.stdout:
            self.stderr.write(line)
        if process.wait() != 0:
            self.progress(
                f"pulumi up of stack {stack} failed (NP6 was not changed: every write is refused); "
                "an import that differs from its declaration is named above"
            )
            return EXIT_RUN_FAILED
        self.progress(f"stack {stack} now manages the exported imports; its next preview is empty")
        return EXIT_OK


def _row(definition: ImportDefinition) -> tuple[str, str, str, str, str, str]:
    source = getattr(definition.source, "type", "-") if definition.source is not None else "-"
    scheduler = str(definition.scheduler.id) if definition.scheduler is not None else "-"
    features = ",".join(str(getattr(f, "type", "?")) for f in definition.features) or "-"
    binding = str(definition.binding) if definition.binding is not None else "-"
    return (str(definition.id), str(definition.name), binding, str(source), scheduler, features)


def main(
    argv: Sequence[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """The `np6` console script. Returns the exit code (the script exits with it)."""
    environ = os.environ if environ is None else environ
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    try:
        args = build_parser().parse_args(argv)
        base_url = getattr(args, "base_url", None) or environ.get("NP6_BASE_URL") or DEFAULT_BASE_URL
        cli = Cli(lambda: make_client(base_url, environ), stdout, stderr, origin=_origin(base_url), environ=environ)
        return cli.dispatch(args)
    except UsageError as error:
        print(f"np6: error: {error}", file=stderr)
        return EXIT_USAGE
    except Np6Error as error:
        print(f"np6: error: {_one_line(str(error))}", file=stderr)
        return EXIT_API
    except KeyboardInterrupt:
        print("np6: interrupted", file=stderr)
        return EXIT_INTERRUPTED


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _origin(base_url: str) -> str:
    """The base URL without credentials or path, to name the account in generated code."""
    parts = urlsplit(base_url)
    host = parts.hostname or "NP6"
    return f"{parts.scheme}://{host}{':' + str(parts.port) if parts.port else ''}"
