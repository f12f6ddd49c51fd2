"""JSON response classes: segments use ``application/json``, imports the NP6 vendor type."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import JSONResponse

IMPORT_MEDIA_TYPE = "application/vnd.mperf.v8.import.v1+json"


class JsonBody(JSONResponse):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        try:
            return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        except UnicodeEncodeError:  # unreachable for validated input; never a 500 for it
            return json.dumps(content, separators=(",", ":")).encode("ascii")


class ImportJson(JsonBody):
    media_type = IMPORT_MEDIA_TYPE


def accepts(accept: str | None, media_type: str) -> bool:
    """True when the Accept header lists ``media_type`` itself with a non-zero quality."""
    for item in (accept or "").split(","):
        kind, *params = (part.strip() for part in item.split(";"))
        if kind.lower() != media_type:
            continue
        quality = next((p.split("=", 1)[1] for p in params if p.lower().startswith("q=")), "1")
        try:
            if float(quality) > 0:
                return True
        except ValueError:
            continue
    return False
