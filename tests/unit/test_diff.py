"""What changes, what NP6 cannot change in place, and how a refresh projects NP6's view onto the declaration."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi.output import Unknown

from np6_provider.models import ImportDeclaration, ImportDefinition
from np6_provider.resources.np6_import import (
    Np6ImportProvider,
    changed_keys,
    declared_properties,
    observed_properties,
    replacement_reasons,
)

from .fixture_catalog import load
from .test_bad_input import valid_news

Props = dict[str, Any]
Edit = Callable[[Props], None]


def checked(news: Props) -> Props:
    result = Np6ImportProvider().check({}, news)
    assert not result.failures, [(f.property, f.reason) for f in result.failures]
    return dict(result.inputs)


def state() -> Props:
    """What Pulumi holds after a create: the checked inputs plus the provider's outputs."""
    return checked(valid_news()) | {
        "np6_id": 23,
        "creation_date": "2023-03-01T11:04:00Z",
        "update_date": None,
        "scheduler_id": 79,
        "ftp_folder": "23 - Import Contacts",
        "ftp_template_filename": "Import Contacts.csv",
    }


def news_after(edit: Edit) -> Props:
    news = valid_news()
    edit(news)
    return checked(news)


def diff(olds: Props, news: Props) -> tuple[bool, list[str]]:
    result = Np6ImportProvider().diff("23", olds, news)
    assert result.delete_before_replace is False
    return bool(result.changes), list(result.replaces or [])


def setter(*loc: str | int, value: Any) -> Edit:
    def edit(news: Props) -> None:
        target: Any = news
        for step in loc[:-1]:
            target = target[step]
        target[loc[-1]] = copy.deepcopy(value)

    return edit


def remover(*loc: str | int) -> Edit:
    def edit(news: Props) -> None:
        target: Any = news
        for step in loc[:-1]:
            target = target[step]
        del target[loc[-1]]

    return edit


# -- no change -----------------------------------------------------------------------------------------------


def test_identical_declaration_is_no_change() -> None:
    olds = state()
    news = checked(valid_news())
    assert changed_keys(olds, news) == []
    assert replacement_reasons(olds, news) == []
    assert diff(olds, news) == (False, [])


def test_wire_spelling_and_snake_case_give_the_same_properties() -> None:
    """The same declaration written in camelCase (wire names) checks to identical properties: no diff."""
    news = valid_news()
    news["features"][0] = {"type": "segmentation", "segmentId": 501, "emptyExisitingSegment": False}
    news["source"] = {"type": "ftp", "folder": "23 - Import Contacts", "templateFilename": "Import Contacts.csv"}
    assert diff(state(), checked(news)) == (False, [])


def test_adopt_alone_is_no_change() -> None:
    """`adopt` only matters when the resource is created."""
    assert diff(state(), news_after(setter("adopt", value=23))) == (False, [])


# -- in-place updates ----------------------------------------------------------------------------------------

IN_PLACE: dict[str, tuple[Edit, str]] = {
    "name": (setter("name", value="Import Contacts v2"), "name"),
    "binding": (setter("binding", value=45), "binding"),
    "segment-id": (setter("features", 0, "segment_id", value=502), "features"),
    "empty-segment": (setter("features", 0, "empty_existing_segment", value=True), "features"),
    "red-list-sms": (setter("features", 1, "destination", "sms", value=True), "features"),
    "duplicate-rule": (setter("features", 2, "rules", value={"last": True}), "features"),
    "report-recipients": (setter("features", 3, "contact_guids", value=["1C0193AB", "044EAE5A"]), "features"),
    "report-groups": (setter("features", 3, "group_ids", value=[7]), "features"),
    "database-crush": (setter("features", 4, "crush_data", value=True), "features"),
    "normalization-countries": (setter("features", 5, "fields", "233", value=["FRA"]), "features"),
    "ftp-folder": (setter("source", "folder", value="elsewhere"), "source"),
    "ftp-template": (setter("source", "template_filename", value="contacts.csv"), "source"),
    "ftp-folder-removed": (remover("source", "folder"), "source"),
    "scheduler-name": (setter("scheduler", "name", value="Nightly"), "scheduler"),
    "scheduler-disabled": (setter("scheduler", "enabled", value=False), "scheduler"),
    "time-zone": (setter("scheduler", "timezone", value="(UTC) Coordinated Universal Time"), "scheduler"),
    "days": (setter("scheduler", "frequency", "occurs", "days", value=["Mon"]), "scheduler"),
    "occurs-type": (setter("scheduler", "frequency", "occurs", value={"type": "monthly", "days": [1]}), "scheduler"),
    "time": (setter("scheduler", "frequency", "periodicity", "value", "hour", value=7), "scheduler"),
    "validity-end": (setter("scheduler", "validity", "end", "year", value=2026), "scheduler"),
    "validity-removed": (setter("scheduler", "validity", value=None), "scheduler"),
}


