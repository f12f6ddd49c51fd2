"""Np6SegmentProvider's methods against an in-memory NP6 (httpx.MockTransport): check, diff, create, read, update,
delete, adoption and reconciliation of an ambiguous create."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from pulumi.output import Unknown

from np6_provider import Np6InputError, Np6Segment, SegmentedImport
from np6_provider.client import Np6Client
from np6_provider.models import SegmentationFeature
from np6_provider.resources import np6_segment
from np6_provider.resources.np6_segment import Np6SegmentError, Np6SegmentProvider, canonical_timestamp
from np6_provider.runtime import ProviderRuntime
from np6_provider.settings import AccountSettings, ProviderSettings, RetrySettings


def utc(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


@dataclass
class FakeNp6:
    """Just enough of NP6's /segments: documents keyed by id, a request journal, scripted failures."""

    segments: dict[int, dict[str, Any]] = field(default_factory=dict)
    journal: list[tuple[str, str, Any]] = field(default_factory=list)
    next_id: int = 100
    fail_next: dict[str, int] = field(default_factory=dict)  # "METHOD path" → status to answer once

    def add(self, **doc: Any) -> dict[str, Any]:
        self.next_id += 1
        stored = {"type": "static", "id": self.next_id, "isTest": False, "creation": utc(time.time()), **doc}
        stored.setdefault("expiration", "2099-01-01T00:00:00Z")
        self.segments[stored["id"]] = stored
        return stored

    def writes(self) -> list[tuple[str, str, Any]]:
        return [entry for entry in self.journal if entry[0] != "GET"]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        path = request.url.path
        self.journal.append((request.method, path, body))
        status = self.fail_next.pop(f"{request.method} {path}", None)
        if request.method == "POST" and path == "/segments":
            assert body is not None
            created = self.add(**body)
            return self._json(status or 200, created)
        if status:
            return httpx.Response(status)
        if path == "/segments":
            return self._json(200, list(self.segments.values()))
        segment_id = int(path.rsplit("/", 1)[1])
        if segment_id not in self.segments:
            return httpx.Response(404)
        if request.method == "GET":
            return self._json(200, self.segments[segment_id])
        if request.method == "PUT":
            stored = self.segments[segment_id]
            assert body is not None
            stored.update({k: v for k, v in body.items() if v is not None})
            return self._json(200, stored)
        del self.segments[segment_id]
        return httpx.Response(204)

    @staticmethod
    def _json(status: int, data: Any) -> httpx.Response:
        return httpx.Response(status, json=data) if status < 500 else httpx.Response(status)


@pytest.fixture
def orphan_window() -> float:
    """np6:orphanWindowSeconds of the runtime (0, the default: no takeover); parametrize to change it."""
    return 0


@pytest.fixture
def np6(monkeypatch: pytest.MonkeyPatch, orphan_window: float) -> Iterator[FakeNp6]:
    fake = FakeNp6()
    account = AccountSettings(base_url="https://np6.test", api_key="test-key")
    retry = RetrySettings(max_attempts=2, initial_wait_seconds=0.01, max_wait_seconds=0.02)
    settings = ProviderSettings(default_account=account, retry=retry, orphan_window_seconds=orphan_window)
    runtime = ProviderRuntime(settings)
    client = Np6Client(account, retry, transport=httpx.MockTransport(fake))
    runtime._clients[None] = client
    monkeypatch.setattr(np6_segment, "current_runtime", lambda: runtime)
    yield fake
    client.close()


provider = Np6SegmentProvider()


def checked(**news: Any) -> dict[str, Any]:
    result = provider.check({}, {"name": "Weekly", **news})
    assert result.failures == []
    return dict(result.inputs)


# ---------------------------------------------------------------------------
# check


def test_check_fills_defaults_and_canonical_forms() -> None:
    assert checked(description="", expiration="2027-01-01T00:00:00.000Z") == {
        "type": "static",
        "name": "Weekly",
        "description": None,
        "is_test": False,
        "expiration": "2027-01-01T00:00:00Z",
        "parent_id": None,
        "search_id": None,
        "account": None,
        "adopt": None,
    }
    assert checked(adopt=12.0)["adopt"] == 12


