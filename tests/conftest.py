"""Shared fixtures: one NP6 emulator for the whole run, one Pulumi toolchain."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.emulator import ADMIN_KEY_ENV, URL_ENV, EmulatorAdmin, EmulatorProcess

# A job a non-interactive shell starts with `&` ignores SIGINT, and so would every pulumi it starts: the engine
# stops its plugins with SIGINT and waits 5 s before killing them, on every command (measured: 0.8 s -> 5.6 s).
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# Prints the fixture-by-fixture table (documented payloads through the client models) at the end of a run.
pytest_plugins = ["tests.unit.fixture_summary"]


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorAdmin]:
    """The emulator scripts/test.sh started for the run, or one of this worker's own."""
    url, admin_key = os.environ.get(URL_ENV), os.environ.get(ADMIN_KEY_ENV)
    process = None
    if not (url and admin_key):
        process = EmulatorProcess.start(Path(tmp_path_factory.mktemp("emulator")))
        url, admin_key = process.url, process.admin_key
    admin = EmulatorAdmin(url, admin_key)
    yield admin
    admin.close()
    if process is not None:
        process.stop()