@pytest.mark.parametrize("edit", IN_PLACE.values(), ids=list(IN_PLACE))
def test_each_field_edited_alone_is_an_update_of_that_key(edit: tuple[Edit, str]) -> None:
    change, key = edit
    olds, news = state(), news_after(change)
    assert changed_keys(olds, news) == [key]
    assert replacement_reasons(olds, news) == []
    assert diff(olds, news) == (True, [])


ADDITIONS: dict[str, Edit] = {
    "feature-added": lambda n: n["features"].pop(),  # olds lack the normalization feature, news have it
    "source-added": setter("source", value=None),
    "scheduler-added": setter("scheduler", value=None),
    "binding-added": setter("binding", value=None),
}


@pytest.mark.parametrize("edit", ADDITIONS.values(), ids=list(ADDITIONS))
def test_adding_is_an_update(edit: Edit) -> None:
    olds = news_after(edit)  # the previous declaration lacked it...
    news = checked(valid_news())  # ...the new one has it
    assert changed_keys(olds, news)
    assert replacement_reasons(olds, news) == []
    assert diff(olds, news) == (True, [])


# -- replacements --------------------------------------------------------------------------------------------

REPLACING: dict[str, tuple[Edit, str]] = {
    "feature-removed": (lambda n: n["features"].pop(2), "features"),
    "all-features-removed": (setter("features", value=[]), "features"),
    "source-removed": (setter("source", value=None), "source"),
    "source-type-changed": (setter("source", value={"type": "file"}), "source"),
    "scheduler-removed": (setter("scheduler", value=None), "scheduler"),
    "scheduler-type-changed": (
        setter("scheduler", value={"type": "oneTime", "value": {"year": 2030, "month": 1, "date": 1}}),
        "scheduler",
    ),
    "account-changed": (setter("account", value="prod"), "account"),
}


@pytest.mark.parametrize("edit", REPLACING.values(), ids=list(REPLACING))
@pytest.mark.usefixtures("named_accounts")
def test_what_put_cannot_do_replaces(edit: tuple[Edit, str]) -> None:
    change, key = edit
    olds, news = state(), news_after(change)
    assert key in changed_keys(olds, news)
    assert replacement_reasons(olds, news) == [key]
    assert diff(olds, news) == (True, [key])


def test_feature_swapped_for_another_type_replaces() -> None:
    olds = news_after(lambda n: n["features"].pop(4))  # no database feature
    news = news_after(lambda n: n["features"].__setitem__(1, n["features"].pop(4)))  # database instead of redList
    assert diff(olds, news) == (True, ["features"])


@pytest.mark.usefixtures("named_accounts")
def test_account_moved_between_two_names_replaces() -> None:
    olds = state() | {"account": "staging"}
    news = checked(valid_news() | {"account": "prod"})
    assert diff(olds, news) == (True, ["account"])


@pytest.mark.usefixtures("named_accounts")
def test_several_replacement_reasons_are_all_given() -> None:
    news = valid_news() | {"source": None, "scheduler": None, "account": "prod"}
    news["features"] = news["features"][:2]
    assert replacement_reasons(state(), checked(news)) == ["account", "features", "source", "scheduler"]


def test_removing_the_binding_cannot_be_done_in_place() -> None:
    olds, news = state(), news_after(setter("binding", value=None))
    assert diff(olds, news) == (True, ["binding"])


# -- unknowns (preview) --------------------------------------------------------------------------------------

