"""Where the documented NP6 payloads are read from.

The documents live in ``shared/np6-api/examples`` beside the project checkout. A clone made elsewhere (CI, or
``git clone . /tmp/x``) may not have that sibling, so the folder is looked for, in order:

1. ``NP6_API_EXAMPLES``, when set (it must exist);
2. ``../shared/np6-api/examples`` beside this checkout;
3. the same folder beside the checkout this one was cloned from (a local ``origin``);
4. ``tests/fixtures/np6-api-examples``, a byte-for-byte snapshot of the documents kept in the repository
   (``test_snapshot_matches_the_documents`` fails when it drifts from a live copy).

A live copy wins over the snapshot so that payloads added to the documents are tested as soon as they appear.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT_DIR = PROJECT_ROOT / "tests" / "fixtures" / "np6-api-examples"
_BESIDE = Path("shared") / "np6-api" / "examples"


def _local_origin() -> Path | None:
    try:
        url = subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), "config", "--get", "remote.origin.url"],
            capture_output=True, text=True, timeout=10, check=False,
        ).stdout.strip()  # fmt: skip
    except OSError:
        return None
    url = url.removeprefix("file://")
    return Path(url).resolve() if url and Path(url).is_dir() else None


def _find_examples() -> Path:
    override = os.environ.get("NP6_API_EXAMPLES")
    if override:
        if not Path(override).is_dir():
            raise RuntimeError(f"NP6_API_EXAMPLES={override} is not a directory")
        return Path(override)
    origin = _local_origin()
    candidates = [PROJECT_ROOT.parent / _BESIDE, *([origin.parent / _BESIDE] if origin else [])]
    return next((path for path in candidates if path.is_dir()), SNAPSHOT_DIR)


EXAMPLES_DIR = _find_examples()
