"""An API key stored without --secret is refused before any request."""

from __future__ import annotations

from typing import Any

import pytest

from np6_provider.settings import plaintext_key_problem


@pytest.mark.parametrize(
    ("config", "secret_keys", "expected"),
    [
        ({}, set(), None),
        ({"np6:apiKey": "SECRET-123"}, {"np6:apiKey"}, None),
        ({"np6:apiKey": "SECRET-123"}, set(), "np6:apiKey is stored in plain text"),
        ({"np6:accounts": '{"a": {"apiKey": "SECRET-123"}}'}, {"np6:accounts"}, None),
        ({"np6:accounts": '{"a": {"apiKey": "SECRET-123"}}'}, set(), "np6:accounts API key is stored in plain text"),
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


def test_orphan_window_is_configurable_and_zero_disables() -> None:
    from np6_provider.settings import load_settings

    assert load_settings({}.get, environ={}).orphan_window_seconds == 900
    assert load_settings({"np6:orphanWindowSeconds": "0"}.get, environ={}).orphan_window_seconds == 0
    assert load_settings({}.get, environ={"NP6_ORPHAN_WINDOW_SECONDS": "60"}).orphan_window_seconds == 60
