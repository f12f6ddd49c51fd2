"""Property tests: every wire model survives wire → model → wire and snake_case → model unchanged."""

from __future__ import annotations

import datetime as dt
import json
import string
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter

from np6_provider.models import (
    FEATURE_TYPES,
    LENIENT,
    DailyOccurs,
    DatabaseFeature,
    DateParts,
    DuplicateFeature,
    DuplicateRules,
    Execution,
    ExecutionState,
    Feature,
    FileSource,
    Frequency,
    FtpSource,
    ImportChanges,
    ImportDeclaration,
    ImportDefinition,
    LastExecution,
    MonthlyOccurs,
    NormalizationFeature,
    OncePeriodicity,
    OneTimeScheduler,
    PeriodicScheduler,
    RedListDestination,
    RedListFeature,
    ReportFeature,
    Scheduler,
    SchedulerRef,
    Segment,
    SegmentationFeature,
    Source,
    TimeOfDay,
    Validity,
    WeeklyOccurs,
)
from np6_provider.models.schedulers import Occurs

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- leaves --------------------------------------------------------------------------------------------------

ids = st.integers(1, 2**31 - 1)
bools = st.booleans()
text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=30)
names = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=60).filter(lambda s: s.strip())
timestamps = st.one_of(
    st.just("0001-01-01T00:00:00Z"),
    st.datetimes().map(lambda d: f"{d.year:04d}-{d:%m-%dT%H:%M:%S}Z"),
    st.datetimes().map(lambda d: f"{d.year:04d}-{d:%m-%dT%H:%M:%S}.{d.microsecond // 1000:03d}Z"),
)
contact_guids = st.text(string.ascii_letters + string.digits, min_size=1, max_size=32)
country_codes = st.text(string.ascii_uppercase, min_size=3, max_size=3)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
json_objects = st.dictionaries(text, json_values, max_size=4)
DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
time_zones = st.one_of(
    st.sampled_from(
        [
            "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris",
            "(Utc+01:00) Brussels, Copenhagen, Madrid, Paris",
            "(UTC) Coordinated Universal Time",
            "(UTC-05:00) Eastern Time (US & Canada)",
            "(UTC+14:00) Kiritimati Island",
        ]
    ),
    st.builds(
        lambda sign, hours, minutes, city: f"(UTC{sign}{hours:02d}:{minutes:02d}) {city}",
        st.sampled_from("+-"),
        st.integers(0, 14),
        st.integers(0, 59),
        st.text(string.ascii_letters + " ,()&.", min_size=1, max_size=30).filter(lambda s: not s[0].isspace()),
    ),
)


def model(cls: type[BaseModel], required: dict[str, Any], optional: dict[str, Any] | None = None) -> Any:
    """Instances of `cls` built from snake_case kwargs; each optional member is either set or left unset."""
    return st.fixed_dictionaries(required, optional=optional or {}).map(lambda kwargs: cls(**kwargs))


# -- features ------------------------------------------------------------------------------------------------

segmentation = model(SegmentationFeature, {"segment_id": ids}, {"empty_existing_segment": bools})
red_list_destination = model(RedListDestination, {}, {"mail": bools, "sms": bools})
red_list = model(RedListFeature, {"destination": red_list_destination})


@st.composite
def duplicate_rules(draw: st.DrawFn) -> DuplicateRules:
    chosen = draw(st.sampled_from(["first", "last", "ignore"]))
    kwargs: dict[str, Any] = {chosen: True}
    for other in {"first", "last", "ignore"} - {chosen}:
        if draw(bools):
            kwargs[other] = draw(st.sampled_from([False, None]))
    return DuplicateRules(**kwargs)


duplicate = model(DuplicateFeature, {"rules": duplicate_rules()})


@st.composite
def report(draw: st.DrawFn) -> ReportFeature:
    kwargs = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "send_final_report": bools,
                "send_error_report": bools,
                "contact_guids": st.lists(contact_guids, max_size=3),
                "group_ids": st.lists(ids, max_size=3),
            },
        )
    )
    sends = kwargs.get("send_final_report") or kwargs.get("send_error_report")
    if sends and not (kwargs.get("contact_guids") or kwargs.get("group_ids")):
        kwargs["contact_guids"] = [draw(contact_guids)]
    return ReportFeature(**kwargs)


database = model(DatabaseFeature, {}, {"update_existing": bools, "crush_data": bools})
normalization = model(
    NormalizationFeature,
    {"fields": st.dictionaries(ids.map(str), st.lists(country_codes, max_size=3), min_size=1, max_size=3)},
)
FEATURE_STRATEGIES: dict[str, Any] = {
    "segmentation": segmentation,
    "redList": red_list,
    "duplicate": duplicate,
    "report": report(),
    "database": database,
    "normalization": normalization,
}


