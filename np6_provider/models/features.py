"""Import features: what NP6 does with the rows of an import (IMPORTS.md §3.2, §4.1)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AliasChoices, Field, ValidationInfo, field_validator, model_validator

from ._base import Deferred, PositiveId, RequestRule, WireModel, is_deferred_value, is_request

CountryCode = Annotated[str, RequestRule(pattern=r"^[A-Z]{3}$"), Field(description="ISO 3166-1 alpha-3 country code")]
ContactGuid = Annotated[
    str,
    RequestRule(pattern=r"^[0-9A-Za-z]{1,32}$"),
    Field(description="NP6 platform user identifier, e.g. 1C0193AB"),
]


def _empty_when_missing_from_response(data: object, info: ValidationInfo, member: str) -> object:
    """A member declarations must give, read as empty when a response lacks it (or holds null)."""
    if not is_request(info) and isinstance(data, dict) and data.get(member) is None:
        return {**data, member: {}}
    return data


class SegmentationFeature(WireModel):
    """Adds every imported target to a segment (a static segment: only those accept added targets)."""

    type: Literal["segmentation"] = "segmentation"
    segment_id: Deferred[PositiveId] = Field(description="Segment the imported targets are added to.")
    empty_existing_segment: Deferred[bool] = Field(
        default=False,
        # NP6's wire name carries this misspelling; the corrected legacy spelling is accepted on input.
        alias="emptyExisitingSegment",
        validation_alias=AliasChoices("emptyExisitingSegment", "emptyExistingSegment", "empty_existing_segment"),
        description="Empty the segment before adding this run's targets.",
    )


class RedListDestination(WireModel):
    """Channel red lists (opt-out lists) every imported target is put on."""

    mail: Deferred[bool] = Field(
        default=False,
        validation_alias=AliasChoices("mail", "email"),
        description="Put the targets on the e-mail red list.",
    )
    sms: Deferred[bool] = Field(default=False, description="Put the targets on the SMS red list.")


class RedListFeature(WireModel):
    """Puts every imported target on the chosen channel red lists."""

    type: Literal["redList"] = "redList"
    destination: Deferred[RedListDestination] = Field(description="Which red lists to write to.")

    @model_validator(mode="before")
    @classmethod
    def _destination_may_be_missing(cls, data: object, info: ValidationInfo) -> object:
        return _empty_when_missing_from_response(data, info, "destination")


DuplicateRuleName = Literal["first", "last", "ignore"]


class DuplicateRules(WireModel):
    """Exactly one member is true: keep the first row, keep the last row, or ignore duplicates."""

    first: Deferred[bool] | None = Field(default=None, description="Keep the first row of a duplicated target.")
    last: Deferred[bool] | None = Field(default=None, description="Keep the last row of a duplicated target.")
    ignore: Deferred[bool] | None = Field(default=None, description="Ignore rows that duplicate a target.")

    @model_validator(mode="after")
    def _exactly_one_rule(self, info: ValidationInfo) -> DuplicateRules:
        values = [self.first, self.last, self.ignore]
        if not is_request(info) or any(is_deferred_value(v) for v in values):
            return self
        if sum(1 for v in values if v is True) != 1:
            raise ValueError("exactly one of first, last, ignore must be true")
        return self


class DuplicateFeature(WireModel):
    """How rows that resolve to the same target are handled."""

    type: Literal["duplicate"] = "duplicate"
    rules: Deferred[DuplicateRules] = Field(description="The duplicate rule; exactly one member true.")

    @model_validator(mode="before")
    @classmethod
    def _rules_may_be_missing(cls, data: object, info: ValidationInfo) -> object:
        return _empty_when_missing_from_response(data, info, "rules")

    @classmethod
    def keep(cls, rule: DuplicateRuleName) -> DuplicateFeature:
        """`DuplicateFeature.keep("first")`: the common way to write a duplicate rule."""
        return cls(rules=DuplicateRules(**{rule: True}))


class ReportFeature(WireModel):
    """E-mails run reports to NP6 platform users (and, in legacy accounts, user groups)."""

    type: Literal["report"] = "report"
    send_final_report: Deferred[bool] = Field(default=False, description="Send the end-of-run report.")
    send_error_report: Deferred[bool] = Field(default=False, description="Send the error report.")
    contact_guids: Deferred[list[Deferred[ContactGuid]]] = Field(
        default_factory=list,
        description="Platform users who receive the reports (Administration → Users → Identifier).",
    )
    group_ids: Deferred[list[Deferred[PositiveId]]] | None = Field(
        default=None, description="User groups who receive the reports (legacy accounts)."
    )

    @model_validator(mode="after")
    def _reports_need_recipients(self, info: ValidationInfo) -> ReportFeature:
        sends = [self.send_final_report, self.send_error_report]
        recipients = [self.contact_guids, self.group_ids]
        if not is_request(info) or any(is_deferred_value(v) for v in sends + recipients):
            return self
        if any(sends) and not (self.contact_guids or self.group_ids):
            raise ValueError("a report that is sent needs at least one recipient in contact_guids or group_ids")
        return self


class DatabaseFeature(WireModel):
    """How imported rows update the contact database."""

    type: Literal["database"] = "database"
    update_existing: Deferred[bool] = Field(default=False, description="Update targets that already exist.")
    crush_data: Deferred[bool] = Field(default=False, description="Overwrite stored values with the file's values.")


class NormalizationFeature(WireModel):
    """Normalizes phone fields with the given countries' numbering rules."""

    type: Literal["normalization"] = "normalization"
    fields: Deferred[Annotated[dict[str, Deferred[list[Deferred[CountryCode]]]], RequestRule(min_length=1)]] = Field(
        description="Field id (decimal string or int) → ISO alpha-3 country codes, e.g. {233: ['FRA', 'ESP']}.",
    )

    @field_validator("fields", mode="before")
    @classmethod
    def _field_ids_as_strings(cls, value: object, info: ValidationInfo) -> object:
        if not isinstance(value, dict):
            return value
        if not is_request(info):
            return {str(key): codes for key, codes in value.items()}
        normalized: dict[object, object] = {}
        for key, codes in value.items():
            # The key is not repeated in the message: reasons never echo a value.
            if isinstance(key, bool) or not isinstance(key, (int, str)):
                raise ValueError("every field id must be a positive integer")
            text = str(key)
            if not (text.isascii() and text.isdigit()) or int(text) <= 0 or int(text) > 2**31 - 1:
                raise ValueError("every field id must be a positive int32 (a number or a decimal string)")
            normalized[str(int(text))] = codes
        return normalized


Feature = Annotated[
    SegmentationFeature | RedListFeature | DuplicateFeature | ReportFeature | DatabaseFeature | NormalizationFeature,
    Field(discriminator="type"),
]

FEATURE_TYPES: tuple[str, ...] = ("segmentation", "redList", "duplicate", "report", "database", "normalization")
