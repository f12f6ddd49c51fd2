"""Import definitions: building the stored document, PUT merge (IMPORTS.md §5 Q1), rendering.

Stored documents keep server dates in full precision (``dates.to_storage``); rendering emits them
at the configured precision and omits unset members. Pure functions: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import dates
from .errors import bad_request
from .schemas import ImportDefinitionIn, PeriodicScheduler
from .settings import Settings

DEFAULT_SCHEDULER_NAME = "New schedule"
DEFAULT_TIMEZONE = "(Utc+01:00) Brussels, Copenhagen, Madrid, Paris"

IdAllocator = Callable[[], int]


@dataclass(frozen=True)
class WriteContext:
    """What a create/update needs besides the body."""

    now: datetime
    next_id: IdAllocator
    settings: Settings


def _dump(model: Any) -> dict[str, Any]:
    result: dict[str, Any] = model.model_dump(mode="json", exclude_none=True)
    return result


# --- scheduler -------------------------------------------------------------------------------


def build_scheduler(sent: Any, ctx: WriteContext, *, keep_id: int | None, keep_created: str | None) -> dict[str, Any]:
    """Expand a sent scheduler with server defaults (IMPORTS.md §2.3)."""
    created = keep_created or dates.to_storage(ctx.now)
    body = _dump(sent)
    out: dict[str, Any] = {
        "type": body.pop("type"),
        "id": keep_id if keep_id is not None else ctx.next_id(),
        "name": sent.name if sent.name is not None else DEFAULT_SCHEDULER_NAME,
        "creationDate": created,
    }
    if sent.description is not None:
        out["description"] = sent.description
    out["enabled"] = sent.enabled if sent.enabled is not None else True
    out["timezone"] = sent.timezone if sent.timezone is not None else DEFAULT_TIMEZONE
    for member in ("id", "creationDate", "name", "description", "enabled", "timezone"):
        body.pop(member, None)
    if isinstance(sent, PeriodicScheduler):
        if "extension" in body:
            out["extension"] = body.pop("extension")
        out["frequency"] = body.pop("frequency")
        validity = body.pop("validity", None) or {}
        start = validity.get("start") or dates.date_parts(dates.from_storage(created), ctx.settings.date_precision)
        if "end" in validity and dates.parts_to_datetime(validity["end"]) < dates.parts_to_datetime(start):
            raise bad_request("validity.end is before validity.start (the creation instant when start is unset)")
        out["validity"] = {"start": start, **({"end": validity["end"]} if "end" in validity else {})}
    else:
        out.update(body)  # opaque variant: value, extension and unknown members kept as sent
    return out


# --- source ----------------------------------------------------------------------------------


def build_source(sent: Any, previous: dict[str, Any] | None) -> dict[str, Any]:
    """Stored form of a sent source; server-owned members of a previous ``file`` source are kept."""
    body = _dump(sent)
    if body["type"] == "ftp":
        out = {"type": "ftp"}
        for member in ("folder", "templateFilename"):
            if member in body:
                out[member] = body[member]
        return out
    out = {"type": "file"}
    if previous and previous.get("type") == "file":
        for member in ("updateDate", "filename", "data"):
            if member in previous:
                out[member] = previous[member]
    if "data" in body:
        out["data"] = body["data"]
    return out


def _derive_ftp(doc: dict[str, Any], settings: Settings) -> None:
    """ftp ``folder`` = "<id> - <name>", ``templateFilename`` = "<name>.csv" when not sent."""
    source = doc.get("source")
    if not source or source.get("type") != "ftp":
        return
    if settings.always_derive_ftp or source.get("folder") is None:
        source["folder"] = f"{doc['id']} - {doc['name']}"
    if settings.always_derive_ftp or source.get("templateFilename") is None:
        source["templateFilename"] = f"{doc['name']}.csv"


# --- features --------------------------------------------------------------------------------


def merge_features(stored: list[dict[str, Any]], sent: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sent features replace stored ones of the same type (stored order kept), new types appended."""
    by_type = {feature["type"]: feature for feature in sent}
    merged = [by_type.pop(feature["type"], feature) for feature in stored]
    return merged + [feature for feature in sent if feature["type"] in by_type]


