"""Invalid declarations are refused by `Np6ImportProvider.check` with the exact property path and a reason.

Each case edits one valid declaration (snake_case properties, as `declared_properties` writes them). The same
table is replayed with the offending value replaced by `pulumi.output.Unknown()`: unknowns are never rejected.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import pytest
from pulumi.output import Unknown

from np6_provider.models import ImportDeclaration
from np6_provider.resources.np6_import import Np6ImportProvider, declared_properties
from np6_provider.resources.np6_segment import Np6SegmentProvider

Loc = tuple[str | int, ...]
DELETE = object()

FEATURES: Loc = ("features",)
SEGMENTATION: Loc = ("features", 0)
RED_LIST: Loc = ("features", 1)
DUPLICATE: Loc = ("features", 2)
REPORT: Loc = ("features", 3)
DATABASE: Loc = ("features", 4)
NORMALIZATION: Loc = ("features", 5)
SOURCE: Loc = ("source",)
SCHEDULER: Loc = ("scheduler",)
OCCURS: Loc = ("scheduler", "frequency", "occurs")
PERIODICITY: Loc = ("scheduler", "frequency", "periodicity")
AT_TIME: Loc = (*PERIODICITY, "value")
START: Loc = ("scheduler", "validity", "start")
END: Loc = ("scheduler", "validity", "end")


def valid_news() -> dict[str, Any]:
    """A declaration using every feature, an ftp source and a weekly scheduler with a bounded validity."""
    return {
        "name": "Import Contacts",
        "binding": 44,
        "features": [
            {"type": "segmentation", "segment_id": 501, "empty_existing_segment": False},
            {"type": "redList", "destination": {"mail": True, "sms": False}},
            {"type": "duplicate", "rules": {"first": True}},
            {"type": "report", "send_final_report": True, "send_error_report": True, "contact_guids": ["1C0193AB"]},
            {"type": "database", "update_existing": True, "crush_data": False},
            {"type": "normalization", "fields": {"233": ["FRA", "ESP"]}},
        ],
        "source": {"type": "ftp", "folder": "23 - Import Contacts", "template_filename": "Import Contacts.csv"},
        "scheduler": {
            "type": "periodic",
            "name": "Weekly",
            "enabled": True,
            "timezone": "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris",
            "frequency": {
                "occurs": {"type": "weekly", "interval": 1, "days": ["Sun", "Wed"]},
                "periodicity": {"type": "once", "value": {"hour": 6, "minute": 0, "second": 0}},
            },
            "validity": {
                "start": {"year": 2024, "month": 1, "date": 1, "hour": 0, "minute": 0, "second": 0},
                "end": {"year": 2025, "month": 1, "date": 1, "hour": 0, "minute": 0, "second": 0},
            },
        },
        "account": None,
        "adopt": None,
    }


@dataclass(frozen=True)
class Case:
    id: str
    edits: tuple[tuple[Loc, Any], ...]
    path: str
    reason: str
    # Where to put an Unknown instead (after the edits) so that the declaration passes; None: not sensible.
    unknown: Loc | None = None
    also: tuple[str, ...] = field(default=())  # further paths the same mistake reports


def case(
    id: str, loc: Loc, value: Any, path: str, reason: str, *, unknown: Loc | bool | None = True, **kw: Any
) -> Case:
    """One edit; by default the Unknown goes where the bad value went."""
    where = loc if unknown is True else (None if unknown is False else unknown)
    return Case(id, ((loc, value),), path, reason, where, **kw)


# fmt: off
CASES: list[Case] = [
    # -- wrong types
    case("name-not-a-string", ("name",), 5, "name", "valid string"),
    case("binding-not-an-int", ("binding",), "forty-four", "binding", "valid integer"),
    case("binding-float", ("binding",), 44.5, "binding", "valid integer"),
    case("binding-bool", ("binding",), True, "binding", "valid integer"),
    case("features-not-a-list", FEATURES, {"type": "database"}, "features", "valid list"),
    case("source-not-an-object", SOURCE, "ftp", "source", "valid dictionary"),
    case("scheduler-not-an-object", SCHEDULER, 42, "scheduler", "valid dictionary"),
    case("flag-not-a-bool", (*SEGMENTATION, "empty_existing_segment"), "sometimes", "features[0]"
         ".empty_existing_segment", "valid boolean"),
    case("red-list-mail-not-a-bool", (*RED_LIST, "destination", "mail"), "maybe", "features[1].destination.mail",
         "valid boolean"),
    case("contact-guids-not-a-list", (*REPORT, "contact_guids"), "1C0193AB", "features[3].contact_guids",
         "valid list"),
    case("interval-not-an-int", (*OCCURS, "interval"), "weekly", "scheduler.frequency.occurs.interval",
         "valid integer"),
    case("enabled-not-a-bool", (*SCHEDULER, "enabled"), "yes please", "scheduler.enabled", "valid boolean"),
    case("hour-not-an-int", (*AT_TIME, "hour"), "six", "scheduler.frequency.periodicity.value.hour",
         "valid integer"),
    # -- unknown discriminators
    case("unknown-feature-type", (*SEGMENTATION, "type"), "segmentatoin", "features[0]", "unknown type",
         unknown=False),
    case("unknown-source-type", (*SOURCE, "type"), "sftp", "source", "unknown type", unknown=SOURCE),
    case("unknown-occurs-type", (*OCCURS, "type"), "yearly", "scheduler.frequency.occurs", "unknown type",
         unknown=OCCURS),
    case("unknown-periodicity-type", (*PERIODICITY, "type"), "twice", "scheduler.frequency.periodicity",
         "unknown type", unknown=PERIODICITY),
    # An unlisted scheduler type is the one-time escape hatch (IMPORTS.md §5 Q4): it needs its `value`.
    case("unknown-scheduler-type-without-value", SCHEDULER, {"type": "cron", "timezone": "(UTC) Coordinated "
         "Universal Time"}, "scheduler.value", "Field required", unknown=(*SCHEDULER, "value")),
    case("empty-scheduler-type", SCHEDULER, {"type": "", "value": {"year": 2030, "month": 1, "date": 1}},
         "scheduler.type", "at least 1 character", unknown=False),
    # -- one feature per type
    case("duplicate-feature-type", (*FEATURES, 6), {"type": "database", "update_existing": False}, "features",
         "at most one feature per type", unknown=(*FEATURES, 6)),
    # -- out of range
    case("hour-24", (*AT_TIME, "hour"), 24, "scheduler.frequency.periodicity.value.hour", "less than or equal to 23"),
    case("minute-60", (*AT_TIME, "minute"), 60, "scheduler.frequency.periodicity.value.minute",
         "less than or equal to 59"),
    case("second-negative", (*AT_TIME, "second"), -1, "scheduler.frequency.periodicity.value.second",
         "greater than or equal to 0"),
    case("validity-hour-25", (*START, "hour"), 25, "scheduler.validity.start.hour", "less than or equal to 23"),
    case("validity-month-13", (*START, "month"), 13, "scheduler.validity.start.month", "less than or equal to 12"),
    case("validity-year-1899", (*START, "year"), 1899, "scheduler.validity.start.year", "greater than or equal"),
    # -- days
    case("bad-day-name", (*OCCURS, "days", 0), "Sunday", "scheduler.frequency.occurs.days[0]", "'Sun', 'Mon'"),
    case("lowercase-day-name", (*OCCURS, "days", 1), "wed", "scheduler.frequency.occurs.days[1]", "'Sun', 'Mon'"),
    case("repeated-day", (*OCCURS, "days"), ["Mon", "Tue", "Mon"], "scheduler.frequency.occurs.days",
         "only once", unknown=(*OCCURS, "days", 2)),
    case("no-day", (*OCCURS, "days"), [], "scheduler.frequency.occurs.days", "at least 1 item"),
    case("month-day-0", OCCURS, {"type": "monthly", "days": [0]}, "scheduler.frequency.occurs.days[0]",
         "greater than or equal to 1", unknown=(*OCCURS, "days", 0)),
    case("month-day-32", OCCURS, {"type": "monthly", "days": [1, 32]}, "scheduler.frequency.occurs.days[1]",
         "less than or equal to 31", unknown=(*OCCURS, "days", 1)),
    # -- ids and intervals
    case("segment-id-0", (*SEGMENTATION, "segment_id"), 0, "features[0].segment_id", "greater than 0"),
    case("segment-id-negative", (*SEGMENTATION, "segment_id"), -501, "features[0].segment_id", "greater than 0"),
    case("binding-0", ("binding",), 0, "binding", "greater than 0"),
    case("binding-negative", ("binding",), -44, "binding", "greater than 0"),
    case("binding-over-int32", ("binding",), 2**31, "binding", "less than or equal to 2147483647"),
    case("group-id-0", (*REPORT, "group_ids"), [7, 0], "features[3].group_ids[1]", "greater than 0",
         unknown=(*REPORT, "group_ids", 1)),
    case("normalization-field-0", (*NORMALIZATION, "fields"), {"0": ["FRA"]}, "features[5].fields",
         "positive int32", unknown=False),
    case("normalization-field-negative", (*NORMALIZATION, "fields"), {"-233": ["FRA"]}, "features[5].fields",
         "positive int32", unknown=False),
    case("normalization-field-superscript", (*NORMALIZATION, "fields"), {"²": ["FRA"]}, "features[5].fields",
         "positive int32"),
    case("normalization-field-not-a-number", (*NORMALIZATION, "fields"), {"phone": ["FRA"]}, "features[5].fields",
         "positive int32", unknown=False),
    case("interval-0", (*OCCURS, "interval"), 0, "scheduler.frequency.occurs.interval", "greater than or equal to 1"),
    case("daily-interval-negative", OCCURS, {"type": "daily", "interval": -2}, "scheduler.frequency.occurs.interval",
         "greater than or equal to 1", unknown=(*OCCURS, "interval")),
    case("interval-too-large", (*OCCURS, "interval"), 1001, "scheduler.frequency.occurs.interval",
         "less than or equal to 1000"),
    # -- names
    case("empty-name", ("name",), "", "name", "at least 1 character"),
    case("whitespace-name", ("name",), " \t ", "name", "must not be blank"),
    case("name-too-long", ("name",), "x" * 256, "name", "at most 255 characters"),
    case("whitespace-scheduler-name", (*SCHEDULER, "name"), "   ", "scheduler.name", "must not be blank"),
    case("empty-ftp-folder", (*SOURCE, "folder"), "", "source.folder", "at least 1 character"),
    case("whitespace-template", (*SOURCE, "template_filename"), "  ", "source.template_filename", "must not be blank"),
    # -- time zones
    case("iana-time-zone", (*SCHEDULER, "timezone"), "Europe/Paris", "scheduler.timezone", "Windows time-zone"),
    case("offset-out-of-range", (*SCHEDULER, "timezone"), "(UTC+15:00) Nowhere", "scheduler.timezone",
         "Windows time-zone"),
    case("no-parentheses", (*SCHEDULER, "timezone"), "UTC+01:00 Paris", "scheduler.timezone", "Windows time-zone"),
    case("offset-without-city", (*SCHEDULER, "timezone"), "(UTC+01:00)", "scheduler.timezone", "Windows time-zone"),
    case("empty-time-zone", (*SCHEDULER, "timezone"), "", "scheduler.timezone", "Windows time-zone"),
    # -- missing members
    case("source-without-type", (*SOURCE, "type"), DELETE, "source", "discriminator 'type'", unknown=SOURCE),
    case("feature-without-type", (*DATABASE, "type"), DELETE, "features[4]", "discriminator 'type'",
         unknown=DATABASE),
    case("weekly-without-days", (*OCCURS, "days"), DELETE, "scheduler.frequency.occurs.days", "Field required"),
    case("occurs-without-type", (*OCCURS, "type"), DELETE, "scheduler.frequency.occurs", "discriminator 'type'",
         unknown=OCCURS),
    case("periodicity-without-value", AT_TIME, DELETE, "scheduler.frequency.periodicity.value", "Field required"),
    case("time-without-hour", (*AT_TIME, "hour"), DELETE, "scheduler.frequency.periodicity.value.hour",
         "Field required"),
    case("scheduler-without-frequency", (*SCHEDULER, "frequency"), DELETE, "scheduler.frequency", "Field required"),
    case("segmentation-without-segment", (*SEGMENTATION, "segment_id"), DELETE, "features[0].segment_id",
         "Field required"),
    case("red-list-without-destination", (*RED_LIST, "destination"), DELETE, "features[1].destination",
         "Field required"),
    case("duplicate-without-rules", (*DUPLICATE, "rules"), DELETE, "features[2].rules", "Field required"),
    case("normalization-without-fields", (*NORMALIZATION, "fields"), {}, "features[5].fields", "at least 1 item"),
    case("start-without-year", (*START, "year"), DELETE, "scheduler.validity.start.year", "Field required"),
    case("start-without-date", (*START, "date"), DELETE, "scheduler.validity.start.date", "Field required"),
    # -- validity
    case("end-before-start", (*END, "year"), 2023, "scheduler.validity", "end must be after start"),
    case("end-equals-start", END, {"year": 2024, "month": 1, "date": 1}, "scheduler.validity",
         "end must be after start", unknown=(*END, "date")),
    case("february-30", START, {"year": 2024, "month": 2, "date": 30}, "scheduler.validity.start",
         "has no day 30", unknown=(*START, "date")),
    case("february-29-non-leap", END, {"year": 2025, "month": 2, "date": 29}, "scheduler.validity.end",
         "has no day 29", unknown=(*END, "year")),
    case("april-31", START, {"year": 2024, "month": 4, "date": 31}, "scheduler.validity.start", "has no day 31",
         unknown=(*START, "month")),
    # -- report recipients
    case("final-report-without-recipient", (*REPORT, "contact_guids"), [], "features[3]", "at least one recipient",
         unknown=(*REPORT, "contact_guids")),
    case("error-report-without-recipient", REPORT, {"type": "report", "send_error_report": True, "group_ids": []},
         "features[3]", "at least one recipient", unknown=(*REPORT, "group_ids")),
    case("bad-contact-guid", (*REPORT, "contact_guids", 0), "not a guid!", "features[3].contact_guids[0]",
         "pattern"),
    # -- duplicate rules
    case("no-duplicate-rule", (*DUPLICATE, "rules"), {}, "features[2].rules", "exactly one of first, last, ignore",
         unknown=False),
    case("two-duplicate-rules", (*DUPLICATE, "rules", "last"), True, "features[2].rules",
         "exactly one of first, last, ignore"),
    case("all-duplicate-rules-false", (*DUPLICATE, "rules"), {"first": False, "last": False, "ignore": False},
         "features[2].rules", "exactly one of first, last, ignore", unknown=(*DUPLICATE, "rules", "ignore")),
    case("duplicate-rule-not-a-bool", (*DUPLICATE, "rules", "first"), "maybe", "features[2].rules.first",
         "valid boolean"),
    # -- country codes
    case("alpha-2-country", (*NORMALIZATION, "fields", "233", 0), "FR", "features[5].fields.233[0]", "pattern"),
    case("lowercase-country", (*NORMALIZATION, "fields", "233", 1), "esp", "features[5].fields.233[1]", "pattern"),
    case("country-name", (*NORMALIZATION, "fields", "233", 0), "FRANCE", "features[5].fields.233[0]", "pattern"),
    # -- server-set members
    case("source-id", (*SOURCE, "id"), 7, "source.id", "is set by NP6", unknown=False),
    case("source-creation-date", (*SOURCE, "creation_date"), "2023-03-01T11:04:00Z", "source.creation_date",
         "is set by NP6", unknown=False),
    case("source-update-date", (*SOURCE, "update_date"), "2023-03-01T12:04:00Z", "source.update_date",
         "is set by NP6", unknown=False),
    case("file-source-filename", SOURCE, {"type": "file", "filename": "3ec15c5168_filename.csv"}, "source.filename",
         "is set by NP6", unknown=False),
    case("scheduler-id", (*SCHEDULER, "id"), 79, "scheduler.id", "is set by NP6", unknown=False),
    case("scheduler-creation-date", (*SCHEDULER, "creation_date"), "2023-03-01T11:04:00Z", "scheduler.creation_date",
         "is set by NP6", unknown=False),
    case("scheduler-ref-only", SCHEDULER, {"id": 79}, "scheduler", "set adopt", unknown=False),
    case("malformed-server-date", (*SOURCE, "creation_date"), "yesterday", "source.creation_date", "pattern",
         unknown=False),
    # -- control inputs
    case("adopt-0", ("adopt",), 0, "adopt", "positive int32"),
    case("adopt-negative", ("adopt",), -23, "adopt", "positive int32"),
    case("adopt-fraction", ("adopt",), 23.5, "adopt", "positive int32"),
    case("adopt-numeric-string", ("adopt",), "23", "adopt", "positive int32"),
    case("adopt-bool", ("adopt",), True, "adopt", "positive int32"),
    case("adopt-over-int32", ("adopt",), 2**31, "adopt", "positive int32"),
    case("adopt-infinite", ("adopt",), float("inf"), "adopt", "positive int32"),
    case("adopt-misspelled-mode", ("adopt",), "byName", "adopt", "'by_name'"),
    case("account-empty", ("account",), "", "account", "non-empty account name"),
    case("account-not-a-string", ("account",), 3, "account", "non-empty account name"),
    # -- free-form JSON NP6 keeps as sent: pydantic would have sent NaN and infinity as null
    case("extension-nan", (*SCHEDULER, "extension"), {"retries": [1, {"delay": float("nan")}]}, "scheduler.extension",
         "not JSON numbers (found at retries[1].delay)", unknown=(*SCHEDULER, "extension", "retries")),
    case("file-data-infinity", SOURCE, {"type": "file", "data": [{"score": float("-inf")}]}, "source.data[0]",
         "not JSON numbers (found at score)", unknown=(*SOURCE, "data", 0, "score")),
    case("one-time-extra-member-nan", SCHEDULER, {"type": "cron", "value": {"year": 2030, "month": 1, "date": 1},
         "jitter": float("nan")}, "scheduler", "not JSON numbers (found at jitter)", unknown=(*SCHEDULER, "jitter")),
    # Not date parts either: the union reports that branch's problems too.
    case("one-time-free-value-nan", SCHEDULER, {"type": "cron", "value": {"at": float("inf")}}, "scheduler.value",
         "not JSON numbers (found at at)", unknown=False, also=tuple(f"scheduler.value.{member}" for member in
         ("year", "month", "date", "at"))),
    # -- unknown members (typos)
    case("feature-member-typo", (*DATABASE, "updat_existing"), True, "features[4].updat_existing",
         "Extra inputs are not permitted", unknown=False),
    case("rules-member-typo", (*DUPLICATE, "rules", "newest"), True, "features[2].rules.newest",
         "Extra inputs are not permitted", unknown=False),
    case("source-member-typo", (*SOURCE, "folders"), "x", "source.folders", "Extra inputs are not permitted",
         unknown=False),
    case("scheduler-member-typo", (*SCHEDULER, "time_zone"), "(UTC) Coordinated Universal Time",
         "scheduler.time_zone", "Extra inputs are not permitted", unknown=False),
    case("destination-member-typo", (*RED_LIST, "destination", "push"), True, "features[1].destination.push",
         "Extra inputs are not permitted", unknown=False),
    Case("date-parts-day-for-date", (((*START, "date"), DELETE), ((*START, "day"), 1)), "scheduler.validity.start.day",
         "Extra inputs are not permitted", None, also=("scheduler.validity.start.date",)),
    Case("occurs-day-for-days", (((*OCCURS, "days"), DELETE), ((*OCCURS, "day"), ["Sun"])),
         "scheduler.frequency.occurs.day", "Extra inputs are not permitted", None,
         also=("scheduler.frequency.occurs.days",)),
]
# fmt: on


def edited(news: dict[str, Any], loc: Loc, value: Any) -> dict[str, Any]:
    target: Any = news
    for step in loc[:-1]:
        target = target[step]
    last = loc[-1]
    if value is DELETE:
        del target[last]
    elif isinstance(target, list) and last == len(target):
        target.append(value)
    else:
        target[last] = value
    return news


def news_for(case: Case) -> dict[str, Any]:
    news = valid_news()
    for loc, value in case.edits:
        edited(news, loc, value if value is DELETE else copy.deepcopy(value))
    return news


def failures(news: dict[str, Any]) -> list[tuple[str, str]]:
    result = Np6ImportProvider().check({}, news)
    return [(f.property, f.reason) for f in result.failures or []]


def test_the_base_declaration_is_valid() -> None:
    news = valid_news()
    assert failures(news) == []
    # ...and is in the canonical property form that check returns
    declared = {k: v for k, v in news.items() if k not in ("account", "adopt")}
    canonical = declared_properties(ImportDeclaration.model_validate(declared))
    checked = Np6ImportProvider().check({}, news).inputs
    assert {k: checked[k] for k in canonical} == canonical == declared


def test_the_table_is_large_and_ids_are_unique() -> None:
    assert len(CASES) >= 45
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_check_rejects_with_path_and_reason(case: Case) -> None:
    problems = failures(news_for(case))
    paths = {path for path, _ in problems}
    assert paths == {case.path, *case.also}, problems
    reasons = [reason for path, reason in problems if path == case.path]
    assert any(case.reason in reason for reason in reasons), problems
    assert all(reason and "\n" not in reason for _, reason in problems)


UNKNOWN_CASES = [c for c in CASES if c.unknown is not None]


def test_most_cases_have_an_unknown_variant() -> None:
    assert len(UNKNOWN_CASES) >= 45


@pytest.mark.parametrize("case", UNKNOWN_CASES, ids=[c.id for c in UNKNOWN_CASES])
def test_unknown_in_place_of_the_bad_value_passes(case: Case) -> None:
    assert case.unknown is not None
    news = edited(news_for(case), case.unknown, Unknown())
    result = Np6ImportProvider().check({}, news)
    assert not result.failures, [(f.property, f.reason) for f in result.failures]


@pytest.mark.parametrize(
    "top",
    ["name", "binding", "features", "source", "scheduler", "account", "adopt"],
)
def test_whole_unknown_inputs_pass(top: str) -> None:
    news = valid_news()
    news[top] = Unknown()
    assert failures(news) == []


# -- reasons never echo values -------------------------------------------------------------------------------

SECRET = "sk_live_9fQ2xTz81LmN0pRsUvWy"  # looks like a credential pasted into the wrong place

SECRET_PLACES: list[tuple[Loc, Any]] = [
    (("binding",), SECRET),
    (("adopt",), SECRET),
    ((*SEGMENTATION, "type"), SECRET),
    ((*SEGMENTATION, "segment_id"), SECRET),
    ((*SEGMENTATION, "empty_existing_segment"), SECRET),
    ((*RED_LIST, "destination", "sms"), SECRET),
    ((*DUPLICATE, "rules", "first"), SECRET),
    ((*REPORT, "contact_guids", 0), SECRET),
    ((*REPORT, "group_ids"), [SECRET]),
    ((*NORMALIZATION, "fields"), {SECRET: ["FRA"]}),
    ((*NORMALIZATION, "fields", "233", 0), SECRET),
    ((*SOURCE, "type"), SECRET),
    ((*SOURCE, "creation_date"), SECRET),
    ((*SCHEDULER, "timezone"), SECRET),
    ((*SCHEDULER, "enabled"), SECRET),
    ((*OCCURS, "type"), SECRET),
    ((*OCCURS, "days", 0), SECRET),
    ((*OCCURS, "interval"), SECRET),
    ((*AT_TIME, "hour"), SECRET),
    ((*START, "year"), SECRET),
]


@pytest.mark.parametrize(("loc", "value"), SECRET_PLACES, ids=[".".join(map(str, loc)) for loc, _ in SECRET_PLACES])
def test_reasons_never_echo_the_value(loc: Loc, value: Any) -> None:
    problems = failures(edited(valid_news(), loc, value))
    assert problems, "the secret-looking value should have been refused"
    for path, reason in problems:
        assert SECRET not in reason
        assert SECRET not in path
        assert SECRET[:12] not in reason


def test_unknown_type_reason_suggests_a_close_known_type_without_echoing() -> None:
    ((path, reason),) = failures(edited(valid_news(), (*SEGMENTATION, "type"), "segmentatoin"))
    assert path == "features[0]"
    assert "segmentatoin" not in reason
    assert "did you mean 'segmentation'" in reason


def test_several_problems_are_all_reported() -> None:
    news = edited(valid_news(), ("name",), "")
    edited(news, (*AT_TIME, "hour"), 99)
    edited(news, ("adopt",), 0)
    paths = {path for path, _ in failures(news)}
    assert paths == {"name", "scheduler.frequency.periodicity.value.hour", "adopt"}


@pytest.mark.usefixtures("named_accounts")
def test_check_returns_the_canonical_properties() -> None:
    news = valid_news() | {"adopt": 23.0, "account": "prod"}
    news["features"][0] = {"type": "segmentation", "segmentId": 501, "emptyExistingSegment": True}  # wire spelling
    news["features"][5]["fields"] = {233: ["FRA"]}
    result = Np6ImportProvider().check({}, news)
    assert not result.failures
    inputs = result.inputs
    assert inputs["adopt"] == 23
    assert isinstance(inputs["adopt"], int)
    assert inputs["account"] == "prod"
    assert inputs["features"][0] == {"type": "segmentation", "segment_id": 501, "empty_existing_segment": True}
    assert inputs["features"][5] == {"type": "normalization", "fields": {"233": ["FRA"]}}


@pytest.mark.usefixtures("named_accounts")
@pytest.mark.parametrize("provider", [Np6ImportProvider(), Np6SegmentProvider()], ids=["import", "segment"])
def test_an_account_missing_from_the_stack_config_fails_the_preview(provider: Any) -> None:
    """Regression: a misspelt account passed preview and only failed at `up`, after the review."""
    news = valid_news() if isinstance(provider, Np6ImportProvider) else {"name": "s", "type": "static"}
    result = provider.check({}, news | {"account": "stagin"})
    [failure] = result.failures
    assert failure.property == "account"
    assert "unknown NP6 account 'stagin' (configured: prod, staging)" in failure.reason


def test_adopt_only_applies_to_the_first_create() -> None:
    """Regression: the create half of a replacement adopted the old import again, then Pulumi deleted it."""
    provider = Np6ImportProvider()
    assert provider.check({}, valid_news() | {"adopt": 23}).inputs["adopt"] == 23
    in_state = dict(provider.check({}, valid_news()).inputs)
    assert provider.check(in_state, valid_news() | {"adopt": 23}).inputs["adopt"] is None
