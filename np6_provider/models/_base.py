"""Shared base for NP6 wire models: snake_case in Python, camelCase on the wire."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias, TypeVar, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    ValidationInfo,
    model_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError, PydanticKnownError, PydanticUndefined, core_schema

T = TypeVar("T")

LENIENT = "lenient"
"""Validation-context flag for server responses: members the model does not know are dropped (responses may
grow), and the rules np6-pulumi applies to what it sends (`RequestRule`, `is_request`) are not applied: NP6
may hold data made elsewhere that breaks them, and one such import must not make an account unreadable."""


def is_request(info: ValidationInfo) -> bool:
    """True unless validating a server response (see LENIENT)."""
    return not (info.context and info.context.get(LENIENT))


class RequestRule:
    """Constraints np6-pulumi enforces on what it sends, but not on what NP6 returns.

    `Annotated[int, RequestRule(gt=0)]` checks like `Field(gt=0)`, with pydantic's own error types and
    messages, except under the LENIENT context.
    """

    def __init__(
        self,
        *,
        gt: int | None = None,
        ge: int | None = None,
        le: int | None = None,
        min_length: int | None = None,
        max_length: int | None = None,
        pattern: str | None = None,
        pattern_reason: str | None = None,
    ) -> None:
        self.gt, self.ge, self.le = gt, ge, le
        self.min_length, self.max_length = min_length, max_length
        self.pattern = re.compile(pattern) if pattern is not None else None
        self.pattern_reason = pattern_reason

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def validate(value: Any, info: core_schema.ValidationInfo) -> Any:
            if is_request(info):
                self._check(value)
            return value

        return core_schema.with_info_after_validator_function(validate, handler(source))

    def _check(self, value: Any) -> None:
        if isinstance(value, int):
            if self.gt is not None and not value > self.gt:
                raise PydanticKnownError("greater_than", {"gt": self.gt})
            if self.ge is not None and not value >= self.ge:
                raise PydanticKnownError("greater_than_equal", {"ge": self.ge})
            if self.le is not None and not value <= self.le:
                raise PydanticKnownError("less_than_equal", {"le": self.le})
            return
        kind = "String" if isinstance(value, str) else "List" if isinstance(value, list) else "Dictionary"
        if self.min_length is not None and len(value) < self.min_length:
            error = "string_too_short" if kind == "String" else "too_short"
            context: dict[str, Any] = {"min_length": self.min_length}
            if kind != "String":
                context |= {"field_type": kind, "actual_length": len(value)}
            raise PydanticKnownError(error, context)  # type: ignore[arg-type]
        if self.max_length is not None and len(value) > self.max_length:
            error = "string_too_long" if kind == "String" else "too_long"
            context = {"max_length": self.max_length}
            if kind != "String":
                context |= {"field_type": kind, "actual_length": len(value)}
            raise PydanticKnownError(error, context)  # type: ignore[arg-type]
        if self.pattern is not None and isinstance(value, str) and not self.pattern.search(value):
            if self.pattern_reason:
                raise PydanticCustomError("string_pattern_mismatch", self.pattern_reason)
            raise PydanticKnownError("string_pattern_mismatch", {"pattern": self.pattern.pattern})


def _non_finite_member(value: Any, where: str = "") -> str | None:
    """Where a NaN or an infinity sits in a JSON-like value, as a path below it, or None.

    Not validation.property_path: that one skips union tags, and here any key is the user's own.
    """
    if isinstance(value, float):
        return None if math.isfinite(value) else where
    members: Iterable[tuple[str, Any]]
    if isinstance(value, dict):
        members = ((f"{where}.{key}" if where else str(key), member) for key, member in value.items())
    elif isinstance(value, list):
        members = ((f"{where}[{index}]", member) for index, member in enumerate(value))
    else:
        return None
    for path, member in members:
        found = _non_finite_member(member, path)
        if found is not None:
            return found
    return None


def refuse_non_finite(value: Any) -> None:
    """Raises for a NaN or an infinity anywhere in a free-form JSON value sent to NP6.

    JSON has no such numbers: pydantic would send them as null, silently changing what was declared.
    """
    where = _non_finite_member(value)
    if where is not None:
        raise PydanticCustomError(
            "finite_number", "NaN and infinity are not JSON numbers (found at {where})", {"where": where}
        )


class FreeJson:
    """Free-form JSON NP6 keeps as sent (`Annotated[dict[str, Any], FreeJson()]`): any shape, finite numbers only."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def validate(value: Any, info: core_schema.ValidationInfo) -> Any:
            if is_request(info):
                refuse_non_finite(value)
            return value

        return core_schema.with_info_after_validator_function(validate, handler(source))


FreeJsonObject = Annotated[dict[str, Any], FreeJson()]


def is_deferred_value(value: object) -> bool:
    """True for values that are not known yet: a Pulumi Output, or the engine's Unknown at preview."""
    # Imported lazily: the wire models must stay usable without loading the Pulumi SDK.
    from pulumi.output import Output, Unknown

    return isinstance(value, (Output, Unknown))