@st.composite
def feature_lists(draw: st.DrawFn) -> list[Any]:
    types = draw(st.permutations(FEATURE_TYPES).flatmap(lambda p: st.integers(0, len(p)).map(lambda n: p[:n])))
    return [draw(FEATURE_STRATEGIES[t]) for t in types]


# -- sources -------------------------------------------------------------------------------------------------

SERVER_SOURCE_FIELDS = {"id": ids, "creation_date": timestamps, "update_date": timestamps}
ftp_source = model(FtpSource, {}, {**SERVER_SOURCE_FIELDS, "folder": names, "template_filename": names})
file_source = model(
    FileSource,
    {},
    {**SERVER_SOURCE_FIELDS, "filename": st.none() | text, "data": st.none() | st.lists(json_objects, max_size=2)},
)
sources = st.one_of(ftp_source, file_source)

# -- schedulers ----------------------------------------------------------------------------------------------

hours, sixty = st.integers(0, 23), st.integers(0, 59)
time_of_day = model(TimeOfDay, {"hour": hours}, {"minute": sixty, "second": sixty})


def date_parts_from(moment: dt.datetime, drop: set[str] = frozenset()) -> DateParts:  # type: ignore[assignment]
    parts = {
        "year": moment.year,
        "month": moment.month,
        "date": moment.day,
        "hour": moment.hour,
        "minute": moment.minute,
        "second": moment.second,
    }
    return DateParts(**{k: v for k, v in parts.items() if k not in drop or v != 0})


moments = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59)).map(
    lambda d: d.replace(microsecond=0)
)
date_parts = st.builds(date_parts_from, moments, st.sets(st.sampled_from(["hour", "minute", "second"])).map(set))


@st.composite
def validities(draw: st.DrawFn) -> Validity:
    start = draw(moments)
    if draw(bools):
        return Validity(start=date_parts_from(start))
    end = draw(moments.filter(lambda m: m != start))
    start, end = sorted([start, end])
    return Validity(start=date_parts_from(start), end=date_parts_from(end))


intervals = st.integers(1, 1000)
daily = model(DailyOccurs, {}, {"interval": st.none() | intervals})
weekly = model(
    WeeklyOccurs,
    {"days": st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True)},
    {"interval": st.none() | intervals},
)
monthly = model(
    MonthlyOccurs,
    {"days": st.lists(st.integers(1, 31), min_size=1, max_size=5)},
    {"interval": st.none() | intervals},
)
occurs = st.one_of(daily, weekly, monthly)
once = model(OncePeriodicity, {"value": time_of_day})
frequencies = model(Frequency, {"occurs": occurs, "periodicity": once})

SCHEDULER_BASE = {
    "id": st.none() | st.integers(0, 2**31 - 1),
    "name": st.none() | names,
    "creation_date": st.none() | timestamps,
    "description": st.none() | text,
    "enabled": st.none() | bools,
    "timezone": st.none() | time_zones,
    "extension": st.none() | json_objects,
}
periodic = model(
    PeriodicScheduler, {"frequency": frequencies}, {**SCHEDULER_BASE, "validity": st.none() | validities()}
)
one_time_types = st.text(string.ascii_letters, min_size=1, max_size=12).filter(lambda t: t != "periodic")
# `value` is a DateParts when it has that shape, else any object kept as given.
one_time_values = st.one_of(date_parts, st.dictionaries(st.sampled_from(["at", "when", "epoch"]), json_values))
one_time = model(OneTimeScheduler, {"type": one_time_types, "value": one_time_values}, SCHEDULER_BASE)
scheduler_refs = model(SchedulerRef, {"id": ids})
schedulers = st.one_of(periodic, one_time, scheduler_refs)

# -- definitions, segments, executions -----------------------------------------------------------------------

DECLARED = {"binding": st.none() | ids, "source": st.none() | sources, "scheduler": st.none() | schedulers}
declarations = model(ImportDeclaration, {"name": names}, {**DECLARED, "features": feature_lists()})
changes = model(ImportChanges, {}, {**DECLARED, "name": st.none() | names, "features": feature_lists()})
definitions = model(
    ImportDefinition,
    {"name": names},
    {
        **DECLARED,
        "features": feature_lists(),
        "id": st.none() | ids,
        "creation_date": st.none() | timestamps,
        "update_date": st.none() | timestamps,
    },
)
segments = model(
    Segment,
    {"name": names},
    {
        "type": st.sampled_from(["static", "dynamic"]),
        "id": st.none() | ids,
        "description": st.none() | text,
        "creation": st.none() | timestamps,
        "expiration": st.none() | timestamps,
        "is_test": st.none() | bools,
        "targets_count": st.none() | st.integers(0, 2**31 - 1),
        "parent_id": st.none() | ids,
        "search_id": st.none() | ids,
    },
)
last_executions = model(LastExecution, {"state": st.sampled_from(list(ExecutionState))})
executions = model(
    Execution,
    {},
    {
        "start_date": st.none() | timestamps,
        "state": st.sampled_from(list(ExecutionState)),
        "content": st.none() | json_objects,
        "source": st.none() | sources,
    },
)

