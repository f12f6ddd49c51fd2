"""Starts the NP6 emulator for tests and drives its control plane (accounts, request journal, faults)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

URL_ENV = "NP6_TEST_EMULATOR_URL"
ADMIN_KEY_ENV = "NP6_TEST_EMULATOR_ADMIN_KEY"


@dataclass
class EmulatorProcess:
    """An emulator started with `python -m np6_emulator start`, stopped with `stop`."""

    url: str
    admin_key: str
    pidfile: Path

    @classmethod
    def start(cls, directory: Path, *extra_args: str) -> EmulatorProcess:
        directory.mkdir(parents=True, exist_ok=True)
        admin_key = secrets.token_urlsafe(16)
        pidfile = directory / "emulator.pid"
        output = subprocess.run(
            [
                sys.executable, "-m", "np6_emulator", "start", "--host", "127.0.0.1", "--port", "0",
                "--db", str(directory / "np6.sqlite"), "--pidfile", str(pidfile),
                "--logfile", str(directory / "emulator.log"), *extra_args,
            ],
            check=True, capture_output=True, text=True, timeout=60,
            env={**os.environ, "NP6_EMULATOR_ADMIN_KEY": admin_key},
        )  # fmt: skip
        return cls(url=output.stdout.strip().splitlines()[-1], admin_key=admin_key, pidfile=pidfile)

    def stop(self) -> None:
        subprocess.run(
            [sys.executable, "-m", "np6_emulator", "stop", "--pidfile", str(self.pidfile)], check=True, timeout=60
        )


class EmulatorAdmin:
    """The emulator's control plane, for one test run (each test makes its own account)."""

    def __init__(self, url: str, admin_key: str) -> None:
        self.url = url
        self._http = httpx.Client(base_url=url, headers={"X-Admin-Key": admin_key}, timeout=30)

    def new_account(self) -> str:
        response = self._http.post("/_emulator/accounts")
        response.raise_for_status()
        return str(response.json()["key"])

    def requests(self, key: str) -> list[dict[str, Any]]:
        response = self._http.get("/_emulator/requests", headers={"X-Key": key})
        response.raise_for_status()
        return list(response.json())

    def clear_requests(self, key: str) -> None:
        self._http.delete("/_emulator/requests", headers={"X-Key": key}).raise_for_status()

    def set_faults(self, key: str, **config: Any) -> None:
        self._http.put("/_emulator/faults", headers={"X-Key": key}, json=config).raise_for_status()

    def clear_faults(self, key: str) -> None:
        self._http.delete("/_emulator/faults", headers={"X-Key": key}).raise_for_status()

    def set_rate_limit(self, key: str, limit: int, window_seconds: float) -> None:
        body = {"limit": limit, "window_seconds": window_seconds}
        self._http.put("/_emulator/rate-limit", headers={"X-Key": key}, json=body).raise_for_status()

    def api(self, key: str) -> httpx.Client:
        """A raw client of the public API as that account: for out-of-band changes."""
        return httpx.Client(base_url=self.url, headers={"X-Key": key}, timeout=30)

    def close(self) -> None:
        self._http.close()


def writes(journal: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(method, path) of the journal's writes."""
    return [(r["method"], r["path"]) for r in journal if r["method"] in ("POST", "PUT", "DELETE")]