# (edit putting an Unknown somewhere, the key that changes, whether a removal cannot be excluded → replace)
UNKNOWNS: dict[str, tuple[Edit, str, bool]] = {
    "name": (setter("name", value=Unknown()), "name", False),
    "binding": (setter("binding", value=Unknown()), "binding", False),
    "all-features": (setter("features", value=Unknown()), "features", True),
    "one-whole-feature": (setter("features", 3, value=Unknown()), "features", True),
    "appended-feature": (lambda n: n["features"].append(Unknown()), "features", False),
    "feature-member": (setter("features", 0, "segment_id", value=Unknown()), "features", False),
    "nested-feature-member": (setter("features", 5, "fields", "233", 0, value=Unknown()), "features", False),
    "whole-source": (setter("source", value=Unknown()), "source", True),
    "source-member": (setter("source", "folder", value=Unknown()), "source", False),
    "whole-scheduler": (setter("scheduler", value=Unknown()), "scheduler", True),
    "scheduler-member": (setter("scheduler", "timezone", value=Unknown()), "scheduler", False),
    "deep-scheduler-member": (
        setter("scheduler", "frequency", "occurs", "days", 0, value=Unknown()),
        "scheduler",
        False,
    ),
    "validity": (setter("scheduler", "validity", value=Unknown()), "scheduler", False),
    "account": (setter("account", value=Unknown()), "account", True),
}


@pytest.mark.parametrize("edit", UNKNOWNS.values(), ids=list(UNKNOWNS))
def test_unknown_is_always_a_change_and_replaces_only_when_a_removal_is_possible(
    edit: tuple[Edit, str, bool],
) -> None:
    change, key, replaces = edit
    olds, news = state(), news_after(change)
    assert key in changed_keys(olds, news)
    assert replacement_reasons(olds, news) == ([key] if replaces else [])
    assert diff(olds, news) == (True, [key] if replaces else [])


def test_unknown_features_replace_nothing_when_there_were_none() -> None:
    olds = news_after(setter("features", value=[]))
    news = news_after(setter("features", value=Unknown()))
    assert diff(olds, news) == (True, [])


def test_unknown_source_or_scheduler_replace_nothing_when_there_was_none() -> None:
    olds = news_after(lambda n: n.update(source=None, scheduler=None))
    news = news_after(lambda n: n.update(source=Unknown(), scheduler=Unknown()))
    assert diff(olds, news) == (True, [])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(sorted({**IN_PLACE, **REPLACING, **{f"unknown-{k}": v[:2] for k, v in UNKNOWNS.items()}})),
        max_size=4,
        unique=True,
    )
)
def test_replacement_reasons_are_always_changed_keys(names: list[str]) -> None:
    edits = {**IN_PLACE, **REPLACING, **{f"unknown-{k}": v[:2] for k, v in UNKNOWNS.items()}}
    news = valid_news()
    for name in names:
        try:
            edits[name][0](news)
        except (KeyError, IndexError, TypeError, AttributeError):
            continue  # an earlier edit removed what this one edits
    result = Np6ImportProvider().check({}, news)
    if result.failures:
        return
    olds, news = state(), dict(result.inputs)
    changes = changed_keys(olds, news)
    assert set(replacement_reasons(olds, news)) <= set(changes)
    if not names:
        assert changes == []


# -- observed_properties (refresh) ---------------------------------------------------------------------------


def declared_from(fixture: str) -> Props:
    """The properties a program declaring what a request fixture sends would have."""
    data = load(fixture)
    declared = {k: data[k] for k in ("name", "binding", "features", "source", "scheduler") if k in data}
    for key, server_fields in (("source", ("creationDate",)), ("scheduler", ("id", "creationDate"))):
        if isinstance(declared.get(key), dict):
            declared[key] = {k: v for k, v in declared[key].items() if k not in server_fields}
    return declared_properties(ImportDeclaration.model_validate(declared))


def server(fixture: str) -> ImportDefinition:
    return ImportDefinition.model_validate(load(fixture))


def test_refresh_of_an_unchanged_import_shows_no_drift() -> None:
    declared = declared_from("create-import.request.json")
    previous = declared | {"scheduler_id": 79}
    observed = observed_properties(server("get-import.response.json"), previous)
    assert observed["scheduler"] == declared["scheduler"]
    assert changed_keys(declared, observed) == []


def test_refresh_right_after_create_shows_no_drift() -> None:
    """The create response expands the scheduler with server defaults; undeclared ones are not drift."""
    declared = declared_from("create-import.request.json")
    observed = observed_properties(server("create-import.response.json"), declared | {"scheduler_id": 79})
    assert changed_keys(declared, observed) == []


