"""The API as users see it (`api.json`): methods, parameters, types, enums, servers.

Derived from the IR, committed beside the generated package, and compared by
`python -m generator diff` (see changelog.py). It records what a user's code
depends on - Python names, signatures, annotations - and the wire facts that can
change under an unchanged signature (a parameter's location and wire name).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import GeneratorError
from .ir.build import build_ir
from .ir.model import IR, AliasDef, ModelDef, TLiteral, TNullable, TUnion, TypedDictDef, TypeExpr
from .load import load_spec
from .lock import settle
from .select import load_sections, select_operations, uses_section_tags

API_FILE = "api.json"
Snapshot = dict[str, Any]


def snapshot(ir: IR) -> Snapshot:
    """`ir` as plain, sorted JSON data (the contents of api.json)."""
    methods: dict[str, Any] = {}
    for op in ir.operations:
        methods[op.python_method] = {
            "http": f"{op.http_method.upper()} {op.path}",
            "params": {
                p.name: {
                    "wire": p.wire,
                    "in": p.location,
                    "required": p.required,
                    "type": p.annotation,
                }
                for p in op.params
            },
            "body": None if op.body is None else sorted(c.media_type for c in op.body.contents),
            "returns": op.returns,
            "pagination": None if op.pagination is None else op.pagination.kind,
            "deprecated": op.deprecated,
            "server": op.server,
        }
    types: dict[str, Any] = {}
    for module in ir.type_modules:
        for d in module.definitions:
            entry: dict[str, Any] = {"module": module.name, "kind": d.kind}
            if isinstance(d, (ModelDef, TypedDictDef)):
                entry["fields"] = {
                    f.name: {"wire": f.wire, "type": f.annotation, "required": f.required}
                    for f in d.fields
                }
            elif isinstance(d, AliasDef):
                entry["type"] = d.annotation
                values = _enum_values(d.type)
                if values is not None:
                    entry["values"] = values
            types[d.name] = entry
    return {
        "spec_version": ir.version,
        "servers": [ir.base_url] if ir.base_url else [],
        "methods": dict(sorted(methods.items())),
        "types": dict(sorted(types.items())),
    }


def _enum_values(t: TypeExpr) -> list[Any] | None:
    match t:
        case TLiteral(values=values):
            return sorted(values, key=repr)
        case TNullable(inner=inner):
            return _enum_values(inner)
        case TUnion(variants=variants):
            found = [v for v in (_enum_values(x) for x in variants) if v is not None]
            return (
                sorted({repr(x): x for v in found for x in v}.values(), key=repr) if found else None
            )
        case _:
            return None


def dump(data: Snapshot) -> str:
    """JSON with one parameter, field or enum per line: a review diff shows what changed."""
    return _dump(data, 0) + "\n"


_EXPANDED = 4  # levels: snapshot, methods/types, one method/type, its params/fields


def _dump(value: Any, depth: int) -> str:
    if not isinstance(value, dict) or not value or depth >= _EXPANDED:
        return json.dumps(value, ensure_ascii=False)
    pad = " " * (depth + 1)
    items = ",\n".join(
        f"{pad}{json.dumps(k, ensure_ascii=False)}: {_dump(v, depth + 1)}" for k, v in value.items()
    )
    return "{\n" + items + "\n" + " " * depth + "}"


def read(path: Path) -> Snapshot:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise GeneratorError(f"cannot read the API snapshot: {error}", file=str(path)) from None
    if not isinstance(data, dict) or not isinstance(data.get("methods"), dict):
        raise GeneratorError("not an API snapshot (no `methods`)", file=str(path))
    return data


def server_change(out: Path, files: Mapping[str, str]) -> str | None:
    """A warning if the default server differs from the one `out` was generated with.

    Every call goes there: a spec that names another server (a product's own
    base URL declared as the only one) silently moves all of them.
    """
    new_text = files.get(API_FILE)
    if new_text is None or not (out / API_FILE).is_file():
        return None
    try:
        before = read(out / API_FILE).get("servers") or []
    except GeneratorError:
        return None  # an unreadable old snapshot: nothing to compare with
    after = json.loads(new_text).get("servers") or []
    if before == after:
        return None
    return (
        f"the default server changed from {', '.join(before) or '(none)'} "
        f"to {', '.join(after) or '(none)'}: every call goes there now"
    )


def ir_of_spec(
    path: Path,
    *,
    package: str = "telnyx_client",
    locked: Mapping[tuple[str, str], str] | None = None,
) -> IR:
    """The IR `generate` would build from `path` (default sections), without validating it."""
    from .pipeline import SECTIONS_FILE, load_overrides  # the pipeline imports this module

    spec = load_spec(path)
    config = load_sections(SECTIONS_FILE)
    names = None if uses_section_tags(spec.document, config) else ["all"]
    selection = select_operations(spec.document, config, names)
    overrides = load_overrides()
    return settle(
        lambda held: build_ir(
            spec.document,
            selection.operations,
            package=package,
            spec_sha256=spec.sha256,
            overrides=overrides,
            file=str(spec.path),
            locked=held,
        ),
        lambda built: built.name_lock,
        locked or {},
    )
