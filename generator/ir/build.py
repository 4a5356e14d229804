"""Assemble the IR for the selected operations of a document."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..naming import (
    MODULE_RESERVED,
    NameLock,
    Namespace,
    class_name,
    file_safe,
    snake,
    words,
)
from ..official_types import Export, subpackage_roots
from ..schema.document import Document
from .annotate import refs
from .model import (
    IR,
    Operation,
    Resource,
    TypeExpr,
)
from .official_names import exported, name_result, params_type
from .operations import OperationBuilder, RouteOverride
from .resources import Placement, operation_key, plan_placements
from .schemas import TYPE_MODULE_IMPORTS, SchemaConverter
from .webhooks import build_webhooks

# Attributes of the generated client classes that a resource may not take.
CLIENT_RESERVED = frozenset(
    {
        "api_key",
        "base_url",
        "timeout",
        "max_retries",
        "with_options",
        "copy",
        "close",
        "request",
        "request_page",
        "webhooks",
        "public_key",
        "default_headers",
        "default_query",
        "backoff_scale",
        "is_closed",
        # Raw routes and OAuth2 settings of the runtime's client.
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "client_id",
        "client_secret",
        "strict_response_validation",
        "with_raw_response",
        "with_streaming_response",
    }
)


# Names the generated resource modules import: no type or resource class may take
# them (a schema called `NotGiven` would shadow the runtime's sentinel there).
RESOURCE_MODULE_IMPORTS = frozenset(
    {
        "NOT_GIVEN",
        "NotGiven",
        "RequestOptions",
        "Endpoint",
        "PageSpec",
        "Lazy",
        "TypesModule",
        "SyncPage",
        "AsyncPaginator",
        "SyncAPIResource",
        "AsyncAPIResource",
        "Unpack",
        "ExtraHeaders",
        "ExtraQuery",
        "ExtraBody",
        "RequestTimeout",
        "FileTypes",
        "BinaryAPIResponse",
        "RawResponseView",
        "StreamingResponseView",
        "TYPE_CHECKING",
    }
)
# What `_client.py` imports besides the resources: the client class may not take it.
CLIENT_MODULE_IMPORTS = frozenset(
    {
        "SyncAPIClient",
        "AsyncAPIClient",
        "Webhooks",
        "AsyncWebhooks",
        "ClassVar",
        "ClientRawResponseView",
        "ClientStreamingResponseView",
        "WebhookAPIClient",
        "AsyncWebhookAPIClient",
        "TYPE_CHECKING",
    }
)
# What the package's `__init__.py` imports beside the client classes: an API titled
# `Page API` must not name its client `Page`, whose `AsyncPage` is the runtime's page.
PACKAGE_INIT_IMPORTS = frozenset(
    {
        "TYPE_CHECKING",
        "Any",
        "DEFAULT_MAX_RETRIES",
        "DEFAULT_TIMEOUT",
        "APIConnectionError",
        "APIError",
        "APIResponseValidationError",
        "APIStatusError",
        "APITimeoutError",
        "AuthenticationError",
        "BadRequestError",
        "ConflictError",
        "InternalServerError",
        "NotFoundError",
        "PermissionDeniedError",
        "RateLimitError",
        "UnprocessableEntityError",
        "WebhookVerificationError",
        "AsyncPage",
        "AsyncPaginator",
        "SyncPage",
        "APIResponse",
        "AsyncAPIResponse",
        "AsyncStreamedResponse",
        "StreamedResponse",
        "BinaryAPIResponse",
        "AsyncBinaryAPIResponse",
        "DefaultHttpxClient",
        "DefaultAsyncHttpxClient",
        "NOT_GIVEN",
        "NotGiven",
    }
)


def build_ir(
    document: dict[str, Any],
    selected: Iterable[tuple[str, str]],
    *,
    package: str,
    spec_sha256: str,
    overrides: dict[str, dict[str, Any]],
    file: str | None = None,
    locked: Mapping[tuple[str, str], str] | None = None,
    type_exports: Mapping[str, list[Export]] | None = None,
) -> IR:
    """The IR of the `selected` operations; `locked` is the previous run's names (NameLock)."""
    doc = Document(document, file=file)
    lock = NameLock(locked)
    # The client class is the package's main name: reserved first, so a schema or
    # resource of the same name (`Users` the API, `/users` the path) gives way.
    client = _client_name(doc.title)
    type_names = Namespace(
        TYPE_MODULE_IMPORTS | RESOURCE_MODULE_IMPORTS | {client, f"Async{client}"},
        lock=lock,
        scope="types",
    )
    placements = plan_placements(doc.paths, overrides, lock)
    exports = dict(type_exports or {})
    # `types/<root>/` subpackages hold the official SDK's import paths (official_types).
    roots = subpackage_roots((p.resource for p in placements.values()), exports)
    module_names = Namespace(MODULE_RESERVED | {"__init__"} | roots, lock=lock, scope="modules")
    converter = SchemaConverter(doc.schemas, type_names, module_names)
    _check_top_level(placements)

    layout = _Layout.of(placements, module_names, type_names)
    type_module = layout.type_module
    operations = _operations(
        doc, selected, placements, overrides, OperationBuilder(converter), type_module
    )
    if not placements:
        # A document of types alone (no operation uses them): its component
        # schemas, as response models, are the package.
        for name in converter.reader.component_names():
            converter.named(name, "response")
    resources = _resources(
        operations, layout.resource_class, layout.parents, doc.tag_descriptions()
    )
    webhooks, webhook_union = build_webhooks(doc, converter, type_names, module_names)
    # After everything else: a type emitted only for its official name takes no
    # name or module from the types the operations and webhooks need.
    for i, op in enumerate(operations):
        module = type_module[tuple(op.resource.split("."))]
        named = name_result(op, converter, type_names, module)
        operations[i] = params_type(named, converter, type_names, module)
    exports = {
        package: [exported(converter, entry) for entry in entries]
        for package, entries in exports.items()
    }
    return IR(
        package=package,
        client_name=client,
        title=doc.title,
        version=doc.version,
        package_version=_package_version(doc.version),
        spec_sha256=spec_sha256,
        base_url=doc.base_url(),
        env_prefix=snake(client).upper(),
        error_root=_error_root(client),
        operations=tuple(operations),
        resources=resources,
        type_modules=converter.modules(),
        webhooks=webhooks,
        webhook_union=webhook_union,
        has_webhooks=doc.has_webhooks(),
        oauth_token_url=doc.oauth_token_url(),
        name_lock=lock.entries(),
        type_exports=tuple((k, tuple(v)) for k, v in sorted(exports.items())),
    )


