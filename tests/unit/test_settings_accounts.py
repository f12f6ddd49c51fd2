"""`np6:accounts` as the engine hands it to the dynamic provider's configure (measured with pulumi 3.260).

`pulumi config set --secret --path np6:accounts.staging.apiKey K` + `--path ...baseUrl U` reach
`req.config.get("np6:accounts")` as ONE JSON string with plaintext leaves (the whole object is the
secret; the servicer unwraps it). Mappings and secret-wrapped leaves are accepted too.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from np6_provider.errors import Np6ConfigError
from np6_provider.settings import DEFAULT_BASE_URL, load_settings

KEY = "s3cr3t-staging-key"
SECRET_SIG = {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270"}


def settings_from(config: dict[str, Any], environ: dict[str, str] | None = None) -> Any:
    return load_settings(config.get, environ or {})


def test_json_string_as_the_engine_sends_it() -> None:
    measured = json.dumps({"staging": {"allowInsecureHttp": True, "apiKey": KEY, "baseUrl": "http://10.0.0.5:8710"}})
    settings = settings_from({"np6:accounts": measured, "np6:apiKey": "default-key"})
    staging = settings.account("staging")
    assert staging.base_url == "http://10.0.0.5:8710"
    assert staging.api_key.get_secret_value() == KEY
    assert staging.allow_insecure_http is True
    assert settings.account(None).api_key.get_secret_value() == "default-key"


def test_mapping_with_secret_wrapped_leaves() -> None:
    raw = {"staging": {"apiKey": {**SECRET_SIG, "value": KEY}, "baseUrl": "https://staging.example.com/"}}
    staging = settings_from({"np6:accounts": raw}).account("staging")
    assert staging.api_key.get_secret_value() == KEY
    assert staging.base_url == "https://staging.example.com"


def test_a_whole_object_wrapped_as_one_secret() -> None:
    raw = {**SECRET_SIG, "value": json.dumps({"eu": {"apiKey": KEY}})}
    eu = settings_from({"np6:accounts": raw}).account("eu")
    assert eu.base_url == DEFAULT_BASE_URL


def test_accounts_fall_back_to_the_environment() -> None:
    environ = {"NP6_ACCOUNTS": json.dumps({"ci": {"apiKey": KEY}})}
    assert settings_from({}, environ).account("ci").api_key.get_secret_value() == KEY


@pytest.mark.parametrize(("flag", "expected"), [("true", True), ("false", False), (True, True), (False, False)])
def test_allow_insecure_http_as_string_or_bool(flag: Any, expected: bool) -> None:
    raw = {"lab": {"apiKey": KEY, "baseUrl": "https://lab.example.com", "allowInsecureHttp": flag}}
    assert settings_from({"np6:accounts": raw}).account("lab").allow_insecure_http is expected


def test_top_level_allow_insecure_http_is_the_accounts_default() -> None:
    raw = {"lab": {"apiKey": KEY, "baseUrl": "http://lab.example.com"}}
    settings = settings_from({"np6:accounts": raw, "np6:allowInsecureHttp": "true"})
    assert settings.account("lab").base_url == "http://lab.example.com"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{not json", "np6:accounts is not a JSON object"),
        ("[1, 2]", "np6:accounts must be an object"),
        ({"staging": "just-a-key"}, "np6:accounts.staging must be an object"),
        ({"staging": {"baseUrl": "https://x.example.com"}}, "np6:accounts.staging.apiKey is not set"),
        ({"staging": {"apikey": KEY}}, "np6:accounts.staging: unknown setting apikey"),
        ({"staging": {"apiKey": KEY, "baseUrl": "ftp://x"}}, "np6:accounts.staging: base_url"),
        ({"staging": {"apiKey": KEY, "baseUrl": "http://x.example.com"}}, "refusing to send the API key over plain"),
        ({"": {"apiKey": KEY}}, "every account needs a non-empty name"),
    ],
)
def test_invalid_accounts_name_the_path_and_never_the_key(raw: Any, message: str) -> None:
    with pytest.raises(Np6ConfigError) as raised:
        settings_from({"np6:accounts": raw})
    assert message in str(raised.value)
    assert KEY not in str(raised.value)
    assert "\n" not in str(raised.value)


def test_an_unknown_account_says_how_to_configure_it() -> None:
    settings = settings_from({"np6:accounts": json.dumps({"staging": {"apiKey": KEY}})})
    with pytest.raises(Np6ConfigError) as raised:
        settings.account("prod")
    assert "unknown NP6 account 'prod' (configured: staging)" in str(raised.value)
    assert "np6:accounts.prod.apiKey" in str(raised.value)


def test_no_accounts_keeps_the_single_account_behaviour() -> None:
    settings = settings_from({"np6:apiKey": "k", "np6:baseUrl": "http://127.0.0.1:8710"})
    assert settings.accounts == {}
    assert settings.account(None).base_url == "http://127.0.0.1:8710"
    assert settings_from({"np6:accounts": ""}).accounts == {}
