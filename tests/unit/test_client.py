"""The httpx client against httpx.MockTransport: headers, media types, error mapping, retries, deadline."""

from __future__ import annotations

import email.utils
import functools
import json
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from np6_provider import client as client_module
from np6_provider import retry as retry_module
from np6_provider.client import IMPORT_MEDIA_TYPE, Np6Client
from np6_provider.errors import (
    Np6AmbiguousWriteError,
    Np6AuthenticationError,
    Np6BadRequestError,
    Np6ConflictError,
    Np6DeadlineExceeded,
    Np6HTTPError,
    Np6NotFoundError,
    Np6PermissionError,
    Np6RateLimitedError,
    Np6ReadOnlyError,
    Np6RequestError,
    Np6ServerError,
    Np6TransportError,
)
from np6_provider.models import DuplicateFeature, FtpSource, ImportDeclaration, Segment, SegmentationFeature
from np6_provider.retry import Deadline, call_with_retries, server_requested_wait
from np6_provider.settings import AccountSettings, RetrySettings

from .fixture_catalog import load

KEY = "np6-key-7f3a9c1e5b2d4f6a8c0e"
BASE = "https://np6.test"
DEFINITION = load("get-import.response.json")
DECLARATION = ImportDeclaration(name="Import Contacts", binding=44)

Step = Callable[[httpx.Request], httpx.Response]


def reply(status: int = 200, body: Any = None, headers: dict[str, str] | None = None, raw: bytes | None = None) -> Step:
    """A fresh response per request (an httpx.Response cannot be served twice)."""

    def step(request: httpx.Request) -> httpx.Response:
        all_headers = {"Content-Type": IMPORT_MEDIA_TYPE} | (headers or {})
        if raw is not None:
            return httpx.Response(status, content=raw, headers=all_headers)
        if body is None:
            return httpx.Response(status, headers=headers or {})
        return httpx.Response(status, content=json.dumps(body).encode(), headers=all_headers)

    return step


def fail(error: type[httpx.TransportError]) -> Step:
    def step(request: httpx.Request) -> httpx.Response:
        raise error("simulated", request=request)

    return step


class Script:
    """Serves its steps in order, repeating the last one; records every request."""

    def __init__(self, *steps: Step) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps[min(len(self.requests), len(self.steps)) - 1]
        return step(request)

    @property
    def attempts(self) -> int:
        return len(self.requests)


