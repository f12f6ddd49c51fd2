"""Writes the state fixture of the current release: `python -m tests.e2e.state_fixtures.make_fixture`.

Run it once per released version (after bumping np6_provider.__version__) and
commit the file: test_upgrade.py checks that every fixture still previews empty.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import np6_provider
from tests.e2e.upgrade_program import upgrade_program
from tests.support.emulator import EmulatorAdmin, EmulatorProcess
from tests.support.stacks import new_stack

FIXTURE_DIR = Path(__file__).parent
STACK_NAME = "upgrade"


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        process = EmulatorProcess.start(Path(scratch) / "emulator")
        admin = EmulatorAdmin(process.url, process.admin_key)
        try:
            e2e = new_stack(Path(scratch) / "stack", admin, upgrade_program, stack_name=STACK_NAME)
            e2e.stack.up()
            deployment = json.loads(e2e.export_encrypted())["deployment"]
            target = FIXTURE_DIR / f"state-{np6_provider.__version__}.json"
            target.write_text(json.dumps(deployment, indent=1, sort_keys=True) + "\n")
            print(f"wrote {target}")
        finally:
            admin.close()
            process.stop()


if __name__ == "__main__":
    main()
