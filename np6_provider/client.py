"""An httpx client for the NP6 imports API (and the segments an import points at)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import TypeAdapter, ValidationError

from .errors import (
    Np6AmbiguousWriteError,
    Np6DeadlineExceeded,
    Np6ReadOnlyError,
    Np6RequestError,
    Np6TransportError,
    http_error_for,
)
from .models import LENIENT, Execution, FileSource, ImportDefinition, LastExecution, Segment, WireModel
from .retry import NOT_SENT_ERRORS, RETRYABLE_STATUSES, Deadline, RetryableResponse, call_with_retries
from .settings import AccountSettings, RetrySettings

IMPORT_MEDIA_TYPE = "application/vnd.mperf.v8.import.v1+json"
_JSON_MEDIA_TYPES = (IMPORT_MEDIA_TYPE, "application/json")
_USER_AGENT = "np6-pulumi"
T = TypeVar("T")


class Np6Client:
    """Talks to one NP6 account. Thread-safe; reuse one instance (it pools connections)."""

    def __init__(
        self,
        account: AccountSettings,
        retry: RetrySettings | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        read_only: bool = False,
    ) -> None:
        self._retry = retry or RetrySettings()
        self._read_only = read_only
        self._http = httpx.Client(
            base_url=account.base_url,
            headers={"X-Key": account.api_key.get_secret_value(), "User-Agent": _USER_AGENT},
            timeout=httpx.Timeout(self._retry.read_timeout_seconds, connect=self._retry.connect_timeout_seconds),
            transport=transport,
            limits=httpx.Limits(max_connections=32, max_keepalive_connections=32),
        )
        self._writes_lock = threading.Lock()
        self._writes_started = 0
        self._writes_in_flight = 0

    @property
    def retry_settings(self) -> RetrySettings:
        return self._retry

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Np6Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def new_deadline(self) -> Deadline:
        return Deadline.after(self._retry.operation_deadline_seconds)

    def writes(self) -> tuple[int, int]:
        """(writes started, writes in flight) through this client, for caches of what it read."""
        with self._writes_lock:
            return self._writes_started, self._writes_in_flight

    # Imports ---------------------------------------------------------------

    def list_imports(self, deadline: Deadline | None = None) -> list[ImportDefinition]:
        data = self._send("GET", "/imports", deadline=deadline)
        return _parse(_adapter(list[ImportDefinition]), data, "GET /imports")

    def get_import(self, import_id: int, deadline: Deadline | None = None) -> ImportDefinition:
        path = f"/imports/{import_id}"
        return _parse(_adapter(ImportDefinition), self._send("GET", path, deadline=deadline), f"GET {path}")

    def create_import(self, definition: WireModel, deadline: Deadline | None = None) -> ImportDefinition:
        """POSTs a definition. Raises Np6AmbiguousWriteError when NP6 may have created it anyway."""
        data = self._send("POST", "/imports", json_body=definition.to_wire(), deadline=deadline)
        return _parse(_adapter(ImportDefinition), data, "POST /imports")

    def update_import(self, import_id: int, changes: WireModel, deadline: Deadline | None = None) -> ImportDefinition:
        """PUTs the members to change; NP6 keeps absent members and merges features by type."""
        path = f"/imports/{import_id}"
        data = self._send("PUT", path, json_body=changes.to_wire(), deadline=deadline)
        return _parse(_adapter(ImportDefinition), data, f"PUT {path}")

    def delete_import(self, import_id: int, deadline: Deadline | None = None) -> None:
        self._send("DELETE", f"/imports/{import_id}", deadline=deadline)

    def upload_source(
        self, import_id: int, filename: str, content: bytes, deadline: Deadline | None = None
    ) -> FileSource:
        path = f"/imports/{import_id}/source"
        headers = {
            "Content-Type": "application/octet-stream",
            "Content-Disposition": _content_disposition(filename),
        }
        data = self._send("PUT", path, content=content, headers=headers, deadline=deadline)
        return _parse(_adapter(FileSource), data, f"PUT {path}")

    def get_last_execution(self, import_id: int, deadline: Deadline | None = None) -> LastExecution:
        path = f"/imports/{import_id}/executions"
        return _parse(_adapter(LastExecution), self._send("GET", path, deadline=deadline), f"GET {path}")

    def start_execution(
        self, import_id: int, changes: WireModel | None = None, deadline: Deadline | None = None
    ) -> Execution:
        """Starts a run; `changes` are applied to the definition first, like a PUT."""
        path = f"/imports/{import_id}/executions"
        body = changes.to_wire() if changes is not None else {}
        data = self._send("POST", path, json_body=body, deadline=deadline)
        return _parse(_adapter(Execution), data if isinstance(data, dict) else {}, f"POST {path}")

    # Segments --------------------------------------------------------------

    def list_segments(self, deadline: Deadline | None = None) -> list[Segment]:
        return _parse(_adapter(list[Segment]), self._send("GET", "/segments", deadline=deadline), "GET /segments")

    def get_segment(self, segment_id: int, deadline: Deadline | None = None) -> Segment:
        path = f"/segments/{segment_id}"
        return _parse(_adapter(Segment), self._send("GET", path, deadline=deadline), f"GET {path}")

    def create_segment(self, segment: Segment, deadline: Deadline | None = None) -> Segment:
        data = self._send("POST", "/segments", json_body=segment.to_wire(), deadline=deadline)
        return _parse(_adapter(Segment), data, "POST /segments")

    def update_segment(self, segment_id: int, segment: Segment, deadline: Deadline | None = None) -> Segment:
        path = f"/segments/{segment_id}"
        data = self._send("PUT", path, json_body=segment.to_wire(), deadline=deadline)
        return _parse(_adapter(Segment), data, f"PUT {path}")

    def delete_segment(self, segment_id: int, deadline: Deadline | None = None) -> None:
        self._send("DELETE", f"/segments/{segment_id}", deadline=deadline)

    # Transport -------------------------------------------------------------

    def _send(self, method: str, path: str, **options: Any) -> Any:
        if method == "GET":
            return self._exchange(method, path, **options)
        if self._read_only:
            raise Np6ReadOnlyError(
                f"{method} {path}",
                "not sent: the run is read-only (np6:readOnly / NP6_READ_ONLY) and this would change NP6",
            )
        with self._writes_lock:
            self._writes_started += 1
            self._writes_in_flight += 1
        try:
            return self._exchange(method, path, **options)
        finally:
            with self._writes_lock:
                self._writes_in_flight -= 1

    def _exchange(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        deadline: Deadline | None = None,
    ) -> Any:
        operation = f"{method} {path}"
        deadline = deadline or self.new_deadline()
        idempotent = method != "POST"
        request_headers = {"Accept": IMPORT_MEDIA_TYPE if path.startswith("/imports") else "application/json"}
        request_headers.update(headers or {})

        def attempt() -> httpx.Response:
            remaining = deadline.remaining()
            if remaining <= 0:
                raise Np6DeadlineExceeded(operation, "the operation deadline passed; retry later")
            timeout = httpx.Timeout(
                min(self._retry.read_timeout_seconds, remaining),
                connect=min(self._retry.connect_timeout_seconds, remaining),
            )
            response = self._http.request(
                method, path, json=json_body, content=content, headers=request_headers, timeout=timeout
            )
            if response.status_code in RETRYABLE_STATUSES:
                raise RetryableResponse(response)
            return response

        try:
            response = call_with_retries(
                operation, attempt, settings=self._retry, idempotent=idempotent, deadline=deadline
            )
        except RetryableResponse as exhausted:
            response = exhausted.response
            if not idempotent and response.status_code not in (429,):
                raise Np6AmbiguousWriteError(
                    operation, f"NP6 answered HTTP {response.status_code}; the write may have been applied"
                ) from None
        except NOT_SENT_ERRORS as error:
            raise Np6TransportError(
                operation,
                f"cannot reach NP6 at {self._http.base_url} ({type(error).__name__}); "
                "check the base URL (np6:baseUrl, or NP6_BASE_URL / --base-url for the np6 command)",
            ) from None
        except httpx.TransportError as error:
            if not idempotent:
                raise Np6AmbiguousWriteError(
                    operation,
                    f"the connection failed after sending ({type(error).__name__}); the write may have been applied",
                ) from None
            raise Np6TransportError(operation, f"the connection to NP6 failed ({type(error).__name__})") from None
        return _decode(operation, response)


def _decode(operation: str, response: httpx.Response) -> Any:
    if response.status_code >= 400:
        raise http_error_for(
            operation, response.status_code, response.headers.get("x-request-id"), _error_detail(response)
        )
    if response.status_code == 204 or not response.content:
        return None
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type and media_type not in _JSON_MEDIA_TYPES:
        raise Np6RequestError(operation, f"unexpected response media type {media_type!r}")
    try:
        return response.json()
    except ValueError:
        raise Np6RequestError(operation, "NP6 returned a body that is not JSON") from None


def _error_detail(response: httpx.Response) -> str:
    """A short, single-line summary of an error body, when NP6 sends one (it often does not)."""
    text = response.text.strip() if response.content else ""
    # Some gateways echo request headers in error pages: never let the API key into a message.
    try:
        api_key = response.request.headers.get("x-key")
    except RuntimeError:  # a response built without a request
        api_key = None
    if api_key:
        text = text.replace(api_key, "<redacted>")
    return " ".join(text.split())[:200]


def _content_disposition(filename: str) -> str:
    """The upload's name as NP6's samples send it, plus its UTF-8 form when it is not plain ASCII (RFC 6266)."""
    fallback = "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in filename)
    header = f'form-data; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def _adapter(shape: type[T]) -> TypeAdapter[T]:
    """One validator per response shape, built on first use (one for `list[...]` costs milliseconds)."""
    adapter = _ADAPTERS.get(shape)
    if adapter is None:
        adapter = _ADAPTERS.setdefault(shape, TypeAdapter(shape))
    return adapter


def _parse(adapter: TypeAdapter[T], data: Any, operation: str) -> T:
    try:
        return adapter.validate_python(data, context={LENIENT: True})
    except ValidationError as error:
        first = error.errors(include_input=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise Np6RequestError(operation, f"unexpected response shape at {where or 'body'}: {first['msg']}") from None


__all__: Sequence[str] = ["IMPORT_MEDIA_TYPE", "Np6Client"]
