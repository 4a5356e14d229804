"""The official SDK's type import paths: `from telnyx.types.calls import ActionStartRecordingResponse`.

The generated `types` package stays flat (a module per schema, `<resource>_types`
per resource); the official SDK nests an operation's own types by resource path.
Subpackages `types/<a>/<b>/__init__.py` re-export the flat types under the
official names, lazily, with the imports visible to type checkers:

- what a method of a nested resource returns (the item type of a page) is
  also `<Singular of the last resource segment><Method>Response` in the package
  of the resource path before it: `calls.actions.start_recording` returns
  `types.calls.ActionStartRecordingResponse`; a top-level resource's in `types`
  (`oauth.retrieve` -> `types.OAuthRetrieveResponse`) unless a flat type has the name;
- `types:` in specs/overrides.yaml lists the shared types the official SDK
  imports from a subpackage (`ai: [AssistantTool, ...]`; `""` is `types` itself),
  by their flat name or, for a request-only schema, that name without `Param`;
  `{Official: Flat}` where the official name is not the flat one, `{Official:
  Flat[]}` for the item type of the list `Flat`. A flat name that is a component
  schema every use inlines is emitted for it (ir/official_names.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .ir.model import Operation, TRef, TypeModule
from .naming import class_name, file_safe, singular


@dataclass(frozen=True, slots=True, order=True)
class TypeAlias:
    package: tuple[str, ...]  # subpackage of `types` (module path parts)
    name: str  # the official name
    module: str  # the flat module under `types` that defines it
    source: str  # its name there


def subpackage_roots(
    resources: Iterable[tuple[str, ...]], exports: Mapping[str, object]
) -> frozenset[str]:
    """First-level subpackages of `types`: no flat module may take their names."""
    roots = {file_safe(r[0]) for r in resources if len(r) > 1}
    return frozenset(roots | {file_safe(p.split(".")[0]) for p in exports})


# (official name, flat name): the flat name may end in LIST_ITEM (`AssistantTools[]`,
# one item of the list `AssistantTools`) until ir/official_names.py defines that item.
Export = tuple[str, str]
LIST_ITEM = "[]"


def load_type_exports(data: Mapping[str, object]) -> dict[str, list[Export]]:
    """The `types:` section of specs/overrides.yaml: {subpackage: [entry, ...]}, an
    entry a name (official and flat) or a one-key mapping {official: flat}."""
    section = data.get("types") or {}
    if not isinstance(section, dict):
        raise ValueError("`types` must map a subpackage to a list of type names")
    return {str(k): [_export(entry, str(k)) for entry in (v or [])] for k, v in section.items()}


def _export(entry: object, package: str) -> Export:
    match entry:
        case str():
            return (entry, entry)
        case dict() if len(entry) == 1:
            [(official, flat)] = entry.items()
            return (str(official), str(flat))
        case _:
            raise ValueError(
                f"`types.{package}`: {entry!r} is neither a name nor {{official: flat}}"
            )


def type_aliases(
    operations: Iterable[Operation],
    type_modules: Iterable[TypeModule],
    exports: Mapping[str, list[Export]],
) -> tuple[TypeAlias, ...]:
    """Every official (subpackage, name) that the flat types can serve; the listed
    exports win over a method's return type of the same name."""
    where = {d.name: m.name for m in type_modules for d in m.definitions}
    found: dict[tuple[tuple[str, ...], str], TypeAlias] = {}
    for dotted, names in sorted(exports.items()):
        package = tuple(file_safe(part) for part in dotted.split(".") if part)
        for name, flat in names:
            # A schema only requests use is a TypedDict `<Name>Param`; the official
            # SDK gives it the schema's name.
            source = next((n for n in (flat, flat + "Param") if n in where), None)
            if source is not None and (package or source != name):
                found[(package, name)] = TypeAlias(package, name, where[source], source)
    for op in operations:
        resource = op.resource.split(".")
        package = tuple(file_safe(part) for part in resource[:-1])
        # What the method returns: a page's item (the official SDK's pages are
        # generic over it), else the body, whether the operation's own type or a
        # shared schema; a result with no name has an alias (ir/build.py).
        result = op.pagination.item if op.pagination else op.returns_type
        returned = result if isinstance(result, TRef) else op.result_alias
        # A method with two names has a response type under each; its keyword
        # parameters are `<...>Params` beside it.
        for suffix, ref in (("Response", returned), ("Params", op.params_type)):
            if ref is None:
                continue
            # The official SDK spells acronyms as words in its params types only:
            # `AccessIPAddressCreateResponse` but `AccessIpAddressCreateParams`.
            spell = class_name if suffix == "Response" else _capitalized
            for method in (op.name, *op.aliases):
                name = spell(singular(resource[-1])) + spell(method) + suffix
                if package or name not in where:
                    found.setdefault(
                        (package, name), TypeAlias(package, name, ref.module, ref.name)
                    )
    return tuple(sorted(found.values()))


def _capitalized(snake: str) -> str:
    """`access_ip_address` -> `AccessIpAddress`: each word capitalized, no acronyms."""
    return "".join(word[:1].upper() + word[1:] for word in snake.split("_"))
