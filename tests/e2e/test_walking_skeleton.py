"""The walking skeleton through the real CLI: up, no-op preview, in-place edit, refresh, destroy."""

from __future__ import annotations

from pathlib import Path

import pytest
from pulumi import automation as auto

from np6_provider import ReportFeature
from tests.e2e.programs import exporting, seed_import
from tests.support.emulator import EmulatorAdmin, writes
from tests.support.stacks import changes, exported_deployment, new_stack

pytestmark = pytest.mark.e2e


def test_up_preview_edit_refresh_destroy(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    features_edit: dict[str, bool] = {"send_final_report": True}

    def build() -> object:
        features = [
            ReportFeature(send_final_report=features_edit["send_final_report"], send_error_report=True,
                          contact_guids=["1C0193AB"]),
        ]  # fmt: skip
        return seed_import(features=features)

    e2e = new_stack(tmp_path, emulator, exporting(build))  # type: ignore[arg-type]
    up = e2e.stack.up()
    assert changes(up) == {"create": 2}
    np6_id = up.outputs["np6_id"].value
    assert up.outputs["ftp_folder"].value == f"{np6_id} - Import Contacts"
    assert writes(e2e.journal()) == [("POST", "/imports")]

    e2e.clear_journal()
    assert changes(e2e.stack.preview()) == {}
    assert changes(e2e.stack.up()) == {}
    assert writes(e2e.journal()) == []

    features_edit["send_final_report"] = False
    preview = e2e.stack.preview(diff=True)
    assert changes(preview) == {"update": 1}
    assert "send_final_report" in preview.stdout
    up = e2e.stack.up()
    assert changes(up) == {"update": 1}
    assert writes(e2e.journal()) == [("PUT", f"/imports/{np6_id}")]
    with emulator.api(e2e.api_key) as api:
        report = api.get(f"/imports/{np6_id}").json()["features"][0]
    assert report["sendFinalReport"] is False

    refresh = e2e.stack.refresh()
    assert changes(refresh) == {}
    assert changes(e2e.stack.preview()) == {}

    e2e.clear_journal()
    destroy = e2e.stack.destroy()
    assert changes(destroy) == {"delete": 2}
    assert writes(e2e.journal()) == [("DELETE", f"/imports/{np6_id}")]
    with emulator.api(e2e.api_key) as api:
        assert api.get("/imports").json() == []
    assert not exported_deployment(e2e.stack).get("resources")


def test_invalid_declaration_fails_at_preview_without_requests(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    def program() -> None:
        seed_import(features=[{"type": "segmentation", "segment_id": 0}])

    e2e = new_stack(tmp_path, emulator, program)
    with pytest.raises(auto.CommandError) as failure:
        e2e.stack.preview()
    assert "features[0].segment_id" in str(failure.value)
    assert "greater than 0" in str(failure.value)
    assert e2e.journal() == []


def test_api_key_stays_out_of_state_and_output(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    e2e = new_stack(tmp_path, emulator, exporting(seed_import))
    up = e2e.stack.up()
    assert e2e.api_key not in up.stdout + up.stderr
    assert e2e.api_key not in e2e.state_text()
    e2e.stack.destroy()


def test_api_key_in_plain_config_is_refused_before_any_request(tmp_path: Path, emulator: EmulatorAdmin) -> None:
    key = emulator.new_account()
    e2e = new_stack(tmp_path, emulator, exporting(seed_import), api_key=key)
    e2e.stack.set_config("np6:apiKey", auto.ConfigValue(value=key, secret=False))
    with pytest.raises(auto.CommandError) as failure:
        e2e.stack.preview()
    assert "np6:apiKey is stored in plain text" in str(failure.value)
    assert e2e.journal() == []
