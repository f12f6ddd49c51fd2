"""Segments (IMPORTS.md §2.10, §3.9): what a segmentation feature points at."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._base import Deferred, NonEmptyText, Timestamp, WireModel


class Segment(WireModel):
    type: Deferred[Literal["static", "dynamic"]] = "static"
    id: int | None = Field(default=None, description="Server-set segment id.")
    name: Deferred[NonEmptyText]
    description: Deferred[str] | None = None
    creation: Timestamp | None = None
    expiration: Timestamp | None = None
    is_test: Deferred[bool] | None = None
    targets_count: int | None = None
    parent_id: int | None = None
    search_id: int | None = None
