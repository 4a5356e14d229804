"""Valid argument values for an operation, derived from its spec schemas.

Prefers the spec's own examples and enums (they are what Prism checks against),
then falls back to values that satisfy type, format, bounds and length.
"""

from __future__ import annotations

import functools
from typing import Any

from generator.refs import Resolver

_FORMATS: dict[str, Any] = {
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "12:00:00",
    "email": "user@example.com",
    "uri": "https://example.com/x",
    "url": "https://example.com/x",
    "hostname": "example.com",
    "ipv4": "192.168.0.1",
    "ipv6": "::1",
    "byte": "aGVsbG8=",
    "binary": b"%PDF-1.4 test",
    "e164": "+13125550100",
    "phone": "+13125550100",
}


class ValueMaker:
    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver

    def value(self, schema: Any, *, depth: int = 0, use_examples: bool = True) -> Any:
        schema, _ = self.resolver.deref(schema, at="")
        if not isinstance(schema, dict) or depth > 8:
            return "x"
        if use_examples:
            example = _example(schema)
            if example is not _MISSING:
                return example
        if "const" in schema:
            return schema["const"]
        enum = [v for v in schema.get("enum", []) or [] if v is not None]
        if enum:
            return enum[0]
        for keyword in ("oneOf", "anyOf"):
            members = [m for m in schema.get(keyword, []) or [] if _not_null(m, self.resolver)]
            if members:
                base = {k: v for k, v in schema.items() if k not in ("oneOf", "anyOf")}
                picked = self.value(members[0], depth=depth + 1, use_examples=use_examples)
                if isinstance(picked, dict) and base.get("properties"):
                    return {
                        **self.value(base, depth=depth + 1, use_examples=use_examples),
                        **picked,
                    }
                return picked
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for member in schema["allOf"]:
                part = self.value(member, depth=depth + 1, use_examples=use_examples)
                if not isinstance(part, dict):
                    return part  # allOf: [$ref to an enum or scalar]
                merged.update(part)
            own = {k: v for k, v in schema.items() if k != "allOf"}
            if own.get("properties"):
                merged.update(self.value(own, depth=depth + 1, use_examples=use_examples))
            return merged
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), None)
        if kind == "object" or "properties" in schema:
            props = schema.get("properties") or {}
            required = schema.get("required") or []
            return {
                name: self.value(props[name], depth=depth + 1, use_examples=use_examples)
                for name in required
                if name in props and not _read_only(props[name], self.resolver)
            }
        if kind == "array":
            count = max(1, int(schema.get("minItems", 1)))
            item = self.value(schema.get("items", {}), depth=depth + 1, use_examples=use_examples)
            return [item] * count
        if kind == "integer":
            return int(
                schema.get(
                    "minimum",
                    schema.get("exclusiveMinimum", 0) + 1 if "exclusiveMinimum" in schema else 1,
                )
            )
        if kind == "number":
            return float(schema.get("minimum", 1))
        if kind == "boolean":
            return True
        fmt = schema.get("format")
        if isinstance(fmt, str) and fmt in _FORMATS:
            return _FORMATS[fmt]
        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            return matching(pattern)
        length = int(schema.get("minLength", 1))
        return "x" * max(length, 1)


_MISSING = object()


@functools.cache
def matching(pattern: str) -> str:
    """The simplest string matching `pattern` (hypothesis shrinks to it: deterministic)."""
    from hypothesis import HealthCheck, find, settings
    from hypothesis import strategies as st

    quiet = settings(database=None, suppress_health_check=list(HealthCheck))
    return find(st.from_regex(pattern, fullmatch=True), lambda _: True, settings=quiet)


def _example(schema: dict[str, Any]) -> Any:
    if "example" in schema and schema["example"] is not None:
        return schema["example"]
    examples = schema.get("examples")
    if isinstance(examples, list) and examples and examples[0] is not None:
        return examples[0]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    return _MISSING


def _not_null(schema: Any, resolver: Resolver) -> bool:
    target, _ = resolver.deref(schema, at="")
    return not (isinstance(target, dict) and target.get("type") == "null")


def _read_only(schema: Any, resolver: Resolver) -> bool:
    target, _ = resolver.deref(schema, at="")
    return isinstance(target, dict) and target.get("readOnly") is True
