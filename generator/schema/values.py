"""Valid argument values for an operation, derived from its spec schemas.

This walks the raw JSON Schema on purpose (it lives in the schema layer for that
reason): an example must validate against the schema exactly as written, with
its `$ref`s, `allOf` members and bounds, and the typed nodes keep only what the
IR needs. The documentation and contract tests read the raw document only
through here.

Prefers the spec's own examples and enums (they are what Prism checks against),
then falls back to values that satisfy type, format, bounds and length.

A schema is first flattened into one: `allOf` members are merged (properties and
`required` lists united, so `required: [name]` in one member applies to `name`
declared in another), and of a `oneOf`/`anyOf` the first non-null member is merged
into the schema around it (so a member that only says `required: [url]` makes the
surrounding `url` property required). An object then gets its required properties,
plus optional ones until `minProperties` (or, for a required request body, one)
is met.
"""

from __future__ import annotations

import functools
import importlib
import re
from typing import Any

from openapi_schema_validator import OAS31Validator

from ..refs import Resolver

# CPython's regex parser (private, so typeshed has no stubs for it): `matching`
# builds a string from a pattern's parse tree.
_parser = importlib.import_module("re._parser")

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

_MAX_DEPTH = 8
_COMBINATORS = ("allOf", "oneOf", "anyOf")


class ValueMaker:
    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver

    def value(
        self,
        schema: Any,
        *,
        depth: int = 0,
        use_examples: bool = True,
        non_empty: bool = False,
    ) -> Any:
        """A value valid for `schema`; `non_empty` asks for at least one property
        of an object (a required request body: an empty one is "no body")."""
        schema, _ = self.resolver.deref(schema, at="")
        if not isinstance(schema, dict) or depth > _MAX_DEPTH:
            return "x"
        if use_examples:
            example = _example(schema)
            if example is not _MISSING:
                return example
        flat = self.flatten(schema)
        if use_examples and not _is_object(flat):
            example = _example(flat)  # e.g. allOf: [$ref to a scalar with an example]
            if example is not _MISSING:
                return example
        if "const" in flat:
            return flat["const"]
        enum = [v for v in flat.get("enum", []) or [] if v is not None]
        if enum:
            return enum[0]
        kind = _kind(flat)
        if kind == "object" or "properties" in flat:
            return self._object(flat, depth=depth, use_examples=use_examples, non_empty=non_empty)
        if kind == "array":
            count = max(1, int(flat.get("minItems", 1)))
            item = self.value(flat.get("items", {}), depth=depth + 1, use_examples=use_examples)
            return [item] * count
        if kind == "integer":
            return int(_number(flat, step=1))
        if kind == "number":
            return float(_number(flat, step=1))
        if kind == "boolean":
            return True
        fmt = flat.get("format")
        if isinstance(fmt, str) and fmt in _FORMATS:
            return _FORMATS[fmt]
        pattern = flat.get("pattern")
        if isinstance(pattern, str):
            return matching(pattern)
        length = int(flat.get("minLength", 1))
        return "x" * max(length, 1)

    def _object(
        self, flat: dict[str, Any], *, depth: int, use_examples: bool, non_empty: bool
    ) -> dict[str, Any]:
        props: dict[str, Any] = flat.get("properties") or {}
        writable = [n for n, s in props.items() if not self.flatten(s).get("readOnly")]
        names = [n for n in _unique(flat.get("required") or []) if n in writable]
        wanted = max(int(flat.get("minProperties", 0)), 1 if non_empty else 0)
        for name in writable:
            if len(names) >= wanted:
                break
            if name not in names and not self.flatten(props[name]).get("deprecated"):
                names.append(name)
        return {
            name: self.value(props[name], depth=depth + 1, use_examples=use_examples)
            for name in names
        }

    def flatten(self, schema: Any, *, depth: int = 0) -> dict[str, Any]:
        """One schema for `schema`: allOf merged, the first non-null oneOf/anyOf
        member merged into its surroundings; `$ref`s followed."""
        schema, _ = self.resolver.deref(schema, at="")
        if not isinstance(schema, dict):
            return {}
        if depth > _MAX_DEPTH or not any(k in schema for k in _COMBINATORS):
            return schema
        flat = {k: v for k, v in schema.items() if k not in _COMBINATORS}
        for member in schema.get("allOf") or []:
            flat = _merge(flat, self.flatten(member, depth=depth + 1))
        for keyword in ("oneOf", "anyOf"):
            members = [m for m in schema.get(keyword) or [] if _not_null(m, self.resolver)]
            if members:
                flat = _merge(flat, self.flatten(members[0], depth=depth + 1))
        return flat

    def is_free_text(self, param: dict[str, Any]) -> bool:
        """A string param with no example, format, pattern, enum or length bounds."""
        schema = self.flatten(param.get("schema", {}))
        constraints = ("example", "examples", "format", "pattern", "enum", "const", "minLength")
        return (
            schema.get("type") == "string"
            and "example" not in param
            and not any(k in schema for k in constraints)
        )

    def absent_is_invalid(self, param: dict[str, Any] | None) -> bool:
        """An optional deepObject query param whose object has required properties:
        Prism validates it as `{}` when absent, so it must be sent."""
        if param is None or param.get("in") != "query" or param.get("style") != "deepObject":
            return False
        return bool(self.flatten(param.get("schema", {})).get("required"))


