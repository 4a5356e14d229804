"""JSON Schema -> IR types.

One converter serves responses (pydantic models, open enums) and params
(TypedDicts, strict Literals). Named component schemas become definitions in the
module of their strongly connected component (recursive groups share a module);
inline schemas are named from their location (`<owner><Property>`), so adding an
operation never renames an existing type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..naming import (
    PYDANTIC_RESERVED,
    Namespace,
    attribute,
    class_name,
    is_identifier,
    module_name,
)
from ..refs import Resolver, pointer
from .annotate import annotation, nullable, refs
from .model import (
    AliasDef,
    Definition,
    Discriminator,
    Field,
    Mode,
    ModelDef,
    Scalar,
    TAny,
    TFile,
    TList,
    TLiteral,
    TMap,
    TNullable,
    TPrim,
    TRef,
    TUnion,
    TypedDictDef,
    TypeExpr,
    TypeModule,
)

COMPONENT_PREFIX = "#/components/schemas/"
# Names the generated type modules import; a schema may not shadow them.
TYPE_MODULE_IMPORTS = frozenset(
    {
        "Annotated",
        "Any",
        "Dict",
        "Discriminated",
        "List",
        "Literal",
        "Optional",
        "Union",
        "Required",
        "TypedDict",
        "BaseModel",
        "Field",
        "FileTypes",
        "annotations",
    }
)
_PRIMS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}
_REF = re.compile(r'"\$ref":\s*"#/components/schemas/([^"]+)"')


def _component_name(ref: str) -> str | None:
    if ref.startswith(COMPONENT_PREFIX):
        name = ref[len(COMPONENT_PREFIX) :]
        if "/" in name:
            return None  # a pointer into a component (`Place/$defs/Point`), not one
        return name.replace("~1", "/").replace("~0", "~")
    return None


def _iter_refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                name = _component_name(value)
                if name is not None:
                    yield name
            else:
                yield from _iter_refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _iter_refs(item)


def strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (the spec nests deeper than the recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = graph.get(node, [])
            for j in range(i, len(children)):
                child = children[j]
                if child not in index:
                    work.append((node, j + 1))
                    work.append((child, 0))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                if low[node] == index[node]:
                    group: list[str] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    result.append(sorted(group))
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
    return result


class SchemaConverter:
    def __init__(self, resolver: Resolver, type_names: Namespace, module_names: Namespace):
        self.resolver = resolver
        self.type_names = type_names
        self.module_names = module_names
        self.components: dict[str, Any] = resolver.document.get("components", {}).get("schemas", {})
        self.definitions: dict[str, Definition] = {}
        self._named: dict[tuple[str, Mode], TypeExpr] = {}
        self._in_progress: set[tuple[str, Mode]] = set()
        self._inline_refs: set[tuple[str, Mode]] = set()
        # allOf objects being defined (by id of their schema): one that merges in a
        # component which contains it again refers to itself, not a new copy.
        # (Per module too: a definition never refers to another module's copy, which
        # could import back - a cycle Python cannot import.)
        self._inline_merges: dict[tuple[int, Mode, str], TRef] = {}
        self._ref_merges: dict[int, dict[str, Any]] = {}
        self.recursive: set[str] = set()
        self.class_of: dict[str, str] = {}
        self.module_of: dict[str, str] = {}
        self._plan_components()

    # ---- planning -----------------------------------------------------------

    def _plan_components(self) -> None:
        """Name every component schema of the document, whether selected or not."""
        for name in sorted(self.components):
            self.class_of[name] = self.type_names.claim(
                class_name(name), key=pointer("components", "schemas", name)
            )
        graph = {
            name: sorted(set(_iter_refs(schema)) & self.components.keys())
            for name, schema in self.components.items()
        }
        for group in strongly_connected(graph):
            if len(group) > 1 or group[0] in graph[group[0]]:
                self.recursive.update(group)
            head = min(group, key=lambda n: self.class_of[n])
            module = self.module_names.claim(
                module_name(self.class_of[head]),
                fold_case=True,
                key=pointer("components", "schemas", head),
            )
            for member in group:
                self.module_of[member] = module

    # ---- entry points ---------------------------------------------------------

    def named(self, name: str, mode: Mode, *, at: str) -> TypeExpr:
        key = (name, mode)
        if key in self._named:
            return self._named[key]
        if name not in self.components:
            self.resolver.lookup(f"{COMPONENT_PREFIX}{name}", at=at)  # raises with the pointer
        schema = self.components[name]
        where = pointer("components", "schemas", name)
        module = self.module_of[name]
        merged = self._object_view(schema, at=where)
        if merged is not None:
            props, required, description = merged
            cls = self.class_of[name]
            if mode == "param":
                cls = self.type_names.claim(cls + "Param", key=f"param {where}")
            ref = TRef(cls, module, "model" if mode == "response" else "typeddict")
            # A component object may itself admit null (`nullable`, `type: [object, null]`),
            # also where it refers to itself: set before the fields, recursion ends here.
            self._named[key] = nullable(ref) if _admits_null(schema) else ref
            self._define_object(cls, module, props, required, description, mode, where)
            return self._named[key]
        enum = self._enum_values(schema)
        if enum and enum[0] and not schema.get("oneOf") and not schema.get("anyOf"):
            values, has_null = enum
            types = schema.get("type")
            # 3.0 `nullable: true` and 3.1 `type: [..., "null"]` admit null too.
            has_null = has_null or schema.get("nullable") is True
            has_null = has_null or (isinstance(types, list) and "null" in types)
            cls = self.class_of[name]
            ref = TRef(cls, module, "enum")
            literal = _enum_type(values)
            self.definitions[cls] = AliasDef(
                cls,
                module,
                literal,
                annotation(literal),
                _text(schema.get("description")),
                where,
                "enum",
            )
            for m in ("response", "param"):
                self._named[(name, m)] = self._wrap_enum(ref, values, has_null, m)
            return self._named[key]
        if key in self._in_progress:
            return TAny()  # a non-object schema that contains itself
        self._in_progress.add(key)
        try:
            result = self.convert(
                schema, hint=self.class_of[name], module=module, mode=mode, at=where
            )
        finally:
            self._in_progress.discard(key)
        self._named[key] = result
        return result

    def convert(self, schema: Any, *, hint: str, module: str, mode: Mode, at: str) -> TypeExpr:
        if not isinstance(schema, dict):
            return TAny()
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return self._convert_ref(schema, ref, hint=hint, module=module, mode=mode, at=at)
        is_null = schema.get("nullable") is True
        types = schema.get("type")
        if isinstance(types, list):
            is_null = is_null or "null" in types
            types = [t for t in types if t != "null"]
            types = types[0] if len(types) == 1 else (types or None)
        result = self._convert_inner(schema, types, hint=hint, module=module, mode=mode, at=at)
        return nullable(result) if is_null else result

    # ---- internals --------------------------------------------------------------

    def _convert_ref(
        self, schema: dict[str, Any], ref: str, *, hint: str, module: str, mode: Mode, at: str
    ) -> TypeExpr:
        structural = {k for k in schema if k not in _ANNOTATION_KEYS and k != "$ref"}
        if structural - {"nullable"}:
            # `$ref` with sibling keywords (3.1 allows it): merge, don't drop.
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            # One merged schema per `$ref` + siblings (see _inline_merges).
            merged = self._ref_merges.setdefault(id(schema), {"allOf": [{"$ref": ref}, siblings]})
            return self.convert(merged, hint=hint, module=module, mode=mode, at=at)
        component = _component_name(ref)
        if component is not None:
            base = self.named(component, mode, at=at + "/$ref")
        elif (ref, mode) in self._inline_refs:
            base = TAny()  # a schema inside a component (`$defs`) that contains itself
        else:
            self._inline_refs.add((ref, mode))
            try:
                target, target_at = self.resolver.deref(schema, at=at)
                base = self.convert(target, hint=hint, module=module, mode=mode, at=target_at)
            finally:
                self._inline_refs.discard((ref, mode))
        return nullable(base) if schema.get("nullable") is True else base

    def _convert_inner(
        self,
        schema: dict[str, Any],
        types: Any,
        *,
        hint: str,
        module: str,
        mode: Mode,
        at: str,
    ) -> TypeExpr:
        const = schema.get("const", ...)
        if const is None or isinstance(const, (str, int, float, bool)):
            return _enum_type((const,))  # (an object or array const is checked as its type)
        enum = self._enum_values(schema)
        if enum is not None:
            values, has_null = enum
            lit = _enum_type(values)
            if values and mode == "response":
                lit = _open_enum(lit, values)
            return nullable(lit) if has_null else lit
        if "allOf" in schema or "oneOf" in schema or "anyOf" in schema:
            composite = self._composite(schema, hint=hint, module=module, mode=mode, at=at)
            if composite is not None:
                return composite
        if isinstance(types, list):
            return TUnion(tuple(TPrim(_PRIMS.get(t, "object")) for t in types))  # type: ignore[arg-type]
        if types == "array" or "items" in schema or "prefixItems" in schema:
            items = schema.get("items")
            if items is None and isinstance(schema.get("prefixItems"), list):
                variants = [
                    self.convert(
                        s, hint=hint + "Item", module=module, mode=mode, at=f"{at}/prefixItems/{i}"
                    )
                    for i, s in enumerate(schema["prefixItems"])
                ]
                return TList(_union(variants))
            return TList(
                self.convert(items, hint=hint + "Item", module=module, mode=mode, at=at + "/items")
            )
        if types == "object" or "properties" in schema or "additionalProperties" in schema:
            props = schema.get("properties")
            if isinstance(props, dict) and props:
                required = [r for r in schema.get("required", []) if isinstance(r, str)]
                return self._define_inline(hint, module, props, required, schema, mode, at)
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                return TMap(
                    self.convert(
                        extra,
                        hint=hint + "Value",
                        module=module,
                        mode=mode,
                        at=at + "/additionalProperties",
                    )
                )
            return TMap(TAny())
        if types == "string":
            if schema.get("format") == "binary" and mode == "param":
                return TFile()
            return TPrim("str")
        if isinstance(types, str) and types in _PRIMS:
            return TPrim(_PRIMS[types])  # type: ignore[arg-type]
        return TAny()

    def _composite(
        self, schema: dict[str, Any], *, hint: str, module: str, mode: Mode, at: str
    ) -> TypeExpr | None:
        single = _single_ref(schema)
        if single is not None:
            # `allOf: [$ref]` (+ nullable/description): the 3.0 way to annotate a ref.
            base = self.convert(single, hint=hint, module=module, mode=mode, at=at + "/allOf/0")
            return nullable(base) if schema.get("nullable") is True else base
        view = self._object_view(schema, at=at)
        if view is not None:
            key = (id(schema), mode, module)
            if key in self._inline_merges:
                return self._inline_merges[key]
            props, required, description = view
            name = self.type_names.claim(class_name(hint), key=f"{mode} {module} {at}")
            self._inline_merges[key] = TRef(
                name, module, "model" if mode == "response" else "typeddict"
            )
            try:
                self._define_object(name, module, props, required, description, mode, at)
                return self._inline_merges[key]
            finally:
                del self._inline_merges[key]
        for keyword in ("oneOf", "anyOf"):
            members = schema.get(keyword)
            if not isinstance(members, list):
                continue
            disc = schema.get("discriminator")
            disc = disc if isinstance(disc, dict) else {}
            prop = disc.get("propertyName")
            mapping = disc.get("mapping")
            mapping = mapping if isinstance(mapping, dict) else {}
            variants: list[TypeExpr] = []
            tagged: list[tuple[TypeExpr, tuple[str, ...]]] = []
            has_null = False
            for i, member in enumerate(members):
                if isinstance(member, dict) and "$ref" not in member and _is_null_schema(member):
                    has_null = True
                    continue
                title = member.get("title") if isinstance(member, dict) else None
                suffix = class_name(title) if isinstance(title, str) and title else f"Variant{i}"
                where = f"{at}/{keyword}/{i}"
                variant = self.convert(
                    member, hint=hint + suffix, module=module, mode=mode, at=where
                )
                variants.append(variant)
                if isinstance(prop, str) and mode == "response":
                    tags = _mapped(mapping, member) or self.tags(member, (prop,), at=where)
                    tagged.append((variant, tags))
            if not variants:
                return TPrim("None")
            tag_paths = ((prop,),) if isinstance(prop, str) else ()
            result = _union(variants, discriminator(tag_paths, tagged) if tagged else None)
            return nullable(result) if has_null else result
        members = schema.get("allOf")
        if isinstance(members, list) and members:
            # allOf that is not an object (e.g. a single $ref with a description).
            parts = [
                self.convert(m, hint=hint, module=module, mode=mode, at=f"{at}/allOf/{i}")
                for i, m in enumerate(members)
                if not (isinstance(m, dict) and not (set(m) - _ANNOTATION_KEYS))
            ]
            if parts:
                result = parts[0]
                return nullable(result) if schema.get("nullable") is True else result
        return None

    def tags(self, schema: Any, path: tuple[str, ...], *, at: str) -> tuple[str, ...]:
        """The string values (enum or const) the property at `path` may take."""
        node = schema
        for key in path:
            view = self._object_view(node, at=at)
            if view is None or not isinstance(view[0].get(key), dict):
                return ()
            node = view[0][key]
        node, _ = self.resolver.deref(node, at=at)
        if not isinstance(node, dict):
            return ()
        enum = node.get("enum")
        values = [node["const"]] if "const" in node else enum if isinstance(enum, list) else []
        return tuple(dict.fromkeys(v for v in values if isinstance(v, str)))

    def _object_view(
        self, schema: Any, *, at: str, depth: int = 0
    ) -> tuple[dict[str, Any], list[str], str] | None:
        """Properties, required and description of an object schema, allOf merged.

        None when the schema is not an object with properties.
        """
        if not isinstance(schema, dict) or depth > 32:
            return None
        if "$ref" in schema:
            target, target_at = self.resolver.deref({"$ref": schema["$ref"]}, at=at)
            base = self._object_view(target, at=target_at, depth=depth + 1)
            rest = {k: v for k, v in schema.items() if k != "$ref"}
            if base is None or not (set(rest) - _ANNOTATION_KEYS):
                return base
            extra = self._object_view(rest, at=at, depth=depth + 1)
            return _merge([base, extra] if extra else [base])
        if any(k in schema for k in ("oneOf", "anyOf")) and not _only_constraints(schema):
            return None
        parts: list[tuple[dict[str, Any], list[str], str]] = []
        for i, member in enumerate(schema.get("allOf", []) or []):
            view = self._object_view(member, at=f"{at}/allOf/{i}", depth=depth + 1)
            if view is None:
                if isinstance(member, dict) and not (set(member) - _ANNOTATION_KEYS - {"required"}):
                    parts.append(({}, list(member.get("required", [])), ""))
                    continue
                return None
            parts.append(view)
        props = schema.get("properties")
        own_props = props if isinstance(props, dict) else {}
        if own_props or parts:
            required = [r for r in schema.get("required", []) if isinstance(r, str)]
            parts.append((own_props, required, _text(schema.get("description"))))
        if not parts:
            return None
        merged = _merge(parts)
        return merged if merged[0] else None

    def _define_inline(
        self,
        hint: str,
        module: str,
        props: dict[str, Any],
        required: list[str],
        schema: dict[str, Any],
        mode: Mode,
        at: str,
    ) -> TRef:
        name = self.type_names.claim(class_name(hint), key=f"{mode} {module} {at}")
        self._define_object(
            name, module, props, required, _text(schema.get("description")), mode, at
        )
        return TRef(name, module, "model" if mode == "response" else "typeddict")

    def _define_object(
        self,
        name: str,
        module: str,
        props: dict[str, Any],
        required: Iterable[str],
        description: str,
        mode: Mode,
        at: str,
    ) -> None:
        required_set = set(required)
        names = Namespace(PYDANTIC_RESERVED if mode == "response" else frozenset())
        fields: list[Field] = []
        for wire, prop in props.items():
            if _skipped(prop, mode, self.resolver):
                continue
            field_at = f"{at}/properties/{wire.replace('~', '~0').replace('/', '~1')}"
            ftype = self.convert(
                prop,
                hint=name + class_name(wire, fallback="Field"),
                module=module,
                mode=mode,
                at=field_at,
            )
            is_required = wire in required_set
            preferred = attribute(
                wire, reserved=PYDANTIC_RESERVED if mode == "response" else frozenset()
            )
            fname = names.claim(preferred)
            while fname != wire and fname in props:
                # Models populate by name too: `from` -> `from_` would also take the
                # value of a property called `from_`.
                fname = names.claim(preferred)
            if mode == "response":
                text = annotation(ftype if is_required else nullable(ftype))
            else:
                text = annotation(ftype)
                text = f"Required[{text}]" if is_required else text
            fields.append(Field(fname, wire, ftype, text, is_required, _description(prop)))
        if mode == "response":
            self.definitions[name] = ModelDef(name, module, tuple(fields), description, at)
        else:
            functional = any(not is_identifier(f.wire) for f in fields)
            self.definitions[name] = TypedDictDef(
                name, module, tuple(fields), description, at, functional
            )

    def _enum_values(self, schema: dict[str, Any]) -> tuple[tuple[Scalar, ...], bool] | None:
        values = schema.get("enum")
        if not isinstance(values, list) or not values:
            return None
        scalars = [v for v in values if isinstance(v, (str, int, float, bool)) or v is None]
        has_null = None in scalars
        # `1` and `True` are equal in Python but distinct enum values.
        unique = dict.fromkeys((type(v), v) for v in scalars if v is not None)
        return tuple(v for _, v in unique), has_null

    @staticmethod
    def _wrap_enum(ref: TRef, values: tuple[Scalar, ...], has_null: bool, mode: Mode) -> TypeExpr:
        result = _open_enum(ref, values) if mode == "response" else ref
        return nullable(result) if has_null else result

    # ---- output ---------------------------------------------------------------

    def modules(self) -> tuple[TypeModule, ...]:
        by_module: dict[str, list[Definition]] = {}
        for definition in self.definitions.values():
            by_module.setdefault(definition.module, []).append(definition)
        result = []
        for module in sorted(by_module):
            definitions = _aliases_after_targets(sorted(by_module[module], key=lambda d: d.name))
            imports: dict[str, set[str]] = {}
            for d in definitions:
                for t in _types_of(d):
                    for r in refs(t):
                        if r.module != module:
                            imports.setdefault(r.module, set()).add(r.name)
            rebuild = tuple(
                d.name
                for d in definitions
                if isinstance(d, ModelDef) and _references_own_module(d, module)
            )
            result.append(
                TypeModule(
                    module,
                    tuple(definitions),
                    tuple((m, tuple(sorted(n))) for m, n in sorted(imports.items())),
                    rebuild,
                )
            )
        return tuple(result)


_ANNOTATION_KEYS = frozenset(
    {
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
    }
)


def _aliases_after_targets(definitions: list[Definition]) -> list[Definition]:
    """Name order, except that a module-level alias (evaluated on import) comes after
    the same-module definitions it names. Models need no care: their annotations
    are resolved later (`model_rebuild`)."""
    by_name = {d.name: d for d in definitions}
    ordered: dict[str, Definition] = {}
    visiting: set[str] = set()

    def visit(d: Definition) -> None:
        if d.name in ordered or d.name in visiting:
            return  # (a cycle of aliases is not valid Python anyway)
        visiting.add(d.name)
        if isinstance(d, AliasDef):
            for r in refs(d.type):
                target = by_name.get(r.name)
                if target is not None and target.module == d.module:
                    visit(target)
        ordered[d.name] = d

    for d in definitions:
        visit(d)
    return list(ordered.values())


def _types_of(d: Definition) -> list[TypeExpr]:
    if isinstance(d, AliasDef):
        return [d.type]
    return [f.type for f in d.fields]


def _references_own_module(d: ModelDef, module: str) -> bool:
    return any(r.module == module and r.kind == "model" for f in d.fields for r in refs(f.type))


def _merge(
    parts: list[tuple[dict[str, Any], list[str], str]],
) -> tuple[dict[str, Any], list[str], str]:
    props: dict[str, Any] = {}
    required: list[str] = []
    description = ""
    for p, r, d in parts:
        for key, value in p.items():
            props[key] = value  # later members refine earlier ones
        required.extend(x for x in r if x not in required)
        description = d or description
    return props, required, description


def _single_ref(schema: dict[str, Any]) -> dict[str, Any] | None:
    members = schema.get("allOf")
    if not isinstance(members, list) or "oneOf" in schema or "anyOf" in schema:
        return None
    if set(schema) - _ANNOTATION_KEYS - {"allOf", "nullable", "type"}:
        return None
    refs_ = [m for m in members if isinstance(m, dict) and "$ref" in m]
    rest = [m for m in members if not (isinstance(m, dict) and "$ref" in m)]
    if len(refs_) != 1 or any(not isinstance(m, dict) or set(m) - _ANNOTATION_KEYS for m in rest):
        return None
    return refs_[0]


def _only_constraints(schema: dict[str, Any]) -> bool:
    """oneOf/anyOf that only adds `required` alternatives to an object with properties."""
    if not isinstance(schema.get("properties"), dict):
        return False
    for keyword in ("oneOf", "anyOf"):
        for member in schema.get(keyword, []) or []:
            if not isinstance(member, dict) or set(member) - {"required", "description", "title"}:
                return False
    return True


def _admits_null(schema: dict[str, Any]) -> bool:
    types = schema.get("type")
    return schema.get("nullable") is True or (isinstance(types, list) and "null" in types)


def _is_null_schema(schema: dict[str, Any]) -> bool:
    return (
        schema.get("type") == "null"
        or schema.get("enum") == [None]
        or ("const" in schema and schema["const"] is None)
    )


def _open_types(values: tuple[Scalar, ...]) -> tuple[TypeExpr, ...]:
    """Unknown enum values from a newer API still parse: add the values' base types."""
    kinds: list[TypeExpr] = []
    for v in values:
        t = TPrim(
            "bool"
            if isinstance(v, bool)
            else "int" if isinstance(v, int) else "float" if isinstance(v, float) else "str"
        )
        if t not in kinds:
            kinds.append(t)
    return tuple(kinds)


