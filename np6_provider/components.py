"""Reusable groups of NP6 resources, as Pulumi component resources.

`SegmentedImport` is the example the docs refer to: an import and the static
segment it fills, declared and reviewed as one unit (`pulumi preview` shows
them nested under the component). Write your own the same way: subclass
`pulumi.ComponentResource`, create the resources with `parent=self`, and
register the outputs callers need.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pulumi

from .errors import Np6InputError
from .models import Feature, Scheduler, SegmentationFeature, Source
from .resources.np6_import import Np6Import
from .resources.np6_segment import Np6Segment

COMPONENT_TYPE = "np6:components:SegmentedImport"


class SegmentedImport(pulumi.ComponentResource):
    """An NP6 import that adds every imported target to a static segment of its own.

    The segment is named `segment_name` (default: "<import name> (import)"). Its
    id reaches the import's segmentation feature as an Output, so a new segment
    and its import are created in one `pulumi up`. Children are named
    "<name>-segment" and "<name>-import".
    """

    segment: Np6Segment
    np6_import: Np6Import
    segment_id: pulumi.Output[int]
    np6_id: pulumi.Output[int]

    def __init__(
        self,
        name: str,
        *,
        import_name: str,
        binding: pulumi.Input[int] | None = None,
        features: Sequence[Feature] = (),
        source: Source | None = None,
        scheduler: Scheduler | None = None,
        segment_name: str | None = None,
        segment_description: str | None = None,
        empty_segment_each_run: bool = False,
        account: str | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        if any(_is_segmentation(feature) for feature in features):
            raise Np6InputError(
                f"SegmentedImport {name!r}: features must not hold a segmentation feature; the component adds it"
            )
        super().__init__(COMPONENT_TYPE, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.segment = Np6Segment(
            f"{name}-segment",
            name=segment_name or f"{import_name} (import)",
            type="static",
            description=segment_description,
            account=account,
            opts=child,
        )
        segmentation = SegmentationFeature(
            segment_id=self.segment.segment_id, empty_existing_segment=empty_segment_each_run
        )
        self.np6_import = Np6Import(
            f"{name}-import",
            name=import_name,
            binding=binding,
            features=[*features, segmentation],
            source=source,
            scheduler=scheduler,
            account=account,
            opts=child,
        )
        self.segment_id = self.segment.segment_id
        self.np6_id = self.np6_import.np6_id
        self.register_outputs({"segment_id": self.segment_id, "np6_id": self.np6_id})


def _is_segmentation(feature: Any) -> bool:
    if isinstance(feature, pulumi.Output):  # getattr on an Output makes another Output, which fails later
        return False
    kind = feature.get("type") if isinstance(feature, dict) else getattr(feature, "type", None)
    return bool(kind == "segmentation")
