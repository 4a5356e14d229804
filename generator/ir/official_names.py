"""Types the official SDK's users import that no schema names: the IR defines them.

- `name_result`: a method's result with no name of its own (a list, a map, a
  union, text) gets `<Resource><Method>Response` in the resource's types module;
- `params_type`: a method's keyword parameters as the TypedDict
  `<Resource><Method>Params`, keyed by their Python names;
- `exported`: a component schema an entry of the overrides' `types:` names, but
  every use of which is inlined, is defined under its own name; an entry
  `Official: Flat[]` names the item type of the list schema `Flat`.

Each runs after the operations and webhooks have claimed their names, so a type
defined here never takes a name from them. official_types.py places them at the
official import paths.
"""

from __future__ import annotations

import dataclasses

from ..naming import Namespace, class_name, singular
from ..official_types import LIST_ITEM, Export
from ..signature import signature
from .annotate import annotation
from .model import AliasDef, Field, Operation, TAny, TList, TRef, TypedDictDef
from .schemas import SchemaConverter


def _owner(op: Operation) -> str:
    """`calls.actions` -> `calls_action`: the resource path, its last part singular."""
    resource = op.resource.split(".")
    return "_".join([*resource[:-1], singular(resource[-1])])


def _key(op: Operation) -> str:
    """What locks the names of `op`'s types: its pointer, and a twin's media type
    (a twin shares its route's pointer)."""
    if not op.twin_of or op.body is None:
        return op.source
    return f"{op.source} twin {' '.join(c.media_type for c in op.body.contents)}"


def name_result(
    op: Operation, converter: SchemaConverter, type_names: Namespace, module: str
) -> Operation:
    """A result with no name of its own (a list, a map, a union, text) gets one in
    the resource's types module, as in the official SDK, whose users import it:
    `RequirementGroupListResponse = List[RequirementGroup]`. The page item of a list."""
    returned = op.pagination.item if op.pagination else op.returns_type
    if isinstance(returned, (TRef, TAny)) or op.response_kind not in ("json", "text"):
        return op
    owner = _owner(op)
    name = type_names.claim(
        class_name(owner) + class_name(op.name) + "Response", key=f"result {_key(op)}"
    )
    converter.definitions[name] = AliasDef(
        name,
        module,
        returned,
        annotation(returned),
        f"What `{op.python_method}` returns.",
        op.source,
    )
    return dataclasses.replace(op, result_alias=TRef(name, module, "alias"))


def params_type(
    op: Operation, converter: SchemaConverter, type_names: Namespace, module: str
) -> Operation:
    """The method's keyword parameters as a TypedDict, keyed by their Python names,
    as the official SDK has one (`AddressCreateParams`): `create(**params)` type-checks."""
    keyword = signature(op).keyword
    if not keyword:
        return op
    owner = _owner(op)
    name = type_names.claim(
        class_name(owner) + class_name(op.name) + "Params", key=f"params {_key(op)}"
    )
    fields = tuple(
        Field(
            p.name,
            p.name,
            p.type,
            f"Required[{p.annotation}]" if p.required else p.annotation,
            p.required,
            p.description,
        )
        for p in keyword
    )
    converter.definitions[name] = TypedDictDef(
        name, module, fields, f"The keyword parameters of `{op.python_method}`.", op.source
    )
    return dataclasses.replace(op, params_type=TRef(name, module, "typeddict"))


def exported(converter: SchemaConverter, entry: Export) -> Export:
    """`entry` with the flat name that serves it: a component schema no operation
    names (its uses inlined) is defined here; an allOf that only adds `required`
    is its base's model. `Flat[]`: the item of the list `Flat`, an alias of its own
    beside it (`AssistantTool`, one of the union `AssistantTools` lists)."""
    official, flat = entry
    listed = flat.removesuffix(LIST_ITEM)
    if listed == flat and (
        flat in converter.definitions or flat + "Param" in converter.definitions
    ):
        return entry
    component = next((c for c, cls in converter.class_of.items() if cls == listed), None)
    ref = converter.export(component) if component is not None else None
    if ref is None:
        return entry
    if listed == flat:
        return (official, ref.name)
    alias = converter.definitions[ref.name]
    if not isinstance(alias, AliasDef) or not isinstance(alias.type, TList):
        return entry  # not a list: the name stays unserved, which the official-SDK test reports
    item = alias.type.item
    name = converter.type_names.claim(official, key=f"item {alias.source}")
    converter.definitions[name] = AliasDef(
        name, alias.module, item, annotation(item), f"One item of `{ref.name}`.", alias.source
    )
    return (official, name)
