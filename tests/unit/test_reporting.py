"""Provider failures as `pulumi up` shows them: one line for an Np6Error, the traceback kept for a bug."""

from __future__ import annotations

import sys
import traceback
import types

import pytest

from np6_provider.errors import Np6Error, Np6TransportError
from np6_provider.resources._reporting import PROVIDER_HOST_MODULE, Np6InternalError, in_provider_host, reported


@pytest.fixture
def provider_host(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process posing as the SDK's provider host (`python -m pulumi.dynamic`)."""
    host = types.ModuleType("__main__")
    host.__spec__ = types.SimpleNamespace(name=PROVIDER_HOST_MODULE)  # type: ignore[assignment]
    monkeypatch.setitem(sys.modules, "__main__", host)
    monkeypatch.setattr(sys, "tracebacklimit", 1000, raising=False)


def host_report(failing: object) -> str:
    """What the SDK's host sends the engine for a failing provider method: `traceback.format_exc()`."""
    try:
        reported(failing)()  # type: ignore[arg-type]
    except Exception:
        return traceback.format_exc()
    pytest.fail("the method did not fail")


def unreachable() -> None:
    try:
        raise ConnectionRefusedError("connection refused")
    except ConnectionRefusedError as error:
        raise Np6TransportError("POST /imports", "cannot reach NP6 at http://127.0.0.1:9") from error


def buggy() -> int:
    return int("twelve")


def test_an_np6_error_reaches_the_engine_as_one_line(provider_host: None) -> None:
    report = host_report(unreachable)
    assert report.strip().splitlines() == [
        "np6_provider.errors.Np6TransportError: POST /imports: cannot reach NP6 at http://127.0.0.1:9"
    ]


def test_a_bug_keeps_its_traceback(provider_host: None) -> None:
    report = host_report(buggy)
    first, *rest = report.splitlines()
    assert first.startswith("np6_provider.resources._reporting.Np6InternalError: unexpected error in np6-pulumi")
    assert "please report it" in first
    assert rest[0] == "Traceback (most recent call last):"
    assert any("in buggy" in line for line in rest)
    assert rest[-1] == "ValueError: invalid literal for int() with base 10: 'twelve'"


def test_outside_the_provider_host_tracebacks_are_untouched(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "tracebacklimit", 1000, raising=False)
    assert not in_provider_host()
    with pytest.raises(Np6Error) as raised:
        reported(unreachable)()
    assert sys.tracebacklimit == 1000
    assert raised.value.__cause__ is None  # the message names the cause already
    with pytest.raises(Np6InternalError, match="ValueError"):
        reported(buggy)()
    assert sys.tracebacklimit == 1000


def test_a_successful_call_is_returned_as_is() -> None:
    assert reported(lambda x, y=1: (x, y))(2, y=3) == (2, 3)
