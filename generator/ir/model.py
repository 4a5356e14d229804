"""The intermediate representation: every fact the templates need, nothing more.

All classes are frozen; collections are tuples so the IR is hashable and its JSON
dump is deterministic. Annotations are precomputed strings (formatting of the
structured type), so templates never decide anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Union, get_args

from ..errors import Diagnostic
from ..schema.node import Scalar

Mode = Literal["response", "param"]
PrimName = Literal["str", "int", "float", "bool", "None", "bytes", "object", "datetime", "date"]


# ---- types -----------------------------------------------------------------


@dataclass(frozen=True)
class TPrim:
    name: PrimName


@dataclass(frozen=True)
class TAny:
    pass


@dataclass(frozen=True)
class TFile:
    """A multipart file upload (bytes, path, file object or (name, content, type))."""


@dataclass(frozen=True)
class TList:
    item: TypeExpr


@dataclass(frozen=True)
class TTuple:
    """A fixed-length array (`prefixItems`): one type per position."""

    items: tuple[TypeExpr, ...]


@dataclass(frozen=True)
class TMap:
    value: TypeExpr


@dataclass(frozen=True)
class TLiteral:
    values: tuple[Scalar, ...]


@dataclass(frozen=True)
class Discriminator:
    """How a union of models picks its variant from the payload.

    The tag is read at the first of `paths` (property names into nested objects)
    that holds a mapped value; a missing or unknown tag falls back to a validated
    union of `fallback` (every variant when empty).
    """

    paths: tuple[tuple[str, ...], ...]
    mapping: tuple[tuple[str, str], ...]  # (tag value, variant class name), sorted
    fallback: tuple[str, ...] = ()


@dataclass(frozen=True)
class TUnion:
    variants: tuple[TypeExpr, ...]
    discriminator: Discriminator | None = None


@dataclass(frozen=True)
class TNullable:
    inner: TypeExpr


@dataclass(frozen=True)
class TRef:
    """A named definition; `kind` tells how it renders and whether it is open."""

    name: str
    module: str
    kind: Literal["model", "typeddict", "enum", "alias"]


TypeExpr = Union[TPrim, TAny, TFile, TList, TTuple, TMap, TLiteral, TUnion, TNullable, TRef]
TYPE_EXPRS: tuple[type, ...] = get_args(TypeExpr)  # the classes, for isinstance


# ---- named definitions ------------------------------------------------------


@dataclass(frozen=True)
class Field:
    name: str  # Python attribute / keyword name
    wire: str  # JSON property name
    type: TypeExpr
    annotation: str
    required: bool
    description: str = ""


@dataclass(frozen=True)
class ModelDef:
    """A pydantic response model."""

    name: str
    module: str
    fields: tuple[Field, ...]
    description: str = ""
    source: str = ""  # JSON pointer of the schema it came from
    kind: Literal["model"] = "model"


@dataclass(frozen=True)
class TypedDictDef:
    """A request-side dict type; keys are wire names."""

    name: str
    module: str
    fields: tuple[Field, ...]
    description: str = ""
    source: str = ""
    functional: bool = False  # some keys are not identifiers: use TypedDict("X", {...})
    kind: Literal["typeddict"] = "typeddict"


@dataclass(frozen=True)
class AliasDef:
    """`Name = <annotation>`: enums (as Literal), unions, lists and scalars."""

    name: str
    module: str
    type: TypeExpr
    annotation: str
    description: str = ""
    source: str = ""
    kind: Literal["alias", "enum"] = "alias"


Definition = Union[ModelDef, TypedDictDef, AliasDef]


@dataclass(frozen=True)
class TypeModule:
    name: str  # module under <package>.types
    definitions: tuple[Definition, ...]
    imports: tuple[tuple[str, tuple[str, ...]], ...]  # (module, names) from sibling modules
    rebuild: tuple[str, ...]  # models to model_rebuild() (forward/recursive refs)


# ---- operations -------------------------------------------------------------

Location = Literal["path", "query", "header", "cookie", "body"]


@dataclass(frozen=True)
class Param:
    name: str  # Python keyword
    wire: str  # name on the wire (query key, header name, body property)
    location: Location
    type: TypeExpr
    annotation: str
    required: bool
    description: str = ""
    style: str = ""
    explode: bool = False


@dataclass(frozen=True)
class BodyContent:
    media_type: str
    encoding: Literal["json", "multipart", "form", "binary"]


@dataclass(frozen=True)
class Body:
    contents: tuple[BodyContent, ...]
    required: bool
    # "fields": object properties become keywords; "whole": one `body` keyword.
    style: Literal["fields", "whole"]


@dataclass(frozen=True)
class Twin:
    """Another method of an operation's route (specs/overrides.yaml `twins`)."""

    python_method: str
    media_types: tuple[str, ...]  # what its body goes as


@dataclass(frozen=True)
class Response:
    status: str
    media_type: str
    type: TypeExpr | None
    annotation: str


PageKind = Literal["page_number", "cursor", "item_cursor", "next_uri"]


