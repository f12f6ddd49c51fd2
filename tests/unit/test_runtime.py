"""Per-process provider state: one runtime per process and settings, and what the provider process imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import np6_provider
from np6_provider import runtime as runtime_module
from np6_provider.runtime import configure_runtime, current_runtime

CONFIG = {"np6:apiKey": "key-one", "np6:baseUrl": "http://127.0.0.1:9"}


@pytest.fixture(autouse=True)
def fresh_runtime(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime_module, "_current", None)
    for name in ("NP6_API_KEY", "NP6_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


def test_a_second_configure_with_the_same_config_keeps_the_runtime() -> None:
    # The SDK calls configure once per distinct provider (imports, then segments) with the same config.
    first = configure_runtime(CONFIG.get)
    client = first.client(None)
    assert first.claim(None, 42)
    first.snapshot(None, lambda: [])

    second = configure_runtime(dict(CONFIG).get)

    assert second is first
    assert current_runtime() is first
    assert second.client(None) is client  # the pooled connections are kept
    assert not second.claim(None, 42)  # ids claimed before the second configure stay claimed
    assert second.snapshot(None, lambda: pytest.fail("the account was listed twice")) == []
    client.close()


def test_a_configure_with_other_settings_replaces_the_runtime() -> None:
    first = configure_runtime(CONFIG.get)
    second = configure_runtime({**CONFIG, "np6:apiKey": "key-two"}.get)
    assert second is not first
    assert current_runtime() is second
    assert second.claim(None, 42)


def _imported_after(statement: str) -> dict[str, bool]:
    code = (
        f"import sys, json\n{statement}\n"
        "print(json.dumps({m: m in sys.modules for m in "
        "('httpx', 'tenacity', 'np6_provider.client', 'np6_provider.resources.np6_segment', "
        "'np6_provider.components', 'np6_provider.models')}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout))


def test_the_provider_module_loads_neither_the_http_client_nor_the_other_resources() -> None:
    # What the provider process unpickles for every operation; previews (check, diff) never need httpx.
    loaded = _imported_after("import np6_provider.resources.np6_import")
    assert loaded == {
        "httpx": False,
        "tenacity": False,
        "np6_provider.client": False,
        "np6_provider.resources.np6_segment": False,
        "np6_provider.components": False,
        "np6_provider.models": True,
    }


def test_the_package_imports_nothing_until_a_name_is_used() -> None:
    loaded = _imported_after("import np6_provider")
    assert not any(loaded.values())


def test_the_http_client_is_imported_by_the_first_client() -> None:
    loaded = _imported_after(
        f"from np6_provider.runtime import configure_runtime\nconfigure_runtime({CONFIG!r}.get).client(None)"
    )
    assert loaded["httpx"]
    assert loaded["np6_provider.client"]


def test_every_public_name_resolves_lazily() -> None:
    for name in np6_provider.__all__:
        value = getattr(np6_provider, name)
        assert getattr(value, "__name__", name) == name
    assert set(np6_provider.__all__) <= set(dir(np6_provider))
    from np6_provider.resources.np6_import import Np6Import

    assert np6_provider.Np6Import is Np6Import
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        np6_provider.Nope  # noqa: B018


def test_star_import_gives_every_public_name() -> None:
    namespace: dict[str, object] = {}
    exec("from np6_provider import *", namespace)  # noqa: S102 - a fixed statement
    assert set(np6_provider.__all__) <= set(namespace)
