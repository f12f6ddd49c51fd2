"""`np6 export`: an NP6 account's import definitions as a ready-to-run Python stack module.

The module has a `declare()` function (like stacks/local.py) declaring every
import with typed objects and `adopt=<NP6 id>`, so the first `pulumi up` takes
the imports over without changing them and the preview after it is empty.

NP6 returns a scheduler as its id only, so a schedule cannot be exported: an
import with a scheduler is declared with `scheduler=SchedulerRef(id=<its id>)`,
which keeps NP6's scheduler as it is. Replace it by a typed scheduler to manage
the schedule from the program.

The generated code is formatted like `ruff format` (line length 120) would.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from pydantic import BaseModel

from ..models import (
    DuplicateFeature,
    DuplicateRules,
    FileSource,
    FtpSource,
    ImportDeclaration,
    ImportDefinition,
    NormalizationFeature,
)
from ..models.sources import SOURCE_SERVER_FIELDS
from ..resources.np6_import import DECLARED_KEYS, declared_properties, observed_properties

LINE_LENGTH = 120
INDENT = "    "


# ---------------------------------------------------------------------------
# A tiny expression tree, rendered inline when it fits and exploded (magic trailing comma) when not


@dataclass
class Code:
    """Source text used as is (a literal, a name)."""

    text: str


@dataclass
class Call:
    name: str
    args: list[Node] = field(default_factory=list)
    kwargs: list[tuple[str, Node]] = field(default_factory=list)
    explode: bool = False


@dataclass
class ListOf:
    items: list[Node]


@dataclass
class DictOf:
    items: list[tuple[Node, Node]]


Node = Code | Call | ListOf | DictOf


def python_str(value: str) -> str:
    """A string literal in ruff format's preferred quotes."""
    text = repr(value)
    if text.startswith("'") and '"' not in value:
        text = '"' + text[1:-1].replace("\\'", "'") + '"'
    return text


def literal(value: Any) -> Node:
    """Plain data (str, int, float, bool, None, list, dict) as code."""
    if isinstance(value, str):
        return Code(python_str(value))
    if value is None or isinstance(value, (bool, int, float)):
        return Code(repr(value))
    if isinstance(value, (list, tuple)):
        return ListOf([literal(item) for item in value])
    if isinstance(value, dict):
        return DictOf([(literal(key), literal(item)) for key, item in value.items()])
    raise TypeError(f"cannot write a {type(value).__name__} as code")


def inline(node: Node) -> str:
    if isinstance(node, Code):
        return node.text
    if isinstance(node, Call):
        parts = [inline(arg) for arg in node.args] + [f"{key}={inline(value)}" for key, value in node.kwargs]
        return f"{node.name}({', '.join(parts)})"
    if isinstance(node, ListOf):
        return f"[{', '.join(inline(item) for item in node.items)}]"
    return "{" + ", ".join(f"{inline(key)}: {inline(value)}" for key, value in node.items) + "}"


def _has_children(node: Node) -> bool:
    if isinstance(node, Call):
        return bool(node.args or node.kwargs)
    if isinstance(node, (ListOf, DictOf)):
        return bool(node.items)
    return False


def render(node: Node, level: int, lead: int = 0, tail: int = 1) -> str:
    """`node` at indentation `level`, after `lead` characters on its line and before `tail` more."""
    text = inline(node)
    fits = len(INDENT) * level + lead + len(text) + tail <= LINE_LENGTH
    if not _has_children(node) or (fits and not (isinstance(node, Call) and node.explode)):
        return text
    inner = INDENT * (level + 1)
    lines: list[str] = []
    if isinstance(node, Call):
        lines += [f"{inner}{render(arg, level + 1)}," for arg in node.args]
        lines += [f"{inner}{key}={render(value, level + 1, len(key) + 1)}," for key, value in node.kwargs]
        opening, closing = f"{node.name}(", ")"
    elif isinstance(node, ListOf):
        lines += [f"{inner}{render(item, level + 1)}," for item in node.items]
        opening, closing = "[", "]"
    else:
        assert isinstance(node, DictOf)
        for key, value in node.items:
            key_text = inline(key)
            lines.append(f"{inner}{key_text}: {render(value, level + 1, len(key_text) + 2)},")
        opening, closing = "{", "}"
    return "\n".join([opening, *lines, INDENT * level + closing])


