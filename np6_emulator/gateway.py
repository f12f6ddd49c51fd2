"""Pure ASGI middleware in front of the public API.

In order: ``x-request-id`` on every response; ``X-Key`` authentication (401, empty body); rate
limiting (headers, 429); body buffering with size limits (413); fault injection; the per-account
request journal. Control-plane and documentation paths only get the request id.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any, NoReturn

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .bodies import is_upload_type, loads
from .faults import Fault
from .state import ACCOUNT_SCOPE_KEY, EmulatorState

CONTROL_PREFIX = "/_emulator"
DOC_PATHS = frozenset({"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"})


class DeliberateDrop(Exception):
    """Raised after ``http.response.start`` so that the server closes the connection."""


class _DropFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, DeliberateDrop)


def silence_deliberate_drops() -> None:
    """Keep uvicorn's error log free of the tracebacks of injected drops (idempotent)."""
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _DropFilter) for f in logger.filters):
        logger.addFilter(_DropFilter())


def _raw(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]


async def _send_empty(send: Send, status: int, headers: dict[str, str]) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [*_raw(headers), (b"content-length", b"0")],
        }
    )
    await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _drop(send: Send, status: int, headers: dict[str, str]) -> NoReturn:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [*_raw(headers), (b"content-length", b"1024")],
        }
    )
    raise DeliberateDrop("connection dropped by fault injection")


class _Captured:
    """Buffers the application's response so that it can be replaced, delayed or dropped."""

    def __init__(self) -> None:
        self.status = 500
        self.headers: list[tuple[bytes, bytes]] = []
        self.body = bytearray()

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = int(message["status"])
            self.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            self.body.extend(message.get("body", b""))

    async def replay(self, send: Send, extra: dict[str, str]) -> None:
        names = {k.lower().encode("latin-1") for k in extra}
        headers = [(k, v) for k, v in self.headers if k.lower() not in names] + _raw(extra)
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": bytes(self.body), "more_body": False})


def _adding_headers(send: Send, extra: dict[str, str]) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = dict(message)
            message["headers"] = [*message.get("headers", []), *_raw(extra)]
        await send(message)

    return wrapped


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None when it exceeds ``limit`` bytes."""
    chunks = bytearray()
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return bytes(chunks)
        chunks.extend(message.get("body", b""))
        if len(chunks) > limit:
            return None
        if not message.get("more_body", False):
            return bytes(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def journal_body(path: str, content_type: str | None, body: bytes | None) -> Any:
    if body is None:
        return None
    if path.endswith("/source") or is_upload_type(content_type):
        return {"bytes": len(body)}
    if not body.strip():
        return None
    try:
        return loads(body)
    except ValueError:
        return None


class Gateway:
    def __init__(self, app: ASGIApp, state: EmulatorState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        path: str = scope["path"]
        if path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/") or path in DOC_PATHS:
            await self.app(scope, receive, _adding_headers(send, {"x-request-id": request_id}))
            return
        await self._public(scope, receive, send, request_id)

    async def _public(self, scope: Scope, receive: Receive, send: Send, request_id: str) -> None:
        state, settings = self.state, self.state.settings
        headers = Headers(scope=scope)
        extra = {"x-request-id": request_id}
        account = await run_in_threadpool(state.accounts.lookup, headers.get("x-key"))
        if account is None:
            await _send_empty(send, 401, extra)
            return
        scope[ACCOUNT_SCOPE_KEY] = account
        method: str = scope["method"]
        path: str = scope["path"]
        rate = state.limiter.hit(account)
        if rate is not None:
            extra.update(rate.headers)

        content_type = headers.get("content-type")
        is_upload = is_upload_type(content_type) or path.endswith("/source")
        limit = settings.max_upload_bytes if is_upload else settings.max_json_bytes
        declared = headers.get("content-length", "")
        body = None if declared.isdigit() and int(declared) > limit else await _read_body(receive, limit)
        entry: dict[str, Any] = {
            "method": method,
            "path": path,
            "status": 0,
            "body": journal_body(path, content_type, body),
        }

        def record(status: int, fault: Fault | None = None) -> None:
            entry["status"] = status
            if fault is not None:
                entry["fault"] = fault.kind
            state.journal.add(account, entry)

        if rate is not None and not rate.allowed:
            record(429)
            await _send_empty(send, 429, extra)
            return
        if body is None:
            record(413)
            await _send_empty(send, 413, extra)
            return

        fault = state.faults.decide(account, method)
        kind = fault.kind if fault else None
        delay_ms = settings.latency_ms + (fault.latency_ms if fault and kind == "latency" else 0)
        if delay_ms:
            await asyncio.sleep(delay_ms / 1000)
        if fault is not None and kind == "drop_before":
            record(0, fault)
            await _drop(send, 200, extra)
        if fault is not None and kind == "server_error":
            record(503, fault)
            await _send_empty(send, 503, extra)
            return
        if fault is not None and kind == "rate_limit":
            record(429, fault)
            await _send_empty(send, 429, {**extra, **state.limiter.synthetic_429_headers(account)})
            return

        captured = _Captured()
        try:
            await self.app(scope, _replaying(body, receive), captured.send)
        except Exception:
            record(500, fault)
            raise
        if fault is not None and kind == "slow":
            await asyncio.sleep(fault.slow_ms / 1000)
        if fault is not None and kind == "server_error_after":
            record(fault.status, fault)
            await _send_empty(send, fault.status, extra)
            return
        if fault is not None and kind == "drop_after":
            record(0, fault)
            await _drop(send, captured.status, extra)
        record(captured.status, fault)
        await captured.replay(send, extra)
