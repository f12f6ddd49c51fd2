"""The `Np6Import` resource: schema, check, diff, create, read, update, delete and adoption in one place.

Do not move or rename this module, `Np6ImportProvider` or the type token
(`pulumi-python:dynamic/np6:Import`): every stack's state refers to them.

Lifecycle rules (also in the README):
- NP6's PUT keeps members it is not sent and merges features by type, so it
  cannot remove anything. Removing a feature, the source or the scheduler, or
  changing the source's or the scheduler's type, or moving to another
  `account`, replaces the import (the new one is created before the old one is
  deleted). Everything else is updated in place with one PUT. Feature order is
  not managed (PUT cannot reorder).
- GET returns the scheduler as its id only: refresh keeps the declared
  scheduler while NP6 still has a scheduler with that id, and reports drift
  when it is gone or replaced.
- `adopt` brings an existing NP6 import under management instead of creating
  one (`pulumi import` does not work for dynamic resources); only at the
  resource's first create.
- Delete removes the import; one that is already gone counts as deleted, and
  one a create of the same run took over (adopt, recovery) is left to it.
"""

from __future__ import annotations

import logging
import math
import pickle
from collections.abc import Mapping, Sequence
from typing import Any, Literal, cast

import pulumi
import pulumi.dynamic as dynamic
from pydantic import ValidationError

from ..errors import Np6ConfigError, Np6Error, Np6InputError, Np6NotFoundError
from ..models import (
    Feature,
    FileSource,
    FtpSource,
    ImportDeclaration,
    ImportDefinition,
    Scheduler,
    SchedulerRef,
    Source,
    WireModel,
    contains_deferred,
    known,
)
from ..models.schedulers import SCHEDULER_SERVER_FIELDS
from ..models.sources import SOURCE_SERVER_FIELDS
from ..runtime import ProviderRuntime, configure_runtime, current_runtime
from ..settings import refuse_plaintext_key
from ..validation import describe_errors, one_line
from ._reconcile import find_orphan, post_reconciling
from ._reporting import reported

logger = logging.getLogger("np6_provider")

DECLARED_KEYS = ("name", "binding", "features", "source", "scheduler")
CONTROL_KEYS = ("account", "adopt")
INPUT_KEYS = DECLARED_KEYS + CONTROL_KEYS
OUTPUT_KEYS = ("np6_id", "creation_date", "update_date", "scheduler_id", "ftp_folder", "ftp_template_filename")
ADOPT_BY_NAME = "by_name"

Adopt = int | Literal["by_name"]
# What NP6's own request examples send for server-set members: "not set yet".
_SERVER_PLACEHOLDERS = (None, 0, "0001-01-01T00:00:00Z")


class Np6ImportError(Np6Error):
    """A resource operation failed; the message names the import and what to do."""


# ---------------------------------------------------------------------------
# Schema: declared inputs <-> provider properties


def declared_properties(declaration: ImportDeclaration) -> dict[str, Any]:
    """The canonical property form of a declaration: snake_case, unset members and server placeholders left out."""
    dumped = declaration.model_dump(mode="python", exclude_none=True, warnings=False)
    properties: dict[str, Any] = {key: dumped.get(key) for key in DECLARED_KEYS}
    properties["features"] = dumped.get("features", [])
    for key, server_fields in (("source", SOURCE_SERVER_FIELDS), ("scheduler", SCHEDULER_SERVER_FIELDS)):
        member = properties[key]
        if isinstance(member, dict) and "type" in member:
            properties[key] = {k: v for k, v in member.items() if k not in server_fields}
    return properties


def _plain(value: Any) -> Any:
    """What Pulumi can send: models as their property dicts (check() validates and canonicalizes them)."""
    if isinstance(value, WireModel):
        return value.model_dump(mode="python", exclude_none=True, warnings=False)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def sendable(value: Any) -> Any:
    """`value` with every Output in it resolving to plain data: Pulumi refuses an Output of a model."""
    if isinstance(value, pulumi.Output):
        return value.apply(_plain)
    if isinstance(value, dict):
        return {k: sendable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [sendable(v) for v in value]
    return value


def is_np6_id(value: Any) -> bool:
    """A positive int32, as a program gives it (Pulumi hands numbers over as floats)."""
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and int(value) == value > 0
        and value <= 2**31 - 1
    )