# ---------------------------------------------------------------------------
# NP6 objects as declarations


def model_call(model: BaseModel, *, skip: Iterable[str] = ("type",)) -> Call:
    """`Model(field=value, ...)` with every member NP6 holds, nested models as their own calls."""
    if isinstance(model, DuplicateFeature) and isinstance(model.rules, DuplicateRules):
        chosen = [name for name in ("first", "last", "ignore") if getattr(model.rules, name) is not None]
        if len(chosen) == 1 and getattr(model.rules, chosen[0]) is True:
            return Call("DuplicateFeature.keep", [literal(chosen[0])])
    skipped = set(skip)
    kwargs: list[tuple[str, Node]] = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name in skipped or value is None:
            continue
        if isinstance(model, NormalizationFeature) and name == "fields" and isinstance(value, dict):
            # Field ids read best as numbers: {233: ["FRA"]}; the model accepts both.
            kwargs.append((name, DictOf([(Code(str(int(k))), literal(v)) for k, v in value.items()])))
            continue
        kwargs.append((name, value_node(value)))
    return Call(type(model).__name__, kwargs=kwargs)


def value_node(value: Any) -> Node:
    if isinstance(value, BaseModel):
        return model_call(value, skip=("type",) if "type" in type(value).model_fields else ())
    if isinstance(value, list):
        return ListOf([value_node(item) for item in value])
    if isinstance(value, dict):
        return DictOf([(literal(key), value_node(item)) for key, item in value.items()])
    return literal(value)


def source_call(definition: ImportDefinition) -> Call | None:
    """The source as declared: NP6's default FTP folder and file name are left to NP6."""
    source = definition.source
    if source is None:
        return None
    if isinstance(source, FtpSource):
        defaults = {"folder": f"{definition.id} - {definition.name}", "template_filename": f"{definition.name}.csv"}
        skip = {"type", *SOURCE_SERVER_FIELDS} | {k for k, v in defaults.items() if getattr(source, k) in (None, v)}
        return model_call(source, skip=skip)
    assert isinstance(source, FileSource)
    return model_call(source, skip=("type", *SOURCE_SERVER_FIELDS))


def resource_name(definition: ImportDefinition) -> str:
    # Accents are dropped, not the letters they sit on: "Été" → "ete".
    ascii_name = unicodedata.normalize("NFKD", str(definition.name)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:48].rstrip("-")
    return f"{slug}-{definition.id}" if slug else f"import-{definition.id}"


@dataclass
class ExportedImport:
    definition: ImportDefinition
    call: Call
    problem: str | None = None  # why it is written commented out

    @property
    def live(self) -> bool:
        return self.problem is None


def declaration_call(definition: ImportDefinition, account: str | None) -> Call:
    kwargs: list[tuple[str, Node]] = [("name", literal(definition.name))]
    if definition.binding is not None:
        kwargs.append(("binding", literal(definition.binding)))
    if definition.features:
        features = [model_call(cast(BaseModel, feature)) for feature in definition.features]
        kwargs.append(("features", ListOf(list[Node](features))))
    source = source_call(definition)
    if source is not None:
        kwargs.append(("source", source))
    if definition.scheduler is not None:
        kwargs.append(("scheduler", model_call(cast(BaseModel, definition.scheduler))))
    if account is not None:
        kwargs.append(("account", literal(account)))
    kwargs.append(("adopt", literal(definition.id)))
    return Call("Np6Import", [literal(resource_name(definition))], kwargs, explode=True)


