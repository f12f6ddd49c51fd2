"""ProviderRuntime.read_import: a refresh's reads served by one GET /imports, never hiding a change."""

from __future__ import annotations

import copy
import json
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from np6_provider.client import IMPORT_MEDIA_TYPE, Np6Client
from np6_provider.errors import Np6NotFoundError
from np6_provider.models import ImportDeclaration
from np6_provider.resources import np6_import
from np6_provider.runtime import LISTING_MAX_AGE_SECONDS, READS_BEFORE_LISTING, ProviderRuntime
from np6_provider.settings import AccountSettings, ProviderSettings, RetrySettings

from .fixture_catalog import load

ACCOUNT = AccountSettings(base_url="https://np6.test", api_key=SecretStr("np6-key-batched"))
RETRY = RetrySettings(max_attempts=1)


class FakeNp6:
    """Imports 1..20 named 'v1'; records every request; `names` changes what NP6 holds."""

    def __init__(self) -> None:
        self.names = {i: "v1" for i in range(1, 21)}
        self.requests: list[str] = []
        self.fail_list = False

    def definition(self, import_id: int) -> dict[str, Any]:
        body = copy.deepcopy(load("get-import.response.json"))
        body.update(id=import_id, name=self.names[import_id])
        return dict(body)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(f"{request.method} {request.url.path}")
        path = request.url.path
        if request.method == "GET" and path == "/imports":
            if self.fail_list:
                return httpx.Response(400)
            return self.ok([self.definition(i) for i in sorted(self.names)])
        import_id = int(path.rsplit("/", 1)[-1])
        if import_id not in self.names:
            return httpx.Response(404)
        if request.method == "PUT":
            self.names[import_id] = json.loads(request.content)["name"]
        return self.ok(self.definition(import_id))

    @staticmethod
    def ok(body: Any) -> httpx.Response:
        return httpx.Response(200, content=json.dumps(body).encode(), headers={"Content-Type": IMPORT_MEDIA_TYPE})


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def np6() -> FakeNp6:
    return FakeNp6()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def runtime_over(np6: FakeNp6, clock: Clock, **settings: Any) -> ProviderRuntime:
    runtime = ProviderRuntime(ProviderSettings(default_account=ACCOUNT, retry=RETRY, **settings), clock=clock)
    runtime._clients[None] = Np6Client(ACCOUNT, RETRY, transport=httpx.MockTransport(np6))
    return runtime


@pytest.fixture
def runtime(np6: FakeNp6, clock: Clock) -> ProviderRuntime:
    return runtime_over(np6, clock)


def warm_up(runtime: ProviderRuntime, np6: FakeNp6) -> None:
    """The first reads of a process go one GET each."""
    for import_id in range(1, READS_BEFORE_LISTING + 1):
        assert runtime.read_import(None, import_id).id == import_id
    assert np6.requests == [f"GET /imports/{i}" for i in range(1, READS_BEFORE_LISTING + 1)]
    np6.requests.clear()


def test_a_few_reads_are_one_get_each(runtime: ProviderRuntime, np6: FakeNp6) -> None:
    warm_up(runtime, np6)


def test_after_the_first_reads_one_listing_serves_the_rest(runtime: ProviderRuntime, np6: FakeNp6) -> None:
    warm_up(runtime, np6)
    read = [runtime.read_import(None, i) for i in range(READS_BEFORE_LISTING + 1, 21)]
    assert [d.id for d in read] == list(range(READS_BEFORE_LISTING + 1, 21))
    assert read[0] == runtime.client(None).get_import(READS_BEFORE_LISTING + 1)  # the same as a GET gives
    np6.requests.pop()
    assert np6.requests == ["GET /imports"]


def test_an_id_the_listing_lacks_is_asked_for_directly(runtime: ProviderRuntime, np6: FakeNp6) -> None:
    warm_up(runtime, np6)
    with pytest.raises(Np6NotFoundError):
        runtime.read_import(None, 99)
    assert np6.requests == ["GET /imports", "GET /imports/99"]


