"""Reading request bodies: JSON parsing, content-type checks, uploaded files."""

from __future__ import annotations

import json
import math
import re
import secrets
import string
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import unquote

from .errors import ApiError, bad_request

_JSON_TYPES = re.compile(r"^(application/json|text/json|application/[\w.+-]+\+json)$")
DEFAULT_UPLOAD_NAME = "upload.csv"
_PREFIX_ALPHABET = string.ascii_letters + string.digits


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_json_type(content_type: str | None) -> bool:
    """Missing content types are read as JSON (lenient); anything else must say JSON."""
    kind = media_type(content_type)
    return kind == "" or bool(_JSON_TYPES.match(kind))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


MAX_DEPTH = 32


def _check_depth(value: Any) -> None:
    """Reject documents nested deeper than MAX_DEPTH (NP6 payloads are about 6 levels deep)."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > MAX_DEPTH:
                    raise ValueError(f"JSON nested deeper than {MAX_DEPTH} levels")
                pending.append((child, depth + 1))


def loads(body: bytes) -> Any:
    """Strict JSON: no NaN/Infinity, no lone surrogates, bounded nesting. Raises ValueError."""
    try:
        value = json.loads(body, parse_constant=_reject_constant, parse_float=_finite_float)
        _check_depth(value)
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except (ValueError, RecursionError, UnicodeError) as exc:
        raise ValueError(str(exc)) from exc
    return value


def parse_json(body: bytes, content_type: str | None, *, required: bool = True) -> Any:
    """Parse a JSON request body: 415 for a clearly wrong media type, 400 when malformed.

    Returns ``None`` for an empty body when ``required`` is false.
    """
    if not is_json_type(content_type):
        raise ApiError(415, f"unsupported content type {media_type(content_type)!r}")
    if not body.strip():
        if required:
            raise bad_request("a JSON body is required")
        return None
    try:
        return loads(body)
    except ValueError as exc:
        raise bad_request(f"malformed JSON: {exc}") from exc


def parse_object(body: bytes, content_type: str | None, *, required: bool = True) -> dict[str, Any] | None:
    value = parse_json(body, content_type, required=required)
    if value is None and not required:
        return None
    if not isinstance(value, dict):
        raise bad_request("the body must be a JSON object")
    return value


def clean_filename(name: str | None) -> str:
    """Keep the last path component, drop control characters; default when nothing is left."""
    if not name:
        return DEFAULT_UPLOAD_NAME
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    if base in ("", ".", ".."):
        return DEFAULT_UPLOAD_NAME
    return base[:200]


_EXTENDED_FILENAME = re.compile(r"""(?:^|;)\s*filename\*\s*=\s*([\w!#$%&+^`{}~-]+)'[\w-]*'([^;\s]+)""", re.IGNORECASE)


def filename_from_disposition(value: str | None) -> str | None:
    """``Content-Disposition: form-data; filename=x.csv`` (quoted and RFC 2231 forms too).

    ``filename*=UTF-8''<percent-encoded>`` wins over ``filename`` when both are sent (RFC 6266 §4.3).
    """
    if not value:
        return None
    extended = _EXTENDED_FILENAME.search(value)
    if extended:
        try:
            return unquote(extended.group(2), encoding=extended.group(1), errors="strict")
        except (LookupError, UnicodeError):
            pass
    try:
        message = Message()
        message["content-disposition"] = value
        name = message.get_filename()
    except Exception:
        return None
    if not isinstance(name, str):
        return None
    try:  # header values arrive decoded as latin-1: recover raw UTF-8 names
        return name.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return name


def parse_multipart(body: bytes, content_type: str) -> tuple[bytes, str | None]:
    """Return the content and file name of the part named ``data`` (or the first file part)."""
    try:
        header = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
        message = BytesParser(policy=HTTP).parsebytes(header + body)
        parts = list(message.iter_parts()) if message.is_multipart() else []
    except Exception as exc:
        raise bad_request("malformed multipart body") from exc
    chosen = None
    for part in parts:
        if part.get_param("name", header="content-disposition") == "data":
            chosen = part
            break
    if chosen is None:
        chosen = next((p for p in parts if p.get_filename()), None)
    if chosen is None:
        raise bad_request("multipart body without a 'data' part")
    payload = chosen.get_payload(decode=True)
    content = payload if isinstance(payload, bytes) else b""
    name = chosen.get_filename()
    return content, name if isinstance(name, str) else None


def read_upload(body: bytes, content_type: str | None, disposition: str | None) -> tuple[bytes, str]:
    """Raw bytes (``application/octet-stream``, name from Content-Disposition) or multipart ``data``."""
    if media_type(content_type) == "multipart/form-data":
        content, name = parse_multipart(body, content_type or "")
    else:
        content, name = body, filename_from_disposition(disposition)
    if not content:
        raise bad_request("empty upload")
    return content, clean_filename(name)


def stored_filename(name: str) -> str:
    """``<10 random chars>_<name>`` as NP6 stores uploads (IMPORTS.md §2.6)."""
    prefix = "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(10))
    return f"{prefix}_{name}"


def is_upload_type(content_type: str | None) -> bool:
    return media_type(content_type) in ("application/octet-stream", "multipart/form-data")
