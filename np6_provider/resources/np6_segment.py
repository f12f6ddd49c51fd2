"""The `Np6Segment` resource: schema, check, diff, create, read, update, delete and adoption in one place.

Do not move or rename this module, `Np6SegmentProvider` or the type token
(`pulumi-python:dynamic/np6:Segment`): every stack's state refers to them.

A segment is a list of targets (contacts). An import's `SegmentationFeature`
adds every imported target to one; write `segment_id=segment.segment_id`.

Lifecycle rules (rendered in docs/reference/Np6Segment.md):
- Update in place (one PUT): the name, the description (removing it empties
  it), `is_test`, the expiration, the parent and search ids.
- Replace (the new segment is created before the old one is deleted, so an
  import pointing at it is moved first): changing `type` (static ↔ dynamic:
  NP6 refuses it, and only static segments accept added targets), moving to
  another `account`, and removing `parent_id` or `search_id` (NP6's PUT keeps
  members it is not sent, so it cannot clear them). A replacement starts an
  empty segment: NP6 has no way to copy targets.
- `expiration` unset means NP6's default (creation + one year), which never
  shows as a change; declared, it is managed like any other input.
- Refresh reads the segment back; a segment deleted in NP6 is dropped from the
  state and the next `up` creates it again.
- `adopt=<NP6 segment id>` manages an existing segment instead of creating
  one; its type must match the declaration.
- Delete removes the segment; one already gone counts as deleted. NP6 may
  refuse to delete a segment an action still uses: the error says so.
- No duplicates: a create whose POST may have reached NP6 (timeout, dropped
  connection, 5xx) adopts the segment it made; and, as for imports, a create
  adopts an identical segment made in the last 15 minutes that no other
  resource of the run owns (left by an interrupted `pulumi up`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any, Literal

import pulumi
import pulumi.dynamic as dynamic
from pydantic import Field, ValidationError

from ..errors import Np6Error, Np6InputError, Np6NotFoundError
from ..models import Segment, WireModel, contains_deferred
from ..models._base import Deferred, NonEmptyText, PositiveId, Timestamp
from ..runtime import ProviderRuntime, configure_runtime, current_runtime
from ..settings import refuse_plaintext_key
from ..validation import describe_errors, one_line
from ._reconcile import find_orphan, post_reconciling
from ._reporting import reported
from .np6_import import _restore_pickler, configured_account_problems, is_np6_id

logger = logging.getLogger("np6_provider")

DECLARED_KEYS = ("type", "name", "description", "is_test", "expiration", "parent_id", "search_id")
CONTROL_KEYS = ("account", "adopt")
INPUT_KEYS = DECLARED_KEYS + CONTROL_KEYS
OUTPUT_KEYS = ("segment_id", "creation_date", "expiration_date")
OUTPUT_DESCRIPTIONS: dict[str, str] = {
    "segment_id": "NP6's id of the segment: what `SegmentationFeature(segment_id=...)` takes.",
    "creation_date": "When NP6 created the segment.",
    "expiration_date": "When the segment expires in NP6 (the declared `expiration`, or NP6's default).",
}
# Members NP6's PUT cannot clear: removing them from the declaration replaces the segment.
UNCLEARABLE_KEYS = ("parent_id", "search_id")
# Members only compared when declared (NP6 fills a default, or may set them itself).
MANAGED_WHEN_DECLARED = ("expiration", "search_id")
SegmentType = Literal["static", "dynamic"]


class Np6SegmentError(Np6Error):
    """A segment operation failed; the message names the segment and what to do."""


class SegmentDeclaration(WireModel):
    """The client-owned part of an NP6 segment: what an `Np6Segment` declares (IMPORTS.md §3.9)."""

    type: Deferred[SegmentType] = Field(
        default="static",
        description="'static' (targets are added to it, e.g. by an import's segmentation feature) or 'dynamic' "
        "(NP6 computes its targets); cannot change once created.",
    )
    name: Deferred[NonEmptyText] = Field(description="Segment name, shown in NP6.")
    description: Deferred[str] | None = Field(default=None, description="Free text; none or '' is no description.")
    is_test: Deferred[bool] = Field(default=False, description="Usable in the test phase of actions.")
    expiration: Deferred[Timestamp] | None = Field(
        default=None, description="When NP6 expires the segment; unset: NP6's default, creation + 1 year."
    )
    parent_id: Deferred[PositiveId] | None = Field(
        default=None, description="Parent segment (NP6 shows one on dynamic segments)."
    )
    search_id: Deferred[PositiveId] | None = Field(
        default=None, description="The search a dynamic segment is computed from (NP6: 'the search id')."
    )


# ---------------------------------------------------------------------------
# Schema: declared inputs <-> provider properties

_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?Z$")


def canonical_timestamp(value: Any) -> Any:
    """One spelling per instant: '2027-01-01T00:00:00.000Z' and '2027-01-01T00:00:00Z' compare equal."""
    match = _TIMESTAMP.match(value) if isinstance(value, str) else None
    if match is None:
        return value
    fraction = (match.group(2) or "").rstrip("0")
    return f"{match.group(1)}{'.' + fraction if fraction else ''}Z"


def declared_properties(declaration: SegmentDeclaration) -> dict[str, Any]:
    """The canonical property form of a declaration: snake_case, every declared key present."""
    properties = declaration.model_dump(mode="python", warnings=False)
    if properties.get("description") == "":
        properties["description"] = None
    properties["expiration"] = canonical_timestamp(properties.get("expiration"))
    return {key: properties.get(key) for key in DECLARED_KEYS}


def _check_control(inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    account = inputs.get("account")
    if account is not None and not contains_deferred(account) and (not isinstance(account, str) or not account):
        problems.append(("account", "must be a non-empty account name from np6:accounts"))
    adopt = inputs.get("adopt")
    if adopt is not None and not contains_deferred(adopt) and not is_np6_id(adopt):
        problems.append(("adopt", "must be an NP6 segment id (a positive int32)"))
    return problems


def validate_inputs(inputs: Mapping[str, Any]) -> tuple[SegmentDeclaration | None, list[tuple[str, str]]]:
    """Validates declared inputs; values unknown at preview are let through untouched."""
    problems = _check_control(inputs)
    declared = {k: inputs[k] for k in DECLARED_KEYS if k in inputs and inputs[k] is not None}
    try:
        declaration = SegmentDeclaration.model_validate(declared)
    except ValidationError as error:
        return None, problems + describe_errors(error)
    return (None if problems else declaration), problems


def _normalized_adopt(adopt: Any) -> Any:
    return int(adopt) if isinstance(adopt, float) and adopt.is_integer() else adopt


# ---------------------------------------------------------------------------
# Diff: what changed, and what NP6 cannot change in place


def replacement_reasons(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    reasons: list[str] = []
    if olds.get("account") != news.get("account"):
        reasons.append("account")
    if contains_deferred(news.get("type")) or (news.get("type") or "static") != (olds.get("type") or "static"):
        reasons.append("type")
    for key in UNCLEARABLE_KEYS:
        if olds.get(key) is not None and (news.get(key) is None or contains_deferred(news.get(key))):
            reasons.append(key)
    return reasons


def changed_keys(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    return [
        key for key in (*DECLARED_KEYS, "account") if contains_deferred(news.get(key)) or olds.get(key) != news.get(key)
    ]


# ---------------------------------------------------------------------------
# Read: NP6's view of a segment, projected onto what was declared


def observed_properties(server: Segment, previous: Mapping[str, Any]) -> dict[str, Any]:
    """The declared-input form of what NP6 holds, so refresh shows drift and nothing else."""
    observed: dict[str, Any] = {
        "type": server.type,
        "name": server.name,
        "description": server.description or None,
        "is_test": bool(server.is_test),
        "expiration": canonical_timestamp(server.expiration),
        "parent_id": server.parent_id,
        "search_id": server.search_id,
    }
    for key in MANAGED_WHEN_DECLARED:
        if previous.get(key) is None:
            observed[key] = None
    return observed


def server_outputs(server: Segment, previous: Mapping[str, Any] | None = None) -> dict[str, Any]:
    previous = previous or {}
    return {
        "segment_id": server.id,
        "creation_date": server.creation or previous.get("creation_date"),
        "expiration_date": server.expiration or previous.get("expiration_date"),
    }


def _matches(server: Segment, declared: Mapping[str, Any]) -> bool:
    observed = observed_properties(server, declared)
    return all(observed[key] == declared.get(key) for key in DECLARED_KEYS)


def wire_segment(declaration: SegmentDeclaration, *, for_update: bool) -> Segment:
    """The body of POST (declared members) or PUT (every managed member, '' clearing a description)."""
    properties = declared_properties(declaration)
    body: dict[str, Any] = {"type": properties["type"], "name": properties["name"], "is_test": properties["is_test"]}
    if properties["description"] is not None or for_update:
        body["description"] = properties["description"] or ""
    for key in ("expiration", "parent_id", "search_id"):
        if properties[key] is not None:
            body[key] = properties[key]
    return Segment.model_validate(body)


# Segments live in their own id space: never let a segment id and an import id claim each other.
def _claim_scope(account: str | None) -> str:
    return f"segments@{account or ''}"


# ---------------------------------------------------------------------------
# The provider


class Np6SegmentProvider(dynamic.ResourceProvider):
    """Pulumi dynamic provider for NP6 segments. Holds no instance state (see runtime.py)."""

    # The pickled provider is a bare class reference: nothing in it needs encrypting.
    serialize_as_secret_always = False

    @reported
    def configure(self, req: dynamic.ConfigureRequest) -> None:
        configure_runtime(req.config.get)

    @reported
    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> dynamic.CheckResult:
        declaration, problems = validate_inputs(news)
        problems += configured_account_problems(news.get("account"))
        if declaration is None or problems:
            return dynamic.CheckResult(news, [dynamic.CheckFailure(path, reason) for path, reason in problems])
        inputs = declared_properties(declaration)
        inputs["account"] = news.get("account")
        # `adopt` is for the first create only: once the resource is in the state (olds), a replacement must
        # create a new segment, not take the old one over and then delete it.
        inputs["adopt"] = None if olds else _normalized_adopt(news.get("adopt"))
        return dynamic.CheckResult(inputs, [])

    @reported
    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dynamic.DiffResult:
        # The segment is this resource's: no create of this run (a replacement's included) may take it over.
        current_runtime().claim(_claim_scope(olds.get("account")), int(id_))
        changes = changed_keys(olds, news)
        replaces = replacement_reasons(olds, news) if changes else []
        return dynamic.DiffResult(changes=bool(changes), replaces=replaces, delete_before_replace=False)

    @reported
    def create(self, props: dict[str, Any]) -> dynamic.CreateResult:
        declaration = self._declaration(props)
        inputs = declared_properties(declaration) | {k: props.get(k) for k in CONTROL_KEYS}
        runtime = current_runtime()
        account, adopt = props.get("account"), props.get("adopt")
        try:
            with runtime.name_lock(_claim_scope(account), str(declaration.name)):
                if adopt is not None:
                    server = self._adopt(runtime, account, int(adopt), declaration, inputs)
                else:
                    server = self._find_orphan(runtime, account, inputs) or self._post(runtime, account, declaration)
        except Np6Error as error:
            raise Np6SegmentError(f"creating NP6 segment {declaration.name!r}: {error}") from None
        assert server.id is not None
        return dynamic.CreateResult(str(server.id), inputs | server_outputs(server))

    @reported
    def read(self, id_: str, props: dict[str, Any]) -> dynamic.ReadResult:
        runtime = current_runtime()
        client = runtime.client(props.get("account"))
        try:
            server = client.get_segment(int(id_))
        except Np6NotFoundError:
            return dynamic.ReadResult("", {})
        except Np6Error as error:
            raise Np6SegmentError(f"reading NP6 segment {id_}: {error}") from None
        runtime.claim(_claim_scope(props.get("account")), int(id_))
        inputs = observed_properties(server, props) | {k: props.get(k) for k in CONTROL_KEYS}
        return dynamic.ReadResult(id_, inputs | server_outputs(server, props), inputs)

    @reported
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dynamic.UpdateResult:
        declaration = self._declaration(news)
        inputs = declared_properties(declaration) | {k: news.get(k) for k in CONTROL_KEYS}
        client = current_runtime().client(news.get("account"))
        try:
            server = client.update_segment(int(id_), wire_segment(declaration, for_update=True))
        except Np6NotFoundError:
            raise Np6SegmentError(
                f"updating NP6 segment {declaration.name!r} (id {id_}): it no longer exists in NP6; "
                "run `pulumi refresh` and then `pulumi up` to create it again"
            ) from None
        except Np6Error as error:
            raise Np6SegmentError(f"updating NP6 segment {declaration.name!r} (id {id_}): {error}") from None
        return dynamic.UpdateResult(inputs | server_outputs(server, olds))

    @reported
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        runtime = current_runtime()
        if runtime.taken_over(_claim_scope(props.get("account")), int(id_)):
            logger.info("np6: NP6 segment %s is not deleted: another resource of this run now manages it", id_)
            return
        client = runtime.client(props.get("account"))
        try:
            client.delete_segment(int(id_))
        except Np6NotFoundError:
            return
        except Np6Error as error:
            raise Np6SegmentError(
                f"deleting NP6 segment {props.get('name')!r} (id {id_}): {error} "
                "(NP6 refuses to delete a segment an action still uses)"
            ) from None

    # -- helpers -----------------------------------------------------------

    @staticmethod
    def _declaration(props: Mapping[str, Any]) -> SegmentDeclaration:
        declaration, problems = validate_inputs(props)
        if declaration is None:
            raise Np6InputError(one_line(problems))
        return declaration

    @staticmethod
    def _post(runtime: ProviderRuntime, account: str | None, declaration: SegmentDeclaration) -> Segment:
        client = runtime.client(account)
        inputs = declared_properties(declaration)
        return post_reconciling(
            runtime=runtime,
            scope=_claim_scope(account),
            client=client,
            what=f"segment {declaration.name!r}",
            post=lambda deadline: client.create_segment(wire_segment(declaration, for_update=False), deadline),
            list_all=client.list_segments,
            created_at=lambda candidate: candidate.creation,
            matches=lambda candidate: _matches(candidate, inputs),
        )

    @staticmethod
    def _find_orphan(runtime: ProviderRuntime, account: str | None, inputs: Mapping[str, Any]) -> Segment | None:
        client = runtime.client(account)
        return find_orphan(
            runtime=runtime,
            scope=_claim_scope(account),
            what="segment",
            load=client.list_segments,
            created_at=lambda candidate: candidate.creation,
            matches=lambda candidate: _matches(candidate, inputs),
        )

    @staticmethod
    def _adopt(
        runtime: ProviderRuntime,
        account: str | None,
        adopt: int,
        declaration: SegmentDeclaration,
        inputs: Mapping[str, Any],
    ) -> Segment:
        client = runtime.client(account)
        deadline = client.new_deadline()
        try:
            existing = client.get_segment(adopt, deadline)
        except Np6NotFoundError:
            raise Np6InputError(f"adopt={adopt}: this NP6 account has no segment {adopt}") from None
        assert existing.id is not None
        if not runtime.claim(_claim_scope(account), existing.id):
            raise Np6InputError(
                f"adopt: NP6 segment {existing.id} is already managed by another resource of this stack"
            )
        if existing.type != inputs.get("type"):
            raise Np6InputError(
                f"adopting NP6 segment {existing.id}: it is {existing.type}, the declaration says "
                f"{inputs.get('type')}; a segment's type cannot change"
            )
        undeclared = [key for key in UNCLEARABLE_KEYS if getattr(existing, key) is not None and inputs.get(key) is None]
        if undeclared:
            raise Np6InputError(
                f"adopting NP6 segment {existing.id}: NP6 cannot remove {', '.join(undeclared)}; declare it"
            )
        if not _matches(existing, inputs):
            existing = client.update_segment(existing.id, wire_segment(declaration, for_update=True), deadline)
        runtime.record_takeover(_claim_scope(account), existing.id)  # type: ignore[arg-type]
        return existing


# ---------------------------------------------------------------------------
# The resource users declare


class Np6Segment(dynamic.Resource, module="np6", name="Segment"):
    """An NP6 segment: a list of targets, e.g. the one an import adds its targets to.

    `segment_id` is NP6's id: pass it to `SegmentationFeature(segment_id=segment.segment_id)`.
    What is updated in place and what replaces the segment: see the module docstring.
    """

    type: pulumi.Output[str]
    name: pulumi.Output[str]
    description: pulumi.Output[str | None]
    is_test: pulumi.Output[bool]
    expiration: pulumi.Output[str | None]
    parent_id: pulumi.Output[int | None]
    search_id: pulumi.Output[int | None]
    account: pulumi.Output[str | None]
    adopt: pulumi.Output[int | None]
    segment_id: pulumi.Output[int]
    creation_date: pulumi.Output[str]
    expiration_date: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        name: pulumi.Input[str],
        type: pulumi.Input[SegmentType] = "static",
        description: pulumi.Input[str] | None = None,
        is_test: pulumi.Input[bool] = False,
        expiration: pulumi.Input[str] | None = None,
        parent_id: pulumi.Input[int] | None = None,
        search_id: pulumi.Input[int] | None = None,
        account: str | None = None,
        adopt: int | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declares a segment.

        account: name of an entry of np6:accounts; unset uses np6:apiKey / np6:baseUrl.
        adopt: an existing NP6 segment id, to manage that segment instead of creating one.
        """
        refuse_plaintext_key()
        arguments = {
            "type": type,
            "name": name,
            "description": description,
            "is_test": is_test,
            "expiration": expiration,
            "parent_id": parent_id,
            "search_id": search_id,
        }
        try:
            declaration = SegmentDeclaration.model_validate({k: v for k, v in arguments.items() if v is not None})
        except ValidationError as error:
            raise Np6InputError(f"Np6Segment {resource_name!r}: {one_line(describe_errors(error))}") from None
        problems = _check_control({"account": account, "adopt": adopt})
        if problems:
            raise Np6InputError(f"Np6Segment {resource_name!r}: {one_line(problems)}")
        props: dict[str, Any] = declared_properties(declaration)
        props.update(account=account, adopt=adopt)
        props.update(dict.fromkeys(OUTPUT_KEYS))
        try:
            super().__init__(Np6SegmentProvider(), resource_name, props, opts)
        finally:
            _restore_pickler()
        # The same value as the `segment_id` output, but taken from the resource id: a dynamic provider's
        # outputs are unknown while an update is previewed, its id is not. So `pulumi preview` of a segment
        # edited in place does not show every import that uses `segment_id` as changing too.
        self.segment_id = self.id.apply(_as_segment_id)


def _as_segment_id(resource_id: str) -> int:
    return int(resource_id)
