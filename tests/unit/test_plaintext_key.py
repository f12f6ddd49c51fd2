"""An API key stored without --secret is refused before any request."""

from __future__ import annotations

from typing import Any

import pulumi.runtime.config as pulumi_config
import pytest

from np6_provider import Np6Import, Np6Segment
from np6_provider.errors import Np6ConfigError
from np6_provider.settings import plaintext_key_problem


@pytest.mark.parametrize(
    ("config", "secret_keys", "expected"),
    [
        ({}, set(), None),
        ({"np6:apiKey": "SECRET-123"}, {"np6:apiKey"}, None),
        ({"np6:apiKey": "SECRET-123"}, set(), "np6:apiKey is stored in plain text"),
        ({"np6:accounts": '{"a": {"apiKey": "SECRET-123"}}'}, {"np6:accounts"}, None),
        ({"np6:accounts": '{"a": {"apiKey": "SECRET-123"}}'}, set(), "the API key of np6:accounts.a is stored"),
        ({"np6:accounts": {"b": {"apiKey": "SECRET-123"}}}, set(), "--path np6:accounts.b.apiKey"),
        ({"np6:accounts": '{"a": {"baseUrl": "https://x"}}'}, set(), None),
    ],
)
def test_plaintext_keys_are_named(config: dict[str, Any], secret_keys: set[str], expected: str | None) -> None:
    problem = plaintext_key_problem(config.get, secret_keys.__contains__)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None
        assert expected in problem
        assert "SECRET-123" not in problem


def test_orphan_recovery_is_off_unless_asked_for() -> None:
    from np6_provider.settings import load_settings

    assert load_settings(dict[str, str]().get, environ={}).orphan_window_seconds == 0
    assert load_settings({"np6:orphanWindowSeconds": "900"}.get, environ={}).orphan_window_seconds == 900
    assert load_settings(dict[str, str]().get, environ={"NP6_ORPHAN_WINDOW_SECONDS": "60"}).orphan_window_seconds == 60


@pytest.mark.parametrize("declare", [lambda: Np6Import("i", name="n"), lambda: Np6Segment("s", name="n")])
def test_every_resource_refuses_a_plaintext_key(monkeypatch: pytest.MonkeyPatch, declare: Any) -> None:
    """Regression: a program of segments only went through with the key in clear in the stack and state."""
    monkeypatch.setattr(pulumi_config, "get_config", {"np6:apiKey": "SECRET-123"}.get)
    monkeypatch.setattr(pulumi_config, "is_config_secret", lambda key: False)
    with pytest.raises(Np6ConfigError, match="np6:apiKey is stored in plain text") as refused:
        declare()
    assert "SECRET-123" not in str(refused.value)
