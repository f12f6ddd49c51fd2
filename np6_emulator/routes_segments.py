"""Public routes under ``/segments`` (IMPORTS.md §2.10); responses are ``application/json``."""

from __future__ import annotations

from fastapi import APIRouter, Request, Security
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from . import segments_service as svc
from .openapi_docs import errors, json_body
from .responses import JsonBody
from .routes_imports import api_key
from .schemas import SegmentIn, TargetsIn
from .state import account_of, emulator

router = APIRouter(tags=["segments"], dependencies=[Security(api_key)])


@router.get("/segments", response_class=JsonBody, responses=errors(401))
async def list_segments(request: Request) -> Response:
    return JsonBody(await run_in_threadpool(svc.list_segments, emulator(request), account_of(request)))


@router.post("/segments", response_class=JsonBody, responses=errors(400, 401, 415), openapi_extra=json_body(SegmentIn))
async def create_segment(request: Request) -> Response:
    body = await request.body()
    return JsonBody(
        await run_in_threadpool(
            svc.create_segment, emulator(request), account_of(request), body, request.headers.get("content-type")
        )
    )


@router.get("/segments/{id}", response_class=JsonBody, responses=errors(401, 404))
async def get_segment(request: Request, id: int) -> Response:
    return JsonBody(await run_in_threadpool(svc.get_segment, emulator(request), account_of(request), id))


@router.put(
    "/segments/{id}",
    response_class=JsonBody,
    responses=errors(400, 401, 404, 415),
    openapi_extra=json_body(SegmentIn),
)
async def update_segment(request: Request, id: int) -> Response:
    body = await request.body()
    return JsonBody(
        await run_in_threadpool(
            svc.update_segment,
            emulator(request),
            account_of(request),
            id,
            body,
            request.headers.get("content-type"),
        )
    )


@router.delete("/segments/{id}", status_code=204, responses=errors(401, 404))
async def delete_segment(request: Request, id: int) -> Response:
    await run_in_threadpool(svc.delete_segment, emulator(request), account_of(request), id)
    return Response(status_code=204)


@router.get("/segments/{id}/targets", response_class=JsonBody, responses=errors(401, 404))
async def list_targets(request: Request, id: int) -> Response:
    return JsonBody(await run_in_threadpool(svc.list_targets, emulator(request), account_of(request), id))


@router.put(
    "/segments/{id}/targets",
    response_class=JsonBody,
    responses=errors(400, 401, 404, 415),
    openapi_extra=json_body(TargetsIn),
)
async def add_targets(request: Request, id: int) -> Response:
    """Add at most 50 targets to a static segment; returns how many were added."""
    body = await request.body()
    return JsonBody(
        await run_in_threadpool(
            svc.add_targets,
            emulator(request),
            account_of(request),
            id,
            body,
            request.headers.get("content-type"),
        )
    )


@router.delete("/segments/{id}/targets", status_code=204, responses=errors(401, 404))
async def clear_targets(request: Request, id: int) -> Response:
    await run_in_threadpool(svc.clear_targets, emulator(request), account_of(request), id)
    return Response(status_code=204)