@dataclass(frozen=True)
class Pagination:
    """How the runtime walks a list operation's pages (rendered as its `PageSpec`)."""

    kind: PageKind
    items: tuple[str, ...]
    item: TypeExpr
    item_annotation: str
    item_lazy: str  # runtime expression that imports the item type on first use
    number_param: str | None = None
    size_param: str | None = None
    cursor_param: str | None = None
    next_cursor: tuple[str, ...] = ()
    page_number: tuple[str, ...] = ("meta", "page_number")
    total_pages: tuple[str, ...] = ("meta", "total_pages")
    has_more: tuple[str, ...] = ()
    total_items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Operation:
    operation_id: str
    http_method: str
    path: str
    python_method: str  # dotted path on the client, e.g. "addresses.actions.validate"
    resource: str  # dotted resource path, e.g. "addresses.actions"
    name: str  # method name
    endpoint: str  # module-level constant holding the Endpoint
    summary: str
    description: str
    deprecated: bool
    tags: tuple[str, ...]
    params: tuple[Param, ...]
    body: Body | None
    responses: tuple[Response, ...]
    returns_type: TypeExpr  # the parsed 2xx result
    returns: str  # its annotation
    returns_lazy: str  # runtime expression importing its types on first use (or "")
    response_kind: Literal["json", "text", "binary", "none"]
    pagination: Pagination | None
    server: str | None = None
    # How list-valued params go on the wire when not as repeated keys (wire name,
    # "csv" | "space" | "pipe" | "indexed"), e.g. `style: form, explode: false`.
    param_styles: tuple[tuple[str, str], ...] = ()
    source: str = ""  # JSON pointer of the operation
    aliases: tuple[str, ...] = ()  # more method names for it (specs/overrides.yaml `aliases`)
    # Python names of the parameters before `*`, where the official SDK's differ from
    # the rule of generator/signature.py (specs/overrides.yaml `positional`).
    positional: tuple[str, ...] = ()
    # The name of a result (page item) that has none of its own, for importing it
    # by the official SDK's name (official_types); the method keeps the plain annotation.
    result_alias: TRef | None = None
    # Its keyword parameters as a TypedDict (the official SDK's `<Resource><Method>Params`).
    params_type: TRef | None = None
    # The route's other methods, each sending the body as other media types: the
    # route's own method lists its twins, a twin the route's method and the others.
    twins: tuple[Twin, ...] = ()
    twin_of: str = ""  # a twin: the python_method of its route's own method


@dataclass(frozen=True)
class Resource:
    path: tuple[str, ...]  # ("addresses", "actions")
    attr: str  # attribute on the parent
    class_name: str  # sync class; async is "Async" + class_name
    module: str  # dotted module under <package>.resources
    is_package: bool  # has sub-resources anywhere in the spec: module is a package
    children: tuple[str, ...]  # dotted paths of child resources
    operations: tuple[str, ...]  # operation_ids in declaration order
    imports: tuple[tuple[str, tuple[str, ...]], ...] = ()  # types used by its methods
    description: str = ""  # the spec's description of the tag its operations carry


@dataclass(frozen=True)
class Webhook:
    """An incoming event the API sends (OpenAPI 3.1 `webhooks`)."""

    name: str  # key under `webhooks`
    event_types: tuple[str, ...]  # tag values that select it ("" none: fallback only)
    type: TypeExpr  # the payload model
    annotation: str
    alias: str  # e.g. CallAnsweredWebhookEvent, in the union's module ("" none)
    summary: str = ""
    source: str = ""


@dataclass(frozen=True)
class Example:
    """Arguments that make a valid call of one operation (for the guides)."""

    python_method: str
    positional: tuple[str, ...]  # Python literals of the path params
    keywords: tuple[tuple[str, str], ...]  # (keyword, Python literal)


@dataclass(frozen=True)
class Guide:
    """One per-section guide: the section of `specs/sections.yaml` and its operations."""

    section: str
    tags: tuple[str, ...]  # the section's tags its operations carry, sorted
    operations: tuple[str, ...]  # python_method of each, in document order


@dataclass(frozen=True)
class IR:
    package: str
    client_name: str
    title: str
    version: str
    package_version: str  # info.version if it is a valid PEP 440 version, else 0.0.0
    spec_sha256: str
    base_url: str
    env_prefix: str
    error_root: str  # the class every exception of the package derives from
    operations: tuple[Operation, ...]
    resources: tuple[Resource, ...]
    type_modules: tuple[TypeModule, ...]
    webhooks: tuple[Webhook, ...] = ()
    webhook_union: TRef | None = None  # what `client.webhooks.unwrap` returns
    # The document declares `webhooks`: the package verifies them (`client.webhooks`,
    # `_webhooks.py`, cryptography as the `webhooks` extra).
    has_webhooks: bool = False
    # The OAuth2 client-credentials token URL of the spec's security schemes ("" none).
    oauth_token_url: str = ""
    # (scope, key, name) for every keyed claim: the next run's NameLock (`names.lock`).
    name_lock: tuple[tuple[str, str, str], ...] = ()
    # specs/overrides.yaml `types:`: (subpackage, flat type names) re-exported there.
    # {subpackage of `types`: ((official name, flat name), ...)} (official_types)
    type_exports: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    # Parts of the document generated through a fallback instead of as written.
    diagnostics: tuple[Diagnostic, ...] = ()
    # Documentation facts built beside the IR (generator/docs): guides need sections.
    examples: tuple[Example, ...] = ()
    guides: tuple[Guide, ...] = ()
    readme_first: tuple[str, ...] = ()  # python_method of the README's first examples
    project_urls: tuple[tuple[str, str], ...] = ()  # (label, url) for the package index
