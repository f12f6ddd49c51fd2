"""Provider settings from stack config (np6:*) and the environment (NP6_*)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from np6_provider.errors import Np6ConfigError
from np6_provider.settings import DEFAULT_BASE_URL, AccountSettings, RetrySettings, load_settings

KEY = "np6-settings-key-5e8d2b7c9a1f"


def config(**values: Any) -> Callable[[str], Any]:
    """A config_get over `np6:<key>` values (None when unset), like pulumi's config.get."""
    return lambda key: values.get(key.removeprefix("np6:"))


def load(env: Mapping[str, str] | None = None, **values: Any) -> Any:
    return load_settings(config(**values), env or {})


def refused(env: Mapping[str, str] | None = None, **values: Any) -> str:
    with pytest.raises(Np6ConfigError) as caught:
        load(env, **values)
    message = str(caught.value)
    assert "\n" not in message
    assert KEY not in message
    assert KEY[:10] not in message
    return message


# -- default account -----------------------------------------------------------------------------------------


def test_from_config() -> None:
    settings = load(apiKey=KEY, baseUrl="https://eu.np6.example/")
    account = settings.account(None)
    assert account.api_key.get_secret_value() == KEY
    assert account.base_url == "https://eu.np6.example"
    assert settings.accounts == {}


def test_from_environment() -> None:
    settings = load({"NP6_API_KEY": KEY, "NP6_BASE_URL": "https://env.np6.example"})
    account = settings.account(None)
    assert account.api_key.get_secret_value() == KEY
    assert account.base_url == "https://env.np6.example"


def test_config_wins_over_environment() -> None:
    settings = load({"NP6_API_KEY": "from-env", "NP6_BASE_URL": "https://env.example"}, apiKey=KEY)
    assert settings.account(None).api_key.get_secret_value() == KEY
    assert settings.account(None).base_url == "https://env.example"  # unset in config: the environment's


def test_empty_config_value_falls_back_to_environment() -> None:
    settings = load({"NP6_API_KEY": KEY}, apiKey="")
    assert settings.account(None).api_key.get_secret_value() == KEY


def test_default_base_url() -> None:
    assert load(apiKey=KEY).account(None).base_url == DEFAULT_BASE_URL == "https://api-cm.np6.com"


def test_no_key_is_an_error_only_when_the_default_account_is_used() -> None:
    settings = load()
    assert settings.default_account is None
    with pytest.raises(Np6ConfigError, match="NP6_API_KEY") as caught:
        settings.account(None)
    assert "\n" not in str(caught.value)


def test_key_is_never_shown() -> None:
    settings = load(apiKey=KEY)
    for text in (repr(settings), str(settings), settings.model_dump_json(), repr(settings.account(None))):
        assert KEY not in text


# -- plain http ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["http://localhost:8080", "http://127.0.0.1:9000", "http://127.0.0.2", "http://[::1]:8080", "https://np6.example"],
)
def test_loopback_http_and_https_are_allowed(url: str) -> None:
    assert load(apiKey=KEY, baseUrl=url).account(None).base_url == url


@pytest.mark.parametrize(
    "url",
    ["http://api-cm.np6.com", "http://10.0.0.8:8080", "http://localhost.example.com", "http://[2001:db8::1]"],
)
def test_plain_http_elsewhere_is_refused(url: str) -> None:
    message = refused(apiKey=KEY, baseUrl=url)
    assert "allowInsecureHttp" in message
    assert "invalid np6 provider settings" in message


@pytest.mark.parametrize("flag", [True, "true", "1", "yes", "on", "TRUE"])
def test_allow_insecure_http(flag: Any) -> None:
    settings = load(apiKey=KEY, baseUrl="http://np6.internal", allowInsecureHttp=flag)
    assert settings.account(None).allow_insecure_http is True


@pytest.mark.parametrize("flag", [False, "false", "0", "no", ""])
def test_allow_insecure_http_falsy(flag: Any) -> None:
    refused(apiKey=KEY, baseUrl="http://np6.internal", allowInsecureHttp=flag)


def test_allow_insecure_http_from_environment() -> None:
    settings = load({"NP6_API_KEY": KEY, "NP6_BASE_URL": "http://np6.internal", "NP6_ALLOW_INSECURE_HTTP": "true"})
    assert settings.account(None).base_url == "http://np6.internal"


@pytest.mark.parametrize("url", ["ftp://np6.example", "api-cm.np6.com", "https://", ""])
def test_not_an_http_url(url: str) -> None:
    if url == "":
        # empty means unset: the default URL
        assert load(apiKey=KEY, baseUrl=url).account(None).base_url == DEFAULT_BASE_URL
        return
    assert "http(s) URL" in refused(apiKey=KEY, baseUrl=url)


# -- named accounts ------------------------------------------------------------------------------------------

ACCOUNTS = {
    "prod": {"apiKey": KEY},
    "staging": {"apiKey": "staging-key", "baseUrl": "https://staging.np6.example"},
    "local": {"apiKey": "local-key", "baseUrl": "http://np6.lan", "allowInsecureHttp": "true"},
}


@pytest.mark.parametrize("form", ["dict", "json-string"])
def test_accounts(form: str) -> None:
    raw = ACCOUNTS if form == "dict" else json.dumps(ACCOUNTS)
    settings = load(accounts=raw)
    assert settings.account("prod").api_key.get_secret_value() == KEY
    assert settings.account("prod").base_url == DEFAULT_BASE_URL
    assert settings.account("staging").base_url == "https://staging.np6.example"
    assert settings.account("local").allow_insecure_http is True
    assert settings.default_account is None


