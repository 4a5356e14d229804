"""Schema nodes -> IR types.

One converter serves responses (pydantic models, open enums) and params
(TypedDicts, strict Literals). Named component schemas become definitions in the
module of their strongly connected component (recursive groups share a module);
inline schemas are named from their location (`<owner><Property>`), so adding an
operation never renames an existing type.
"""

from __future__ import annotations

from ..naming import PYDANTIC_RESERVED, Namespace, attribute, class_name, is_identifier, module_name
from ..schema.node import Scalar, Schema
from ..schema.pointer import child, pointer
from ..schema.reader import COMPONENT_PREFIX, SchemaReader, component_name
from .annotate import annotation, nullable
from .components import strongly_connected
from .model import (
    AliasDef,
    Definition,
    Field,
    Mode,
    ModelDef,
    PrimName,
    TAny,
    TFile,
    TList,
    TMap,
    TPrim,
    TRef,
    TTuple,
    TUnion,
    TypedDictDef,
    TypeExpr,
    TypeModule,
)
from .modules import type_modules
from .unions import discriminator, enum_type, response_enum, union

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
        "Tuple",
        "Union",
        "Required",
        "TypedDict",
        "BaseModel",
        "Field",
        "FileTypes",
        "TYPE_CHECKING",
        "annotations",
    }
)
_PRIMS: dict[str, PrimName] = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
}
_SCALARS = (str, int, float, bool)
_TIMES: dict[str, PrimName] = {"date-time": "datetime", "date": "date"}

# Properties, required names and description of an object schema, allOf merged.
ObjectView = tuple[dict[str, Schema], list[str], str]


