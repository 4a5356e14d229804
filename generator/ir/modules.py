"""Definitions -> the generated `types/` modules: order, imports, rebuilds."""

from __future__ import annotations

from collections.abc import Iterable

from .annotate import refs
from .model import AliasDef, Definition, ModelDef, TypeExpr, TypeModule


def type_modules(definitions: Iterable[Definition]) -> tuple[TypeModule, ...]:
    by_module: dict[str, list[Definition]] = {}
    for definition in definitions:
        by_module.setdefault(definition.module, []).append(definition)
    result = []
    for module in sorted(by_module):
        ordered = _aliases_after_targets(sorted(by_module[module], key=lambda d: d.name))
        imports: dict[str, set[str]] = {}
        for d in ordered:
            for t in _types_of(d):
                for r in refs(t):
                    if r.module != module:
                        imports.setdefault(r.module, set()).add(r.name)
        rebuild = tuple(
            d.name for d in ordered if isinstance(d, ModelDef) and _references_own_module(d, module)
        )
        result.append(
            TypeModule(
                module,
                tuple(ordered),
                tuple((m, tuple(sorted(n))) for m, n in sorted(imports.items())),
                rebuild,
            )
        )
    return tuple(result)


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
