"""Render a structured type as a Python annotation string (pure formatting).

Every function here dispatches on the kind of `TypeExpr` with `match` and ends in
`assert_never`: a new kind that one of them forgets is a mypy error, not a
wrong annotation at run time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import assert_never

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
    TTuple,
    TUnion,
    TypeExpr,
)


def annotation(t: TypeExpr) -> str:
    match t:
        case TPrim(name=name):
            return name
        case TAny():
            return "object"
        case TFile():
            return "FileTypes"
        case TList(item=item):
            return f"List[{annotation(item)}]"
        case TTuple(items=items):
            return f"Tuple[{', '.join(annotation(i) for i in items) or '()'}]"
        case TMap(value=value):
            return f"Dict[str, {annotation(value)}]"
        case TLiteral(values=values):
            return f"Literal[{', '.join(repr(v) for v in values)}]"
        case TNullable(inner=inner):
            return f"Optional[{annotation(inner)}]"
        case TUnion(variants=variants, discriminator=disc):
            parts = list(dict.fromkeys(annotation(v) for v in variants))
            if len(parts) == 1:
                return parts[0]
            union = f"Union[{', '.join(parts)}]"
            if disc is not None:
                return f"Annotated[{union}, Discriminated({discriminated_args(disc)})]"
            return union
        case TRef(name=name):
            return name
        case _:
            assert_never(t)


def lazy_annotation(t: TypeExpr) -> str:
    """A runtime expression building the type, importing named types on first use.

    Containers go through the runtime's TypesModule helpers (`_types._list(X)`),
    since `List[<expression>]` is not something a type checker accepts.
    """
    match t:
        case TRef(name=name, module=module):
            return f"_types.{module}.{name}"
        case TList(item=item):
            return f"_types._list({lazy_annotation(item)})"
        case TTuple(items=items):
            return f"_types._tuple({', '.join(lazy_annotation(i) for i in items)})"
        case TMap(value=value):
            return f"_types._dict({lazy_annotation(value)})"
        case TNullable(inner=inner):
            return f"_types._optional({lazy_annotation(inner)})"
        case TUnion(variants=variants, discriminator=disc):
            parts = list(dict.fromkeys(lazy_annotation(v) for v in variants))
            if len(parts) == 1:
                return parts[0]
            union = f"_types._union({', '.join(parts)})"
            if disc is not None:
                return f"_types._tagged({union}, {discriminated_args(disc)})"
            return union
        case TLiteral(values=values):
            return f"_types._literal({', '.join(repr(v) for v in values)})"
        case TPrim() | TAny() | TFile():
            return annotation(t)
        case _:
            assert_never(t)


def discriminated_args(d: Discriminator) -> str:
    """The arguments of the runtime's `Discriminated(paths, mapping, fallback)`."""
    paths = [p[0] if len(p) == 1 else p for p in d.paths]
    shown = repr(paths[0]) if len(paths) == 1 and isinstance(paths[0], str) else repr(tuple(paths))
    mapping = "{" + ", ".join(f"{tag!r}: {name!r}" for tag, name in d.mapping) + "}"
    fallback = f", fallback={d.fallback!r}" if d.fallback else ""
    return f"{shown}, {mapping}{fallback}"


def refs(t: TypeExpr) -> Iterator[TRef]:
    """Every named definition a type mentions."""
    match t:
        case TRef():
            yield t
        case TList(item=inner) | TMap(value=inner) | TNullable(inner=inner):
            yield from refs(inner)
        case TUnion(variants=inners) | TTuple(items=inners):
            for v in inners:
                yield from refs(v)
        case TPrim() | TAny() | TFile() | TLiteral():
            return
        case _:
            assert_never(t)


def typing_names(t: TypeExpr) -> set[str]:
    """Names from `typing` (and the runtime's FileTypes, Discriminated) an annotation uses."""
    match t:
        case TList(item=item):
            return {"List"} | typing_names(item)
        case TTuple(items=items):
            return {"Tuple"}.union(*(typing_names(i) for i in items))
        case TMap(value=value):
            return {"Dict"} | typing_names(value)
        case TLiteral():
            return {"Literal"}
        case TNullable(inner=inner):
            return {"Optional"} | typing_names(inner)
        case TUnion(variants=variants, discriminator=disc):
            names = set().union(*(typing_names(v) for v in variants))
            if len({annotation(v) for v in variants}) < 2:
                return names
            tagged = {"Annotated", "Discriminated"} if disc is not None else set()
            return names | {"Union"} | tagged
        case TFile():
            return {"FileTypes"}
        case TPrim(name="datetime" | "date" as name):
            return {name}
        case TPrim() | TAny() | TRef():
            return set()
        case _:
            assert_never(t)


def type_kind(t: TypeExpr) -> str:
    """The kind's name in the IR's JSON dump (`"list"` for a TList...)."""
    match t:
        case TPrim():
            return "prim"
        case TAny():
            return "any"
        case TFile():
            return "file"
        case TList():
            return "list"
        case TTuple():
            return "tuple"
        case TMap():
            return "map"
        case TLiteral():
            return "literal"
        case TUnion():
            return "union"
        case TNullable():
            return "nullable"
        case TRef():
            return "ref"
        case _:
            assert_never(t)


def nullable(t: TypeExpr) -> TypeExpr:
    return t if isinstance(t, (TNullable, TAny)) or t == TPrim("None") else TNullable(t)


def strip_null(t: TypeExpr) -> TypeExpr:
    return t.inner if isinstance(t, TNullable) else t
