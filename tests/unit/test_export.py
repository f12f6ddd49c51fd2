"""`np6 export`'s code generation: typed declarations that adopt each import exactly as NP6 holds it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import np6_provider
from np6_provider.cli.export import (
    Call,
    Code,
    ListOf,
    export_imports,
    python_str,
    render,
    render_module,
    resource_name,
)
from np6_provider.models import ImportDeclaration, ImportDefinition, SchedulerRef
from np6_provider.resources.np6_import import DECLARED_KEYS, declared_properties, observed_properties

ROOT = Path(__file__).resolve().parents[2]


def definition(**wire: Any) -> ImportDefinition:
    return ImportDefinition.model_validate({"creationDate": "2026-01-01T00:00:00Z", **wire}, context={"lenient": True})


EVERY_FEATURE = definition(
    id=23,
    name="Import Contacts",
    binding=44,
    features=[
        {"type": "report", "sendFinalReport": True, "sendErrorReport": True, "contactGuids": ["1C0193AB"]},
        {"type": "database", "updateExisting": True, "crushData": False},
        {"type": "duplicate", "rules": {"first": True}},
        {"type": "segmentation", "segmentId": 501, "emptyExisitingSegment": False},
        {"type": "normalization", "fields": {"233": ["FRA", "ESP"], "240": ["BEL"]}},
        {"type": "redList", "destination": {"mail": True, "sms": False}},
    ],
    source={"type": "ftp", "creationDate": "0001-01-01T00:00:00Z", "folder": "23 - Import Contacts"},
)
ODD = [
    definition(
        id=5,
        name='Red list "opt-out" — été',
        features=[
            {"type": "duplicate", "rules": {"last": False, "ignore": True}},
            {"type": "report", "sendErrorReport": True, "contactGuids": ["AB12"], "groupIds": [7, 8]},
        ],
        source={"type": "file", "filename": "Xy12345678_contacts.csv", "updateDate": "2026-01-02T00:00:00Z"},
    ),
    definition(id=6, name="Custom", source={"type": "ftp", "folder": "inbox", "templateFilename": "daily.csv"}),
    definition(id=7, name="Bare"),
    definition(id=8, name="x" * 200, binding=1, source={"type": "file"}),
]
SCHEDULED = definition(id=9, name="Scheduled", binding=44, source={"type": "ftp"}, scheduler={"id": 77})


def run_declare(text: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Executes the generated module's declare() with Np6Import replaced by a recorder."""
    declared: list[tuple[str, dict[str, Any]]] = []

    def recorder(resource: str, **kwargs: Any) -> None:
        declared.append((resource, kwargs))

    monkeypatch.setattr(np6_provider, "Np6Import", recorder)
    namespace: dict[str, Any] = {}
    exec(compile(text, "<exported>", "exec"), namespace)  # noqa: S102 - the code under test
    namespace["declare"]()
    return declared


@pytest.mark.parametrize("server", [EVERY_FEATURE, *ODD], ids=lambda d: str(d.id))
def test_each_declaration_adopts_its_import_exactly(server: ImportDefinition, monkeypatch: pytest.MonkeyPatch) -> None:
    exported = export_imports([server])
    assert [e.problem for e in exported] == [None]
    ((resource, kwargs),) = run_declare(render_module(exported, origin="https://np6.test"), monkeypatch)
    assert kwargs["adopt"] == server.id
    assert resource == resource_name(server)
    declaration = ImportDeclaration.model_validate({k: v for k, v in kwargs.items() if k in DECLARED_KEYS})
    declared = declared_properties(declaration)
    observed = observed_properties(server, {"source": declared["source"]})
    assert {k: observed[k] for k in DECLARED_KEYS} == {k: declared[k] for k in DECLARED_KEYS}