# --- create / update -------------------------------------------------------------------------


def new_definition(body: ImportDefinitionIn, ctx: WriteContext) -> dict[str, Any]:
    """The stored document of a created import (name already checked present)."""
    assert body.name is not None
    doc: dict[str, Any] = {
        "id": ctx.next_id(),
        "name": body.name,
        "creationDate": dates.to_storage(ctx.now),
    }
    if body.binding is not None:
        doc["binding"] = body.binding
    doc["features"] = [_dump(feature) for feature in body.features or []]
    # No source sent: a manual import fed by uploads gets a `file` source (legacy create response).
    doc["source"] = build_source(body.source, None) if body.source else {"type": "file"}
    if body.scheduler is not None:
        doc["scheduler"] = build_scheduler(body.scheduler, ctx, keep_id=None, keep_created=doc["creationDate"])
    _derive_ftp(doc, ctx.settings)
    return doc


def changes_anything(body: ImportDefinitionIn) -> bool:
    return any(value is not None for value in (body.name, body.binding, body.features, body.source, body.scheduler))


def merge_definition(stored: dict[str, Any], body: ImportDefinitionIn, ctx: WriteContext) -> dict[str, Any]:
    """PUT semantics: absent or null member = keep; ``id``/``creationDate`` ignored."""
    doc = dict(stored)
    if body.name is not None:
        doc["name"] = body.name
    if body.binding is not None:
        doc["binding"] = body.binding
    if body.features is not None:
        doc["features"] = merge_features(doc.get("features", []), [_dump(f) for f in body.features])
    if body.source is not None:
        doc["source"] = build_source(body.source, doc.get("source"))
    if body.scheduler is not None:
        previous = doc.get("scheduler") or {}
        doc["scheduler"] = build_scheduler(
            body.scheduler, ctx, keep_id=previous.get("id"), keep_created=previous.get("creationDate")
        )
    doc["updateDate"] = dates.to_storage(ctx.now)
    _derive_ftp(doc, ctx.settings)
    return doc


# --- rendering -------------------------------------------------------------------------------


def render_source(source: dict[str, Any], settings: Settings) -> dict[str, Any]:
    out: dict[str, Any] = {"type": source["type"], "creationDate": dates.MIN_DATE}
    if "updateDate" in source:
        out["updateDate"] = dates.stored_to_wire(source["updateDate"], settings.date_precision)
    for member in ("filename", "folder", "templateFilename"):
        if member in source:
            out[member] = source[member]
    return out  # `data` is stored but never emitted (IMPORTS.md §5 Q7)


def _render_common(doc: dict[str, Any], settings: Settings) -> dict[str, Any]:
    precision = settings.date_precision
    out: dict[str, Any] = {
        "id": doc["id"],
        "name": doc["name"],
        "creationDate": dates.stored_to_wire(doc["creationDate"], precision),
    }
    if "updateDate" in doc:
        out["updateDate"] = dates.stored_to_wire(doc["updateDate"], precision)
    if "binding" in doc:
        out["binding"] = doc["binding"]
    out["features"] = doc.get("features", [])
    out["source"] = render_source(doc["source"], settings)
    return out


def render_full(doc: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """Create-response shape: the scheduler expanded."""
    out = _render_common(doc, settings)
    if "scheduler" in doc:
        scheduler = dict(doc["scheduler"])
        scheduler["creationDate"] = dates.stored_to_wire(scheduler["creationDate"], settings.date_precision)
        out["scheduler"] = scheduler
    return out


def render_read(doc: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """GET / list / PUT-response shape: the scheduler reduced to ``{"id": n}``."""
    out = _render_common(doc, settings)
    if "scheduler" in doc:
        out["scheduler"] = {"id": doc["scheduler"]["id"]}
    return out