def raw_parameters(resolver: Resolver, path: str, method: str) -> dict[str, dict[str, Any]]:
    """The raw parameters of an operation (the path item's and its own), by wire name."""
    item = resolver.document["paths"][path]
    raw: dict[str, dict[str, Any]] = {}
    for p in list(item.get("parameters", [])) + list(item[method].get("parameters", [])):
        target, _ = resolver.deref(p, at="")
        raw[target["name"]] = target
    return raw


def raw_body(resolver: Resolver, path: str, method: str, media_type: str) -> tuple[Any, bool]:
    """An operation's raw request body schema for `media_type`, and whether the body
    is required."""
    body, _ = resolver.deref(resolver.document["paths"][path][method]["requestBody"], at="")
    return body["content"][media_type].get("schema", {}), bool(body.get("required"))


def validates(document: dict[str, Any], value: Any, schema: Any) -> bool:
    """Whether `value` (JSON data) is valid for the raw `schema` of `document`."""
    # The schema's `$ref`s point into the document: validate with its components.
    wrapped = {**schema, "components": document.get("components") or {}}
    try:
        return bool(OAS31Validator(wrapped).is_valid(value))
    except Exception:  # a schema the validator cannot compile: do not trust the example
        return False


def _merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """`a` and `b` as one schema (both must hold): properties and required united."""
    merged = {**a, **b}
    props_a, props_b = a.get("properties") or {}, b.get("properties") or {}
    if props_a or props_b:
        merged["properties"] = {
            **props_a,
            **{
                name: {"allOf": [props_a[name], schema]} if name in props_a else schema
                for name, schema in props_b.items()
            },
        }
    if "required" in a or "required" in b:
        merged["required"] = _unique([*(a.get("required") or []), *(b.get("required") or [])])
    if "type" in a and "type" not in b:
        merged["type"] = a["type"]
    if "minProperties" in a or "minProperties" in b:
        merged["minProperties"] = max(a.get("minProperties", 0), b.get("minProperties", 0))
    return merged


def _unique(names: list[Any]) -> list[Any]:
    return list(dict.fromkeys(names))


def _kind(schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    return kind


def _is_object(schema: dict[str, Any]) -> bool:
    return _kind(schema) == "object" or "properties" in schema


def _number(schema: dict[str, Any], *, step: float) -> float:
    """The smallest allowed value from 1 up (or the largest allowed below 1)."""
    low = schema.get("minimum")
    exclusive = schema.get("exclusiveMinimum")
    if isinstance(exclusive, bool):  # OpenAPI 3.0: a flag on `minimum`
        if exclusive and low is not None:
            return float(low) + step
    elif isinstance(exclusive, int | float):  # OpenAPI 3.1: the bound itself
        return float(exclusive) + step
    if low is not None:
        return float(low)
    high = schema.get("maximum")
    if high is not None and float(high) < 1:
        return float(high)
    return 1.0


_MISSING = object()


@functools.cache
def matching(pattern: str) -> str:
    """A short string matching `pattern`, built from its parse (each repeat at its
    minimum, the first alternative, the plainest character of a set); deterministic.
    Hypothesis searches for one when that does not match (lookarounds, negated sets)."""
    try:
        candidate = _simplest(_parser.parse(pattern))
        if re.fullmatch(pattern, candidate):
            return candidate
    except (re.error, ValueError, KeyError):
        pass
    from hypothesis import HealthCheck, find, settings
    from hypothesis import strategies as st

    quiet = settings(database=None, suppress_health_check=list(HealthCheck))
    return find(st.from_regex(pattern, fullmatch=True), lambda _: True, settings=quiet)


_PLAIN = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CATEGORY = {"CATEGORY_DIGIT": "0", "CATEGORY_WORD": "a", "CATEGORY_SPACE": " "}


def _simplest(parsed: Any) -> str:
    out = []
    for op, arg in parsed:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            out.append(_in_set(arg))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, item = arg
            out.append(_simplest(item) * low)
        elif name == "SUBPATTERN":
            out.append(_simplest(arg[-1]))
        elif name == "BRANCH":
            out.append(_simplest(arg[1][0]))
        elif name == "AT":
            continue
        else:  # lookarounds, backreferences, NOT_LITERAL...: leave it to the search
            raise ValueError(name)
    return "".join(out)


def _in_set(items: Any) -> str:
    chars: set[str] = set()
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            chars.add(chr(arg))
        elif name == "RANGE":
            chars.update(chr(c) for c in range(arg[0], min(arg[1], arg[0] + 256) + 1))
        elif name == "CATEGORY":
            chars.add(_CATEGORY[str(arg)])
        else:  # NEGATE and the like
            raise ValueError(name)
    plain = [c for c in _PLAIN if c in chars]
    return plain[0] if plain else min(chars)


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
