"""Unit-test fixtures: a provider runtime configured like a stack with named NP6 accounts."""

from __future__ import annotations

import json

import pytest

import np6_provider.runtime as runtime_module
from np6_provider.runtime import ProviderRuntime, configure_runtime

ACCOUNT_NAMES = ("prod", "staging")


@pytest.fixture
def named_accounts(monkeypatch: pytest.MonkeyPatch) -> ProviderRuntime:
    """The provider process's runtime after `configure` with np6:accounts prod and staging (restored after)."""
    accounts = {name: {"apiKey": f"{name}-key", "baseUrl": "https://np6.test"} for name in ACCOUNT_NAMES}
    monkeypatch.setattr(runtime_module, "_current", None)
    return configure_runtime({"np6:accounts": json.dumps(accounts)}.get)