def test_generated_code_reads_like_hand_written_code() -> None:
    text = render_module(export_imports([EVERY_FEATURE]), origin="https://np6.test")
    assert "        source=FtpSource(),\n" in text  # "<id> - <name>" is NP6's default folder: left to NP6
    assert '            DuplicateFeature.keep("first"),\n' in text
    assert '            NormalizationFeature(fields={233: ["FRA", "ESP"], 240: ["BEL"]}),\n' in text
    assert "        adopt=23,\n" in text
    custom, bare = export_imports(ODD[1:3])
    assert 'FtpSource(folder="inbox", template_filename="daily.csv")' in render(custom.call, 1)
    assert "source=" not in render(bare.call, 1)


def test_scheduled_imports_keep_their_scheduler_by_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    exported = export_imports([SCHEDULED, ODD[2]])
    assert all(e.problem is None for e in exported)
    text = render_module(exported, origin="https://np6.test")
    assert "scheduler=SchedulerRef(id=77)," in text
    assert "NOT MANAGED" not in text
    declared = dict(run_declare(text, monkeypatch))
    assert declared["scheduled-9"]["scheduler"] == SchedulerRef(id=77)
    assert declared["scheduled-9"]["adopt"] == 9


def test_account_is_written_in_every_declaration(monkeypatch: pytest.MonkeyPatch) -> None:
    text = render_module(export_imports(ODD, account="staging"), origin="https://np6.test", account="staging")
    assert "(account 'staging' of np6:accounts)" in text
    assert {kwargs["account"] for _, kwargs in run_declare(text, monkeypatch)} == {"staging"}


def test_output_is_sorted_by_id_and_deterministic() -> None:
    first = render_module(export_imports([*reversed(ODD), EVERY_FEATURE]), origin="https://np6.test")
    second = render_module(export_imports([EVERY_FEATURE, *ODD]), origin="https://np6.test")
    assert first == second
    assert first.index("adopt=5,") < first.index("adopt=6,") < first.index("adopt=23,")


def test_python_str_prefers_double_quotes() -> None:
    assert python_str("plain") == '"plain"'
    assert python_str('say "hi"') == "'say \"hi\"'"
    assert python_str("it's") == '"it\'s"'
    assert python_str("both ' and \"") == "'both \\' and \"'"
    assert python_str("tab\there é") == '"tab\\there é"'
    for text in ("plain", 'say "hi"', "it's", "both ' and \"", "line\nbreak", "\\"):
        assert eval(python_str(text)) == text  # noqa: S307


def test_render_explodes_only_what_does_not_fit() -> None:
    short = Call("F", kwargs=[("a", Code("1"))])
    assert render(short, 1) == "F(a=1)"
    long = Call("Feature", kwargs=[(f"argument_{i}", Code("'" + "v" * 20 + "'")) for i in range(5)])
    assert render(long, 1).splitlines()[0] == "Feature("
    assert render(long, 1).splitlines()[-1] == "    )"
    assert render(ListOf([]), 3) == "[]"
    assert render(Call("Np6Import", [Code('"x"')], explode=True), 1) == 'Np6Import(\n        "x",\n    )'


def test_resource_names_are_slugs_with_the_id() -> None:
    assert resource_name(EVERY_FEATURE) == "import-contacts-23"
    assert resource_name(ODD[0]) == "red-list-opt-out-ete-5"  # accents dropped, letters kept
    assert resource_name(definition(id=3, name="!!!")) == "import-3"
    assert len(resource_name(ODD[3])) <= 48 + 2


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "ruff").exists() and not shutil.which("ruff"), reason="no ruff")
def test_generated_module_is_lint_clean_and_ruff_formatted(tmp_path: Path) -> None:
    ruff = str(ROOT / ".venv" / "bin" / "ruff") if (ROOT / ".venv" / "bin" / "ruff").exists() else "ruff"
    module = tmp_path / "exported.py"
    module.write_text(render_module(export_imports([EVERY_FEATURE, *ODD, SCHEDULED]), origin="https://np6.test"))
    settings = ["--isolated", "--line-length", "120"]
    formatted = subprocess.run([ruff, "format", *settings, "--check", str(module)], capture_output=True, text=True)
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    linted = subprocess.run(
        [ruff, "check", *settings, "--select", "E,F,W,I", str(module)], capture_output=True, text=True
    )
    assert linted.returncode == 0, linted.stdout
