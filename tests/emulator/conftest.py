"""Fixtures: each test runs its own emulator (uvicorn in a thread, port 0, its own SQLite file)."""

from __future__ import annotations

import json
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from np6_emulator.app import create_app
from np6_emulator.settings import Settings
from tests.support.documented import EXAMPLES_DIR

EXAMPLES = EXAMPLES_DIR


def example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def example_bytes(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


@dataclass
class RunningEmulator:
    """One emulator in a background thread; ``key`` is an account created on start."""

    url: str
    key: str
    admin_key: str
    settings: Settings
    _server: uvicorn.Server
    _app: FastAPI
    _thread: threading.Thread
    _clients: list[httpx.Client] = field(default_factory=list)

    def client(self, key: str | None = None, **kwargs: Any) -> httpx.Client:
        headers = {"X-Key": key if key is not None else self.key}
        http = httpx.Client(base_url=self.url, headers=headers, timeout=10, trust_env=False, **kwargs)
        self._clients.append(http)
        return http

    def anonymous(self) -> httpx.Client:
        http = httpx.Client(base_url=self.url, timeout=10, trust_env=False)
        self._clients.append(http)
        return http

    def admin(self, key: str | None = None) -> httpx.Client:
        headers = {"X-Admin-Key": self.admin_key, "X-Key": key if key is not None else self.key}
        http = httpx.Client(base_url=self.url, headers=headers, timeout=10, trust_env=False)
        self._clients.append(http)
        return http

    def new_account(self) -> str:
        response = self.admin().post("/_emulator/accounts")
        assert response.status_code == 200
        return str(response.json()["key"])

    def journal(self, key: str | None = None) -> list[dict[str, Any]]:
        response = self.admin(key).get("/_emulator/requests")
        assert response.status_code == 200
        return list(response.json())

    def stop(self) -> None:
        for http in self._clients:
            http.close()
        self._server.should_exit = True
        self._thread.join(timeout=15)
        assert not self._thread.is_alive(), "emulator thread did not stop"
        self._app.state.emu.store.close()


def run_emulator(settings: Settings, *, port: int = 0) -> RunningEmulator:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    app = create_app(settings)
    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="on", timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive(), "emulator thread died on start"
        assert time.monotonic() < deadline, "emulator did not start"
        time.sleep(0.01)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    key = settings.keys[0] if settings.keys else ""
    return RunningEmulator(url, key, settings.admin_key or "", settings, server, app, thread)


EmulatorFactory = Callable[..., RunningEmulator]


@pytest.fixture
def make_emulator(tmp_path: Path) -> Iterator[EmulatorFactory]:
    """Start emulators with custom settings; all are stopped after the test."""
    started: list[RunningEmulator] = []

    def factory(*, db: Path | None = None, port: int = 0, **options: Any) -> RunningEmulator:
        options.setdefault("keys", (secrets.token_urlsafe(16),))
        options.setdefault("admin_key", secrets.token_urlsafe(16))
        options.setdefault("execution_seconds", 0.3)
        settings = Settings(db_path=str(db or tmp_path / "np6.sqlite"), **options)
        running = run_emulator(settings, port=port)
        started.append(running)
        return running

    yield factory
    for running in started:
        if running._thread.is_alive():
            running.stop()


@pytest.fixture
def emu(make_emulator: EmulatorFactory) -> RunningEmulator:
    return make_emulator()


@pytest.fixture
def api(emu: RunningEmulator) -> httpx.Client:
    """A public API client of the emulator's first account."""
    return emu.client()


def json_types(value: Any) -> Any:
    """The structure of a JSON value: member names and JSON types, recursively."""
    if isinstance(value, dict):
        return {k: json_types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_types(v) for v in value]
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if value is None:
        return "null"
    return type(value).__name__
