"""Base class for generated response models and cached validators."""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import pydantic
from pydantic.fields import FieldInfo
from pydantic_core import CoreSchema, core_schema

__all__ = [
    "BaseModel",
    "Discriminated",
    "get_adapter",
    "validate_json",
    "validate_lenient",
    "validate_python",
]


class BaseModel(pydantic.BaseModel):
    # extra="allow": new API fields must not break old clients and stay reachable.
    # protected_namespaces=(): API fields may be called `model_*`.
    model_config = pydantic.ConfigDict(
        extra="allow", populate_by_name=True, protected_namespaces=()
    )

    def to_dict(self, *, by_alias: bool = True, exclude_unset: bool = True) -> dict[str, Any]:
        """JSON-compatible dict using wire names, without unset fields."""
        # warnings=False: a body that drifted from the spec keeps raw values on purpose.
        return self.model_dump(
            mode="json", by_alias=by_alias, exclude_unset=exclude_unset, warnings=False
        )

    def to_json(self, *, indent: int | None = 2, exclude_unset: bool = True) -> str:
        return self.model_dump_json(
            indent=indent, by_alias=True, exclude_unset=exclude_unset, warnings=False
        )


_FALLBACK = "\x00fallback"  # not a JSON-text tag a spec could map


class Discriminated:
    """Marks a union of models as tagged: ``Annotated[Union[A, B], Discriminated(...)]``.

    The tag is read at the first of ``paths`` (each a property name or a path
    into nested objects, e.g. ``("data", "event_type")``) holding a mapped value,
    and picks the one variant to validate, so a payload is checked once and an
    error names the fields of the variant the tag says it is. A missing or
    unknown tag (an API newer than the spec) falls back to a validated union of
    the ``fallback`` variants (all of them by default) instead of failing.
    Variants are named by class name; type checkers see the plain union.
    """

    __slots__ = ("fallback", "mapping", "paths")

    def __init__(
        self,
        paths: str | tuple[str | tuple[str, ...], ...],
        mapping: Mapping[str, str],
        fallback: tuple[str, ...] | None = None,
    ) -> None:
        if isinstance(paths, str):
            paths = (paths,)
        self.paths = tuple((p,) if isinstance(p, str) else tuple(p) for p in paths)
        self.mapping = dict(mapping)
        self.fallback = fallback

    def tag(self, value: Any) -> str:
        for path in self.paths:
            node = value
            for key in path:
                node = node.get(key) if isinstance(node, dict) else None
            if isinstance(node, str) and node in self.mapping:
                return node
        return _FALLBACK

    def __get_pydantic_core_schema__(
        self, source: Any, handler: pydantic.GetCoreSchemaHandler
    ) -> CoreSchema:
        variants = {getattr(v, "__name__", ""): v for v in get_args(source)}
        choices: dict[Any, CoreSchema] = {
            tag: handler.generate_schema(variants[name])
            for tag, name in self.mapping.items()
            if name in variants
        }
        others = [variants[n] for n in self.fallback or () if n in variants]
        rest = Union[tuple(others)] if others else source
        choices[_FALLBACK] = handler.generate_schema(rest)
        return core_schema.tagged_union_schema(choices, self.tag)


# Building a TypeAdapter compiles a validator; doing it per response is slow.
_ADAPTERS: dict[Any, pydantic.TypeAdapter[Any]] = {}


def get_adapter(tp: Any) -> pydantic.TypeAdapter[Any]:
    try:
        return _ADAPTERS[tp]
    except KeyError:
        adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(tp)
        _ADAPTERS[tp] = adapter
        return adapter
    except TypeError:  # unhashable type expression (e.g. Annotated with a dict)
        return pydantic.TypeAdapter(tp)


def _is_model(tp: Any) -> bool:
    return inspect.isclass(tp) and issubclass(tp, pydantic.BaseModel)


def validate_json(tp: Any, data: bytes | str) -> Any:
    """Parse and validate JSON text; raises ``pydantic.ValidationError``."""
    if _is_model(tp):
        return tp.model_validate_json(data)
    return get_adapter(tp).validate_json(data)


def validate_python(tp: Any, data: object) -> Any:
    if _is_model(tp):
        return tp.model_validate(data)
    return get_adapter(tp).validate_python(data)


def validate_lenient(tp: Any, data: object) -> Any:
    """``data`` as ``tp`` as far as it fits, for a body that failed validation.

    Models keep every field: a value that validates is validated, one that does
    not keeps its raw value (nested models are rebuilt the same way), and fields
    the model does not declare are kept as extras. The API's answer reaches the
    caller even when it drifts from the spec (a new enum value, a null the spec
    did not allow).
    """
    return _lenient(tp, data)[0]


def _lenient(tp: Any, data: object) -> tuple[Any, int]:
    """(value, number of values that kept their raw form)."""
    try:
        return validate_python(tp, data), 0
    except pydantic.ValidationError:
        pass
    origin, args = get_origin(tp), get_args(tp)
    if _is_model(tp) and isinstance(data, dict):
        return _lenient_model(tp, data)
    if origin is Annotated:
        return _lenient(args[0], data)
    if origin in (list, tuple, set, frozenset) and isinstance(data, list) and args:
        items = [_lenient(args[0], item) for item in data]
        return [v for v, _ in items], sum(n for _, n in items)
    if origin is dict and isinstance(data, dict) and len(args) == 2:
        entries = {k: _lenient(args[1], v) for k, v in data.items()}
        return {k: v for k, (v, _) in entries.items()}, sum(n for v, n in entries.values())
    if origin in (Union, UnionType):
        tries = [_lenient(arg, data) for arg in args if arg is not type(None)]
        candidates = [t for t in tries if t[0] is not data]  # those that made something
        if candidates:
            return min(candidates, key=lambda t: t[1])
    return data, 1


def _lenient_model(model: type[pydantic.BaseModel], data: dict[str, Any]) -> tuple[Any, int]:
    by_wire = {(f.alias or name): (name, f) for name, f in model.model_fields.items()}
    values: dict[str, Any] = {}
    extras: dict[str, Any] = {}
    failures = 0
    for key, raw in data.items():
        if key not in by_wire:
            extras[key] = raw
            continue
        name, field = by_wire[key]
        values[name], failed = _lenient(_field_type(field), raw)
        failures += failed
    instance = model.model_construct(_fields_set=set(values), **values)
    if extras and model.model_config.get("extra") == "allow":
        instance.__pydantic_extra__ = {**(instance.__pydantic_extra__ or {}), **extras}
    return instance, failures


def _field_type(field: FieldInfo) -> Any:
    # The annotation with its metadata (a Discriminated marker must still apply).
    return Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
