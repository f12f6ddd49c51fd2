"""Import operations (IMPORTS.md §2.1-§2.8). Synchronous: the routes run them in a worker thread."""

from __future__ import annotations

import time
from typing import Any

from pydantic import ValidationError

from . import dates
from .bodies import is_upload_type, parse_object, read_upload, stored_filename
from .definitions import (
    WriteContext,
    changes_anything,
    merge_definition,
    new_definition,
    render_full,
    render_read,
    render_source,
)
from .errors import ApiError, bad_request, describe, not_found
from .executions import PROCESSING, duration, final_state, render_execution, state_at
from .schemas import INT32_MAX, ImportDefinitionIn
from .state import EmulatorState
from .store import Execution, Tx


def check_id(value: int) -> int:
    """Ids outside the int32 range cannot exist: 404."""
    if not 1 <= value <= INT32_MAX:
        raise not_found("no such id")
    return value


def validate_definition(raw: dict[str, Any]) -> ImportDefinitionIn:
    try:
        return ImportDefinitionIn.model_validate(raw)
    except ValidationError as exc:
        raise bad_request(describe(exc)) from exc


def _load(tx: Tx, account: int, import_id: int) -> dict[str, Any]:
    doc = tx.get_import(account, check_id(import_id))
    if doc is None:
        raise not_found("no such import")
    return doc


def _context(emu: EmulatorState, tx: Tx) -> WriteContext:
    return WriteContext(now=dates.utcnow(), next_id=tx.next_id, settings=emu.settings)


def list_imports(emu: EmulatorState, account: int) -> list[dict[str, Any]]:
    with emu.store.transaction() as tx:
        docs = tx.list_imports(account)
    return [render_read(doc, emu.settings) for doc in docs]


def get_import(emu: EmulatorState, account: int, import_id: int) -> dict[str, Any]:
    with emu.store.transaction() as tx:
        doc = _load(tx, account, import_id)
    return render_read(doc, emu.settings)


def create_import(emu: EmulatorState, account: int, body: bytes, content_type: str | None) -> dict[str, Any]:
    raw = parse_object(body, content_type)
    assert raw is not None
    definition = validate_definition(raw)
    if definition.name is None:
        raise bad_request("name is required")
    with emu.store.transaction() as tx:
        doc = new_definition(definition, _context(emu, tx))
        tx.insert_import(account, doc)
    return render_full(doc, emu.settings)


def update_import(
    emu: EmulatorState, account: int, import_id: int, body: bytes, content_type: str | None
) -> dict[str, Any]:
    raw = parse_object(body, content_type)
    assert raw is not None
    definition = validate_definition(raw)
    with emu.store.transaction() as tx:
        doc = merge_definition(_load(tx, account, import_id), definition, _context(emu, tx))
        tx.replace_import(doc)
    return render_read(doc, emu.settings)


def delete_import(emu: EmulatorState, account: int, import_id: int) -> None:
    with emu.store.transaction() as tx:
        if not tx.delete_import(account, check_id(import_id)):
            raise not_found("no such import")


def _store_upload(tx: Tx, doc: dict[str, Any], content: bytes, name: str) -> dict[str, Any]:
    """An upload turns the source into a ``file`` source named ``<10 random chars>_<name>``."""
    filename = stored_filename(name)
    tx.put_file(doc["id"], filename, content)
    doc["source"] = {
        "type": "file",
        "updateDate": dates.to_storage(dates.utcnow()),
        "filename": filename,
    }
    tx.replace_import(doc)
    return doc


def upload_source(
    emu: EmulatorState,
    account: int,
    import_id: int,
    body: bytes,
    content_type: str | None,
    disposition: str | None,
) -> dict[str, Any]:
    content, name = read_upload(body, content_type, disposition)
    with emu.store.transaction() as tx:
        doc = _store_upload(tx, _load(tx, account, import_id), content, name)
    return render_source(doc["source"], emu.settings)


def execution_state(emu: EmulatorState, account: int, import_id: int) -> dict[str, Any]:
    with emu.store.transaction() as tx:
        _load(tx, account, import_id)
        execution = tx.get_execution(import_id)
    if execution is None:
        if emu.settings.never_run_state is None:
            raise not_found("the import has never run")
        return {"state": emu.settings.never_run_state}
    return {"state": state_at(execution, time.time())}


def start_execution(
    emu: EmulatorState,
    account: int,
    import_id: int,
    body: bytes,
    content_type: str | None,
    disposition: str | None,
) -> dict[str, Any]:
    """Merge the body like PUT (or take an uploaded file), then start a run; 409 while one runs (configurable)."""
    definition: ImportDefinitionIn | None = None
    upload: tuple[bytes, str] | None = None
    if is_upload_type(content_type):
        upload = read_upload(body, content_type, disposition)
    else:
        raw = parse_object(body, content_type, required=False)
        definition = validate_definition(raw) if raw is not None else None
    knob = emu.knobs.get(account)
    now = time.time()
    with emu.store.transaction() as tx:
        doc = _load(tx, account, import_id)
        current = tx.get_execution(import_id)
        refuse = emu.settings.concurrent_runs == "refuse"
        if refuse and current is not None and state_at(current, now) == PROCESSING:
            raise ApiError(409, "an execution is already processing")
        if definition is not None and changes_anything(definition):
            doc = merge_definition(doc, definition, _context(emu, tx))
            tx.replace_import(doc)
        if upload is not None:
            doc = _store_upload(tx, doc, *upload)
        execution = Execution(
            started=dates.to_storage(dates.utcnow()),
            ends_at=now + duration(knob, emu.settings),
            final_state=final_state(doc, knob),
        )
        tx.put_execution(import_id, execution)
    return render_execution(doc, execution, emu.settings)
