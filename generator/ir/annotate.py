"""Render a structured type as a Python annotation string (pure formatting)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .model import (
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
        return parts[0] if len(parts) == 1 else f"_types._union({', '.join(parts)})"
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
        return parts[0] if len(parts) == 1 else f"Union[{', '.join(parts)}]"
    return ref(t) if ref is not None else t.name


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
    """Names from `typing` (and the runtime's FileTypes) an annotation uses."""
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
        return names | ({"Union"} if len({annotation(v) for v in t.variants}) > 1 else set())
    if isinstance(t, TFile):
        return {"FileTypes"}
    return set()


def nullable(t: TypeExpr) -> TypeExpr:
    return t if isinstance(t, (TNullable, TAny)) or t == TPrim("None") else TNullable(t)


def strip_null(t: TypeExpr) -> TypeExpr:
    return t.inner if isinstance(t, TNullable) else t
