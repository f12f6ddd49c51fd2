"""Segments (IMPORTS.md §2.10, §3.9): stored document, partial update, rendering. Pure functions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from . import dates
from .errors import bad_request
from .schemas import SegmentIn
from .settings import Settings


def new_segment(body: SegmentIn, segment_id: int, now: datetime) -> dict[str, Any]:
    if body.type is None:
        raise bad_request("type is required (static or dynamic)")
    if body.name is None:
        raise bad_request("name is required")
    expiration = dates.parse_wire(body.expiration) if body.expiration else dates.add_one_year(now)
    doc: dict[str, Any] = {
        "type": body.type,
        "id": segment_id,
        "name": body.name,
        "creation": dates.to_storage(now),
        "expiration": dates.to_storage(expiration),
        "isTest": bool(body.isTest),
    }
    if body.description is not None:
        doc["description"] = body.description
    if body.parentId is not None:
        doc["parentId"] = body.parentId
    if body.searchId is not None:
        doc["searchId"] = body.searchId
    return doc


def merge_segment(stored: dict[str, Any], body: SegmentIn) -> dict[str, Any]:
    """Absent or null members keep their value; the type of a segment cannot change."""
    if body.type is not None and body.type != stored["type"]:
        raise bad_request("the type of a segment cannot change")
    doc = dict(stored)
    for member in ("name", "description", "isTest", "parentId", "searchId"):
        value = getattr(body, member)
        if value is not None:
            doc[member] = value
    if body.expiration is not None:
        doc["expiration"] = dates.to_storage(dates.parse_wire(body.expiration))
    return doc


def render_segment(doc: dict[str, Any], targets_count: int, settings: Settings) -> dict[str, Any]:
    precision = settings.date_precision
    out: dict[str, Any] = {"type": doc["type"], "id": doc["id"], "name": doc["name"]}
    if "description" in doc:
        out["description"] = doc["description"]
    out["creation"] = dates.stored_to_wire(doc["creation"], precision)
    out["expiration"] = dates.stored_to_wire(doc["expiration"], precision)
    out["isTest"] = doc["isTest"]
    out["targetsCount"] = targets_count
    for member in ("parentId", "searchId"):
        if member in doc:
            out[member] = doc[member]
    return out
