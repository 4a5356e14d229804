"""JSON values valid for a JSON Schema (the OpenAPI subset the fuzz documents use).

Written independently of the generator, so it is an oracle: a value valid for the
schema must parse with the model generated for it. `unknown_enums=True` swaps
enum values for values the enum does not list (a newer API's), which response
models must accept too.

References resolve as the generator is documented to resolve them: `#/$defs/X`
against the nearest enclosing schema whose `$defs` holds `X`; one that does not
resolve, or a chain that loops, stands for any value (the generator types it `Any`).
"""

from __future__ import annotations

import random
from typing import Any

JSON = dict[str, Any]
_SOFT_DEPTH = 5  # past this, only what the schema requires
_HARD_DEPTH = 40  # past this, the schema has no finite value
_STRINGS = ["", "x", "Ω名🙂", '"""', "{{ x }}", "a\u2028b", "line\nbreak", "\\", "'"]
_ANNOTATIONS = {
    "description",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
    "xml",
    "$comment",
    "summary",
    "nullable",
    "discriminator",
}
EXTRA_KEY = "zz_unlisted_property"
_TIMES = {"date-time": "2024-01-01T00:00:00Z", "date": "2024-01-01"}


class Unsatisfiable(Exception):
    """The schema has no (finite) value, or the generator's reading of it is ambiguous."""


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def resolve_pointer(document: JSON, pointer: str) -> Any:
    node: Any = document
    for raw in pointer.lstrip("#").split("/")[1:] if pointer.lstrip("#") else []:
        token = _unescape(raw)
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def is_null_schema(schema: Any) -> bool:
    return isinstance(schema, dict) and (
        schema.get("type") == "null"
        or schema.get("enum") == [None]
        or ("const" in schema and schema["const"] is None)
    )


