"""Render a structured type as a Python annotation string (pure formatting)."""

from __future__ import annotations

from collections.abc import Iterator

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


def annotation(t: TypeExpr) -> str:
    if isinstance(t, TPrim):
        return t.name
    if isinstance(t, TAny):
        return "object"
    if isinstance(t, TFile):
        return "FileTypes"
    if isinstance(t, TList):
        return f"List[{annotation(t.item)}]"
    if isinstance(t, TMap):
        return f"Dict[str, {annotation(t.value)}]"
    if isinstance(t, TLiteral):
        return f"Literal[{', '.join(repr(v) for v in t.values)}]"
    if isinstance(t, TNullable):
        return f"Optional[{annotation(t.inner)}]"
    if isinstance(t, TUnion):
        parts = list(dict.fromkeys(annotation(v) for v in t.variants))
        return parts[0] if len(parts) == 1 else f"Union[{', '.join(parts)}]"
    return t.name


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
