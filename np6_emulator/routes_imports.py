"""Public routes under ``/imports`` (IMPORTS.md §2.1-§2.8, §6)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Security
from fastapi.security import APIKeyHeader
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from . import imports_service as svc
from .errors import ApiError
from .openapi_docs import binary_body, errors, json_body
from .responses import IMPORT_MEDIA_TYPE, ImportJson, accepts
from .schemas import ImportDefinitionIn
from .state import account_of, emulator

api_key = APIKeyHeader(name="X-Key", auto_error=False, description="The account's API key")


async def check_accept(request: Request) -> None:
    """Strict mode (``--strict-accept``): the Accept header must list the import media type."""
    if emulator(request).settings.strict_accept and not accepts(request.headers.get("accept"), IMPORT_MEDIA_TYPE):
        raise ApiError(406, f"Accept must list {IMPORT_MEDIA_TYPE}")


router = APIRouter(tags=["imports"], dependencies=[Security(api_key), Depends(check_accept)])
ContentDisposition = Annotated[
    str | None,
    Header(alias="Content-Disposition", description="form-data; filename=<name of the file>"),
]


@router.get("/imports", response_class=ImportJson, responses=errors(401))
async def list_imports(request: Request) -> Response:
    """Retrieve all import definitions (read shape)."""
    return ImportJson(await run_in_threadpool(svc.list_imports, emulator(request), account_of(request)))


@router.get("/imports/{id}", response_class=ImportJson, responses=errors(401, 404))
async def get_import(request: Request, id: int) -> Response:
    """Retrieve the specified import definition (read shape: scheduler reduced to its id)."""
    return ImportJson(await run_in_threadpool(svc.get_import, emulator(request), account_of(request), id))


@router.post(
    "/imports",
    response_class=ImportJson,
    responses=errors(400, 401, 415),
    openapi_extra=json_body(ImportDefinitionIn),
)
async def create_import(request: Request) -> Response:
    """Create an import definition; the response expands the scheduler with server defaults."""
    body = await request.body()
    result = await run_in_threadpool(
        svc.create_import, emulator(request), account_of(request), body, request.headers.get("content-type")
    )
    return ImportJson(result)


@router.put(
    "/imports/{id}",
    response_class=ImportJson,
    responses=errors(400, 401, 404, 415),
    openapi_extra=json_body(ImportDefinitionIn),
)
async def update_import(request: Request, id: int) -> Response:
    """Update an import definition: absent or null members are kept, features merged by type."""
    body = await request.body()
    result = await run_in_threadpool(
        svc.update_import,
        emulator(request),
        account_of(request),
        id,
        body,
        request.headers.get("content-type"),
    )
    return ImportJson(result)


@router.delete("/imports/{id}", status_code=204, responses=errors(401, 404))
async def delete_import(request: Request, id: int) -> Response:
    """Delete an import definition."""
    await run_in_threadpool(svc.delete_import, emulator(request), account_of(request), id)
    return Response(status_code=204)


@router.put(
    "/imports/{id}/source",
    response_class=ImportJson,
    responses=errors(400, 401, 404, 413),
    openapi_extra=binary_body(),
)
async def upload_source(request: Request, id: int, disposition: ContentDisposition = None) -> Response:
    """Upload a file (raw bytes, or multipart part ``data``); stored as ``<10 chars>_<name>``."""
    body = await request.body()
    result = await run_in_threadpool(
        svc.upload_source,
        emulator(request),
        account_of(request),
        id,
        body,
        request.headers.get("content-type"),
        disposition,
    )
    return ImportJson(result)


@router.get("/imports/{id}/executions", response_class=ImportJson, responses=errors(401, 404))
async def execution_state(request: Request, id: int) -> Response:
    """State of the last execution: 0 processing, 1 completed, 2 error (404 before any run)."""
    return ImportJson(await run_in_threadpool(svc.execution_state, emulator(request), account_of(request), id))


@router.post(
    "/imports/{id}/executions",
    response_class=ImportJson,
    responses=errors(400, 401, 404, 409, 415),
    openapi_extra=json_body(ImportDefinitionIn, required=False, octet_stream=True),
)
async def start_execution(request: Request, id: int, disposition: ContentDisposition = None) -> Response:
    """Start an execution; a JSON body is merged into the definition first (like PUT)."""
    body = await request.body()
    result = await run_in_threadpool(
        svc.start_execution,
        emulator(request),
        account_of(request),
        id,
        body,
        request.headers.get("content-type"),
        disposition,
    )
    return ImportJson(result)
