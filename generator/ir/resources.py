"""Where each operation lives on the client: resource path and method name.

Names are planned over every operation of the document (not just the selected
sections), so a name never depends on what else was selected.

Rules (the official Telnyx SDK's conventions):
- `/things` GET -> `things.list`, POST -> `things.create`
- `/things/{id}` GET -> `retrieve`, PATCH/PUT -> `update`, DELETE -> `delete`
- `/things/actions/verb` and `/things/{id}/actions/verb` -> `things.actions.verb`
- `/things/{id}/verb` -> `things.verb` (GET/POST), `update_verb`, `delete_verb`,
  unless `verb` is itself a collection (`/things/{id}/verb/{x}` exists, or it has
  both GET and POST), then it is a sub-resource `things.verb`.
- with `"*": {leaf_calls: true}` in the overrides, `/things/verb` with a single
  operation and no paths below it is a call on `things` too: POST ->
  `things.verb`, GET -> `retrieve_verb`, PATCH/PUT -> `update_verb`, DELETE ->
  `delete_verb` (`/oauth/token` -> `oauth.token`).
- `specs/overrides.yaml` names what no rule predicts (and `aliases`, more names
  for one method, and `twins`, more methods for one route); on a clash, the operation sorted first keeps the rule name
  and the other falls back to its operationId.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import GeneratorError
from ..naming import RESOURCE_RESERVED, NameLock, Namespace, attribute, snake
from ..schema.document import HTTP_METHODS

# path -> method -> operationId ("" none): every operation of the document.
Paths = Mapping[str, Mapping[str, str]]
_CRUD_ITEM = {
    "get": "retrieve",
    "patch": "update",
    "put": "update",
    "delete": "delete",
    "post": "create",
}
_CRUD_COLLECTION = {
    "get": "list",
    "post": "create",
    "patch": "update",
    "put": "update",
    "delete": "delete",
}


@dataclass(frozen=True)
class Placement:
    resource: tuple[str, ...]
    method: str
    aliases: tuple[str, ...] = ()  # more names of the same method (overrides `aliases`)
    # More methods of the same route, one per media type of its body: (media type,
    # method name) (overrides `twins`).
    twins: tuple[tuple[str, str], ...] = ()


def operation_key(method: str, path: str) -> str:
    return f"{method.upper()} {path}"


def override_error(route: str, message: str) -> GeneratorError:
    """A mistake in the override of `route` ("METHOD /path"), located in its file."""
    return GeneratorError(f"{route}: {message}", file="specs/overrides.yaml")


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _segment_name(segment: str) -> str:
    return attribute(segment.replace("{", "").replace("}", ""), reserved=RESOURCE_RESERVED)


def _rule(path: str, method: str, paths: Paths, leaf_calls: bool) -> Placement:
    segments = [s for s in path.strip("/").split("/") if s]
    static = [(i, s) for i, s in enumerate(segments) if not _is_param(s)]
    names = tuple(_segment_name(s) for _, s in static) or ("root",)
    if not segments or _is_param(segments[-1]):
        return Placement(names, _CRUD_ITEM.get(method, method))
    last_index, _ = static[-1]
    after_param = last_index > 0 and _is_param(segments[last_index - 1])
    under_actions = len(names) >= 2 and names[-2] == "actions" and static[-2][0] == last_index - 1
    if under_actions and len(names) > 2:
        return Placement(names[:-1], names[-1])
    if after_param and not _is_collection(path, paths):
        verb = names[-1]
        name = {"patch": f"update_{verb}", "put": f"update_{verb}", "delete": f"delete_{verb}"}
        # `/{id}/verb` has no resource before the verb: it goes on `root` like `/{id}`.
        return Placement(names[:-1] or ("root",), name.get(method, verb))
    if leaf_calls and len(names) >= 2 and not after_param and _is_leaf_verb(path, paths):
        verb = names[-1]
        name = {
            "get": f"retrieve_{verb}",
            "patch": f"update_{verb}",
            "put": f"update_{verb}",
            "delete": f"delete_{verb}",
        }
        return Placement(names[:-1], name.get(method, verb))
    return Placement(names, _CRUD_COLLECTION.get(method, method))


def _renamed(placement: Placement, path: str, prefixes: dict[str, tuple[str, ...]]) -> Placement:
    for prefix in sorted(prefixes, key=len, reverse=True):  # the longest prefix wins
        if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
            replaced = len([s for s in prefix.strip("/").split("/") if s and not _is_param(s)])
            return Placement(prefixes[prefix] + placement.resource[replaced:], placement.method)
    return placement


def _is_leaf_verb(path: str, paths: Paths) -> bool:
    """`/things/verb` with one operation and nothing below it is a call on `things`
    (`/oauth/token` -> `oauth.token`), not a resource of its own."""
    return len(paths.get(path, {})) == 1 and not any(p.startswith(path + "/") for p in paths)


def _is_collection(path: str, paths: Paths) -> bool:
    item = paths.get(path, {})
    if "get" in item and "post" in item:
        return True
    prefix = path + "/"
    return any(p.startswith(prefix) for p in paths)


def plan_placements(
    paths: Paths,
    overrides: dict[str, dict[str, Any]],
    lock: NameLock | None = None,
) -> dict[tuple[str, str], Placement]:
    """(path, method) -> Placement for every operation in the document."""
    keys = [
        (path, method) for path in sorted(paths) for method in HTTP_METHODS if method in paths[path]
    ]
    # "/prefix": {resource: a.b} renames the resource of every operation under a prefix.
    prefixes = {
        key: tuple(part for part in str(value["resource"]).split(".") if part)
        for key, value in overrides.items()
        if key.startswith("/") and isinstance(value.get("resource"), str)
    }
    # `"*": {leaf_calls: true}` turns on the single-operation-leaf rule (the Telnyx
    # SDK's convention; OpenAI-style APIs keep `chat.completions.create`).
    leaf_calls = overrides.get("*", {}).get("leaf_calls") is True
    wanted: dict[tuple[str, str], Placement] = {}
    for path, method in keys:
        override = overrides.get(operation_key(method, path), {})
        dotted = override.get("python_method")
        if isinstance(dotted, str):
            *res, name = dotted.split(".")
            wanted[(path, method)] = Placement(tuple(res), name)
        else:
            placement = _renamed(_rule(path, method, paths, leaf_calls), path, prefixes)
            renamed = override.get("method")
            wanted[(path, method)] = (
                Placement(placement.resource, renamed) if isinstance(renamed, str) else placement
            )

    # Child resource names are reserved in their parent's method namespace.
    namespaces: dict[tuple[str, ...], Namespace] = {}
    for placement in wanted.values():
        for depth in range(len(placement.resource)):
            parent = placement.resource[:depth]
            ns = namespaces.setdefault(parent, Namespace(RESOURCE_RESERVED))
            child = placement.resource[depth]
            if child not in ns:
                ns.claim(child)

    for placement in wanted.values():
        namespaces.setdefault(placement.resource, Namespace(RESOURCE_RESERVED))
    # Methods keep the names they held in the previous run (children keep theirs).
    if lock is not None:
        for resource, ns in sorted(namespaces.items()):
            ns.attach(lock, "methods " + ".".join(resource))
    result: dict[tuple[str, str], Placement] = {}
    explicit = [k for k in keys if operation_key(k[1], k[0]) in overrides]
    explicit_set = set(explicit)
    for path, method in explicit + [k for k in keys if k not in explicit]:
        placement = wanted[(path, method)]
        ns = namespaces[placement.resource]
        key = f"{method} {path}"
        name = attribute(placement.method, reserved=RESOURCE_RESERVED)
        if (path, method) in explicit_set:
            ns.unreserve(name)  # an override names it now: it beats what the lock held
        if not ns.free(name, key):
            op_id = paths[path][method]
            fallback = snake(op_id) if op_id else f"{method}_{snake(path)}"
            name = attribute(fallback, reserved=RESOURCE_RESERVED)
        claimed = ns.claim(name, key=key)
        override = overrides.get(operation_key(method, path), {})
        aliases = override_aliases(override)
        twins = override_twins(override, operation_key(method, path))
        result[(path, method)] = Placement(
            placement.resource,
            claimed,
            tuple(ns.claim(a, key=f"{key} alias {a}") for a in aliases),
            tuple(
                (media_type, ns.claim(name, key=f"{key} twin {media_type}"))
                for media_type, name in twins
            ),
        )
    return result


def override_aliases(override: dict[str, Any]) -> tuple[str, ...]:
    """`aliases: [name, ...]`: the official SDK names some routes twice."""
    names = override.get("aliases") or []
    return tuple(attribute(str(n), reserved=RESOURCE_RESERVED) for n in names)


def override_twins(override: dict[str, Any], route: str) -> tuple[tuple[str, str], ...]:
    """`twins: {media type: name}`: a method more for the route, sending its body as
    that media type only (a file upload beside the official SDK's JSON method)."""
    twins = override.get("twins") or {}
    if not isinstance(twins, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in twins.items()
    ):
        raise override_error(route, "`twins` must map media types to method names")
    return tuple(
        (media_type, attribute(name, reserved=RESOURCE_RESERVED))
        for media_type, name in twins.items()
    )
