"""The engine floor: a dynamic provider that does nothing (no HTTP, no validation).

Like `Np6ImportProvider` it lives in an importable module (pickled by reference), has no
instance attributes and is not serialized as a secret, so a stack of `NoopImport`s costs the
engine exactly what a stack of `Np6Import`s costs, minus our provider's own work. It imports
nothing but `pulumi.dynamic`, so the provider process does not pay for np6_provider either.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any

import pulumi.dynamic as dynamic

_ids = itertools.count(1)
_ids_lock = threading.Lock()


def _server_outputs(props: dict[str, Any], np6_id: int) -> dict[str, Any]:
    """Outputs of the same shape and size as the ones NP6 hands back."""
    return {
        "np6_id": np6_id,
        "creation_date": "2026-01-01T00:00:00Z",
        "update_date": None,
        "scheduler_id": np6_id + 1,
        "ftp_folder": f"{np6_id} - {props.get('name')}",
        "ftp_template_filename": f"{props.get('name')}.csv",
    }


class NoopProvider(dynamic.ResourceProvider):
    serialize_as_secret_always = False

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> dynamic.CheckResult:
        return dynamic.CheckResult(news, [])

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> dynamic.DiffResult:
        return dynamic.DiffResult(changes=False, replaces=[], delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> dynamic.CreateResult:
        with _ids_lock:
            np6_id = next(_ids)
        return dynamic.CreateResult(str(np6_id), {**props, **_server_outputs(props, np6_id)})

    def read(self, id_: str, props: dict[str, Any]) -> dynamic.ReadResult:
        inputs = {k: v for k, v in props.items() if k != "__provider"}
        return dynamic.ReadResult(id_, props, inputs)

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> dynamic.UpdateResult:
        return dynamic.UpdateResult(news)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        return None
