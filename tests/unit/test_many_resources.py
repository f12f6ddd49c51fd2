"""A program declaring 1,000 imports constructs (the SDK's pickling otherwise recurses deeper per resource)."""

from __future__ import annotations

import pickle
from typing import Any

import pulumi
import pytest

from np6_provider import DatabaseFeature, Np6Import


class _Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        # NP6 ids are integers: Np6Import.np6_id is read from the resource id.
        return args.name.rsplit("-", 1)[-1], dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


@pytest.fixture
def mocked_runtime() -> None:
    pulumi.runtime.set_mocks(_Mocks(), project="np6-unit", stack="unit", preview=False)


@pulumi.runtime.test  # type: ignore[untyped-decorator]  # pulumi.runtime.test is unannotated
def _declare(count: int) -> pulumi.Output[list[Any]]:
    imports = [
        Np6Import(f"import-{n}", name=f"Import {n}", features=[DatabaseFeature(update_existing=True)])
        for n in range(count)
    ]
    return pulumi.Output.all(*[i.name for i in imports])


def test_construction_leaves_the_pickler_as_it_found_it(mocked_runtime: None) -> None:
    originals = (pickle._Pickler._batch_setitems, pickle._Pickler.save_dict)  # type: ignore[attr-defined]
    _declare(3)
    assert (pickle._Pickler._batch_setitems, pickle._Pickler.save_dict) == originals  # type: ignore[attr-defined]


def test_a_program_of_1000_imports_constructs(mocked_runtime: None) -> None:
    _declare(1000)
