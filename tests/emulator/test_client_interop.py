"""What the client builds in Python, the emulator accepts; what the emulator stores, the client reads back.

Regressions found by checking payloads the documentation allows but its examples do not show.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from pydantic import SecretStr

from np6_provider.client import Np6Client
from np6_provider.errors import Np6Error
from np6_provider.models import (
    LENIENT,
    DailyOccurs,
    DateParts,
    ExecutionState,
    FtpSource,
    ImportChanges,
    ImportDeclaration,
    ImportDefinition,
    OncePeriodicity,
    PeriodicScheduler,
    TimeOfDay,
    Validity,
)
from np6_provider.models.schedulers import Frequency
from np6_provider.settings import AccountSettings, RetrySettings

from .conftest import EmulatorFactory, RunningEmulator


def client_of(emu: RunningEmulator) -> Np6Client:
    return Np6Client(AccountSettings(base_url=emu.url, api_key=SecretStr(emu.key)), RetrySettings(max_attempts=1))


def daily_at_six(validity: Validity | None = None) -> PeriodicScheduler:
    return PeriodicScheduler(
        frequency=Frequency(occurs=DailyOccurs(), periodicity=OncePeriodicity(value=TimeOfDay(hour=6))),
        validity=validity,
    )


def test_a_schedule_built_in_python_is_accepted(emu: RunningEmulator) -> None:
    """TimeOfDay(hour=6) was sent as {"hour": 6}, which NP6's documented shape (and the emulator) refuses."""
    end = DateParts(year=2099, month=12, date=31)
    with client_of(emu) as client:
        created = client.create_import(
            ImportDeclaration(name="daily", source=FtpSource(), scheduler=daily_at_six(Validity(start=None, end=end)))
        )
    assert created.scheduler is not None
    wire = created.to_wire()["scheduler"]
    assert wire["frequency"]["periodicity"]["value"] == {"hour": 6, "minute": 0, "second": 0}
    assert wire["validity"]["end"] == end.to_wire()
    assert set(wire["validity"]["start"]) == {"year", "month", "date", "hour", "minute", "second"}


def test_an_end_before_the_filled_in_start_is_refused(emu: RunningEmulator) -> None:
    past = DateParts(year=2001, month=1, date=1)
    with client_of(emu) as client, pytest.raises(Np6Error, match="400"):
        client.create_import(ImportDeclaration(name="ended", scheduler=daily_at_six(Validity(end=past))))


@pytest.mark.parametrize("name", ["café.csv", "données été.csv", "plain.csv"])
def test_an_uploaded_file_keeps_its_name(emu: RunningEmulator, name: str) -> None:
    with client_of(emu) as client:
        created = client.create_import(ImportDeclaration(name="manual"))
        assert created.id is not None
        source = client.upload_source(created.id, name, b"email\na@example.com\n")
    assert source.filename is not None
    prefix, _, stored = source.filename.partition("_")
    assert (len(prefix), stored) == (10, name)


def test_a_run_can_change_the_binding(emu: RunningEmulator) -> None:
    """The documented start-execution body {"binding": 1234} (legacy example) is a partial definition."""
    with client_of(emu) as client:
        created = client.create_import(ImportDeclaration(name="manual", binding=44))
        assert created.id is not None
        client.upload_source(created.id, "contacts.csv", b"email\na@example.com\n")
        execution = client.start_execution(created.id, ImportChanges(binding=1234))
        assert execution.state == ExecutionState.PROCESSING
        assert client.get_import(created.id).binding == 1234
    runs = [e for e in emu.journal() if e["method"] == "POST" and e["path"].endswith("/executions")]
    assert [e["body"] for e in runs] == [{"binding": 1234}]


# Stored by another tool, valid for NP6, but outside what np6-pulumi itself would send.
UNUSUAL_BUT_STORED: dict[str, dict[str, Any]] = {
    "duplicate without rules": {"type": "duplicate"},
    "two duplicate rules": {"type": "duplicate", "rules": {"first": True, "last": True}},
    "red list without destination": {"type": "redList"},
    "report without recipients": {"type": "report", "sendFinalReport": True, "contactGuids": []},
    "guid with a dash": {"type": "report", "contactGuids": ["1C01-93AB"]},
    "empty normalization": {"type": "normalization", "fields": {}},
    "null members": {"type": "database", "updateExisting": None, "crushData": None},
}


@pytest.mark.parametrize("feature", UNUSUAL_BUT_STORED.values(), ids=list(UNUSUAL_BUT_STORED))
def test_an_unusual_stored_import_does_not_make_the_account_unreadable(
    emu: RunningEmulator, feature: dict[str, Any]
) -> None:
    api = emu.client()
    made = api.post("/imports", json={"name": "made elsewhere", "features": [feature]})
    assert made.status_code == 200, made.text
    with client_of(emu) as client:
        assert [d.name for d in client.list_imports()] == ["made elsewhere"]
        assert client.get_import(made.json()["id"]).features[0].type == feature["type"]


def test_a_scheduler_in_a_legacy_or_undocumented_form_is_read_back(emu: RunningEmulator) -> None:
    scheduler = {
        "type": "periodic",
        "timezone": "Romance Standard Time",
        "frequency": {
            "occurs": {"type": "weekly", "days": ["Mon"]},
            "periodicity": {"type": "Once", "value": {"hour": 6, "minute": 0, "second": 0}},
        },
    }
    made = emu.client().post("/imports", json={"name": "zoned", "scheduler": scheduler})
    assert made.status_code == 200, made.text
    # Only the create response shows the scheduler: the client reads it with the response rules.
    created = ImportDefinition.model_validate(made.json(), context={LENIENT: True})
    assert isinstance(created.scheduler, PeriodicScheduler)
    assert created.scheduler.timezone == "Romance Standard Time"
    assert created.scheduler.frequency.periodicity.type == "once"


def test_an_execution_state_answers_before_any_run_when_configured(make_emulator: EmulatorFactory) -> None:
    emu = make_emulator(never_run_state=1, concurrent_runs="allow")
    api = emu.client()
    import_id = api.post("/imports", json={"name": "manual"}).json()["id"]
    assert api.get(f"/imports/{import_id}/executions").json() == {"state": 1}
    upload = {"Content-Type": "application/octet-stream", "Content-Disposition": "form-data; filename=a.csv"}
    assert api.put(f"/imports/{import_id}/source", content=b"email\n", headers=upload).status_code == 200
    assert api.post(f"/imports/{import_id}/executions", json={}).status_code == 200
    assert api.post(f"/imports/{import_id}/executions", json={}).status_code == 200  # while the first runs
    deadline = time.monotonic() + 10
    while api.get(f"/imports/{import_id}/executions").json()["state"] == 0:
        assert time.monotonic() < deadline
        time.sleep(0.05)
