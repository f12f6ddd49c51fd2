"""Provider settings: where NP6 is, the API key, and the retry and deadline budget."""

from __future__ import annotations

import ipaddress
import json
import os
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator

from .errors import Np6ConfigError

DEFAULT_BASE_URL = "https://api-cm.np6.com"
CONFIG_NAMESPACE = "np6"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class RetrySettings(BaseModel):
    """How hard to retry throttled or failed requests."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_attempts: int = Field(default=6, ge=1, le=50, description="Tries per request, the first included.")
    max_wait_seconds: float = Field(default=30.0, gt=0, le=600, description="Longest single wait between tries.")
    initial_wait_seconds: float = Field(default=0.25, gt=0, le=60, description="First backoff step.")
    connect_timeout_seconds: float = Field(default=5.0, gt=0, le=120)
    read_timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    operation_deadline_seconds: float = Field(
        default=300.0, gt=0, le=3600, description="Budget for one resource operation, all retries included."
    )


class AccountSettings(BaseModel):
    """One NP6 account: its API base URL and key."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str = DEFAULT_BASE_URL
    api_key: SecretStr
    allow_insecure_http: bool = False

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"base URL must be an http(s) URL, got {value!r}")
        return value.rstrip("/")

    @field_validator("api_key")
    @classmethod
    def _non_empty_key(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():
            raise ValueError("the API key is empty")
        return value

    @model_validator(mode="after")
    def _https_unless_loopback(self) -> AccountSettings:
        parts = urlsplit(self.base_url)
        if parts.scheme == "http" and not _is_loopback(parts.hostname or "") and not self.allow_insecure_http:
            raise ValueError(
                f"refusing to send the API key over plain http to {parts.hostname}; use https, "
                "or set np6:allowInsecureHttp true if you really mean it"
            )
        return self


class ProviderSettings(BaseModel):
    """Everything the provider reads from stack config (np6:*) and the environment (NP6_*)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    default_account: AccountSettings | None = None
    accounts: dict[str, AccountSettings] = Field(default_factory=dict)
    retry: RetrySettings = RetrySettings()
    orphan_window_seconds: float = Field(
        default=0,
        ge=0,
        le=86400,
        description="How recent an identical, unowned import must be for a create to take it over (0: never). "
        "Set only to recover from an interrupted run: see the README.",
    )
    batched_reads: bool = Field(
        default=True,
        description="Serve a refresh's reads from one GET /imports of the account (see ProviderRuntime.read_import).",
    )
    read_only: bool = Field(
        default=False,
        description="Refuse every write before it is sent (an adoption that would change NP6 fails instead).",
    )

    def account(self, name: str | None) -> AccountSettings:
        if name is None:
            if self.default_account is None:
                raise Np6ConfigError(
                    "no NP6 API key: run `pulumi config set --secret np6:apiKey <key>` or export NP6_API_KEY"
                )
            return self.default_account
        if name not in self.accounts:
            known = ", ".join(sorted(self.accounts)) or "none"
            raise Np6ConfigError(
                f"unknown NP6 account {name!r} (configured: {known}); "
                f"run `pulumi config set --secret --path np6:accounts.{name}.apiKey <key>`"
            )
        return self.accounts[name]


_RETRY_KEYS: dict[str, str] = {
    "maxAttempts": "max_attempts",
    "retryMaxWaitSeconds": "max_wait_seconds",
    "connectTimeoutSeconds": "connect_timeout_seconds",
    "readTimeoutSeconds": "read_timeout_seconds",
    "operationDeadlineSeconds": "operation_deadline_seconds",
}


def _env_name(config_key: str) -> str:
    snake = "".join(f"_{c}" if c.isupper() else c for c in config_key).upper()
    return f"NP6_{snake}"


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def load_settings(config_get: Callable[[str], Any], environ: Mapping[str, str] = os.environ) -> ProviderSettings:
    """Builds settings from `np6:*` stack config, falling back to NP6_* environment variables.

    `config_get` looks up a namespaced key ("np6:apiKey") and returns None when unset.
    """

    def lookup(key: str) -> Any:
        value = config_get(f"{CONFIG_NAMESPACE}:{key}")
        return environ.get(_env_name(key)) if value in (None, "") else value

    allow_http = _as_bool(lookup("allowInsecureHttp") or False)
    try:
        accounts = _load_accounts(lookup("accounts"), allow_http)
        api_key = lookup("apiKey")
        default_account = (
            AccountSettings(
                base_url=lookup("baseUrl") or DEFAULT_BASE_URL, api_key=api_key, allow_insecure_http=allow_http
            )
            if api_key
            else None
        )
        retry = RetrySettings(
            **{field: float(raw) for key, field in _RETRY_KEYS.items() if (raw := lookup(key)) not in (None, "")}
        )
        extra: dict[str, Any] = {}
        if (orphan_window := lookup("orphanWindowSeconds")) not in (None, ""):
            extra["orphan_window_seconds"] = float(orphan_window)
        if (batched_reads := lookup("batchedReads")) not in (None, ""):
            extra["batched_reads"] = _as_bool(batched_reads)
        if (read_only := lookup("readOnly")) not in (None, ""):
            extra["read_only"] = _as_bool(read_only)
    except json.JSONDecodeError as error:
        raise Np6ConfigError(f"np6:accounts is not a JSON object: {error.msg}") from None
    except (ValidationError, AttributeError, TypeError, ValueError) as error:
        raise Np6ConfigError(f"invalid np6 provider settings: {_one_line(error)}") from None
    return ProviderSettings(default_account=default_account, accounts=accounts, retry=retry, **extra)


# Pulumi's marker of a secret value ({SECRET_SIG_KEY: SECRET_SIG, "value": ...}), should one reach us still wrapped.
_SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d"  # noqa: S105 - a public marker, not a secret
_SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"  # noqa: S105
_ACCOUNT_KEYS: dict[str, str] = {"baseUrl": "base_url", "apiKey": "api_key", "allowInsecureHttp": "allow_insecure_http"}


def _unwrap_secrets(value: Any) -> Any:
    """Plain values from config that may hold secret-wrapped leaves (any depth)."""
    if isinstance(value, Mapping):
        if value.get(_SECRET_SIG_KEY) == _SECRET_SIG and "value" in value:
            return _unwrap_secrets(value["value"])
        return {key: _unwrap_secrets(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_unwrap_secrets(item) for item in value]
    return value


def _load_accounts(raw: Any, allow_http: bool) -> dict[str, AccountSettings]:
    """`np6:accounts`: {name: {baseUrl, apiKey, allowInsecureHttp}}.

    The engine hands the dynamic provider structured config as a JSON string (measured with
    pulumi 3.260 for values set with `pulumi config set [--secret] --path np6:accounts.<name>.<key>`,
    the whole object then being one secret); a mapping, possibly with secret-wrapped leaves, is
    accepted too. Messages name the config path and never hold a value.
    """
    raw = _unwrap_secrets(raw)
    if raw in (None, ""):
        return {}
    if isinstance(raw, str):
        try:
            raw = _unwrap_secrets(json.loads(raw))
        except json.JSONDecodeError as error:
            raise Np6ConfigError(f"np6:accounts is not a JSON object: {error.msg}") from None
    if not isinstance(raw, Mapping):
        raise Np6ConfigError("np6:accounts must be an object: {<account name>: {baseUrl, apiKey, allowInsecureHttp}}")
    accounts: dict[str, AccountSettings] = {}
    for name, entry in raw.items():
        where = f"np6:accounts.{name}"
        if not isinstance(name, str) or not name.strip():
            raise Np6ConfigError("np6:accounts: every account needs a non-empty name")
        if not isinstance(entry, Mapping):
            raise Np6ConfigError(f"{where} must be an object with apiKey, and optionally baseUrl and allowInsecureHttp")
        unknown = sorted(str(key) for key in entry if key not in _ACCOUNT_KEYS)
        if unknown:
            raise Np6ConfigError(f"{where}: unknown setting {', '.join(unknown)}; expected {', '.join(_ACCOUNT_KEYS)}")
        if entry.get("apiKey") in (None, ""):
            raise Np6ConfigError(
                f"{where}.apiKey is not set: run `pulumi config set --secret --path {where}.apiKey <key>`"
            )
        try:
            accounts[name] = AccountSettings(
                base_url=entry.get("baseUrl") or DEFAULT_BASE_URL,
                api_key=str(entry["apiKey"]),
                allow_insecure_http=_as_bool(entry.get("allowInsecureHttp", allow_http)),
            )
        except ValidationError as error:
            raise Np6ConfigError(f"{where}: {_one_line(error)}") from None
    return accounts


def _one_line(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'value'}: {e['msg']}" for e in error.errors(include_input=False)
        )
    return str(error).splitlines()[0]


def plaintext_key_problem(config_get: Callable[[str], Any], is_secret: Callable[[str], bool]) -> str | None:
    """Why the stack config holds an API key in clear text (stack file and state), or None if it does not."""
    if config_get(f"{CONFIG_NAMESPACE}:apiKey") not in (None, "") and not is_secret(f"{CONFIG_NAMESPACE}:apiKey"):
        return "np6:apiKey is stored in plain text; run `pulumi config set --secret np6:apiKey <key>`"
    accounts = config_get(f"{CONFIG_NAMESPACE}:accounts")
    if accounts in (None, "") or is_secret(f"{CONFIG_NAMESPACE}:accounts"):
        return None
    try:
        parsed = json.loads(accounts) if isinstance(accounts, str) else accounts
    except json.JSONDecodeError:
        parsed = None
    named = sorted(n for n, a in parsed.items() if isinstance(a, dict) and a.get("apiKey")) if isinstance(
        parsed, dict
    ) else []  # fmt: skip
    if not named and "apiKey" not in str(accounts):
        return None
    name = named[0] if named else "<name>"
    return (
        f"the API key of np6:accounts.{name} is stored in plain text; "
        f"run `pulumi config set --secret --path np6:accounts.{name}.apiKey <key>`"
    )


def refuse_plaintext_key() -> None:
    """Raises before a resource is declared when the program's stack config keeps an API key in clear text."""
    import pulumi.runtime.config as pulumi_config  # the program's config: only resources' constructors call this

    problem = plaintext_key_problem(pulumi_config.get_config, pulumi_config.is_config_secret)
    if problem:
        raise Np6ConfigError(problem)