# A type checker takes ints in Literal[...] only within 64 bits, and no floats.
_LITERAL_INTS = range(-(2**63), 2**63)


def _enum_type(values: tuple[Scalar, ...]) -> TypeExpr:
    """`Literal[...]` of the values; floats and ints beyond 64 bits widen to their type."""
    fits: list[Scalar] = []
    wide: list[Scalar] = []
    for v in values:
        ok = not isinstance(v, float) and (not isinstance(v, int) or v in _LITERAL_INTS)
        (fits if ok else wide).append(v)
    parts: list[TypeExpr] = [TLiteral(tuple(fits))] if fits else []
    parts += _open_types(tuple(wide))
    return _union(parts) if parts else TPrim("None")


def _open_enum(t: TypeExpr, values: tuple[Scalar, ...]) -> TypeExpr:
    """A response enum: the values' base types accept what a newer API adds.

    When bools meet ints, pydantic's Literal takes 0/1 for False/True (and back):
    the base types alone parse each value as itself.
    """
    kinds = list(_open_types(values))
    if TPrim("bool") in kinds and TPrim("int") in kinds:
        return _union(kinds)
    return _union([*_members(t), *kinds])


def _members(t: TypeExpr) -> tuple[TypeExpr, ...]:
    return t.variants if isinstance(t, TUnion) else (t,)


