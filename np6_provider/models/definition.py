"""The import definition (IMPORTS.md §3.1) and what a program declares of it."""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import Field, field_validator

from ._base import Deferred, NonEmptyText, PositiveId, Timestamp, WireModel, is_deferred_value
from .features import Feature
from .schedulers import Scheduler
from .sources import Source


def _feature_type(feature: Any) -> str | None:
    if is_deferred_value(feature):  # getattr on an Output makes another Output, which fails later
        return None
    value = feature.get("type") if isinstance(feature, dict) else getattr(feature, "type", None)
    return value if isinstance(value, str) else None


def _one_feature_per_type(features: Any) -> Any:
    if not isinstance(features, list):
        return features
    counts = Counter(t for t in map(_feature_type, features) if t is not None)
    repeated = sorted(t for t, n in counts.items() if n > 1)
    if repeated:
        raise ValueError(f"at most one feature per type; repeated: {', '.join(repeated)}")
    return features


class ImportDeclaration(WireModel):
    """The client-owned part of an import definition: what an `Np6Import` declares."""

    name: Deferred[NonEmptyText] = Field(description="Import name; ftp folder and file names embed it.")
    binding: Deferred[PositiveId] | None = Field(
        default=None, description="Id of the import format (column → field mapping) NP6 applies to the file."
    )
    features: Deferred[list[Deferred[Feature]]] = Field(
        default_factory=list, description="Processing options, at most one per type, order kept."
    )
    source: Deferred[Source] | None = Field(default=None, description="Where rows come from.")
    scheduler: Deferred[Scheduler] | None = Field(
        default=None, description="Automatic-run schedule; none makes a manual import."
    )

    _one_per_type = field_validator("features")(classmethod(lambda cls, v: _one_feature_per_type(v)))


class ImportChanges(ImportDeclaration):
    """Members of an import definition to change, for a PUT or a run's body: unset members are not sent.

    `Np6Client.start_execution(23, ImportChanges(binding=1234))` runs import 23 with import format 1234, which
    NP6 keeps on the definition (a run "can update the import with the request model").
    """

    # Narrowing the other way than mypy allows (required → optional) is the point of this model.
    name: Deferred[NonEmptyText] | None = Field(  # type: ignore[assignment]
        default=None, description="New import name; unset: kept."
    )


class ImportDefinition(ImportDeclaration):
    """An import definition as NP6 stores it, with its server-set members."""

    id: int | None = Field(default=None, description="Server-set import id.")
    creation_date: Timestamp | None = Field(default=None, description="Server-set creation time.")
    update_date: Timestamp | None = Field(default=None, description="Server-set time of the last update.")

    def declaration(self) -> ImportDeclaration:
        return ImportDeclaration.model_validate(
            {name: getattr(self, name) for name in ImportDeclaration.model_fields if name in self.model_fields_set}
        )


def contains_deferred(value: Any) -> bool:
    """True if a value, or anything nested in it, is not known yet."""
    if is_deferred_value(value):
        return True
    if isinstance(value, dict):
        return any(contains_deferred(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(contains_deferred(v) for v in value)
    return False