class SchemaConverter:
    def __init__(self, reader: SchemaReader, type_names: Namespace, module_names: Namespace):
        self.reader = reader
        self.type_names = type_names
        self.module_names = module_names
        self.definitions: dict[str, Definition] = {}
        self._named: dict[tuple[str, Mode], TypeExpr] = {}
        self._in_progress: set[tuple[str, Mode]] = set()
        self._inline_refs: set[tuple[str, Mode]] = set()
        # allOf objects being defined: one that merges in a component which contains
        # it again refers to itself, not a new copy. Per module too: a definition
        # never refers to another module's copy, which could import back (a cycle
        # Python cannot import).
        self._inline_merges: dict[tuple[Schema, Mode, str], TRef] = {}
        self.recursive: set[str] = set()
        self.class_of: dict[str, str] = {}
        self.module_of: dict[str, str] = {}
        self._plan_components()

    def _plan_components(self) -> None:
        """Name every component schema of the document, whether selected or not."""
        names = self.reader.component_names()
        for name in names:
            self.class_of[name] = self.type_names.claim(
                class_name(name), key=pointer("components", "schemas", name)
            )
        graph = {name: sorted(self.reader.component_refs(name)) for name in names}
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

    def named(self, name: str, mode: Mode) -> TypeExpr:
        key = (name, mode)
        if key in self._named:
            return self._named[key]
        if not self.reader.has_component(name):
            return TAny()  # a `$ref` to a missing component (validation warns)
        schema = self.reader.component(name)
        where = pointer("components", "schemas", name)
        module = self.module_of[name]
        merged = self.object_view(schema, at=where)
        if merged is not None:
            props, required, description = merged
            cls = self.class_of[name]
            if mode == "param":
                cls = self.type_names.claim(cls + "Param", key=f"param {where}")
            ref = TRef(cls, module, "model" if mode == "response" else "typeddict")
            # A component object may itself admit null, also where it refers to
            # itself: set before the fields, recursion ends here.
            self._named[key] = nullable(ref) if schema.nullable else ref
            self._define_object(cls, module, props, required, description, mode, where)
            return self._named[key]
        enum = schema.enum_values()
        if enum and enum[0] and not schema.one_of and not schema.any_of:
            self._define_enum(name, schema, enum[0], enum[1] or schema.nullable)
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

    def export(self, name: str) -> TRef | None:
        """Component `name` as a named response type, even where every use inlines it
        (a request body flattened into keywords, a union written out in place): a
        name users import must exist. A union or scalar gets an alias of its own."""
        if not self.reader.has_component(name):
            return None
        result = self.named(name, "response")
        if isinstance(result, TRef):
            return result
        cls, module = self.class_of[name], self.module_of[name]
        if cls not in self.definitions:
            where = pointer("components", "schemas", name)
            description = self.reader.component(name).description
            self.definitions[cls] = AliasDef(
                cls, module, result, annotation(result), description, where
            )
        return TRef(cls, module, "alias")

    def convert(self, schema: Schema, *, hint: str, module: str, mode: Mode, at: str) -> TypeExpr:
        if schema.opaque:
            return TAny()
        if schema.ref is not None:
            return self._convert_ref(schema, schema.ref, hint=hint, module=module, mode=mode, at=at)
        result = self._convert_inner(schema, hint=hint, module=module, mode=mode, at=at)
        return nullable(result) if schema.nullable else result

    def object_view(self, schema: Schema, *, at: str, depth: int = 0) -> ObjectView | None:
        """Properties, required and description of an object schema, allOf merged.

        None when the schema is not an object with properties.
        """
        if schema.opaque or depth > 32:
            return None
        if schema.ref is not None:
            target, target_at = self.reader.deref(schema, at=at)
            base = self.object_view(target, at=target_at, depth=depth + 1)
            if base is None or not (schema.structural - {"$ref"}):
                return base
            siblings = self.reader.split_ref(schema).all_of or ()
            extra = self.object_view(siblings[-1], at=at, depth=depth + 1)
            return _merge([base, extra] if extra else [base])
        if {"oneOf", "anyOf"} & schema.keys and not _only_constraints(schema):
            return None
        parts: list[ObjectView] = []
        for i, member in enumerate(schema.all_of or ()):
            view = self.object_view(member, at=f"{at}/allOf/{i}", depth=depth + 1)
            if view is None:
                # A member that only requires some of the others' properties
                # (`{type: object, required: [...]}` too) adds no field of its own.
                shape = member.structural - {"required"}
                if not member.opaque and shape <= {"type"} and member.types in ((), ("object",)):
                    parts.append(({}, list(member.required), ""))
                    continue
                return None
            parts.append(view)
        own_props = dict(schema.properties or ())
        if own_props or parts:
            parts.append((own_props, list(schema.required), schema.description))
        if not parts:
            return None
        merged = _merge(parts)
        return merged if merged[0] else None

    def tags(self, schema: Schema, path: tuple[str, ...], *, at: str) -> tuple[str, ...]:
        """The string values (enum or const) the property at `path` may take."""
        node = schema
        for key in path:
            view = self.object_view(node, at=at)
            prop = view[0].get(key) if view is not None else None
            if prop is None or prop.opaque:
                return ()
            node = prop
        node, _ = self.reader.deref(node, at=at)
        values = node.const if node.const else node.enum or ()
        return tuple(dict.fromkeys(v for v in values if isinstance(v, str)))

    def skipped(self, prop: Schema, mode: Mode, *, at: str, through_ref: bool = False) -> bool:
        """A property the mode leaves out: readOnly ones are not sent, writeOnly ones
        not received. `through_ref`: also when the flag sits on the schema a `$ref`
        names. A request body's own fields use it; nested objects do not, since a
        shared component flagged readOnly (a status enum) is also what query
        filters are made of, and a filter is not a request body."""
        target = self.reader.deref(prop, at=at)[0] if through_ref and prop.ref else prop
        if mode == "param":
            return prop.read_only or target.read_only
        return prop.write_only or target.write_only

    def description(self, schema: Schema, *, at: str, depth: int = 0) -> str:
        """What documents a field or param: the schema's own description, else its
        `$ref` target's, else that of the first allOf member that has one."""
        if schema.description or depth > 8:
            return schema.description
        if schema.ref is not None:
            target, target_at = self.reader.deref(schema, at=at)
            return self.description(target, at=target_at, depth=depth + 1)
        for i, member in enumerate(schema.all_of or ()):
            found = self.description(member, at=f"{at}/allOf/{i}", depth=depth + 1)
            if found:
                return found
        return ""

    def modules(self) -> tuple[TypeModule, ...]:
        return type_modules(self.definitions.values())

    # ---- internals --------------------------------------------------------------

    def _define_enum(
        self, name: str, schema: Schema, values: tuple[Scalar, ...], has_null: bool
    ) -> None:
        cls = self.class_of[name]
        module = self.module_of[name]
        ref = TRef(cls, module, "enum")
        literal = enum_type(values)
        where = pointer("components", "schemas", name)
        self.definitions[cls] = AliasDef(
            cls, module, literal, annotation(literal), schema.description, where, "enum"
        )
        for mode in ("response", "param"):
            result = response_enum(ref, values) if mode == "response" else ref
            self._named[(name, mode)] = nullable(result) if has_null else result

    def _convert_ref(
        self, schema: Schema, ref: str, *, hint: str, module: str, mode: Mode, at: str
    ) -> TypeExpr:
        if schema.structural - {"$ref", "nullable"}:
            merged = self.reader.split_ref(schema)
            return self.convert(merged, hint=hint, module=module, mode=mode, at=at)
        component = component_name(ref)
        if component is not None:
            base = self.named(component, mode)
        elif (ref, mode) in self._inline_refs:
            base = TAny()  # a schema inside a component (`$defs`) that contains itself
        else:
            self._inline_refs.add((ref, mode))
            try:
                target, target_at = self.reader.deref(schema, at=at)
                base = self.convert(target, hint=hint, module=module, mode=mode, at=target_at)
            finally:
                self._inline_refs.discard((ref, mode))
        return nullable(base) if schema.nullable else base

    def _convert_inner(
        self, schema: Schema, *, hint: str, module: str, mode: Mode, at: str
    ) -> TypeExpr:
        if schema.const and (schema.const[0] is None or isinstance(schema.const[0], _SCALARS)):
            return enum_type((schema.const[0],))  # (an object or array const: its type)
        enum = schema.enum_values()
        if enum is not None:
            values, has_null = enum
            lit = enum_type(values)
            if values and mode == "response":
                lit = response_enum(lit, values)
            return nullable(lit) if has_null else lit
        if {"allOf", "oneOf", "anyOf"} & schema.keys:
            composite = self._composite(schema, hint=hint, module=module, mode=mode, at=at)
            if composite is not None:
                return composite
        types = schema.types
        if len(types) > 1:
            return TUnion(tuple(TPrim(_PRIMS.get(t, "object")) for t in types))
        if types == ("array",) or {"items", "prefixItems"} & schema.keys:
            return self._array(schema, hint=hint + "Item", module=module, mode=mode, at=at)
        if types == ("object",) or {"properties", "additionalProperties"} & schema.keys:
            return self._object(schema, hint=hint, module=module, mode=mode, at=at)
        if types == ("string",) and schema.format == "binary" and mode == "param":
            return TFile()
        if types == ("string",) and schema.format in _TIMES:
            # Parsed into a datetime/date in responses; a param takes one or its string.
            t = TPrim(_TIMES[schema.format])
            return t if mode == "response" else TUnion((TPrim("str"), t))
        if types and types[0] in _PRIMS:
            return TPrim(_PRIMS[types[0]])
        return TPrim("None") if schema.null_only else TAny()

    def _array(self, schema: Schema, *, hint: str, module: str, mode: Mode, at: str) -> TypeExpr:
        if schema.prefix_items is not None:
            positions = [
                self.convert(s, hint=hint, module=module, mode=mode, at=f"{at}/prefixItems/{i}")
                for i, s in enumerate(schema.prefix_items)
            ]
            if schema.items is None:
                return TTuple(tuple(positions))
            # More items may follow the fixed ones: a list of either.
            rest = self.convert(schema.items, hint=hint, module=module, mode=mode, at=at + "/items")
            return TList(union([*positions, rest]))
        if schema.items is None:
            return TList(TAny())
        return TList(
            self.convert(schema.items, hint=hint, module=module, mode=mode, at=at + "/items")
        )

    def _object(self, schema: Schema, *, hint: str, module: str, mode: Mode, at: str) -> TypeExpr:
        if schema.properties:
            return self._define_inline(
                hint, module, dict(schema.properties), list(schema.required), schema, mode, at
            )
        extra = schema.additional_properties
        if extra is not None:
            value_at = at + "/additionalProperties"
            return TMap(
                self.convert(extra, hint=hint + "Value", module=module, mode=mode, at=value_at)
            )
        return TMap(TAny())

    def _composite(
        self, schema: Schema, *, hint: str, module: str, mode: Mode, at: str
    ) -> TypeExpr | None:
        single = _single_ref(schema)
        if single is not None:
            # `allOf: [$ref]` (+ nullable/description): the 3.0 way to annotate a ref.
            base = self.convert(single, hint=hint, module=module, mode=mode, at=at + "/allOf/0")
            return nullable(base) if schema.nullable else base
        view = self.object_view(schema, at=at)
        if view is not None:
            return self._merged_object(schema, view, hint=hint, module=module, mode=mode, at=at)
        groups = schema.member_groups()
        if groups:  # the first of oneOf/anyOf
            keyword, members = groups[0]
            return self._variants(schema, keyword, members, hint, module, mode, at)
        members_ = schema.all_of
        if members_:
            # allOf that is not an object (e.g. a single $ref with a description).
            parts = [
                self.convert(m, hint=hint, module=module, mode=mode, at=f"{at}/allOf/{i}")
                for i, m in enumerate(members_)
                if m.opaque or m.structural
            ]
            if parts:
                return nullable(parts[0]) if schema.nullable else parts[0]
        return None

    def _merged_object(
        self, schema: Schema, view: ObjectView, *, hint: str, module: str, mode: Mode, at: str
    ) -> TRef:
        key = (schema, mode, module)
        if key in self._inline_merges:
            return self._inline_merges[key]
        props, required, description = view
        name = self.type_names.claim(class_name(hint), key=f"{mode} {module} {at}")
        ref = TRef(name, module, "model" if mode == "response" else "typeddict")
        self._inline_merges[key] = ref
        try:
            self._define_object(name, module, props, required, description, mode, at)
            return ref
        finally:
            del self._inline_merges[key]

    def _variants(
        self,
        schema: Schema,
        keyword: str,
        members: tuple[Schema, ...],
        hint: str,
        module: str,
        mode: Mode,
        at: str,
    ) -> TypeExpr:
        """A oneOf/anyOf: the union of its non-null members, tagged when it can be."""
        prop = schema.discriminator
        variants: list[TypeExpr] = []
        tagged: list[tuple[TypeExpr, tuple[str, ...]]] = []
        has_null = False
        for i, member in enumerate(members):
            if member.null_only and member.ref is None:
                has_null = True
                continue
            suffix = class_name(member.title) if member.title else f"Variant{i}"
            where = f"{at}/{keyword}/{i}"
            variant = self.convert(member, hint=hint + suffix, module=module, mode=mode, at=where)
            variants.append(variant)
            if prop is not None and mode == "response":
                tags = _mapped(schema.mapping, member) or self.tags(member, (prop,), at=where)
                tagged.append((variant, tags))
        if not variants:
            return TPrim("None")
        tag_paths = ((prop,),) if prop is not None else ()
        result = union(variants, discriminator(tag_paths, tagged) if tagged else None)
        return nullable(result) if has_null else result

    def define_params_object(
        self, hint: str, module: str, props: dict[str, Schema], required: list[str], *, at: str
    ) -> TRef:
        """A TypedDict of `props` that no schema of the document writes as one object
        (parameters the overrides group); `at` locates its first member."""
        name = self.type_names.claim(class_name(hint), key=f"param {module} {at}")
        self._define_object(name, module, props, required, "", "param", at)
        return TRef(name, module, "typeddict")

    def _define_inline(
        self,
        hint: str,
        module: str,
        props: dict[str, Schema],
        required: list[str],
        schema: Schema,
        mode: Mode,
        at: str,
    ) -> TRef:
        name = self.type_names.claim(class_name(hint), key=f"{mode} {module} {at}")
        self._define_object(name, module, props, required, schema.description, mode, at)
        return TRef(name, module, "model" if mode == "response" else "typeddict")

    def _define_object(
        self,
        name: str,
        module: str,
        props: dict[str, Schema],
        required: list[str],
        description: str,
        mode: Mode,
        at: str,
    ) -> None:
        required_set = set(required)
        reserved = PYDANTIC_RESERVED if mode == "response" else frozenset()
        names = Namespace(reserved)
        fields: list[Field] = []
        for wire, prop in props.items():
            field_at = child(at, "properties", wire)
            if self.skipped(prop, mode, at=field_at):
                continue
            hint = name + class_name(wire, fallback="Field")
            ftype = self.convert(prop, hint=hint, module=module, mode=mode, at=field_at)
            is_required = wire in required_set
            preferred = attribute(wire, reserved=reserved)
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
            described = self.description(prop, at=field_at)
            fields.append(Field(fname, wire, ftype, text, is_required, described))
        if mode == "response":
            self.definitions[name] = ModelDef(name, module, tuple(fields), description, at)
        else:
            functional = any(not is_identifier(f.wire) for f in fields)
            self.definitions[name] = TypedDictDef(
                name, module, tuple(fields), description, at, functional
            )


