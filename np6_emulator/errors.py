"""Error responses: empty bodies (IMPORTS.md §5 Q12), the reason in an ``X-Emulator-Reason`` header."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

REASON_HEADER = "X-Emulator-Reason"


class ApiError(Exception):
    """Raised by routes; rendered as ``status`` with an empty body."""

    def __init__(self, status: int, reason: str = "", headers: dict[str, str] | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.headers = headers or {}


def bad_request(reason: str) -> ApiError:
    return ApiError(400, reason)


def not_found(reason: str = "not found") -> ApiError:
    return ApiError(404, reason)


def describe(exc: ValidationError) -> str:
    """A short, single-line description of the first validation problem."""
    errors = exc.errors(include_url=False, include_input=False)
    if not errors:
        return "invalid body"
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ()))
    return f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg", "invalid"))


def _header_safe(text: str) -> str:
    cleaned = "".join(ch if 32 <= ord(ch) < 127 else "?" for ch in text)
    return cleaned[:300]


def error_response(status: int, reason: str = "", headers: dict[str, str] | None = None) -> Response:
    all_headers = dict(headers or {})
    if reason:
        all_headers[REASON_HEADER] = _header_safe(reason)
    return Response(status_code=status, content=b"", headers=all_headers)


def install_handlers(app: FastAPI) -> None:
    async def api_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.reason, exc.headers)

    async def http_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return error_response(exc.status_code, str(exc.detail), dict(exc.headers or {}))

    async def validation_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = exc.errors()
        if errors and tuple(errors[0].get("loc", ("",)))[:1] == ("path",):
            return error_response(404, "no such id")
        reason = str(errors[0].get("msg", "invalid request")) if errors else "invalid request"
        return error_response(400, reason)

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
