"""OpenAPI description of request bodies (the routes read raw bodies to validate them themselves)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from .schemas import ImportDefinitionIn, SegmentIn, TargetsIn

DOCUMENTED_MODELS: tuple[type[BaseModel], ...] = (ImportDefinitionIn, SegmentIn, TargetsIn)
REF = "#/components/schemas/{model}"


def json_body(model: type[BaseModel], *, required: bool = True, octet_stream: bool = False) -> dict[str, Any]:
    content: dict[str, Any] = {"application/json": {"schema": {"$ref": REF.format(model=model.__name__)}}}
    if octet_stream:
        content["application/octet-stream"] = {"schema": {"type": "string", "format": "binary"}}
    return {"requestBody": {"required": required, "content": content}}


def binary_body() -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
        }
    }


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    texts = {
        400: "Invalid body (empty body; reason in X-Emulator-Reason)",
        401: "Missing or unknown X-Key (empty body)",
        404: "Unknown id, or an id of another account (empty body)",
        406: "Strict mode only: Accept does not list the import media type",
        409: "An execution is already processing",
        413: "Body too large",
        415: "Request body is not JSON",
        429: "Rate limit exhausted (empty body, Retry-After)",
    }
    return {status: {"description": texts[status]} for status in statuses}


def install_openapi(app: FastAPI) -> None:
    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                operation.get("responses", {}).pop("422", None)  # errors are 400/404, never 422
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        for model in DOCUMENTED_MODELS:
            generated = model.model_json_schema(ref_template=REF, mode="validation")
            components.update(generated.pop("$defs", {}))
            components[model.__name__] = generated
        app.openapi_schema = schema
        return schema

    app.openapi = build  # type: ignore[method-assign]
