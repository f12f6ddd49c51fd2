"""Turns pydantic validation errors into property paths and reasons a user can act on."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

# Union tags pydantic inserts into error locations; they are not part of the user's property path.
_UNION_TAGS = frozenset(
    {
        "segmentation", "redList", "duplicate", "report", "database", "normalization",
        "ftp", "file", "daily", "weekly", "monthly", "once", "periodic", "oneTime", "ref",
    }
)  # fmt: skip
_SCHEMA_STEPS = ("function-", "constrained-", "is-instance", "literal[", "json-or-python", "lax-", "strict-")


def property_path(location: Sequence[Any], prefix: str = "") -> str:
    """('features', 0, 'segmentation', 'segment_id') → 'features[0].segment_id'."""
    path = prefix
    for step in location:
        if isinstance(step, int):
            path += f"[{step}]"
            continue
        text = str(step)
        if text in _UNION_TAGS or text.startswith(_SCHEMA_STEPS):
            continue
        path = f"{path}.{text}" if path else text
    return path


def _reason(error: Any) -> str:
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if error["type"] == "union_tag_invalid":
        # The given tag is not repeated (a reason never echoes a value); a close known tag is suggested instead.
        ctx = error.get("ctx", {})
        expected = str(ctx.get("expected_tags", ""))
        message = f"unknown type; expected one of {expected}"
        known = [tag.strip().strip("'") for tag in expected.split(",")]
        close = difflib.get_close_matches(str(ctx.get("tag", "")), known, n=1)
        if close:
            message += f" (did you mean {close[0]!r}?)"
    return message


def describe_errors(error: ValidationError, prefix: str = "") -> list[tuple[str, str]]:
    """(property path, reason) for each problem, without echoing the offending values."""
    seen: set[tuple[str, str]] = set()
    problems: list[tuple[str, str]] = []
    for item in error.errors(include_input=False, include_url=False):
        entry = (property_path(item["loc"], prefix) or prefix or "value", _reason(item))
        if entry not in seen:
            seen.add(entry)
            problems.append(entry)
    return problems


def one_line(problems: Sequence[tuple[str, str]]) -> str:
    return "; ".join(f"{path}: {reason}" for path, reason in problems)