def test_a_write_of_this_process_retires_the_listing(runtime: ProviderRuntime, np6: FakeNp6) -> None:
    warm_up(runtime, np6)
    assert runtime.read_import(None, 15).name == "v1"
    runtime.client(None).update_import(15, ImportDeclaration(name="v2"))
    assert runtime.read_import(None, 15).name == "v2"
    assert np6.requests == ["GET /imports", "PUT /imports/15", "GET /imports"]


def test_a_listing_older_than_its_max_age_is_fetched_again(
    runtime: ProviderRuntime, np6: FakeNp6, clock: Clock
) -> None:
    warm_up(runtime, np6)
    assert runtime.read_import(None, 15).name == "v1"
    np6.names[15] = "changed in NP6"
    clock.now += LISTING_MAX_AGE_SECONDS / 2
    assert runtime.read_import(None, 15).name == "v1"  # within its age, a listing is what NP6 held then
    clock.now += LISTING_MAX_AGE_SECONDS
    assert runtime.read_import(None, 15).name == "changed in NP6"
    assert np6.requests == ["GET /imports", "GET /imports"]


def test_a_listing_requested_while_this_process_writes_is_not_kept(runtime: ProviderRuntime, np6: FakeNp6) -> None:
    warm_up(runtime, np6)
    client = runtime.client(None)
    with client._writes_lock:  # a PUT of another thread is under way
        client._writes_started += 1
        client._writes_in_flight += 1
    assert runtime.read_import(None, 15).id == 15
    assert np6.requests == ["GET /imports", "GET /imports/15"]
    with client._writes_lock:
        client._writes_in_flight -= 1
    np6.requests.clear()
    runtime.read_import(None, 16)
    runtime.read_import(None, 17)
    assert np6.requests == ["GET /imports"]


def test_when_listing_fails_reads_fall_back_to_one_get_each(runtime: ProviderRuntime, np6: FakeNp6) -> None:
    warm_up(runtime, np6)
    np6.fail_list = True
    assert runtime.read_import(None, 15).id == 15
    assert np6.requests == ["GET /imports", "GET /imports/15"]


def test_the_client_counts_its_writes_not_its_reads(np6: FakeNp6) -> None:
    client = Np6Client(ACCOUNT, RETRY, transport=httpx.MockTransport(np6))
    client.get_import(1)
    client.list_imports()
    assert client.writes() == (0, 0)
    client.update_import(1, ImportDeclaration(name="v2"))
    with pytest.raises(Np6NotFoundError):
        client.delete_import(99)
    assert client.writes() == (2, 0)


def test_turned_off_every_read_is_one_get(np6: FakeNp6, clock: Clock) -> None:
    runtime = runtime_over(np6, clock, batched_reads=False)
    for import_id in range(1, 21):
        assert runtime.read_import(None, import_id).id == import_id
    assert np6.requests == [f"GET /imports/{i}" for i in range(1, 21)]


def test_the_import_provider_reads_through_the_runtime(
    runtime: ProviderRuntime, np6: FakeNp6, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A refresh of a stack of 20 imports, one deleted in NP6: the later reads are served by one listing,
    # and the deleted one is confirmed by NP6 itself before refresh drops it.
    monkeypatch.setattr(np6_import, "current_runtime", lambda: runtime)
    provider = np6_import.Np6ImportProvider()
    np6.names.pop(20)
    for import_id in range(1, 20):
        read = provider.read(str(import_id), {"name": "v1", "features": [], "account": None, "adopt": None})
        assert read.outs is not None
        assert read.outs["np6_id"] == import_id
        assert read.inputs is not None
        assert read.inputs["name"] == "v1"
    assert provider.read("20", {"name": "v1"}).id == ""
    singles = [f"GET /imports/{i}" for i in range(1, READS_BEFORE_LISTING + 1)]
    assert np6.requests == [*singles, "GET /imports", "GET /imports/20"]
