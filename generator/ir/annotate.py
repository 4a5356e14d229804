"""Render a structured type as a Python annotation string (pure formatting)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .model import (
    Discriminator,
    TAny,
    TFile,
    TList,
    TLiteral,
    TMap,
    TNullable,
    TPrim,
    TRef,
    TUnion,
    TypeExpr,
)


def lazy_annotation(t: TypeExpr) -> str:
    """A runtime expression building the type, importing named types on first use.

    Containers go through the runtime's TypesModule helpers (`_types._list(X)`),
    since `List[<expression>]` is not something a type checker accepts.
    """
    if isinstance(t, TRef):
        return f"_types.{t.module}.{t.name}"
    if isinstance(t, TList):
        return f"_types._list({lazy_annotation(t.item)})"
    if isinstance(t, TMap):
        return f"_types._dict({lazy_annotation(t.value)})"
    if isinstance(t, TNullable):
        return f"_types._optional({lazy_annotation(t.inner)})"
    if isinstance(t, TUnion):
        parts = list(dict.fromkeys(lazy_annotation(v) for v in t.variants))
        if len(parts) == 1:
            return parts[0]
        union = f"_types._union({', '.join(parts)})"
        if t.discriminator is not None:
            return f"_types._tagged({union}, {discriminated_args(t.discriminator)})"
        return union
    if isinstance(t, TLiteral):
        return f"_types._literal({', '.join(repr(v) for v in t.values)})"
    return annotation(t)


def annotation(t: TypeExpr, ref: Callable[[TRef], str] | None = None) -> str:
    if isinstance(t, TPrim):
        return t.name
    if isinstance(t, TAny):
        return "object"
    if isinstance(t, TFile):
        return "FileTypes"
    if isinstance(t, TList):
        return f"List[{annotation(t.item, ref)}]"
    if isinstance(t, TMap):
        return f"Dict[str, {annotation(t.value, ref)}]"
    if isinstance(t, TLiteral):
        return f"Literal[{', '.join(repr(v) for v in t.values)}]"
    if isinstance(t, TNullable):
        return f"Optional[{annotation(t.inner, ref)}]"
    if isinstance(t, TUnion):
        parts = list(dict.fromkeys(annotation(v, ref) for v in t.variants))
        if len(parts) == 1:
            return parts[0]
        union = f"Union[{', '.join(parts)}]"
        if t.discriminator is not None:
            return f"Annotated[{union}, Discriminated({discriminated_args(t.discriminator)})]"
        return union
    return ref(t) if ref is not None else t.name


def discriminated_args(d: Discriminator) -> str:
    """The arguments of the runtime's `Discriminated(paths, mapping, fallback)`."""
    paths = [p[0] if len(p) == 1 else p for p in d.paths]
    shown = repr(paths[0]) if len(paths) == 1 and isinstance(paths[0], str) else repr(tuple(paths))
    mapping = "{" + ", ".join(f"{tag!r}: {name!r}" for tag, name in d.mapping) + "}"
    fallback = f", fallback={d.fallback!r}" if d.fallback else ""
    return f"{shown}, {mapping}{fallback}"


def refs(t: TypeExpr) -> Iterator[TRef]:
    """Every named definition a type mentions."""
    if isinstance(t, TRef):
        yield t
    elif isinstance(t, TList):
        yield from refs(t.item)
    elif isinstance(t, TMap):
        yield from refs(t.value)
    elif isinstance(t, TNullable):
        yield from refs(t.inner)
    elif isinstance(t, TUnion):
        for v in t.variants:
            yield from refs(v)


def typing_names(t: TypeExpr) -> set[str]:
    """Names from `typing` (and the runtime's FileTypes, Discriminated) an annotation uses."""
    if isinstance(t, TList):
        return {"List"} | typing_names(t.item)
    if isinstance(t, TMap):
        return {"Dict"} | typing_names(t.value)
    if isinstance(t, TLiteral):
        return {"Literal"}
    if isinstance(t, TNullable):
        return {"Optional"} | typing_names(t.inner)
    if isinstance(t, TUnion):
        names = set().union(*(typing_names(v) for v in t.variants))
        if len({annotation(v) for v in t.variants}) < 2:
            return names
        tagged = {"Annotated", "Discriminated"} if t.discriminator is not None else set()
        return names | {"Union"} | tagged
    if isinstance(t, TFile):
        return {"FileTypes"}
    return set()


def nullable(t: TypeExpr) -> TypeExpr:
    return t if isinstance(t, (TNullable, TAny)) or t == TPrim("None") else TNullable(t)


def strip_null(t: TypeExpr) -> TypeExpr:
    return t.inner if isinstance(t, TNullable) else t
