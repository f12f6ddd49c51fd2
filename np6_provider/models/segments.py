"""Segments (IMPORTS.md §2.10, §3.9): what a segmentation feature points at."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._base import Deferred, NonEmptyText, Timestamp, WireModel


class Segment(WireModel):
    """A segment as NP6 stores it: a list of targets (contacts) that actions and imports use."""

    type: Deferred[Literal["static", "dynamic"]] = Field(
        default="static",
        description="'static': targets are added to it (only those accept added targets, e.g. by an import's "
        "segmentation feature); 'dynamic': NP6 computes its targets. NP6 refuses to change it.",
    )
    id: int | None = Field(default=None, description="Server-set segment id.")
    name: Deferred[NonEmptyText] = Field(description="Segment name (legacy NP6 refuses a duplicate with 409).")
    description: Deferred[str] | None = Field(default=None, description="Free text.")
    creation: Timestamp | None = Field(default=None, description="Server-set creation time.")
    expiration: Timestamp | None = Field(
        default=None, description="When the segment expires; NP6 sets creation + 1 year when none is sent."
    )
    is_test: Deferred[bool] | None = Field(default=None, description="Usable in the test phase of actions.")
    targets_count: int | None = Field(default=None, description="Server-set estimate of the number of targets.")
    parent_id: int | None = Field(default=None, description="Parent segment (NP6 shows one on dynamic segments).")
    search_id: int | None = Field(default=None, description="'The search id' per NP6: the search behind the segment.")