@dataclass(frozen=True)
class _Layout:
    """Where each resource node lives: its types module and its class name (and which
    nodes have children). Decided from the whole document, so a selection of
    operations does not move anything."""

    parents: frozenset[tuple[str, ...]]
    type_module: Mapping[tuple[str, ...], str]
    resource_class: Mapping[tuple[str, ...], str]

    @classmethod
    def of(
        cls,
        placements: Mapping[tuple[str, str], Placement],
        module_names: Namespace,
        type_names: Namespace,
    ) -> _Layout:
        nodes = sorted(
            {p.resource[: i + 1] for p in placements.values() for i in range(len(p.resource))}
        )
        type_module = {
            node: module_names.claim(
                snake("_".join(node)) + "_types", fold_case=True, key="resource " + ".".join(node)
            )
            for node in nodes
        }
        # Resource classes share the namespace of type names: a resource module
        # imports types, and `Dir` the resource must not shadow `Dir` the model.
        resource_class = {
            node: _claim_class(type_names, class_name("_".join(node)), "resource " + ".".join(node))
            for node in nodes
        }
        return cls(frozenset(node[:-1] for node in nodes), type_module, resource_class)


def _operations(
    doc: Document,
    selected: Iterable[tuple[str, str]],
    placements: Mapping[tuple[str, str], Placement],
    overrides: dict[str, dict[str, Any]],
    builder: OperationBuilder,
    type_module: Mapping[tuple[str, ...], str],
) -> list[Operation]:
    """The IR operations of `selected`, in order; endpoint names are unique per resource."""
    endpoint_names: dict[tuple[str, ...], Namespace] = {}
    operations: list[Operation] = []
    for path, method in selected:
        placement = placements[(path, method)]
        # `_types` is the resource module's lazy types handle (a method `types`).
        names = endpoint_names.setdefault(placement.resource, Namespace({"_types"}))
        key = operation_key(method, path)
        operations.extend(
            builder.build_route(
                doc.operation(path, method),
                placement,
                type_module=type_module[placement.resource],
                endpoints=names,
                route=RouteOverride.of(overrides.get(key, {}), key),
            )
        )
    return operations


