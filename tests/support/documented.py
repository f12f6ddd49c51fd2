"""Where the documented NP6 payloads are: ../shared/np6-api/examples beside the clone (as in CI)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES_DIR = Path(os.environ.get("NP6_API_EXAMPLES", PROJECT_ROOT.parent / "shared" / "np6-api" / "examples"))
