"""Union, literal and enum types built from values and variants (pure)."""

from __future__ import annotations

from ..schema.node import Scalar
from .model import Discriminator, PrimName, TLiteral, TPrim, TRef, TUnion, TypeExpr

# A type checker takes ints in Literal[...] only within 64 bits, and no floats.
_LITERAL_INTS = range(-(2**63), 2**63)


def union(variants: list[TypeExpr], discriminator: Discriminator | None = None) -> TypeExpr:
    """The union of the distinct variants (the one variant itself when only one)."""
    unique = list(dict.fromkeys(variants))
    if len(unique) == 1:
        return unique[0]
    return TUnion(tuple(unique), discriminator)


def enum_type(values: tuple[Scalar, ...]) -> TypeExpr:
    """`Literal[...]` of the values; floats and ints beyond 64 bits widen to their type."""
    fits: list[Scalar] = []
    wide: list[Scalar] = []
    for v in values:
        ok = not isinstance(v, float) and (not isinstance(v, int) or v in _LITERAL_INTS)
        (fits if ok else wide).append(v)
    parts: list[TypeExpr] = [TLiteral(tuple(fits))] if fits else []
    parts += value_types(tuple(wide))
    return union(parts) if parts else TPrim("None")


def value_types(values: tuple[Scalar, ...]) -> tuple[TypeExpr, ...]:
    """The distinct base types of the values, in order."""
    kinds: list[TypeExpr] = []
    for v in values:
        t = TPrim(_prim_of(v))
        if t not in kinds:
            kinds.append(t)
    return tuple(kinds)


def _prim_of(value: Scalar) -> PrimName:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    return "float" if isinstance(value, float) else "str"


def response_enum(t: TypeExpr, values: tuple[Scalar, ...]) -> TypeExpr:
    """A response enum: its closed `Literal` (type checkers see the values; the
    runtime keeps a value a newer API adds).

    When bools meet ints, pydantic's Literal takes 0/1 for False/True (and back):
    the base types alone parse each value as itself.
    """
    kinds = list(value_types(values))
    if TPrim("bool") in kinds and TPrim("int") in kinds:
        return union(kinds)
    return t


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