MODELS: dict[str, Any] = {
    "SegmentationFeature": segmentation,
    "RedListDestination": red_list_destination,
    "RedListFeature": red_list,
    "DuplicateRules": duplicate_rules(),
    "DuplicateFeature": duplicate,
    "ReportFeature": report(),
    "DatabaseFeature": database,
    "NormalizationFeature": normalization,
    "FtpSource": ftp_source,
    "FileSource": file_source,
    "TimeOfDay": time_of_day,
    "DateParts": date_parts,
    "Validity": validities(),
    "DailyOccurs": daily,
    "WeeklyOccurs": weekly,
    "MonthlyOccurs": monthly,
    "OncePeriodicity": once,
    "Frequency": frequencies,
    "PeriodicScheduler": periodic,
    "OneTimeScheduler": one_time,
    "SchedulerRef": scheduler_refs,
    "ImportDeclaration": declarations,
    "ImportChanges": changes,
    "ImportDefinition": definitions,
    "Segment": segments,
    "LastExecution": last_executions,
    "Execution": executions,
}

# Discriminated unions: the wire form must route back to the same variant.
UNIONS: dict[str, tuple[Any, Any]] = {
    "Feature": (Feature, st.one_of(*FEATURE_STRATEGIES.values())),
    "Source": (Source, sources),
    "Scheduler": (Scheduler, schedulers),
    "Occurs": (Occurs, occurs),
}


def test_every_model_has_a_strategy() -> None:
    import np6_provider.models as models

    exported = {
        name
        for name in models.__all__
        if isinstance(getattr(models, name), type) and issubclass(getattr(models, name), BaseModel)
    }
    assert exported - {"WireModel"} == set(MODELS)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_wire_round_trip(name: str) -> None:
    @FAST
    @given(MODELS[name])
    def check(instance: Any) -> None:
        cls = type(instance)
        wire = instance.to_wire()
        assert cls.model_validate(wire) == instance
        assert cls.model_validate(wire).to_wire() == wire  # idempotent
        text_form = json.loads(json.dumps(wire))  # plain JSON, nothing Python-only left
        assert cls.model_validate(text_form) == instance
        assert cls.model_validate(text_form, context={LENIENT: True}) == instance

    check()


@pytest.mark.parametrize("name", sorted(MODELS))
def test_snake_case_round_trip(name: str) -> None:
    @FAST
    @given(MODELS[name])
    def check(instance: Any) -> None:
        cls = type(instance)
        assert cls.model_validate(instance.model_dump(exclude_unset=True)) == instance
        full = instance.model_dump()  # defaults included, as declared_properties writes them
        assert cls.model_validate(full) == instance
        assert cls.model_validate(full).model_dump() == full

    check()


@pytest.mark.parametrize("name", sorted(UNIONS))
def test_union_routes_back_to_the_same_variant(name: str) -> None:
    union, strategy = UNIONS[name]
    adapter = TypeAdapter(union)

    @FAST
    @given(strategy)
    def check(instance: Any) -> None:
        parsed = adapter.validate_python(instance.to_wire())
        assert type(parsed) is type(instance)
        assert parsed == instance
        assert type(adapter.validate_python(instance.model_dump(exclude_unset=True))) is type(instance)

    check()


@FAST
@given(definitions)
def test_definition_declaration_keeps_only_client_members(definition: ImportDefinition) -> None:
    declaration = definition.declaration()
    wire = declaration.to_wire()
    assert not {"id", "creationDate", "updateDate"} & set(wire)
    assert ImportDeclaration.model_validate(wire) == declaration
    assert declaration.name == definition.name
    assert declaration.features == definition.features


@FAST
@given(st.builds(dict, segment_id=ids, empty=bools))
def test_segmentation_flag_spellings(values: dict[str, Any]) -> None:
    spellings = ["emptyExisitingSegment", "emptyExistingSegment", "empty_existing_segment"]
    parsed = [
        SegmentationFeature.model_validate({"segmentId": values["segment_id"], s: values["empty"]}) for s in spellings
    ]
    assert parsed[0] == parsed[1] == parsed[2]
    assert all(set(p.to_wire()) == {"type", "segmentId", "emptyExisitingSegment"} for p in parsed)


@FAST
@given(bools, bools)
def test_red_list_email_alias(mail: bool, sms: bool) -> None:
    legacy = RedListDestination.model_validate({"email": mail, "sms": sms})
    assert legacy == RedListDestination(mail=mail, sms=sms)
    assert legacy.to_wire() == {"mail": mail, "sms": sms}