def _merge(parts: list[ObjectView]) -> ObjectView:
    props: dict[str, Schema] = {}
    required: list[str] = []
    description = ""
    for p, r, d in parts:
        props.update(p)  # later members refine earlier ones
        required.extend(x for x in r if x not in required)
        description = d or description
    return props, required, description


def _single_ref(schema: Schema) -> Schema | None:
    members = schema.all_of
    if members is None or {"oneOf", "anyOf"} & schema.keys:
        return None
    if schema.structural - {"allOf", "nullable", "type"}:
        return None
    refs_ = [m for m in members if "$ref" in m.keys]
    rest = [m for m in members if "$ref" not in m.keys]
    # `{type: object}` beside an object's `$ref` says what the ref already does.
    if len(refs_) != 1 or any(m.opaque or (m.structural - {"type"}) for m in rest):
        return None
    if any(m.structural and m.types != ("object",) for m in rest):
        return None
    return refs_[0]


def _only_constraints(schema: Schema) -> bool:
    """oneOf/anyOf that only adds `required` alternatives to an object with properties,
    or alternatives that forbid some of them (`properties: {Url: {not: {}}}`): either
    way the fields are the object's own."""
    if schema.properties is None:
        return False
    allowed = {"required", "description", "title", "properties"}
    return all(
        not member.opaque
        and not (member.keys - allowed)
        and all(prop.structural <= {"not"} for _, prop in member.properties or ())
        for _, members in schema.member_groups()
        for member in members
    )


def _mapped(mapping: tuple[tuple[str, str], ...], member: Schema) -> tuple[str, ...]:
    """Tags the discriminator `mapping` gives a `$ref` member (by pointer or bare name)."""
    ref = member.ref
    if ref is None:
        return ()
    return tuple(tag for tag, target in mapping if ref in (target, COMPONENT_PREFIX + target))
