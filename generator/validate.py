"""Spec validation with openapi-spec-validator, verdict cached by content hash.

The library reports `default: null` violations without a location, so the two
kinds the Telnyx spec is known to have are also located here, cheaply, to give
every warning a JSON pointer.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from importlib.metadata import version
from typing import Any

from . import cache
from .errors import Diagnostic
from .load import Spec
from .refs import Resolver, pointer

DEFAULT_NULL = "default-null-not-allowed"
DUPLICATE_ID = "duplicate-operation-id"


def validate(spec: Spec) -> list[Diagnostic]:
    key = f"{spec.sha256}-{version('openapi-spec-validator')}.json"
    cached = cache.read("validation", key)
    if cached is not None:
        try:
            return [Diagnostic(**d) for d in json.loads(cached)]
        except (ValueError, TypeError):
            pass
    check_refs(spec.document, str(spec.path))  # a broken $ref is an error, not a warning
    diagnostics = _validate(spec.document)
    cache.write("validation", key, json.dumps([d.__dict__ for d in diagnostics]).encode())
    return diagnostics


def _validate(document: dict[str, Any]) -> list[Diagnostic]:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    cls = (
        OpenAPIV31SpecValidator
        if str(document.get("openapi", "")).startswith("3.1")
        else OpenAPIV30SpecValidator
    )
    located = list(_default_nulls(document)) + list(_duplicate_ids(document))
    result: list[Diagnostic] = []
    unlocated_nulls = 0
    try:
        errors = list(cls(document).iter_errors())
    except Exception as crash:  # the library can crash on odd input: report, go on
        errors = []
        result.append(Diagnostic("validator-crash", "", _short(f"{type(crash).__name__}: {crash}")))
    for error in errors:
        path = list(getattr(error, "absolute_path", []) or [])
        if type(error).__name__ == "DuplicateOperationIDError":
            continue  # located below
        if not path and getattr(error, "instance", 0) is None:
            unlocated_nulls += 1
            continue
        kind = str(getattr(error, "validator", type(error).__name__))
        result.append(
            Diagnostic(kind, pointer(*path), _short(str(getattr(error, "message", error))))
        )
    nulls = [d for d in located if d.kind == DEFAULT_NULL]
    if unlocated_nulls > len(nulls):  # the library saw more than the scan: keep its count
        result += [
            Diagnostic(DEFAULT_NULL, "", "default: null on a type that does not allow null")
        ] * (unlocated_nulls - len(nulls))
    return located + result


def check_refs(document: dict[str, Any], file: str) -> None:
    """Every local `$ref` must resolve; the error names the pointer of the `$ref`."""
    resolver = Resolver(document, file=file)
    stack: list[tuple[Any, str]] = [(document, "")]
    while stack:
        node, at = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                resolver.lookup(ref, at=at + "/$ref")
            stack.extend(
                (v, f"{at}/{str(k).replace('~', '~0').replace('/', '~1')}")
                for k, v in node.items()
                if k != "$ref"
            )
        elif isinstance(node, list):
            stack.extend((v, f"{at}/{i}") for i, v in enumerate(node))


def _default_nulls(node: Any, at: str = "") -> Iterator[Diagnostic]:
    if isinstance(node, dict):
        if (
            "default" in node
            and node["default"] is None
            and "type" in node
            and not _allows_null(node)
        ):
            yield Diagnostic(
                DEFAULT_NULL, at + "/default", f"default: null but type is {node['type']!r}"
            )
        for key, value in node.items():
            if key not in ("example", "examples", "default", "const", "enum"):
                yield from _default_nulls(
                    value, f"{at}/{str(key).replace('~', '~0').replace('/', '~1')}"
                )
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _default_nulls(value, f"{at}/{i}")


def _allows_null(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    return (
        schema.get("nullable") is True
        or kind == "null"
        or (isinstance(kind, list) and "null" in kind)
    )


def _duplicate_ids(document: dict[str, Any]) -> Iterator[Diagnostic]:
    seen: dict[str, str] = {}
    for path, item in (document.get("paths") or {}).items():
        for method, op in item.items() if isinstance(item, dict) else []:
            if isinstance(op, dict) and isinstance(op.get("operationId"), str):
                at = pointer("paths", path, method, "operationId")
                first = seen.setdefault(op["operationId"], at)
                if first != at:
                    yield Diagnostic(
                        DUPLICATE_ID,
                        at,
                        f"operationId {op['operationId']!r} is also used at {first}",
                    )


def summarize(diagnostics: list[Diagnostic]) -> str:
    counts = Counter(d.kind for d in diagnostics)
    return ", ".join(
        f"{n} {kind}" for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
