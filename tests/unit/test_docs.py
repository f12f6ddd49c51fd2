"""docs/reference/ is generated from the models by scripts/gen_docs.py: the committed pages must match."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gen_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_docs"] = module
    spec.loader.exec_module(module)
    return module


def test_committed_reference_matches_the_models(gen_docs: ModuleType) -> None:
    stale = gen_docs.differences(gen_docs.render_all())
    assert stale == [], "docs/reference/ is out of date: run `python scripts/gen_docs.py` and commit it"


def test_every_field_and_output_is_described(gen_docs: ModuleType) -> None:
    assert gen_docs.missing_descriptions() == []


def test_every_model_has_a_page_and_a_working_example(gen_docs: ModuleType) -> None:
    pages = gen_docs.render_all()
    for cls in gen_docs.model_classes():
        assert f"types/{cls.__name__}.md" in pages
        assert isinstance(gen_docs.evaluate_example(gen_docs.TYPE_EXAMPLES[cls.__name__]), cls)
    assert {"README.md", "Np6Import.md", "Np6Segment.md"} <= pages.keys()


def test_resource_examples_compile(gen_docs: ModuleType) -> None:
    for name, code in gen_docs.RESOURCE_EXAMPLES.items():
        compile(code, f"<{name} example>", "exec")


def test_a_stale_page_is_reported(gen_docs: ModuleType, tmp_path: Path) -> None:
    pages = gen_docs.render_all()
    for path, text in pages.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    assert gen_docs.differences(pages, tmp_path) == []
    (tmp_path / "types" / "Segment.md").write_text("edited by hand\n")
    (tmp_path / "types" / "Gone.md").write_text("old page\n")
    assert gen_docs.differences(pages, tmp_path) == ["types/Gone.md (not generated any more)", "types/Segment.md"]


def test_pages_show_wire_names_and_descriptions(gen_docs: ModuleType) -> None:
    page = gen_docs.render_all()["types/SegmentationFeature.md"]
    assert "| `empty_existing_segment` | `emptyExisitingSegment` (also read: `emptyExistingSegment`) |" in page
    assert "Empty the segment before adding this run's targets." in page
    assert '"segmentId": 501' in page
