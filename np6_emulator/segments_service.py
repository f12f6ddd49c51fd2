"""Segment operations (IMPORTS.md §2.10). Synchronous: the routes run them in a worker thread."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from . import dates
from .bodies import parse_json, parse_object
from .errors import bad_request, describe, not_found
from .imports_service import check_id
from .schemas import SegmentIn, TargetsIn
from .segments import merge_segment, new_segment, render_segment
from .state import EmulatorState
from .store import Tx


def _validate(raw: dict[str, Any]) -> SegmentIn:
    try:
        return SegmentIn.model_validate(raw)
    except ValidationError as exc:
        raise bad_request(describe(exc)) from exc


def _load(tx: Tx, account: int, segment_id: int) -> dict[str, Any]:
    doc = tx.get_segment(account, check_id(segment_id))
    if doc is None:
        raise not_found("no such segment")
    return doc


def _render(emu: EmulatorState, tx: Tx, doc: dict[str, Any]) -> dict[str, Any]:
    return render_segment(doc, tx.count_targets(doc["id"]), emu.settings)


def list_segments(emu: EmulatorState, account: int) -> list[dict[str, Any]]:
    with emu.store.transaction() as tx:
        return [_render(emu, tx, doc) for doc in tx.list_segments(account)]


def get_segment(emu: EmulatorState, account: int, segment_id: int) -> dict[str, Any]:
    with emu.store.transaction() as tx:
        return _render(emu, tx, _load(tx, account, segment_id))


def create_segment(emu: EmulatorState, account: int, body: bytes, content_type: str | None) -> dict[str, Any]:
    raw = parse_object(body, content_type)
    assert raw is not None
    segment = _validate(raw)
    with emu.store.transaction() as tx:
        doc = new_segment(segment, tx.next_id(), dates.utcnow())
        tx.insert_segment(account, doc)
        return _render(emu, tx, doc)


def update_segment(
    emu: EmulatorState, account: int, segment_id: int, body: bytes, content_type: str | None
) -> dict[str, Any]:
    raw = parse_object(body, content_type)
    assert raw is not None
    segment = _validate(raw)
    with emu.store.transaction() as tx:
        doc = merge_segment(_load(tx, account, segment_id), segment)
        tx.replace_segment(doc)
        return _render(emu, tx, doc)


def delete_segment(emu: EmulatorState, account: int, segment_id: int) -> None:
    with emu.store.transaction() as tx:
        if not tx.delete_segment(account, check_id(segment_id)):
            raise not_found("no such segment")


def list_targets(emu: EmulatorState, account: int, segment_id: int) -> list[str]:
    with emu.store.transaction() as tx:
        _load(tx, account, segment_id)
        return tx.targets(segment_id)


def add_targets(emu: EmulatorState, account: int, segment_id: int, body: bytes, content_type: str | None) -> int:
    """At most 50 ids per call, static segments only; returns how many were not there yet."""
    try:
        targets = TargetsIn.model_validate(parse_json(body, content_type)).root
    except ValidationError as exc:
        raise bad_request(describe(exc)) from exc
    with emu.store.transaction() as tx:
        doc = _load(tx, account, segment_id)
        if doc["type"] != "static":
            raise bad_request("targets can only be added to a static segment")
        return tx.add_targets(segment_id, targets)


def clear_targets(emu: EmulatorState, account: int, segment_id: int) -> None:
    with emu.store.transaction() as tx:
        _load(tx, account, segment_id)
        tx.clear_targets(segment_id)