class Examples:
    def __init__(self, document: JSON, rnd: random.Random, *, unknown_enums: bool = False):
        self.document = document
        self.rnd = rnd
        self.unknown_enums = unknown_enums
        self._defs: list[JSON] = []  # the `$defs` of the schemas being walked, outermost first

    def value(self, schema: Any, depth: int = 0, *, null_ok: bool = True) -> Any:
        defs = schema.get("$defs") if isinstance(schema, dict) else None
        if not isinstance(defs, dict):
            return self._value(schema, depth, null_ok=null_ok)
        self._defs.append(defs)
        try:
            return self._value(schema, depth, null_ok=null_ok)
        finally:
            self._defs.pop()

    def value_at(self, pointer: str, *, null_ok: bool = True) -> Any:
        """A value for the schema at `pointer`, inside the `$defs` of the schemas
        around it (its own `#/$defs/X` may name theirs)."""
        node: Any = self.document
        outer = len(self._defs)
        try:
            for raw in pointer.split("/")[1:]:
                if isinstance(node, dict) and isinstance(node.get("$defs"), dict):
                    self._defs.append(node["$defs"])
                token = _unescape(raw)
                node = node[int(token)] if isinstance(node, list) else node[token]
            return self.value(node, null_ok=null_ok)
        finally:
            del self._defs[outer:]

    def _target(self, ref: Any) -> Any:
        """What a `$ref` names, through chains of bare references; {} (any value) for
        one that does not resolve or loops."""
        seen: set[str] = set()
        while isinstance(ref, str) and ref not in seen:
            seen.add(ref)
            name = _unescape(ref[len("#/$defs/") :]) if ref.startswith("#/$defs/") else None
            scope = next((d for d in reversed(self._defs) if name in d), None)
            try:
                target = scope[name] if scope is not None else resolve_pointer(self.document, ref)
            except (KeyError, IndexError, ValueError, TypeError):
                return {}
            if not (isinstance(target, dict) and set(target) == {"$ref"}):
                return target
            ref = target["$ref"]
        return {}

    def _value(self, schema: Any, depth: int, *, null_ok: bool) -> Any:
        if depth > _HARD_DEPTH:
            raise Unsatisfiable("no finite value (required recursion)")
        if not isinstance(schema, dict):
            return "any"
        minimal = depth > _SOFT_DEPTH
        if "$ref" in schema:
            target = self._target(schema["$ref"])
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            if siblings.get("nullable") is True and null_ok and (minimal or self._coin(4)):
                return None
            if set(siblings) - _ANNOTATIONS:
                merged = {"allOf": [target, {k: v for k, v in siblings.items() if k != "nullable"}]}
                return self.value(merged, depth + 1, null_ok=null_ok)
            return self.value(target, depth + 1, null_ok=null_ok)
        if self._nullable(schema) and null_ok and (minimal or self._coin(5)):
            return None
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return self._enum(schema["enum"], null_ok)
        if isinstance(schema.get("allOf"), list) and schema["allOf"]:
            return self._all_of(schema, depth)
        for keyword in ("oneOf", "anyOf"):
            if isinstance(schema.get(keyword), list) and schema[keyword]:
                return self._one_of(schema, keyword, depth, null_ok)
        types = schema.get("type")
        if isinstance(types, list):
            choices = [t for t in types if t != "null"] or ["null"]
            types = self.rnd.choice(choices)
        if types == "array" or "items" in schema or "prefixItems" in schema:
            return self._array(schema, depth)
        if types == "object" or "properties" in schema or "additionalProperties" in schema:
            return self._object(schema, depth)
        if types == "string":
            # The generated models parse these formats into datetime/date objects.
            return _TIMES.get(schema.get("format")) or self.rnd.choice(_STRINGS)
        # (No 0/1: pydantic's Literal[False] takes 0 and Literal[0] takes false, see
        # test_found.py; the fuzz keeps booleans and 0/1 apart.)
        if types == "integer":
            return self.rnd.choice([2, -7, 123456])
        if types == "number":
            return self.rnd.choice([1.5, -2.25, 3])
        if types == "boolean":
            return self.rnd.choice([True, False])
        if types == "null":
            return None
        return self.rnd.choice(["s", 5, 2.5, True, None, [], {"k": [5]}])

    # ---- keywords --------------------------------------------------------------

    def _coin(self, n: int) -> bool:
        return self.rnd.randrange(n) == 0

    def _nullable(self, schema: JSON) -> bool:
        types = schema.get("type")
        if schema.get("nullable") is True or (isinstance(types, list) and "null" in types):
            return True
        if isinstance(schema.get("enum"), list) and None in schema["enum"]:
            return True
        return any(
            is_null_schema(m)
            for k in ("oneOf", "anyOf")
            for m in (schema.get(k) if isinstance(schema.get(k), list) else [])
        )

    def _enum(self, values: list[Any], null_ok: bool) -> Any:
        present = [v for v in values if v is not None] or [None]
        chosen = self.rnd.choice(present)
        if not self.unknown_enums or isinstance(chosen, bool) or chosen is None:
            return chosen
        if isinstance(chosen, str):
            unknown: Any = "zz-unknown 🙂 value"
        elif isinstance(chosen, int):
            unknown = 987654321
        else:
            unknown = 9876.5
        return chosen if unknown in values else unknown

    def _all_of(self, schema: JSON, depth: int) -> Any:
        members = [m for m in schema["allOf"] if not _annotation_only(m)]
        own = {k: v for k, v in schema.items() if k != "allOf"}
        if set(own) - _ANNOTATIONS:
            members.append(own)
        if len(members) > 1 and any(
            self._deref(m).get("additionalProperties", True) is not True for m in members
        ):
            # additionalProperties constrains the other members' properties too:
            # a merged value would have to satisfy every member at once.
            raise Unsatisfiable("allOf with additionalProperties")
        values = [self.value(m, depth + 1, null_ok=False) for m in members]
        if not values:
            return self.value({}, depth + 1)
        if all(isinstance(v, dict) for v in values):
            merged: JSON = {}
            for v in values:
                merged.update(v)  # later members refine earlier ones
            unions = [v for m, v in zip(members, values, strict=True) if self._is_union(m)]
            if unions:
                # The generator types an allOf with a oneOf/anyOf member as that union
                # (the other members' properties ride along as extras): where they
                # disagree, no value fits both, and the union's value is the one it reads.
                return {**merged, **unions[-1]}
            # ... also where a later member left out a property it redefines: the
            # value an earlier member drew for it may not be one (the generator, like
            # this merge, types a property by the last member that declares it).
            for key in list(merged):
                last = None
                for i, m in enumerate(members):
                    if key in self._properties(m):
                        last = i
                if last is not None and key not in values[last]:
                    merged[key] = self.value(self._properties(members[last])[key], depth + 1)
            return merged
        if len(values) == 1:
            return values[0]
        raise Unsatisfiable("allOf of objects and non-objects")

    def _is_union(self, schema: Any) -> bool:
        target = self._deref(schema)
        return not isinstance(target.get("properties"), dict) and any(
            isinstance(target.get(k), list) for k in ("oneOf", "anyOf")
        )

    def _properties(self, schema: Any, depth: int = 0) -> JSON:
        """The properties an object schema declares, allOf members merged (later win)."""
        schema = self._deref(schema)
        props: JSON = {}
        if depth < _HARD_DEPTH:
            for m in schema.get("allOf") or []:
                props.update(self._properties(m, depth + 1))
        own = schema.get("properties")
        props.update(own if isinstance(own, dict) else {})
        return props

    def _deref(self, schema: Any) -> JSON:
        for _ in range(_HARD_DEPTH):
            if not (isinstance(schema, dict) and "$ref" in schema):
                break
            schema = self._target(schema["$ref"])
        return schema if isinstance(schema, dict) else {}

    def _one_of(self, schema: JSON, keyword: str, depth: int, null_ok: bool) -> Any:
        members = [m for m in schema[keyword] if not is_null_schema(m)]
        if not members:
            return None
        if isinstance(schema.get("properties"), dict):
            # An object whose alternatives only require different properties.
            required = set(schema.get("required", []))
            for m in members:
                if isinstance(m, dict):
                    required |= set(m.get("required", []))
            rest = {k: v for k, v in schema.items() if k not in ("oneOf", "anyOf")}
            return self._object({**rest, "required": sorted(required)}, depth)
        order = list(members)
        self.rnd.shuffle(order)
        last: Unsatisfiable | None = None
        for member in order:
            try:
                return self.value(member, depth + 1)
            except Unsatisfiable as exc:
                last = exc
        raise last or Unsatisfiable(keyword)

    def _array(self, schema: JSON, depth: int) -> list[Any]:
        minimal = depth > _SOFT_DEPTH
        prefix = schema.get("prefixItems")
        if isinstance(prefix, list) and schema.get("items", False) is False:
            # A tuple: every position (the generated type is a fixed-length Tuple).
            return [self.value(s, depth + 1) for s in prefix]
        if minimal:
            return []
        return [
            self.value(schema.get("items", {}), depth + 1) for _ in range(self.rnd.randrange(3))
        ]

    def _object(self, schema: JSON, depth: int) -> JSON:
        minimal = depth > _SOFT_DEPTH
        props = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
        required = {r for r in schema.get("required", []) if isinstance(r, str)}
        result: JSON = {}
        for name, prop in props.items():
            if name in required or (not minimal and self._coin(2)):
                result[name] = self.value(prop, depth + 1)
        for name in sorted(required - set(props)):
            result[name] = "undeclared but required"
        extra = schema.get("additionalProperties", True)
        if not minimal and extra is not False and self._coin(3) and EXTRA_KEY not in props:
            result[EXTRA_KEY] = self.value(extra, depth + 1) if isinstance(extra, dict) else [5]
        return result


def _annotation_only(schema: Any) -> bool:
    return isinstance(schema, dict) and not (set(schema) - _ANNOTATIONS - {"required"})


def same(a: Any, b: Any) -> bool:
    """JSON equality that tells booleans from numbers (1 == True in Python)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b