def _client_name(title: str) -> str:
    name = class_name((words(title) or ["api"])[0], fallback="Client")
    if {name, f"Async{name}"} & (
        CLIENT_MODULE_IMPORTS | RESOURCE_MODULE_IMPORTS | TYPE_MODULE_IMPORTS | PACKAGE_INIT_IMPORTS
    ):
        name += "Client"
    return name


def _error_root(client: str) -> str:
    """`TelnyxError` for the `Telnyx` client; `Client` + "Error" unless that is
    one of the package's own exception names (a client `Conflict`)."""
    name = f"{client}Error"
    return name if name not in PACKAGE_INIT_IMPORTS else f"{client}ClientError"


def _check_top_level(placements: dict[tuple[str, str], Placement]) -> None:
    """Resources must not shadow the client's own attributes (e.g. `webhooks`)."""
    for key, placement in list(placements.items()):
        if placement.resource and placement.resource[0] in CLIENT_RESERVED:
            renamed = (placement.resource[0] + "_resource", *placement.resource[1:])
            placements[key] = Placement(renamed, placement.method)


_VIEW_SUFFIXES = ("WithRawResponse", "WithStreamingResponse")


def _claim_class(names: Namespace, preferred: str, key: str) -> str:
    """A resource class name that is free together with its `Async` twin.

    `_client.py` imports the top-level resource classes beside its own imports, so a
    resource called `ClassVar` would turn its `ClassVar[str]` annotations into the class.
    The name the lock says `key` held comes first.
    """
    candidates = [preferred, f"{preferred}Resource"] + [
        f"{preferred}Resource{n}" for n in range(2, 100)
    ]
    candidates.sort(key=lambda c: not (c in names and names.free(c, key)))  # held: first
    for candidate in candidates:
        pair = {(candidate, key), (f"Async{candidate}", f"{key} async")}
        # Its response views too: a sub-resource `with_raw_response` of `Dir` would
        # otherwise be `DirWithRawResponse`, the class of `Dir`'s raw view.
        views = [f"{p}{candidate}{s}" for p in ("", "Async") for s in _VIEW_SUFFIXES]
        if (
            not {c for c, _ in pair} & CLIENT_MODULE_IMPORTS
            and all(names.free(c, k) for c, k in pair)
            and all(names.free(v) for v in views)
        ):
            for view in views:
                names.claim(view)  # follows from the class name: not kept in the lock
            names.claim(f"Async{candidate}", key=f"{key} async")
            return names.claim(candidate, key=key)
    raise AssertionError(f"no free class name for {preferred}")


def _resources(
    operations: list[Operation],
    resource_class: Mapping[tuple[str, ...], str],
    parents: frozenset[tuple[str, ...]],
    tag_descriptions: Mapping[str, str],
) -> tuple[Resource, ...]:
    nodes: dict[tuple[str, ...], list[Operation]] = {}
    for op in operations:
        path = tuple(op.resource.split("."))
        for i in range(1, len(path) + 1):
            nodes.setdefault(path[:i], [])
        nodes[path].append(op)
    result = []
    for node in sorted(nodes):
        children = tuple(".".join(c) for c in sorted(nodes) if c[:-1] == node)
        ops = nodes[node]
        imports: dict[str, set[str]] = {}
        for op in ops:
            types: list[TypeExpr] = [p.type for p in op.params]
            types += [r.type for r in op.responses if r.type is not None]
            types += [op.pagination.item] if op.pagination else []
            for t in types:
                for r in refs(t):
                    imports.setdefault(r.module, set()).add(r.name)
        result.append(
            Resource(
                path=node,
                attr=node[-1],
                class_name=resource_class[node],
                module=".".join(file_safe(part) for part in node),
                is_package=node in parents,
                children=children,
                operations=tuple(op.python_method for op in ops),
                imports=tuple((m, tuple(sorted(n))) for m, n in sorted(imports.items())),
                description=next(
                    (tag_descriptions[t] for op in ops for t in op.tags if tag_descriptions.get(t)),
                    "",
                ),
            )
        )
    return tuple(result)


_PEP440 = re.compile(r"^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$")


def _package_version(version: str) -> str:
    return version if _PEP440.match(version) else "0.0.0"