def _mapped(mapping: dict[str, Any], member: Any) -> tuple[str, ...]:
    """Tags the discriminator `mapping` gives a `$ref` member (by pointer or bare name)."""
    ref = member.get("$ref") if isinstance(member, dict) else None
    if not isinstance(ref, str):
        return ()
    return tuple(
        tag
        for tag, target in mapping.items()
        if isinstance(target, str) and ref in (target, COMPONENT_PREFIX + target)
    )


def discriminator(
    paths: tuple[tuple[str, ...], ...], tagged: list[tuple[TypeExpr, tuple[str, ...]]]
) -> Discriminator | None:
    """A tagged union when every variant is a model and some tag picks exactly one.

    A tag two variants claim is dropped (the validated fallback sorts it out); the
    fallback is the untagged variants when there are any, else all of them.
    """
    variants: list[tuple[str, tuple[str, ...]]] = []
    for t, tags in tagged:
        if not (isinstance(t, TRef) and t.kind == "model"):
            return None
        variants.append((t.name, tags))
    owners: dict[str, set[str]] = {}
    for name, tags in variants:
        for tag in tags:
            owners.setdefault(tag, set()).add(name)
    mapping = tuple(sorted((tag, min(names)) for tag, names in owners.items() if len(names) == 1))
    if not mapping:
        return None
    picked = {name for _, name in mapping}
    untagged = tuple(dict.fromkeys(name for name, _ in variants if name not in picked))
    return Discriminator(paths, mapping, untagged)


def _union(variants: list[TypeExpr], discriminator: Discriminator | None = None) -> TypeExpr:
    unique = list(dict.fromkeys(variants))
    if len(unique) == 1:
        return unique[0]
    return TUnion(tuple(unique), discriminator)


def _skipped(prop: Any, mode: Mode, resolver: Resolver) -> bool:
    if not isinstance(prop, dict):
        return False
    if mode == "param" and prop.get("readOnly") is True:
        return True
    return mode == "response" and prop.get("writeOnly") is True


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _description(prop: Any) -> str:
    return _text(prop.get("description")) if isinstance(prop, dict) else ""


__all__ = ["SchemaConverter", "strongly_connected", "TNullable"]