@pytest.mark.parametrize(
    ("news", "path"),
    [
        ({"name": ""}, "name"),
        ({"type": "smart"}, "type"),
        ({"expiration": "next year"}, "expiration"),
        ({"expiration": "2027-02-30T00:00:00Z"}, "expiration"),
        ({"expiration": "2027-02-03T24:00:00Z"}, "expiration"),
        ({"parent_id": 0}, "parent_id"),
        ({"search_id": "x"}, "search_id"),
        ({"is_test": "maybe"}, "is_test"),
        ({"account": ""}, "account"),
        ({"adopt": "by_name"}, "adopt"),
        ({"adopt": -3}, "adopt"),
        ({"adopt": 2**31}, "adopt"),
    ],
)
def test_check_names_the_invalid_property(news: dict[str, Any], path: str) -> None:
    result = provider.check({}, {"name": "Weekly", **news})
    assert [failure.property for failure in result.failures] == [path]


def test_unknowns_are_never_rejected() -> None:
    for key in ("name", "type", "description", "is_test", "expiration", "parent_id", "account"):
        assert provider.check({}, {"name": "Weekly", key: Unknown()}).failures == []


# ---------------------------------------------------------------------------
# diff


def diff(olds: dict[str, Any], **changes: Any) -> tuple[bool, list[str]]:
    result = provider.diff("1", olds, {**olds, **changes})
    return bool(result.changes), list(result.replaces or [])


def test_diff_in_place_and_replacements() -> None:
    olds = checked(description="x", parent_id=7) | {"segment_id": 101, "__provider": "p"}
    assert diff(olds) == (False, [])
    assert diff(olds, name="Renamed") == (True, [])
    assert diff(olds, description=None) == (True, [])
    assert diff(olds, is_test=True) == (True, [])
    assert diff(olds, parent_id=8) == (True, [])
    assert diff(olds, type="dynamic") == (True, ["type"])
    assert diff(olds, type=Unknown()) == (True, ["type"])
    assert diff(olds, account="staging") == (True, ["account"])
    assert diff(olds, parent_id=None) == (True, ["parent_id"])
    assert diff(olds, name=Unknown()) == (True, [])


def test_canonical_timestamp() -> None:
    assert canonical_timestamp("2027-01-01T00:00:00.0000000Z") == "2027-01-01T00:00:00Z"
    assert canonical_timestamp("2027-01-01T00:00:00.120Z") == "2027-01-01T00:00:00.12Z"
    assert canonical_timestamp(None) is None


# ---------------------------------------------------------------------------
# create, read, update, delete


def test_create_posts_the_declaration_and_returns_every_output(np6: FakeNp6) -> None:
    inputs = checked(description="Weekly import targets", is_test=True)
    result = provider.create(inputs)
    assert np6.writes() == [
        (
            "POST",
            "/segments",
            {"type": "static", "name": "Weekly", "isTest": True, "description": "Weekly import targets"},
        )
    ]
    stored = np6.segments[int(result.id)]
    assert result.outs == inputs | {
        "segment_id": stored["id"],
        "creation_date": stored["creation"],
        "expiration_date": stored["expiration"],
    }


def test_read_reports_drift_and_keeps_undeclared_server_defaults_quiet(np6: FakeNp6) -> None:
    inputs = checked()
    created = provider.create(inputs)
    assert created.outs is not None
    assert provider.read(created.id, dict(created.outs)).inputs == inputs  # expiration: NP6's default, quiet
    np6.segments[int(created.id)].update(name="Renamed by hand", description="added by hand")
    read = provider.read(created.id, dict(created.outs))
    assert read.inputs is not None
    assert read.outs is not None
    assert (read.inputs["name"], read.inputs["description"]) == ("Renamed by hand", "added by hand")
    assert read.outs["segment_id"] == int(created.id)


def test_read_of_a_deleted_segment_drops_it(np6: FakeNp6) -> None:
    result = provider.read("999", checked())
    assert (result.id, result.outs) == ("", {})


def test_update_clears_a_removed_description(np6: FakeNp6) -> None:
    created = provider.create(checked(description="old"))
    assert created.outs is not None
    news = checked(name="Weekly FR")
    result = provider.update(created.id, dict(created.outs), news)
    assert np6.writes()[-1] == (
        "PUT",
        f"/segments/{created.id}",
        {"type": "static", "name": "Weekly FR", "isTest": False, "description": ""},
    )
    assert result.outs is not None
    assert result.outs["description"] is None
    assert provider.read(created.id, dict(result.outs)).inputs == news