def make_client(script: Script, **retry: Any) -> Np6Client:
    knobs: dict[str, Any] = {"initial_wait_seconds": 0.001, "max_wait_seconds": 0.01} | retry
    return Np6Client(
        AccountSettings(base_url=BASE, api_key=KEY), RetrySettings(**knobs), transport=httpx.MockTransport(script)
    )


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Records the waits between tries instead of sleeping."""
    recorded: list[float] = []
    monkeypatch.setattr(client_module, "call_with_retries", functools.partial(call_with_retries, sleep=recorded.append))
    return recorded


def assert_clean_message(error: BaseException, operation: str) -> None:
    text = str(error)
    assert operation in text
    assert "\n" not in text
    assert KEY not in text
    assert KEY[:12] not in text


# -- headers and media types ---------------------------------------------------------------------------------


def test_imports_calls_send_the_key_and_the_vendor_media_type(waits: list[float]) -> None:
    script = Script(reply(body=DEFINITION))
    with make_client(script) as client:
        client.get_import(23)
    (request,) = script.requests
    assert request.url == httpx.URL(f"{BASE}/imports/23")
    assert request.headers["X-Key"] == KEY
    assert request.headers["Accept"] == IMPORT_MEDIA_TYPE
    assert request.headers["User-Agent"] == "np6-pulumi"


def test_writes_send_json(waits: list[float]) -> None:
    script = Script(reply(body=DEFINITION))
    with make_client(script) as client:
        client.create_import(DECLARATION)
    (request,) = script.requests
    assert request.method == "POST"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-Key"] == KEY
    assert json.loads(request.content) == {"name": "Import Contacts", "binding": 44}


def test_python_built_declaration_is_sent_with_its_union_tags(waits: list[float]) -> None:
    """Regression: defaulted `type` members were left out of the request body."""
    declaration = ImportDeclaration(
        name="Import Contacts",
        features=[SegmentationFeature(segment_id=501), DuplicateFeature.keep("ignore")],
        source=FtpSource(),
    )
    script = Script(reply(body=DEFINITION))
    with make_client(script) as client:
        client.create_import(declaration)
    assert json.loads(script.requests[0].content) == {
        "name": "Import Contacts",
        "features": [{"type": "segmentation", "segmentId": 501}, {"type": "duplicate", "rules": {"ignore": True}}],
        "source": {"type": "ftp"},
    }


def test_segment_calls_accept_plain_json(waits: list[float]) -> None:
    script = Script(reply(body=load("list-segments.response.json"), headers={"Content-Type": "application/json"}))
    with make_client(script) as client:
        segments = client.list_segments()
    assert [s.id for s in segments] == [41, 56, 57]
    assert script.requests[0].headers["Accept"] == "application/json"
    assert script.requests[0].headers["X-Key"] == KEY


@pytest.mark.parametrize(
    "content_type",
    [
        IMPORT_MEDIA_TYPE,
        "application/json",
        "application/json; charset=utf-8",
        f"{IMPORT_MEDIA_TYPE}; charset=utf-8",
        "Application/JSON",
    ],
)
def test_both_media_types_are_accepted(content_type: str, waits: list[float]) -> None:
    script = Script(reply(body=DEFINITION, headers={"Content-Type": content_type}))
    with make_client(script) as client:
        assert client.get_import(23).id == 23


def test_unexpected_media_type_is_a_request_error(waits: list[float]) -> None:
    script = Script(reply(raw=b"<html>maintenance</html>", headers={"Content-Type": "text/html"}))
    with make_client(script) as client, pytest.raises(Np6RequestError, match="media type") as caught:
        client.get_import(23)
    assert_clean_message(caught.value, "GET /imports/23")


def test_body_that_is_not_json_is_a_request_error(waits: list[float]) -> None:
    script = Script(reply(raw=b"{not json"))
    with make_client(script) as client, pytest.raises(Np6RequestError, match="not JSON") as caught:
        client.get_import(23)
    assert_clean_message(caught.value, "GET /imports/23")


@pytest.mark.parametrize("status", [204, 200])
def test_delete_with_no_content(status: int, waits: list[float]) -> None:
    script = Script(reply(status))
    with make_client(script) as client:
        client.delete_import(23)
        client.delete_segment(41)
    assert [(r.method, r.url.path) for r in script.requests] == [("DELETE", "/imports/23"), ("DELETE", "/segments/41")]


# -- error mapping -------------------------------------------------------------------------------------------

ERRORS = [
    (400, Np6BadRequestError),
    (401, Np6AuthenticationError),
    (403, Np6PermissionError),
    (404, Np6NotFoundError),
    (409, Np6ConflictError),
    (410, Np6HTTPError),
    (429, Np6RateLimitedError),
    (500, Np6ServerError),
    (503, Np6ServerError),
]
BODIES = {
    "empty": b"",
    "multi-line": b"Error\n\n  something\r\n went wrong\n",
    "json": b'{"message": "invalid binding"}',
    "echoes-the-key": f"invalid X-Key: {KEY}\nheaders: x-key={KEY}".encode(),
}


@pytest.mark.parametrize("body", BODIES.values(), ids=list(BODIES))
@pytest.mark.parametrize(("status", "error"), ERRORS, ids=[str(s) for s, _ in ERRORS])
def test_error_status_maps_to_its_error_class(
    status: int, error: type[Np6HTTPError], body: bytes, waits: list[float]
) -> None:
    script = Script(reply(status, raw=body, headers={"Content-Type": "text/plain", "x-request-id": "req-42"}))
    with make_client(script, max_attempts=2) as client, pytest.raises(error) as caught:
        client.get_import(23)
    assert type(caught.value) is error
    assert caught.value.status_code == status
    assert caught.value.request_id == "req-42"
    assert caught.value.operation == "GET /imports/23"
    assert_clean_message(caught.value, "GET /imports/23")
    assert f"HTTP {status}" in str(caught.value)
    assert "req-42" in str(caught.value)
    assert script.attempts == (2 if status in retry_module.RETRYABLE_STATUSES else 1)


def test_the_error_body_detail_is_kept_short(waits: list[float]) -> None:
    script = Script(reply(400, raw=b"x" * 5000, headers={"Content-Type": "text/plain"}))
    with make_client(script) as client, pytest.raises(Np6BadRequestError) as caught:
        client.create_import(DECLARATION)
    assert len(str(caught.value)) < 400


@pytest.mark.parametrize(
    ("call", "operation"),
    [
        (lambda c: c.list_imports(), "GET /imports"),
        (lambda c: c.update_import(23, DECLARATION), "PUT /imports/23"),
        (lambda c: c.delete_import(23), "DELETE /imports/23"),
        (lambda c: c.get_last_execution(23), "GET /imports/23/executions"),
        (lambda c: c.start_execution(23), "POST /imports/23/executions"),
        (lambda c: c.upload_source(23, "a.csv", b"x"), "PUT /imports/23/source"),
        (lambda c: c.get_segment(41), "GET /segments/41"),
        (lambda c: c.update_segment(41, Segment(name="s")), "PUT /segments/41"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_error_messages_name_the_operation(
    call: Callable[[Np6Client], Any], operation: str, waits: list[float]
) -> None:
    script = Script(reply(404))
    with make_client(script) as client, pytest.raises(Np6NotFoundError) as caught:
        call(client)
    assert_clean_message(caught.value, operation)


# -- retries -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "2"}, 2.0),
        ({"Retry-After": "1.5"}, 1.5),
        ({"X-RateLimit-Reset": "3"}, 3.0),
        ({"Retry-After": "4", "X-RateLimit-Reset": "1"}, 4.0),  # Retry-After wins
    ],
)
def test_429_then_200_waits_as_np6_asks(headers: dict[str, str], expected: float, waits: list[float]) -> None:
    script = Script(reply(429, headers=headers), reply(body=DEFINITION))
    with make_client(script, max_wait_seconds=10) as client:
        assert client.get_import(23).id == 23
    assert script.attempts == 2
    assert waits == [pytest.approx(expected)]


def test_rate_limit_reset_as_epoch_seconds(waits: list[float]) -> None:
    reset = str(int(time.time()) + 5)
    script = Script(reply(429, headers={"X-RateLimit-Reset": reset}), reply(body=DEFINITION))
    with make_client(script, max_wait_seconds=10) as client:
        client.get_import(23)
    (wait,) = waits
    assert 3.0 <= wait <= 5.0


def test_retry_after_as_an_http_date(waits: list[float]) -> None:
    when = email.utils.formatdate(time.time() + 6, usegmt=True)
    script = Script(reply(429, headers={"Retry-After": when}), reply(body=DEFINITION))
    with make_client(script, max_wait_seconds=10) as client:
        client.get_import(23)
    (wait,) = waits
    assert 4.0 <= wait <= 6.0


def test_server_wait_is_capped_by_max_wait(waits: list[float]) -> None:
    script = Script(reply(429, headers={"Retry-After": "120"}), reply(body=DEFINITION))
    with make_client(script, max_wait_seconds=7) as client:
        client.get_import(23)
    assert waits == [7.0]


@pytest.mark.parametrize("value", ["soon", "-1", "1e3", "Wed, 99 Foo 2015 07:28:00 GMT"])
def test_unparseable_retry_after_falls_back_to_backoff(value: str, waits: list[float]) -> None:
    """Regression: a Retry-After that is neither seconds nor an HTTP date raised a bare ValueError."""
    script = Script(reply(429, headers={"Retry-After": value}), reply(body=DEFINITION))
    with make_client(script) as client:
        assert client.get_import(23).id == 23
    assert len(waits) == 1
    assert 0 < waits[0] <= 0.01


def test_unparseable_retry_after_uses_the_rate_limit_reset() -> None:
    response = httpx.Response(429, headers={"Retry-After": "later", "X-RateLimit-Reset": "2"})
    assert server_requested_wait(response, now=0) == 2.0


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"Retry-After": "0"}, 0.0),
        ({"Retry-After": " 7 "}, 7.0),
        ({"X-RateLimit-Reset": "abc"}, None),
        ({"X-RateLimit-Reset": "1700000010"}, 10.0),
        ({"X-RateLimit-Reset": "1699999990"}, 0.0),  # already past
        ({"Retry-After": "Tue, 14 Nov 2023 22:13:30 GMT"}, 10.0),
        ({"Retry-After": "Tue, 14 Nov 2023 22:13:30 -0000"}, 10.0),  # no zone: read as UTC
    ],
)
def test_server_requested_wait(headers: dict[str, str], expected: float | None) -> None:
    assert server_requested_wait(httpx.Response(429, headers=headers), now=1_700_000_000) == expected


@pytest.mark.parametrize(
    "step",
    [
        reply(503),
        reply(502),
        reply(504),
        fail(httpx.ReadTimeout),
        fail(httpx.ConnectError),
        fail(httpx.RemoteProtocolError),
    ],
    ids=["503", "502", "504", "read-timeout", "connect-error", "dropped"],
)
def test_get_is_retried(step: Step, waits: list[float]) -> None:
    script = Script(step, reply(body=DEFINITION))
    with make_client(script) as client:
        assert client.get_import(23).id == 23
    assert script.attempts == 2
    assert len(waits) == 1


def test_put_is_retried_after_an_ambiguous_failure(waits: list[float]) -> None:
    script = Script(fail(httpx.ReadTimeout), reply(502), reply(body=DEFINITION))
    with make_client(script) as client:
        client.update_import(23, DECLARATION)
    assert script.attempts == 3
    assert [json.loads(r.content) for r in script.requests] == [DECLARATION.to_wire()] * 3


@pytest.mark.parametrize(
    "step",
    [reply(429, headers={"Retry-After": "0"}), fail(httpx.ConnectError), fail(httpx.ConnectTimeout)],
    ids=["429", "connect-error", "connect-timeout"],
)
def test_post_is_retried_when_np6_did_not_act(step: Step, waits: list[float]) -> None:
    script = Script(step, reply(body=DEFINITION))
    with make_client(script) as client:
        assert client.create_import(DECLARATION).id == 23
    assert script.attempts == 2


# Every status worth a retry, except those after which NP6 certainly did not act (429), is ambiguous for a POST.
AMBIGUOUS_STATUSES = sorted(retry_module.RETRYABLE_STATUSES - retry_module.NOT_PROCESSED_STATUSES)
AMBIGUOUS_ERRORS = [httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.WriteTimeout, httpx.ReadError]


def test_the_gateway_statuses_are_ambiguous_for_a_post() -> None:
    assert {502, 503, 504} <= set(AMBIGUOUS_STATUSES)
    assert 429 not in AMBIGUOUS_STATUSES


@pytest.mark.parametrize(
    "step",
    [reply(s) for s in AMBIGUOUS_STATUSES] + [fail(e) for e in AMBIGUOUS_ERRORS],
    ids=[str(s) for s in AMBIGUOUS_STATUSES] + [e.__name__ for e in AMBIGUOUS_ERRORS],
)
@pytest.mark.parametrize(
    ("call", "operation"),
    [
        (lambda c: c.create_import(DECLARATION), "POST /imports"),
        (lambda c: c.start_execution(23), "POST /imports/23/executions"),
    ],
    ids=["create", "start-execution"],
)
def test_post_is_never_repeated_after_an_ambiguous_failure(
    step: Step, call: Callable[[Np6Client], Any], operation: str, waits: list[float]
) -> None:
    script = Script(step, reply(body=DEFINITION))
    with make_client(script) as client, pytest.raises(Np6AmbiguousWriteError) as caught:
        call(client)
    assert script.attempts == 1
    assert waits == []
    assert_clean_message(caught.value, operation)
    assert "may have been applied" in str(caught.value)


@pytest.mark.parametrize(
    ("step", "call", "error", "max_attempts"),
    [
        (reply(503), lambda c: c.get_import(23), Np6ServerError, 3),
        (reply(429), lambda c: c.get_import(23), Np6RateLimitedError, 4),
        (reply(429), lambda c: c.create_import(DECLARATION), Np6RateLimitedError, 3),
        (fail(httpx.ConnectError), lambda c: c.get_import(23), Np6TransportError, 2),
        (fail(httpx.ConnectError), lambda c: c.create_import(DECLARATION), Np6TransportError, 5),
        (fail(httpx.ReadTimeout), lambda c: c.list_imports(), Np6TransportError, 3),
        (reply(503), lambda c: c.get_import(23), Np6ServerError, 1),
    ],
    ids=["get-503", "get-429", "post-429", "get-connect", "post-connect", "list-read-timeout", "single-attempt"],
)
def test_attempts_are_bounded(
    step: Step, call: Callable[[Np6Client], Any], error: type[Exception], max_attempts: int, waits: list[float]
) -> None:
    script = Script(step)
    with make_client(script, max_attempts=max_attempts) as client, pytest.raises(error) as caught:
        call(client)
    assert script.attempts == max_attempts
    assert len(waits) == max_attempts - 1
    assert type(caught.value) is not Np6AmbiguousWriteError
    assert_clean_message(caught.value, "/imports")


def test_an_unreachable_server_is_named_with_what_sets_it(waits: list[float]) -> None:
    with (
        make_client(Script(fail(httpx.ConnectError)), max_attempts=1) as client,
        pytest.raises(Np6TransportError) as caught,
    ):
        client.get_import(23)
    assert "cannot reach NP6 at https://np6.test" in str(caught.value)
    assert "NP6_BASE_URL" in str(caught.value)
    assert "np6:baseUrl" in str(caught.value)


def test_a_read_only_client_sends_no_write() -> None:
    script = Script(reply(200, {"id": 23, "name": "x"}))
    client = Np6Client(
        AccountSettings(base_url=BASE, api_key=KEY), transport=httpx.MockTransport(script), read_only=True
    )
    with client:
        with pytest.raises(Np6ReadOnlyError, match="read-only"):
            client.create_import(DECLARATION)
        assert script.requests == []
        assert client.get_import(23).id == 23


def test_backoff_stays_under_max_wait(waits: list[float]) -> None:
    script = Script(reply(503))
    client = make_client(script, max_attempts=6, initial_wait_seconds=0.001, max_wait_seconds=0.01)
    with client, pytest.raises(Np6ServerError):
        client.get_import(23)
    assert len(waits) == 5
    assert all(0 < w <= 0.01 for w in waits)


def test_deadline_that_the_next_wait_would_pass(waits: list[float]) -> None:
    script = Script(reply(429, headers={"Retry-After": "60"}), reply(body=DEFINITION))
    client = make_client(script, max_wait_seconds=120, operation_deadline_seconds=5)
    with client, pytest.raises(Np6DeadlineExceeded) as caught:
        client.get_import(23)
    assert script.attempts == 1
    assert waits == []
    assert_clean_message(caught.value, "GET /imports/23")
    assert caught.value.operation == "GET /imports/23"
    assert "deadline" in str(caught.value)


def test_deadline_already_passed_sends_nothing(waits: list[float]) -> None:
    script = Script(reply(body=DEFINITION))
    with make_client(script) as client, pytest.raises(Np6DeadlineExceeded) as caught:
        client.create_import(DECLARATION, deadline=Deadline(time.monotonic() - 1))
    assert script.attempts == 0
    assert_clean_message(caught.value, "POST /imports")


def test_per_try_timeout_never_exceeds_the_remaining_deadline(waits: list[float]) -> None:
    script = Script(reply(body=DEFINITION))
    with make_client(script, read_timeout_seconds=30, connect_timeout_seconds=5) as client:
        client.get_import(23, deadline=Deadline.after(2))
    timeout = script.requests[0].extensions["timeout"]
    assert 0 < timeout["read"] <= 2
    assert 0 < timeout["connect"] <= 2


def test_backoff_uses_no_deprecated_tenacity_api() -> None:
    """Regression: `wait_exponential_jitter(initial=...)` is deprecated in tenacity 9."""
    calls: Iterator[Exception | str] = iter([httpx.ConnectError("x"), "done"])

    def attempt() -> str:
        outcome = next(calls)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        result = call_with_retries(
            "GET /x",
            attempt,
            settings=RetrySettings(initial_wait_seconds=0.001, max_wait_seconds=0.01),
            idempotent=True,
            deadline=Deadline.after(60),
            sleep=lambda _: None,
        )
    assert result == "done"


def test_retry_module_sleep_is_injectable() -> None:
    slept: list[float] = []
    outcomes: Iterator[Exception | str] = iter([retry_module.RetryableResponse(httpx.Response(503)), "ok"])

    def attempt() -> str:
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    settings = RetrySettings(initial_wait_seconds=0.001, max_wait_seconds=0.01)
    assert (
        call_with_retries(
            "GET /x", attempt, settings=settings, idempotent=True, deadline=Deadline.after(60), sleep=slept.append
        )
        == "ok"
    )
    assert len(slept) == 1


# -- response parsing ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "call", "operation"),
    [
        ([], lambda c: c.get_import(23), "GET /imports/23"),
        ({"id": 23}, lambda c: c.get_import(23), "GET /imports/23"),  # no name
        ({"id": 23, "name": "x", "features": [{"type": "teleport"}]}, lambda c: c.get_import(23), "GET /imports/23"),
        ({"imports": []}, lambda c: c.list_imports(), "GET /imports"),
        ({"state": 7}, lambda c: c.get_last_execution(23), "GET /imports/23/executions"),
        ("done", lambda c: c.upload_source(23, "a.csv", b"x"), "PUT /imports/23/source"),
        ({"type": "static"}, lambda c: c.get_segment(41), "GET /segments/41"),
    ],
    ids=["array-for-object", "missing-name", "unknown-feature", "object-for-array", "bad-state", "string", "segment"],
)
def test_unexpected_response_shape_is_a_request_error(
    body: Any, call: Callable[[Np6Client], Any], operation: str, waits: list[float]
) -> None:
    script = Script(reply(body=body))
    with make_client(script) as client, pytest.raises(Np6RequestError, match="unexpected response shape") as caught:
        call(client)
    assert type(caught.value) is Np6RequestError
    assert_clean_message(caught.value, operation)


def test_lenient_parsing_ignores_unknown_response_members(waits: list[float]) -> None:
    data = load("create-import.response.json")
    data["tenant"] = "acme"
    data["features"][0]["sendSms"] = True
    data["source"]["protocol"] = "sftp"
    data["scheduler"]["nextRun"] = "2023-03-05T06:00:00Z"
    data["scheduler"]["frequency"]["occurs"]["weekOfMonth"] = 2
    data["scheduler"]["validity"]["start"]["millisecond"] = 0
    script = Script(reply(body=data))
    with make_client(script) as client:
        definition = client.create_import(DECLARATION)
    assert definition.to_wire() == load("create-import.response.json")


def test_lenient_parsing_of_lists_and_executions(waits: list[float]) -> None:
    listing = [dict(DEFINITION, extra=1)]
    execution = load("legacy/slate.start-import-execution.response.json") | {"duration": 3}
    script = Script(reply(body=listing), reply(body=execution), reply(body={"state": 1, "errors": 0}))
    with make_client(script) as client:
        assert [d.to_wire() for d in client.list_imports()] == [DEFINITION]
        assert client.start_execution(23).state == 0
        assert client.get_last_execution(23).state == 1


def test_start_execution_without_a_body_in_the_response(waits: list[float]) -> None:
    script = Script(reply(200))
    with make_client(script) as client:
        execution = client.start_execution(23, DECLARATION)
    assert execution.state == 0
    assert json.loads(script.requests[0].content) == DECLARATION.to_wire()


# -- upload --------------------------------------------------------------------------------------------------


def test_upload_sends_raw_bytes_with_a_file_name(waits: list[float]) -> None:
    script = Script(reply(body=load("legacy/slate.upload-import-source.response.json")))
    content = b"email;name\r\na@example.com;A\r\n"
    with make_client(script) as client:
        source = client.upload_source(23, "contacts.csv", content)
    assert source.filename == "3ec15c5168_filename.csv"
    (request,) = script.requests
    assert (request.method, request.url.path) == ("PUT", "/imports/23/source")
    assert request.headers["Content-Type"] == "application/octet-stream"
    assert request.headers["Content-Disposition"] == 'form-data; filename="contacts.csv"'
    assert request.headers["Accept"] == IMPORT_MEDIA_TYPE
    assert request.headers["X-Key"] == KEY
    assert request.content == content


def test_upload_file_name_cannot_inject_headers(waits: list[float]) -> None:
    script = Script(reply(body={"type": "file"}))
    with make_client(script) as client:
        client.upload_source(23, 'a"b\r\nX-Evil: 1\r\nc.csv', b"x")
    disposition = script.requests[0].headers["Content-Disposition"]
    assert "\r" not in disposition
    assert "\n" not in disposition
    assert "X-Evil" not in script.requests[0].headers


def test_upload_is_retried_on_503(waits: list[float]) -> None:
    script = Script(reply(503), reply(body={"type": "file"}))
    with make_client(script) as client:
        client.upload_source(23, "a.csv", b"abc")
    assert [r.content for r in script.requests] == [b"abc", b"abc"]
