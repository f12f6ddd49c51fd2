"""`np6` argument handling, settings and exit codes, with a fake client (no network)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from np6_provider import cli
from np6_provider.errors import Np6NotFoundError
from np6_provider.models import Execution, FileSource, ImportDefinition, LastExecution

KEY = "cli-test-key"
ENV = {"NP6_API_KEY": KEY, "NP6_BASE_URL": "http://127.0.0.1:9"}


class FakeClient:
    def __init__(self, states: list[int] | None = None, error: Exception | None = None) -> None:
        self.states = list(states or [1])
        self.error = error
        self.calls: list[tuple[str, Any]] = []
        self.definitions = [
            ImportDefinition.model_validate(
                {"id": 3, "name": "Contacts", "binding": 44, "source": {"type": "ftp"}, "scheduler": {"id": 9}}
            ),
            ImportDefinition.model_validate(
                {"id": 4, "name": "Manual", "features": [{"type": "database"}], "source": {"type": "file"}}
            ),
        ]

    def __enter__(self) -> FakeClient:
        return self

    def __exit__(self, *_: object) -> None:
        pass

    def _call(self, name: str, *args: Any) -> None:
        self.calls.append((name, args))
        if self.error is not None:
            raise self.error

    def list_imports(self) -> list[ImportDefinition]:
        self._call("list_imports")
        return self.definitions

    def get_import(self, import_id: int) -> ImportDefinition:
        self._call("get_import", import_id)
        return next(d for d in self.definitions if d.id == import_id)

    def upload_source(self, import_id: int, filename: str, content: bytes) -> FileSource:
        self._call("upload_source", import_id, filename, content)
        return FileSource(filename=f"AbCdEfGhIj_{filename}")

    def start_execution(self, import_id: int) -> Execution:
        self._call("start_execution", import_id)
        return Execution(start_date="2026-01-05T06:00:00Z")

    def get_last_execution(self, import_id: int) -> LastExecution:
        self._call("get_last_execution", import_id)
        state = self.states.pop(0) if len(self.states) > 1 else self.states[0]
        return LastExecution.model_validate({"state": state})


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeClient:
    client = FakeClient()
    monkeypatch.setattr(cli, "make_client", lambda base_url, environ: client)
    monkeypatch.setattr("np6_provider.cli.time.sleep", lambda seconds: None)
    return client


def run(*argv: str, environ: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), environ=ENV if environ is None else environ, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


# ---------------------------------------------------------------------------
# arguments


def test_parser_reads_every_command() -> None:
    parser = cli.build_parser()
    args = parser.parse_args(["--base-url", "https://a.example.com", "imports", "list", "--json"])
    assert (args.command, args.imports_command, args.json, args.base_url) == (
        "imports",
        "list",
        True,
        "https://a.example.com",
    )
    args = parser.parse_args(["upload", "12", "contacts.csv", "--name", "x.csv"])
    assert (args.import_id, args.file, args.name) == (12, Path("contacts.csv"), "x.csv")
    args = parser.parse_args(["run", "12", "--wait", "--timeout", "90", "--interval", "0.5"])
    assert (args.import_id, args.wait, args.timeout, args.interval) == (12, True, 90.0, 0.5)
    args = parser.parse_args(["export", "--account", "staging", "-o", "out.py", "--base-url", "https://b.example.com"])
    assert (args.account, args.output, args.base_url) == ("staging", Path("out.py"), "https://b.example.com")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["imports"], "the following arguments are required: SUBCOMMAND"),
        (["run", "0"], "IMPORT_ID: must be a positive integer"),
        (["run", "12", "--interval", "fast"], "--interval: must be a number of seconds"),
        (["upload", "12"], "the following arguments are required: FILE"),
        (["imports", "list", "--api-key", KEY], "unrecognized arguments: --api-key (see"),
        (["export", "--key", "x"], "unrecognized arguments"),
    ],
)
def test_usage_errors_exit_2_on_one_line(argv: list[str], message: str) -> None:
    code, out, err = run(*argv)
    assert code == cli.EXIT_USAGE
    assert out == ""
    assert message in err
    assert err.count("\n") == 1
    assert err.startswith("np6: error: ")
    assert KEY not in err


def test_the_key_comes_only_from_the_environment() -> None:
    code, _, err = run("imports", "list", environ={"NP6_BASE_URL": "http://127.0.0.1:9"})
    assert code == cli.EXIT_USAGE
    assert "NP6_API_KEY is not set" in err
    assert "--api-key" not in cli.build_parser().format_help()


def test_insecure_base_url_is_a_config_error() -> None:
    code, _, err = run("imports", "list", "--base-url", "http://np6.example.com")
    assert code == cli.EXIT_USAGE
    assert "refusing to send the API key over plain http" in err
    assert KEY not in err


def test_make_client_takes_the_flag_over_the_environment() -> None:
    with cli.make_client("http://127.0.0.1:1234", ENV) as client:
        assert str(client._http.base_url) == "http://127.0.0.1:1234"
    with cli.make_client(None, ENV) as client:
        assert str(client._http.base_url) == "http://127.0.0.1:9"


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        cli.main(["--version"])
    assert raised.value.code == 0
    assert "np6 (np6-pulumi) 0.1.0" in capsys.readouterr().out
    text = cli.build_parser().format_help()
    for command in ("imports", "upload", "run", "export"):
        assert command in text
    assert "Exit codes: 0 ok, 1 the run ended in error, 2 usage" in text


# ---------------------------------------------------------------------------
# commands


def test_imports_list_table(fake: FakeClient) -> None:
    code, out, _ = run("imports", "list")
    assert code == 0
    assert out.splitlines() == [
        "ID  NAME      BINDING  SOURCE  SCHEDULER  FEATURES",
        "3   Contacts  44       ftp     9          -",
        "4   Manual    -        file    -          database",
    ]


def test_imports_list_json(fake: FakeClient) -> None:
    code, out, _ = run("imports", "list", "--json")
    assert code == 0
    assert '"scheduler": {\n      "id": 9\n    }' in out


def test_upload(fake: FakeClient, tmp_path: Path) -> None:
    data = tmp_path / "contacts.csv"
    data.write_bytes(b"email\n")
    code, out, _ = run("upload", "4", str(data))
    assert code == 0
    assert fake.calls == [("upload_source", (4, "contacts.csv", b"email\n"))]
    assert out.strip() == f"uploaded {data} (6 bytes) to import 4 as AbCdEfGhIj_contacts.csv"
    assert run("upload", "4", str(tmp_path / "missing.csv"))[0] == cli.EXIT_USAGE


@pytest.mark.parametrize(
    ("states", "code", "outcome"),
    [([0, 0, 1], cli.EXIT_OK, "completed"), ([0, 2], cli.EXIT_RUN_FAILED, "error"), ([1], cli.EXIT_OK, "completed")],
)
def test_run_wait_exit_codes(fake: FakeClient, states: list[int], code: int, outcome: str) -> None:
    fake.states = list(states)
    result, out, err = run("run", "4", "--wait")
    assert (result, out.strip()) == (code, f"import 4: {outcome}")
    assert err.startswith("np6: import 4: run started at 2026-01-05T06:00:00Z\n")
    assert err.count("processing") == states.count(0)


def test_run_without_wait_only_starts(fake: FakeClient) -> None:
    assert run("run", "4") == (0, "started import 4\n", "np6: import 4: run started at 2026-01-05T06:00:00Z\n")
    assert [name for name, _ in fake.calls] == ["start_execution"]


def test_run_timeout_exits_3_and_implies_wait() -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    client = FakeClient(states=[0])
    out, err = io.StringIO(), io.StringIO()
    app = cli.Cli(lambda: client, out, err, clock=lambda: now[0], sleep=sleep)  # type: ignore[arg-type,return-value]
    args = cli.build_parser().parse_args(["run", "4", "--timeout", "5", "--interval", "2"])
    assert app.dispatch(args) == cli.EXIT_TIMEOUT
    assert out.getvalue() == "import 4: timeout\n"
    assert now[0] == 5.0  # slept 2 + 2 + 1: never past the timeout
    assert "still processing after 5s; giving up (it keeps running)" in err.getvalue()


def test_api_errors_exit_4_on_one_line(fake: FakeClient) -> None:
    fake.error = Np6NotFoundError("POST /imports/4/executions", 404, "req-1", "no such\nimport")
    code, out, err = run("run", "4", "--wait")
    assert code == cli.EXIT_API
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("np6: error: POST /imports/4/executions: HTTP 404: no such import;")


def test_export_to_stdout_and_to_a_file(fake: FakeClient, tmp_path: Path) -> None:
    code, out, err = run("export", "--account", "staging")
    assert code == 0
    assert 'account="staging",' in out
    assert "scheduler=SchedulerRef(id=" in out
    assert "exported 2 import(s) to stdout" in err
    target = tmp_path / "stack.py"
    assert run("export", "-o", str(target))[0] == 0
    assert target.read_text().startswith('"""NP6 import definitions of http://127.0.0.1:9')
    code, _, err = run("export", "-o", str(target))
    assert code == cli.EXIT_USAGE
    assert "exists; pass --force" in err
    assert run("export", "-o", str(target), "--force")[0] == 0


def test_export_into_a_stack_needs_an_output_file(fake: FakeClient) -> None:
    code, _, err = run("export", "--stack", "prod")
    assert code == cli.EXIT_USAGE
    assert "give --output FILE" in err


def test_export_makes_the_folder_it_writes_to(fake: FakeClient, tmp_path: Path) -> None:
    """Regression: `np6 export -o stacks/prod.py` in a repo without stacks/ ended in a traceback."""
    target = tmp_path / "stacks" / "prod.py"
    assert run("export", "-o", str(target))[0] == 0
    assert "SchedulerRef(id=" in target.read_text()


def test_origin_drops_credentials_and_path() -> None:
    assert cli._origin("https://user:pw@api.example.com:8443/v8/") == "https://api.example.com:8443"