def test_update_of_a_segment_gone_says_to_refresh(np6: FakeNp6) -> None:
    with pytest.raises(Np6SegmentError, match="no longer exists in NP6; run `pulumi refresh`"):
        provider.update("999", checked(), checked(name="x"))


def test_delete_is_idempotent_and_explains_a_refusal(np6: FakeNp6) -> None:
    created = provider.create(checked())
    assert created.outs is not None
    provider.delete(created.id, dict(created.outs))
    provider.delete(created.id, dict(created.outs))  # already gone: fine
    other = provider.create(checked(name="Used by an action"))
    assert other.outs is not None
    np6.fail_next[f"DELETE /segments/{other.id}"] = 409
    with pytest.raises(Np6SegmentError, match="refuses to delete a segment an action still uses"):
        provider.delete(other.id, dict(other.outs))


# ---------------------------------------------------------------------------
# adoption and reconciliation


def test_adopt_an_identical_segment_writes_nothing(np6: FakeNp6) -> None:
    existing = np6.add(name="Weekly", description="as is")
    result = provider.create(checked(description="as is", adopt=existing["id"]))
    assert result.id == str(existing["id"])
    assert np6.writes() == []


def test_adopt_updates_a_differing_segment(np6: FakeNp6) -> None:
    existing = np6.add(name="Old name")
    provider.create(checked(adopt=existing["id"]))
    assert [(m, p) for m, p, _ in np6.writes()] == [("PUT", f"/segments/{existing['id']}")]
    assert np6.segments[existing["id"]]["name"] == "Weekly"


@pytest.mark.parametrize(
    ("stored", "declared", "message"),
    [
        ({"type": "dynamic"}, {}, "it is dynamic, the declaration says static"),
        ({"parentId": 5}, {}, "NP6 cannot remove parent_id"),
    ],
)
def test_adopt_refuses_what_it_cannot_reach(
    np6: FakeNp6, stored: dict[str, Any], declared: dict[str, Any], message: str
) -> None:
    existing = np6.add(name="Weekly", **stored)
    with pytest.raises(Np6SegmentError, match=message):
        provider.create(checked(adopt=existing["id"], **declared))
    assert np6.writes() == []


def test_adopt_of_a_missing_segment(np6: FakeNp6) -> None:
    with pytest.raises(Np6SegmentError, match="this NP6 account has no segment 404"):
        provider.create(checked(adopt=404))


def test_ambiguous_create_adopts_what_np6_made_instead_of_duplicating(np6: FakeNp6) -> None:
    np6.fail_next["POST /segments"] = 502  # created, but the answer is lost
    result = provider.create(checked())
    # The POST, then the list that finds what the POST made.
    assert [(m, p) for m, p, _ in np6.journal] == [("POST", "/segments"), ("GET", "/segments")]
    assert list(np6.segments) == [int(result.id)]


def test_create_takes_over_nothing_by_default(np6: FakeNp6) -> None:
    orphan = np6.add(name="Weekly")
    assert provider.create(checked()).id != str(orphan["id"])


@pytest.mark.parametrize("orphan_window", [900])
def test_a_recovery_run_takes_over_a_recent_identical_orphan_only(np6: FakeNp6) -> None:
    old = np6.add(name="Weekly", creation=utc(time.time() - 3600))
    orphan = np6.add(name="Weekly")
    assert provider.create(checked()).id == str(orphan["id"])
    assert np6.writes() == []
    second = provider.create(checked())  # the orphan is claimed now; the old one is too old: POST
    assert second.id not in (str(old["id"]), str(orphan["id"]))


# ---------------------------------------------------------------------------
# program-side validation


def test_constructor_refuses_invalid_values_before_any_request() -> None:
    with pytest.raises(Np6InputError, match=r"Np6Segment 's': type: Input should be 'static' or 'dynamic'"):
        Np6Segment("s", name="Weekly", type="smart")  # type: ignore[arg-type]
    with pytest.raises(Np6InputError, match="adopt: must be an NP6 segment id"):
        Np6Segment("s", name="Weekly", adopt=0)


def test_component_refuses_a_segmentation_feature_of_its_own() -> None:
    with pytest.raises(Np6InputError, match="must not hold a segmentation feature"):
        SegmentedImport("c", import_name="Weekly", features=[SegmentationFeature(segment_id=5)])