def _check_control(inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    account = inputs.get("account")
    if account is not None and not contains_deferred(account) and (not isinstance(account, str) or not account):
        problems.append(("account", "must be a non-empty account name from np6:accounts"))
    adopt = inputs.get("adopt")
    if adopt is not None and not contains_deferred(adopt) and not (is_np6_id(adopt) or adopt == ADOPT_BY_NAME):
        problems.append(("adopt", f"must be an NP6 import id (a positive int32) or {ADOPT_BY_NAME!r}"))
    return problems


def _server_owned_problems(declaration: ImportDeclaration, adopting: bool) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for key, value, server_fields in (
        ("source", declaration.source, SOURCE_SERVER_FIELDS),
        ("scheduler", declaration.scheduler, SCHEDULER_SERVER_FIELDS),
    ):
        if value is None or contains_deferred(value):
            continue
        if isinstance(value, SchedulerRef):
            if not adopting:
                problems.append(
                    (
                        key,
                        "a SchedulerRef (an id alone) keeps an adopted import's scheduler: set adopt",
                    )
                )
            continue
        for field in server_fields:
            if getattr(value, field, None) not in _SERVER_PLACEHOLDERS:
                problems.append((f"{key}.{field}", "is set by NP6; remove it from the declaration"))
    return problems


_KNOWN_PROPERTIES = frozenset((*INPUT_KEYS, *OUTPUT_KEYS, "__provider"))


def validate_inputs(inputs: Mapping[str, Any]) -> tuple[ImportDeclaration | None, list[tuple[str, str]]]:
    """Validates declared inputs; values unknown at preview are let through untouched."""
    problems = [(key, "unknown property") for key in sorted(set(inputs) - _KNOWN_PROPERTIES)]
    problems += _check_control(inputs)
    try:
        declaration = ImportDeclaration.model_validate({k: inputs[k] for k in DECLARED_KEYS if k in inputs})
    except ValidationError as error:
        return None, problems + describe_errors(error)
    problems += _server_owned_problems(declaration, adopting=inputs.get("adopt") is not None)
    return (None if problems else declaration), problems


def configured_account_problems(account: Any) -> list[tuple[str, str]]:
    """In the provider process: a named account the stack config does not define (caught at preview)."""
    if not isinstance(account, str) or not account:
        return []
    try:
        current_runtime().settings.account(account)
    except Np6ConfigError as error:
        return [("account", str(error))]
    return []


def _normalized_adopt(adopt: Any) -> Any:
    return int(adopt) if isinstance(adopt, float) and adopt.is_integer() else adopt


# ---------------------------------------------------------------------------
# Diff: what changed, and what NP6 cannot change in place


def _type_of(value: Any) -> Any:
    return value.get("type") if isinstance(value, dict) else None


def replacement_reasons(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    reasons: list[str] = []
    if olds.get("account") != news.get("account"):
        reasons.append("account")
    if olds.get("binding") is not None and news.get("binding") is None:
        reasons.append("binding")
    old_features, new_features = olds.get("features") or [], news.get("features") or []
    old_types = {_type_of(f) for f in old_features}
    if contains_deferred(new_features) and not isinstance(new_features, list):
        if old_types:
            reasons.append("features")
    else:
        new_types = {_type_of(f) for f in new_features}
        if any(contains_deferred(t) for t in new_types) or not old_types <= new_types:
            reasons.append("features")
    reasons += [key for key in ("source", "scheduler") if _member_needs_replacement(olds.get(key), news.get(key))]
    return reasons


def _member_needs_replacement(old: Any, new: Any) -> bool:
    """A source or scheduler cannot be removed by PUT, nor (as far as NP6 documents) change type."""
    if old is None:
        return False
    if new is None or (contains_deferred(new) and not isinstance(new, dict)):
        return True
    if isinstance(new, dict) and "type" not in new:
        return False  # a SchedulerRef: keep what NP6 has, nothing to send
    old_type = _type_of(old)  # None when refresh saw a scheduler other than ours: PUT restores it
    return old_type is not None and (contains_deferred(_type_of(new)) or _type_of(new) != old_type)


def _features_by_type(features: Any) -> dict[str, Any] | None:
    """Features keyed by type, when all are known: NP6 merges them by type and keeps its own order."""
    if not isinstance(features, list) or contains_deferred(features):
        return None
    keyed = {_type_of(f): f for f in features}
    return keyed if len(keyed) == len(features) and all(isinstance(t, str) for t in keyed) else None


def _same(key: str, old: Any, new: Any) -> bool:
    if key == "features":
        old_features, new_features = _features_by_type(old or []), _features_by_type(new or [])
        if old_features is not None and new_features is not None:
            return old_features == new_features  # a reordering is no change: PUT cannot reorder
    return bool(old == new)


def changed_keys(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    return [
        key
        for key in (*DECLARED_KEYS, "account")
        if contains_deferred(news.get(key)) or not _same(key, olds.get(key), news.get(key))
    ]


# ---------------------------------------------------------------------------
# Read: NP6's view of an import, projected onto what was declared


def _source_view(source: Source | None, declared: Any) -> dict[str, Any] | None:
    if source is None:
        return None
    if declared is None and isinstance(source, FileSource) and source.data is None:
        # NP6 gives a manual import (one declared without a source) a file source of its own.
        return None
    view = source.model_dump(mode="python", exclude_none=True, exclude=set(SOURCE_SERVER_FIELDS))
    declared = declared if isinstance(declared, dict) else {}
    # NP6 fills the ftp folder and file name when they are not declared; only declared ones can drift.
    for server_default in ("folder", "template_filename"):
        if declared.get(server_default) is None:
            view.pop(server_default, None)
    # NP6 stores a file source's `data` but never returns it (IMPORTS.md §5 Q7): what was sent stands.
    if view.get("data") is None and declared.get("data") is not None:
        view["data"] = declared["data"]
    return view


def _scheduler_view(scheduler: Scheduler | None, previous: Mapping[str, Any]) -> dict[str, Any] | None:
    if scheduler is None:
        return None
    if isinstance(scheduler, SchedulerRef):
        if previous.get("scheduler") is not None and scheduler.id == previous.get("scheduler_id"):
            return cast(dict[str, Any], previous["scheduler"])
        return {"id": scheduler.id}
    view = scheduler.model_dump(mode="python", exclude_none=True, exclude=set(SCHEDULER_SERVER_FIELDS))
    declared = previous.get("scheduler") if isinstance(previous.get("scheduler"), dict) else {}
    for server_default in ("name", "enabled", "timezone", "validity"):
        if cast(dict[str, Any], declared).get(server_default) is None:
            view.pop(server_default, None)
    return view


def _feature_view(feature: Any, declared_features: Mapping[Any, dict[str, Any]]) -> dict[str, Any]:
    view: dict[str, Any] = feature.model_dump(mode="python", exclude_none=True)
    declared = declared_features.get(view["type"], {})
    # NP6 may echo empty members nobody sent (legacy responses carry "groupIds": []).
    return {k: v for k, v in view.items() if k in declared or v not in ([], {})}


def observed_properties(server: ImportDefinition, previous: Mapping[str, Any]) -> dict[str, Any]:
    """The declared-input form of what NP6 holds, so refresh shows drift and nothing else."""
    declared_features = {_type_of(f): f for f in previous.get("features") or [] if isinstance(f, dict)}
    declared_order = {kind: index for index, kind in enumerate(declared_features)}
    features = [_feature_view(known(f), declared_features) for f in known(server.features)]
    # In the declared order (NP6 keeps its own, which PUT cannot change), undeclared ones last.
    features.sort(key=lambda f: declared_order.get(f["type"], len(declared_order)))
    return {
        "name": server.name,
        "binding": server.binding,
        "features": features,
        "source": _source_view(known(server.source), previous.get("source")),
        "scheduler": _scheduler_view(known(server.scheduler), previous),
    }


def server_outputs(server: ImportDefinition, previous: Mapping[str, Any] | None = None) -> dict[str, Any]:
    previous = previous or {}
    source = server.source if isinstance(server.source, FtpSource) else None
    scheduler_id = server.scheduler.id if server.scheduler is not None else None
    return {
        "np6_id": server.id,
        "creation_date": server.creation_date or previous.get("creation_date"),
        "update_date": server.update_date,
        "scheduler_id": scheduler_id,
        "ftp_folder": source.folder if source else None,
        "ftp_template_filename": source.template_filename if source else None,
    }


def _matches(server: ImportDefinition, declared: Mapping[str, Any]) -> bool:
    """Whether an NP6 import holds exactly the declaration (its scheduler can only be compared by presence)."""
    observed = observed_properties(server, {"source": declared.get("source"), "features": declared.get("features")})
    same_scheduler = (observed["scheduler"] is None) == (declared.get("scheduler") is None)
    return same_scheduler and all(_same(k, observed[k], declared.get(k)) for k in DECLARED_KEYS if k != "scheduler")


# ---------------------------------------------------------------------------
# The provider


class Np6ImportProvider(dynamic.ResourceProvider):
    """Pulumi dynamic provider for NP6 import definitions. Holds no instance state (see runtime.py)."""

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
        # create a new import, not take the old one over and then delete it.
        inputs["adopt"] = None if olds else _normalized_adopt(news.get("adopt"))
        return dynamic.CheckResult(inputs, [])

    @reported
    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dynamic.DiffResult:
        # The import is this resource's: no create of this run (a replacement's included) may take it over.
        current_runtime().claim(olds.get("account"), int(id_))
        changes = changed_keys(olds, news)
        replaces = replacement_reasons(olds, news) if changes else []
        return dynamic.DiffResult(changes=bool(changes), replaces=replaces, delete_before_replace=False)

    @reported
    def create(self, props: dict[str, Any]) -> dynamic.CreateResult:
        declaration = self._declaration(props)
        inputs = declared_properties(declaration) | {k: props.get(k) for k in CONTROL_KEYS}
        runtime = current_runtime()
        account, adopt = props.get("account"), _normalized_adopt(props.get("adopt"))
        try:
            with runtime.name_lock(account, declaration.name):  # type: ignore[arg-type]
                if adopt is not None:
                    server = self._adopt(runtime, account, adopt, declaration, inputs)
                else:
                    server = self._find_orphan(runtime, account, inputs) or self._post(runtime, account, declaration)
        except Np6Error as error:
            raise Np6ImportError(f"creating NP6 import {declaration.name!r}: {error}") from None
        assert server.id is not None
        return dynamic.CreateResult(str(server.id), inputs | server_outputs(server))

    @reported
    def read(self, id_: str, props: dict[str, Any]) -> dynamic.ReadResult:
        runtime = current_runtime()
        try:
            server = runtime.read_import(props.get("account"), int(id_))
        except Np6NotFoundError:
            return dynamic.ReadResult("", {})
        except Np6Error as error:
            raise Np6ImportError(f"reading NP6 import {id_}: {error}") from None
        runtime.claim(props.get("account"), int(id_))
        inputs = observed_properties(server, props) | {k: props.get(k) for k in CONTROL_KEYS}
        return dynamic.ReadResult(id_, inputs | server_outputs(server, props), inputs)

    @reported
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dynamic.UpdateResult:
        declaration = self._declaration(news)
        inputs = declared_properties(declaration) | {k: news.get(k) for k in CONTROL_KEYS}
        changes: dict[str, Any] = {"name": declaration.name, "features": declaration.features}
        if declaration.binding is not None:
            changes["binding"] = declaration.binding
        for key in ("source", "scheduler"):
            declared = getattr(declaration, key)
            if olds.get(key) != inputs[key] and declared is not None and not isinstance(declared, SchedulerRef):
                changes[key] = declared
        client = current_runtime().client(news.get("account"))
        try:
            server = client.update_import(int(id_), ImportDeclaration.model_validate(changes))
        except Np6NotFoundError:
            raise Np6ImportError(
                f"updating NP6 import {declaration.name!r} (id {id_}): it no longer exists in NP6; "
                "run `pulumi refresh` and then `pulumi up` to create it again"
            ) from None
        except Np6Error as error:
            raise Np6ImportError(f"updating NP6 import {declaration.name!r} (id {id_}): {error}") from None
        return dynamic.UpdateResult(inputs | server_outputs(server, olds))

    @reported
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        runtime = current_runtime()
        if runtime.taken_over(props.get("account"), int(id_)):
            logger.info("np6: NP6 import %s is not deleted: another resource of this run now manages it", id_)
            return
        client = runtime.client(props.get("account"))
        try:
            client.delete_import(int(id_))
        except Np6NotFoundError:
            return
        except Np6Error as error:
            raise Np6ImportError(f"deleting NP6 import {props.get('name')!r} (id {id_}): {error}") from None

    # -- helpers -----------------------------------------------------------

    @staticmethod
    def _declaration(props: Mapping[str, Any]) -> ImportDeclaration:
        declaration, problems = validate_inputs(props)
        if declaration is None:
            raise Np6InputError(one_line(problems))
        return declaration

    @staticmethod
    def _post(runtime: ProviderRuntime, account: str | None, declaration: ImportDeclaration) -> ImportDefinition:
        client = runtime.client(account)
        inputs = declared_properties(declaration)
        return post_reconciling(
            runtime=runtime,
            scope=account,
            client=client,
            what=f"import {declaration.name!r}",
            post=lambda deadline: client.create_import(declaration, deadline),
            list_all=client.list_imports,
            created_at=lambda candidate: candidate.creation_date,
            matches=lambda candidate: _matches(candidate, inputs),
        )

    @staticmethod
    def _find_orphan(
        runtime: ProviderRuntime, account: str | None, inputs: Mapping[str, Any]
    ) -> ImportDefinition | None:
        client = runtime.client(account)
        return find_orphan(
            runtime=runtime,
            scope=account,
            what="import",
            load=client.list_imports,
            created_at=lambda candidate: candidate.creation_date,
            matches=lambda candidate: _matches(candidate, inputs),
        )

    @staticmethod
    def _adopt(
        runtime: ProviderRuntime,
        account: str | None,
        adopt: Adopt,
        declaration: ImportDeclaration,
        inputs: Mapping[str, Any],
    ) -> ImportDefinition:
        client = runtime.client(account)
        deadline = client.new_deadline()
        if adopt == ADOPT_BY_NAME:
            matches = [d for d in client.list_imports(deadline) if d.name == declaration.name]
            if not matches:
                raise Np6InputError(
                    f"adopt='by_name': no NP6 import is named {declaration.name!r}; remove adopt to create it"
                )
            if len(matches) > 1:
                ids = ", ".join(str(d.id) for d in matches)
                raise Np6InputError(
                    f"adopt='by_name': several NP6 imports are named {declaration.name!r} (ids {ids}); adopt by id"
                )
            existing = matches[0]
        else:
            try:
                existing = client.get_import(int(adopt), deadline)
            except Np6NotFoundError:
                raise Np6InputError(f"adopt={adopt}: this NP6 account has no import {adopt}") from None
        assert existing.id is not None
        if not runtime.claim(account, existing.id):
            raise Np6InputError(f"adopt: NP6 import {existing.id} is already managed by another resource of this stack")
        observed = observed_properties(existing, {"source": inputs.get("source")})
        undeclared = [
            f"features[type={t}]"
            for t in {_type_of(f) for f in observed["features"]} - {_type_of(f) for f in inputs["features"]}
        ]
        undeclared += [
            key for key in ("binding", "source", "scheduler") if observed[key] is not None and inputs.get(key) is None
        ]
        if undeclared:
            raise Np6InputError(
                f"adopting NP6 import {existing.id}: NP6 cannot remove {', '.join(sorted(undeclared))}; "
                "declare them, or remove them in NP6 first"
            )
        reference = declaration.scheduler if isinstance(declaration.scheduler, SchedulerRef) else None
        kept_scheduler = reference is not None
        if reference is not None:
            existing_scheduler = known(existing.scheduler)
            existing_id = existing_scheduler.id if existing_scheduler is not None else None
            if existing_id != reference.id:
                raise Np6InputError(
                    f"adopting NP6 import {existing.id}: its scheduler is {existing_id}, "
                    f"not {reference.id} as declared by SchedulerRef"
                )
        if not (_matches(existing, inputs) and (inputs.get("scheduler") is None or kept_scheduler)):
            sent = [k for k in DECLARED_KEYS if inputs.get(k) is not None and not (k == "scheduler" and kept_scheduler)]
            changes = {k: getattr(declaration, k) for k in sent}
            existing = client.update_import(existing.id, ImportDeclaration.model_validate(changes), deadline)
        runtime.record_takeover(account, existing.id)  # type: ignore[arg-type]
        return existing


# ---------------------------------------------------------------------------
# The resource users declare

# serialize_provider() wraps pickle's dict methods on every call and never unwinds them, so
# after a few hundred resources pickling recurses too deep; we put the originals back.
_PICKLE_ORIGINALS = {name: getattr(pickle._Pickler, name) for name in ("_batch_setitems", "save_dict")}


def _restore_pickler() -> None:
    for name, method in _PICKLE_ORIGINALS.items():
        setattr(pickle._Pickler, name, method)


class Np6Import(dynamic.Resource, module="np6", name="Import"):
    """An NP6 import definition.

    NP6 pulls a contact file from `source` (an FTP folder it polls, or an
    uploaded file), maps its columns with the import format `binding`, applies
    each of `features` and runs on `scheduler` (no scheduler: a manual import,
    run by `np6 run`). Outputs add NP6's id and dates and the FTP folder NP6
    manages. See the module docstring for what forces a replacement.
    """

    name: pulumi.Output[str]
    binding: pulumi.Output[int | None]
    features: pulumi.Output[list[dict[str, Any]]]
    source: pulumi.Output[dict[str, Any] | None]
    scheduler: pulumi.Output[dict[str, Any] | None]
    account: pulumi.Output[str | None]
    adopt: pulumi.Output[Any]
    np6_id: pulumi.Output[int]
    creation_date: pulumi.Output[str]
    update_date: pulumi.Output[str | None]
    scheduler_id: pulumi.Output[int | None]
    ftp_folder: pulumi.Output[str | None]
    ftp_template_filename: pulumi.Output[str | None]

    def __init__(
        self,
        resource_name: str,
        *,
        name: pulumi.Input[str],
        binding: pulumi.Input[int] | None = None,
        features: Sequence[Feature] | pulumi.Output[Sequence[Feature]] | None = (),
        source: Source | None = None,
        scheduler: Scheduler | None = None,
        account: str | None = None,
        adopt: Adopt | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declares an import.

        account: name of an entry of np6:accounts; unset uses np6:apiKey / np6:baseUrl.
        adopt: an existing NP6 import id, or "by_name", to manage that import instead of creating one.
        """
        refuse_plaintext_key()
        try:
            declaration = ImportDeclaration.model_validate(
                {
                    "name": name,
                    "binding": binding,
                    # A whole list may come from another resource (an Output); None means no features.
                    "features": features if isinstance(features, pulumi.Output) else list(features or ()),
                    "source": source,
                    "scheduler": scheduler,
                }
            )
        except ValidationError as error:
            raise Np6InputError(f"Np6Import {resource_name!r}: {one_line(describe_errors(error))}") from None
        props: dict[str, Any] = sendable(declared_properties(declaration))
        props.update(account=account, adopt=adopt)
        props.update(dict.fromkeys(OUTPUT_KEYS))
        try:
            super().__init__(Np6ImportProvider(), resource_name, props, opts)
        finally:
            _restore_pickler()
        # The same value as the np6_id output, taken from the resource id: while an update is previewed a
        # dynamic resource's outputs are unknown, which would show every resource using np6_id as changing.
        self.np6_id = self.id.apply(int)