def round_trip_problem(definition: ImportDefinition, call: Call) -> str | None:
    """Why the declaration would not adopt `definition` unchanged, if it would not: the exporter's self-check."""
    namespace = {**_evaluation_names(), "Np6Import": _capture}
    captured = eval(inline(call), namespace)  # noqa: S307 - our own generated code, from typed models
    declaration = ImportDeclaration.model_validate({k: v for k, v in captured.items() if k in DECLARED_KEYS})
    declared = declared_properties(declaration)
    observed = observed_properties(definition, {"source": declared.get("source")})
    differing = [key for key in DECLARED_KEYS if observed[key] != declared[key]]
    return f"it would not round-trip exactly ({', '.join(differing)} differ)" if differing else None


def _capture(_resource_name: str, **kwargs: Any) -> dict[str, Any]:
    return kwargs


def _evaluation_names() -> dict[str, Any]:
    import np6_provider

    return {name: getattr(np6_provider, name) for name in np6_provider.__all__}


def export_imports(definitions: Sequence[ImportDefinition], account: str | None = None) -> list[ExportedImport]:
    exported: list[ExportedImport] = []
    for definition in sorted(definitions, key=lambda d: d.id or 0):
        call = declaration_call(definition, account)
        exported.append(ExportedImport(definition, call, round_trip_problem(definition, call)))
    return exported


# ---------------------------------------------------------------------------
# The module


def _names_used(node: Node) -> set[str]:
    if isinstance(node, Call):
        names = {node.name.split(".")[0]}
        for child in [*node.args, *(value for _, value in node.kwargs)]:
            names |= _names_used(child)
        return names
    if isinstance(node, ListOf):
        return set().union(*(_names_used(item) for item in node.items)) if node.items else set()
    if isinstance(node, DictOf):
        return set().union(*(_names_used(v) for _, v in node.items)) if node.items else set()
    return set()


def render_module(exported: Sequence[ExportedImport], *, origin: str, account: str | None = None) -> str:
    """The stack module's text."""
    live = [e for e in exported if e.live]
    held = [e for e in exported if not e.live]
    where = f"{origin} (account {account!r} of np6:accounts)" if account else origin
    lines = [
        f'"""NP6 import definitions of {where}, exported by `np6 export`.',
        "",
        "Every import is declared with `adopt=<NP6 id>`: the first `pulumi up` takes the existing imports over",
        "without changing them in NP6, and the preview after it is empty. From now on, change them here.",
    ]
    if held:
        lines += [
            "",
            f"{len(held)} import(s) are written commented out, each with the reason: they stay unmanaged and",
            "untouched until you complete and uncomment them.",
        ]
    lines += ['"""', ""]
    names = sorted(set().union(*(_names_used(e.call) for e in live))) if live else []
    if names:
        if len("from np6_provider import " + ", ".join(names)) <= LINE_LENGTH:
            lines.append(f"from np6_provider import {', '.join(names)}")
        else:
            lines += ["from np6_provider import (", *(f"{INDENT}{name}," for name in names), ")"]
        lines.append("")
    lines += ["", "def declare() -> None:"]
    body: list[str] = []
    for entry in exported:
        code = INDENT + render(entry.call, 1, tail=0)
        if entry.live:
            body += code.splitlines()
            continue
        body += [
            f"{INDENT}# NOT MANAGED: NP6 import {entry.definition.id} {entry.definition.name!r}.",
            *_comment_lines(entry.problem or ""),
        ]
        body += [f"{INDENT}# {line[len(INDENT) :]}" if line.strip() else f"{INDENT}#" for line in code.splitlines()]
    if not live:
        body.append(f"{INDENT}pass")
    lines += body
    return "\n".join(lines) + "\n"


def _comment_lines(text: str) -> list[str]:
    words, lines, current = text.split(), [], ""
    width = LINE_LENGTH - len(INDENT) - 2
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return [f"{INDENT}# {line}" for line in lines]