def test_accounts_from_environment() -> None:
    settings = load({"NP6_ACCOUNTS": json.dumps(ACCOUNTS), "NP6_API_KEY": "default-key"})
    assert settings.account("staging").api_key.get_secret_value() == "staging-key"
    assert settings.account(None).api_key.get_secret_value() == "default-key"


def test_accounts_inherit_the_global_insecure_flag() -> None:
    settings = load(accounts={"lan": {"apiKey": KEY, "baseUrl": "http://np6.lan"}}, allowInsecureHttp="true")
    assert settings.account("lan").allow_insecure_http is True


def test_unknown_account_names_the_configured_ones() -> None:
    settings = load(accounts=ACCOUNTS)
    with pytest.raises(Np6ConfigError) as caught:
        settings.account("qa")
    message = str(caught.value)
    assert "'qa'" in message
    assert "local, prod, staging" in message
    assert "np6:accounts.qa.apiKey" in message
    assert KEY not in message


@pytest.mark.parametrize(
    ("accounts", "reason"),
    [
        ('{"prod": {"apiKey": ', "not a JSON object"),
        (f'{{"prod": {{"apiKey": "{KEY}", }}}}', "not a JSON object"),
        ({"prod": {}}, "np6:accounts.prod.apiKey"),
        ({"prod": {"apiKey": "   "}}, "API key is empty"),
        ({"prod": KEY}, "np6:accounts.prod"),
        ([{"apiKey": KEY}], "np6:accounts"),
        ({"prod": {"apiKey": KEY, "region": "eu"}}, "np6:accounts.prod"),
        ({"prod": {"apiKey": KEY, "baseUrl": "http://np6.example"}}, "allowInsecureHttp"),
    ],
    ids=["truncated-json", "trailing-comma", "no-key", "blank-key", "key-not-object", "list", "extra", "http"],
)
def test_bad_accounts(accounts: Any, reason: str) -> None:
    assert reason in refused(accounts=accounts)


# -- retry knobs ---------------------------------------------------------------------------------------------


def test_retry_defaults() -> None:
    assert load(apiKey=KEY).retry == RetrySettings()


def test_retry_knobs_from_config() -> None:
    retry = load(
        apiKey=KEY,
        maxAttempts="3",
        retryMaxWaitSeconds="2.5",
        connectTimeoutSeconds=4,
        readTimeoutSeconds="12",
        operationDeadlineSeconds="90",
    ).retry
    assert (retry.max_attempts, retry.max_wait_seconds) == (3, 2.5)
    assert (retry.connect_timeout_seconds, retry.read_timeout_seconds, retry.operation_deadline_seconds) == (4, 12, 90)


def test_retry_knobs_from_environment() -> None:
    env = {
        "NP6_API_KEY": KEY,
        "NP6_MAX_ATTEMPTS": "2",
        "NP6_RETRY_MAX_WAIT_SECONDS": "1",
        "NP6_CONNECT_TIMEOUT_SECONDS": "3",
        "NP6_READ_TIMEOUT_SECONDS": "7",
        "NP6_OPERATION_DEADLINE_SECONDS": "60",
    }
    retry = load(env).retry
    assert retry.max_attempts == 2
    assert (retry.max_wait_seconds, retry.connect_timeout_seconds) == (1, 3)
    assert (retry.read_timeout_seconds, retry.operation_deadline_seconds) == (7, 60)


@pytest.mark.parametrize(
    ("knob", "value", "field"),
    [
        ("maxAttempts", "0", "max_attempts"),
        ("maxAttempts", "2.5", "max_attempts"),
        ("maxAttempts", "51", "max_attempts"),
        ("retryMaxWaitSeconds", "0", "max_wait_seconds"),
        ("retryMaxWaitSeconds", "-1", "max_wait_seconds"),
        ("readTimeoutSeconds", "601", "read_timeout_seconds"),
        ("operationDeadlineSeconds", "3601", "operation_deadline_seconds"),
        ("connectTimeoutSeconds", "soon", None),
    ],
)
def test_bad_retry_knobs(knob: str, value: str, field: str | None) -> None:
    message = refused(None, apiKey=KEY, **{knob: value})
    assert message.startswith("invalid np6 provider settings")
    if field:
        assert field in message


def test_retry_settings_are_frozen_and_strict() -> None:
    with pytest.raises(ValueError, match="Extra inputs"):
        RetrySettings(max_tries=3)  # type: ignore[call-arg]
    settings = RetrySettings()
    with pytest.raises(ValueError, match="frozen"):
        settings.max_attempts = 1  # type: ignore[misc]


def test_account_settings_validate_directly() -> None:
    account = AccountSettings(api_key=KEY, base_url="https://np6.example///")
    assert account.base_url == "https://np6.example"
    with pytest.raises(ValueError, match="API key is empty"):
        AccountSettings(api_key="")


# -- batched reads --------------------------------------------------------------------------------------------


def test_batched_reads_are_on_by_default() -> None:
    assert load(apiKey=KEY).batched_reads is True


@pytest.mark.parametrize(("env", "values"), [({}, {"batchedReads": "false"}), ({"NP6_BATCHED_READS": "0"}, {})])
def test_batched_reads_can_be_turned_off(env: dict[str, str], values: dict[str, Any]) -> None:
    assert load(env, apiKey=KEY, **values).batched_reads is False