class _DeferredMarker:
    """Validates the wrapped type, but lets Outputs and preview Unknowns through untouched."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def validate(value: Any, inner: core_schema.ValidatorFunctionWrapHandler) -> Any:
            return value if is_deferred_value(value) else inner(value)

        def serialize(value: Any, inner: core_schema.SerializerFunctionWrapHandler) -> Any:
            # Dumped by the inner type's serializer, an Output of a model came out as {} (its value was lost).
            return value if is_deferred_value(value) else inner(value)

        return core_schema.no_info_wrap_validator_function(
            validate,
            handler(source),
            serialization=core_schema.wrap_serializer_function_ser_schema(serialize),
        )


if TYPE_CHECKING:
    from pulumi import Output

    Deferred: TypeAlias = T | Output[T]
else:

    class Deferred:
        """`Deferred[T]`: a T, or a Pulumi Output of T resolved at deployment time."""

        def __class_getitem__(cls, item: Any) -> Any:
            return Annotated[item, _DeferredMarker()]


def known(value: Deferred[T]) -> T:
    """Narrows a Deferred value that must be resolved by now (server data, or inputs at create/update)."""
    if is_deferred_value(value):
        raise ValueError("value is not known yet")
    return value  # type: ignore[return-value]


def _not_a_bool(value: Any) -> Any:
    # pydantic takes True for 1; an id given as a boolean is a mistake, never an id.
    if isinstance(value, bool):
        raise PydanticKnownError("int_type")
    return value


PositiveId = Annotated[
    int, BeforeValidator(_not_a_bool), RequestRule(gt=0, le=2**31 - 1), Field(description="NP6 id, a positive int32")
]
NonEmptyText = Annotated[
    str, RequestRule(min_length=1, max_length=255, pattern=r"\S", pattern_reason="must not be blank")
]


def _real_instant(value: str, info: ValidationInfo) -> str:
    """A timestamp np6-pulumi sends must name a real instant (no 30 February, no hour 24)."""
    if is_request(info):
        try:
            datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S")
        except ValueError:
            raise PydanticCustomError("timestamp", "is not a real date and time") from None
    return value


Timestamp = Annotated[
    str,
    Field(
        pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$",
        description="ISO-8601 UTC timestamp as NP6 writes it; 0001-01-01T00:00:00Z means unset",
    ),
    AfterValidator(_real_instant),
]

_CAMEL_FIRST = re.compile(r"^[a-z]")


@functools.cache
def _members_with_defaults(cls: type[BaseModel]) -> frozenset[str]:
    """Python and wire names of the members whose default is not None."""
    names: set[str] = set()
    for name, field in cls.model_fields.items():
        if field.default_factory is not None or field.default not in (None, PydanticUndefined):
            names.add(name)
            names.update(a for a in (field.alias, field.validation_alias) if isinstance(a, str))
            names.update(c for c in getattr(field.validation_alias, "choices", ()) if isinstance(c, str))
    return frozenset(names)


@functools.cache
def _is_union_member(cls: type[BaseModel]) -> bool:
    """True for models whose `type` is a single literal: the discriminator of a union variant."""
    field = cls.model_fields.get("type")
    return field is not None and get_origin(field.annotation) is Literal and len(get_args(field.annotation)) == 1


class WireModel(BaseModel):
    """Base of every NP6 payload model.

    Unknown members are refused (a typo in a declaration is an error), except
    when validating with the `lenient` context, used for server responses.
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        extra="forbid",
        arbitrary_types_allowed=True,
        loc_by_alias=False,
        defer_build=True,
        # A rejected value is never repeated in the error: it could be a key pasted into the wrong field.
        hide_input_in_errors=True,
    )

    @model_validator(mode="before")
    @classmethod
    def _null_means_absent(cls, data: Any) -> Any:
        # NP6 sends and accepts explicit nulls for unset members (IMPORTS.md §1.7): a null member that has a
        # default takes it. Members whose default is null keep the explicit null, so requests round-trip.
        if not isinstance(data, dict) or None not in data.values():
            return data
        defaulted = _members_with_defaults(cls)
        return {k: v for k, v in data.items() if not (v is None and k in defaulted)}

    @model_validator(mode="before")
    @classmethod
    def _drop_unknown_members_when_lenient(cls, data: Any, info: ValidationInfo) -> Any:
        if not isinstance(data, dict) or is_request(info) or cls.model_config.get("extra") == "allow":
            return data
        known: set[str] = set()
        for name, field in cls.model_fields.items():
            known.add(name)
            if field.alias:
                known.add(field.alias)
            choices = getattr(field.validation_alias, "choices", None)
            if choices:
                known.update(c for c in choices if isinstance(c, str))
            elif isinstance(field.validation_alias, str):
                known.add(field.validation_alias)
        return {k: v for k, v in data.items() if k in known}

    @model_validator(mode="after")
    def _discriminator_counts_as_set(self) -> Any:
        # A union member's `type` literal is how NP6 (and from_wire) tell the variants apart. It must be
        # sent even when left to its default, or to_wire(), which leaves out unset members, would turn
        # SegmentationFeature(segment_id=1) into {"segmentId": 1}.
        if _is_union_member(type(self)):
            self.__pydantic_fields_set__.add("type")
        return self

    def to_wire(self) -> dict[str, Any]:
        """The JSON body NP6 expects: wire names, members never set left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)
