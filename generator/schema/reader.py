"""Raw schema dicts -> `Schema` nodes, once each; `$ref`s followed here only."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..errors import GeneratorError
from ..refs import Resolver
from .node import Schema
from .pointer import child, pointer, unescape
from .references import iter_refs

COMPONENT_PREFIX = "#/components/schemas/"
_SCALARS = (str, int, float, bool)


def component_name(ref: str) -> str | None:
    """`Address` for `#/components/schemas/Address`; None for anything else,
    including a pointer into a component (`Place/$defs/Point`)."""
    if not ref.startswith(COMPONENT_PREFIX) or "/" in ref[len(COMPONENT_PREFIX) :]:
        return None
    return unescape(ref[len(COMPONENT_PREFIX) :])


class SchemaReader:
    """Reads the document's schemas into nodes (each spec object once) and
    resolves `$ref`s; errors name the pointer of the `$ref`."""

    def __init__(self, document: dict[str, Any], file: str | None = None) -> None:
        self.resolver = Resolver(document, file=file)
        components = document.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        self._components: dict[str, Any] = schemas if isinstance(schemas, dict) else {}
        self._nodes: dict[int, Schema] = {}
        self._split: dict[int, Schema] = {}

    # ---- components ---------------------------------------------------------

    def component_names(self) -> list[str]:
        return sorted(self._components)

    def has_component(self, name: str) -> bool:
        return name in self._components

    def component(self, name: str) -> Schema:
        """The component schema `name` (an opaque node, i.e. Any, when it is missing:
        validation reports the `$ref`)."""
        if name not in self._components:
            return Schema(pointer("components", "schemas", name), opaque=True)
        return self.read(self._components[name], pointer("components", "schemas", name))

    def component_refs(self, name: str) -> set[str]:
        """The components a component's schema refers to, anywhere inside it."""
        refs = (component_name(ref) for ref, _ in iter_refs(self._components.get(name)))
        return {r for r in refs if r is not None} & self._components.keys()

    # ---- nodes ----------------------------------------------------------------

    def read(self, raw: Any, at: str) -> Schema:
        node = self._nodes.get(id(raw))
        if node is None:
            node = self._nodes[id(raw)] = self._build(raw, at)
        return node

    def deref(self, node: Schema, *, at: str) -> tuple[Schema, str]:
        """Follow a chain of `$ref`s: the target and its pointer (`node`, `at` if none)."""
        seen: set[str] = set()
        while node.ref is not None:
            ref = node.ref
            if ref in seen:
                return Schema(at, opaque=True), at  # a loop: validation warns about it
            seen.add(ref)
            try:
                raw, at = self.resolver.resolve(ref, at=at, location=node.at)
            except GeneratorError:
                return Schema(at, opaque=True), at  # unresolvable: Any (validation warns)
            node = self.read(raw, at)
        return node, at

    def split_ref(self, node: Schema) -> Schema:
        """A `$ref` with sibling keywords (3.1 allows it) as `allOf: [$ref, siblings]`,
        the same node for the same schema."""
        split = self._split.get(id(node))
        if split is None:
            ref = Schema(node.at, frozenset({"$ref"}), ref=node.ref)
            siblings = dataclasses.replace(node, keys=node.keys - {"$ref"}, ref=None)
            split = Schema(node.at, frozenset({"allOf"}), all_of=(ref, siblings))
            self._split[id(node)] = split
        return split

    def _build(self, raw: Any, at: str) -> Schema:
        if not isinstance(raw, dict):
            return Schema(at, opaque=True)
        declared = raw.get("type")
        listed = declared if isinstance(declared, list) else [declared]
        types = tuple(t for t in listed if isinstance(t, str) and t != "null")
        enum = raw.get("enum")
        # An enum listing objects or arrays (data, such as SCIM's `$ref` members) is
        # no Literal: the schema's other keywords type it.
        enum_values = (
            tuple(enum)
            if isinstance(enum, list)
            and enum
            and all(v is None or isinstance(v, _SCALARS) for v in enum)
            else None
        )
        groups = {k: self._members(raw, k, at) for k in ("allOf", "oneOf", "anyOf")}
        null_member = any(
            m.null_only and m.ref is None for k in ("oneOf", "anyOf") for m in groups[k] or ()
        )
        properties = raw.get("properties")
        disc = raw.get("discriminator")
        disc = disc if isinstance(disc, dict) else {}
        mapping = disc.get("mapping")
        items = raw.get("items")
        prefix = raw.get("prefixItems")
        extra = raw.get("additionalProperties")
        return Schema(
            at,
            frozenset(raw),
            ref=raw["$ref"] if isinstance(raw.get("$ref"), str) else None,
            types=types,
            nullable=raw.get("nullable") is True
            or (isinstance(declared, list) and "null" in declared)
            or null_member,
            null_only=declared == "null"
            or enum == [None]
            or ("const" in raw and raw["const"] is None),
            format=raw["format"] if isinstance(raw.get("format"), str) else "",
            enum=enum_values,
            const=(raw["const"],) if "const" in raw else (),
            properties=(
                tuple(
                    (str(k), self.read(v, child(at, "properties", k)))
                    for k, v in properties.items()
                )
                if isinstance(properties, dict)
                else None
            ),
            required=tuple(r for r in _list(raw.get("required")) if isinstance(r, str)),
            # `items: false` (no items beyond prefixItems) constrains nothing more here.
            items=None if items is None or items is False else self.read(items, child(at, "items")),
            prefix_items=(
                tuple(self.read(s, child(at, "prefixItems", i)) for i, s in enumerate(prefix))
                if isinstance(prefix, list)
                else None
            ),
            additional_properties=(
                self.read(extra, child(at, "additionalProperties"))
                if isinstance(extra, dict) and extra
                else None
            ),
            all_of=groups["allOf"],
            one_of=groups["oneOf"],
            any_of=groups["anyOf"],
            discriminator=(
                disc["propertyName"] if isinstance(disc.get("propertyName"), str) else None
            ),
            mapping=tuple(
                (str(tag), target)
                for tag, target in (mapping.items() if isinstance(mapping, dict) else ())
                if isinstance(target, str)
            ),
            title=raw["title"] if isinstance(raw.get("title"), str) else "",
            description=text(raw.get("description")),
            read_only=raw.get("readOnly") is True,
            write_only=raw.get("writeOnly") is True,
            default=(raw["default"],) if "default" in raw else (),
            example=(raw["example"],) if "example" in raw else (),
        )

    def _members(self, raw: dict[str, Any], keyword: str, at: str) -> tuple[Schema, ...] | None:
        members = raw.get(keyword)
        if not isinstance(members, list):
            return None
        return tuple(self.read(m, child(at, keyword, i)) for i, m in enumerate(members))


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def text(value: Any) -> str:
    """A description-like value as text: stripped, "" when it is not a string."""
    return value.strip() if isinstance(value, str) else ""