@FAST
@given(st.dictionaries(ids, st.lists(country_codes, max_size=2), min_size=1, max_size=3))
def test_normalization_field_ids_as_ints_or_strings(fields: dict[int, list[str]]) -> None:
    from_ints = NormalizationFeature(fields=fields)
    from_strings = NormalizationFeature(fields={str(k): v for k, v in fields.items()})
    assert from_ints == from_strings
    assert from_ints.to_wire()["fields"] == {str(k): v for k, v in fields.items()}


@FAST
@given(st.sampled_from(DAYS) | st.integers(1, 31))
def test_single_day_is_read_as_a_list(day: Any) -> None:
    occurs_cls = WeeklyOccurs if isinstance(day, str) else MonthlyOccurs
    parsed = occurs_cls.model_validate({"days": day})
    assert parsed.days == [day]
    assert parsed.to_wire()["days"] == [day]


# -- regression: a union member built in Python must still say which variant it is on the wire -------------

PYTHON_BUILT: dict[str, tuple[Any, Any, str]] = {
    "segmentation": (Feature, lambda: SegmentationFeature(segment_id=1), "segmentation"),
    "red-list": (Feature, lambda: RedListFeature(destination=RedListDestination()), "redList"),
    "duplicate-keep": (Feature, lambda: DuplicateFeature.keep("first"), "duplicate"),
    "report": (Feature, lambda: ReportFeature(), "report"),
    "database": (Feature, lambda: DatabaseFeature(), "database"),
    "normalization": (Feature, lambda: NormalizationFeature(fields={233: ["FRA"]}), "normalization"),
    "ftp": (Source, lambda: FtpSource(), "ftp"),
    "file": (Source, lambda: FileSource(), "file"),
    "daily": (Occurs, lambda: DailyOccurs(), "daily"),
    "weekly": (Occurs, lambda: WeeklyOccurs(days=["Sun"]), "weekly"),
    "monthly": (Occurs, lambda: MonthlyOccurs(days=[1]), "monthly"),
    "once": (OncePeriodicity, lambda: OncePeriodicity(value=TimeOfDay(hour=6)), "once"),
    "periodic": (
        Scheduler,
        lambda: PeriodicScheduler(
            frequency=Frequency(occurs=DailyOccurs(), periodicity=OncePeriodicity(value=TimeOfDay(hour=6)))
        ),
        "periodic",
    ),
}


@pytest.mark.parametrize("case", PYTHON_BUILT.values(), ids=list(PYTHON_BUILT))
def test_defaulted_discriminator_is_sent(case: tuple[Any, Any, str]) -> None:
    """Regression: `type` left to its default was dropped by to_wire() (exclude_unset), so the payload lost
    its variant: SegmentationFeature(segment_id=1).to_wire() was {"segmentId": 1}."""
    union, build, tag = case
    instance = build()
    assert instance.to_wire()["type"] == tag
    assert TypeAdapter(union).validate_python(instance.to_wire()) == instance


def test_python_built_declaration_round_trips() -> None:
    declaration = ImportDeclaration(
        name="Import Contacts",
        features=[SegmentationFeature(segment_id=501), DuplicateFeature.keep("first")],
        source=FtpSource(),
        scheduler=PeriodicScheduler(
            frequency=Frequency(occurs=WeeklyOccurs(days=["Sun"]), periodicity=OncePeriodicity(value=TimeOfDay(hour=6)))
        ),
    )
    wire = declaration.to_wire()
    assert [f["type"] for f in wire["features"]] == ["segmentation", "duplicate"]
    assert wire["source"] == {"type": "ftp"}
    assert wire["scheduler"]["type"] == "periodic"
    assert wire["scheduler"]["frequency"]["occurs"]["type"] == "weekly"
    assert wire["scheduler"]["frequency"]["periodicity"]["type"] == "once"
    assert ImportDeclaration.model_validate(wire) == declaration


def test_non_discriminator_defaults_stay_unsent() -> None:
    """Only the union tag is forced: other defaults keep exclude_unset semantics (absent, not defaulted)."""
    assert Segment(name="s").to_wire() == {"name": "s"}
    assert SegmentationFeature(segment_id=1).to_wire() == {"type": "segmentation", "segmentId": 1}
    assert ImportChanges(binding=1234).to_wire() == {"binding": 1234}


def test_times_are_sent_whole() -> None:
    """Regression: TimeOfDay(hour=6) was sent as {"hour": 6}; NP6 documents every member of a time."""
    assert TimeOfDay(hour=6).to_wire() == {"hour": 6, "minute": 0, "second": 0}
    assert DateParts(year=2030, month=1, date=2).to_wire() == {
        "year": 2030, "month": 1, "date": 2, "hour": 0, "minute": 0, "second": 0,
    }  # fmt: skip