def test_scheduler_is_kept_while_its_id_matches() -> None:
    previous = state()
    observed = observed_properties(server("get-import.response.json"), previous)
    assert observed["scheduler"] == previous["scheduler"]


@pytest.mark.parametrize("scheduler_id", [80, None])
def test_scheduler_replaced_or_unknown_id_is_reported_as_its_id(scheduler_id: int | None) -> None:
    previous = state() | {"scheduler_id": scheduler_id}
    observed = observed_properties(server("get-import.response.json"), previous)
    assert observed["scheduler"] == {"id": 79}
    assert "scheduler" in changed_keys(previous, observed)
    assert replacement_reasons(observed, checked(valid_news())) == []  # declaring it again is an update


def test_scheduler_added_in_np6_is_reported() -> None:
    previous = state() | {"scheduler": None, "scheduler_id": None}
    observed = observed_properties(server("get-import.response.json"), previous)
    assert observed["scheduler"] == {"id": 79}


def test_scheduler_removed_in_np6_is_reported() -> None:
    definition = server("get-import.response.json").model_copy(update={"scheduler": None})
    observed = observed_properties(definition, state())
    assert observed["scheduler"] is None
    assert "scheduler" in changed_keys(state(), observed)


def test_undeclared_ftp_folder_and_template_are_left_out() -> None:
    previous = state()
    previous["source"] = {"type": "ftp"}
    observed = observed_properties(server("get-import.response.json"), previous)
    assert observed["source"] == {"type": "ftp"}
    assert "source" not in changed_keys(previous, observed)


def test_declared_ftp_folder_is_compared() -> None:
    previous = state()
    previous["source"] = {"type": "ftp", "folder": "my folder"}
    observed = observed_properties(server("get-import.response.json"), previous)
    assert observed["source"] == {"type": "ftp", "folder": "23 - Import Contacts"}
    assert "source" in changed_keys(previous, observed)


def test_server_set_source_members_are_left_out() -> None:
    observed = observed_properties(server("legacy/slate.get-import.response.json"), {"source": {"type": "file"}})
    assert observed["source"] == {"type": "file"}


def test_observed_features_are_in_declared_form_and_order() -> None:
    observed = observed_properties(server("get-import.response.json"), state())
    by_type = {f["type"]: f for f in observed["features"]}
    assert by_type == {f["type"]: f for f in declared_from("create-import.request.json")["features"]}
    shown = [f["type"] for f in observed["features"]]
    assert shown == [f["type"] for f in state()["features"] if f["type"] in shown]
    assert by_type["segmentation"] == {"type": "segmentation", "segment_id": 501, "empty_existing_segment": False}


def test_reordering_features_is_no_change() -> None:
    """NP6 keeps its own feature order (PUT merges by type): a reordering could never be applied."""
    reordered = valid_news()
    reordered["features"].reverse()
    assert diff(state(), checked(reordered)) == (False, [])


def test_feature_changed_in_np6_is_drift() -> None:
    data = load("get-import.response.json")
    data["features"][1]["crushData"] = True
    previous = declared_from("create-import.request.json") | {"scheduler_id": 79}
    observed = observed_properties(ImportDefinition.model_validate(data), previous)
    assert changed_keys(previous, observed) == ["features"]


def test_manual_import_gets_a_file_source_that_is_not_drift() -> None:
    """NP6 gives an import declared without a source a file source of its own (legacy create response)."""
    previous = declared_from("legacy/slate.create-import.request.json")
    assert previous["source"] is None
    observed = observed_properties(server("legacy/slate.create-import.response.json"), previous)
    assert observed["source"] is None
    assert "source" not in changed_keys(previous, observed)


def test_undeclared_ftp_source_added_in_np6_is_reported() -> None:
    previous = state() | {"source": None}
    observed = observed_properties(server("get-import.response.json"), previous)
    assert observed["source"] == {"type": "ftp"}
    assert "source" in changed_keys(previous, observed)


def test_file_data_np6_never_returns_is_not_drift() -> None:
    """Regression: a FileSource with `data` showed `update [source]` at every refresh."""
    previous = state() | {"source": {"type": "file", "data": [{"email": "a@example.com"}]}}
    data = load("get-import.response.json") | {"source": {"type": "file", "creationDate": "0001-01-01T00:00:00Z"}}
    observed = observed_properties(ImportDefinition.model_validate(data), previous)
    assert observed["source"] == previous["source"]
