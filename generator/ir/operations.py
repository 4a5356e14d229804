"""One OpenAPI operation -> one IR Operation (params, body, responses, pagination)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Literal

from ..naming import PARAM_RESERVED, Namespace, attribute, class_name, singular
from ..schema.document import (
    PARAM_LOCATIONS,
    MediaType,
    OperationNode,
    Parameter,
    PropertyEncoding,
    RequestBody,
    is_json,
    media_essence,
)
from ..schema.node import Schema
from ..schema.pointer import child
from .annotate import annotation, lazy_annotation, refs, strip_null
from .model import (
    Body,
    BodyContent,
    Operation,
    Param,
    Response,
    TAny,
    TFile,
    TList,
    TPrim,
    TTuple,
    TUnion,
    Twin,
    TypeExpr,
)
from .pagination import pagination
from .resources import Placement, operation_key, override_error
from .schemas import SchemaConverter

Encoding = Literal["json", "multipart", "form", "binary"]
ResponseKind = Literal["json", "text", "binary"]
_SCALAR_TYPES = {("integer",), ("string",), ("number",), ("boolean",)}


def body_encoding(media_type: str) -> Encoding:
    mt = media_essence(media_type)
    if is_json(mt):
        return "json"
    if mt == "multipart/form-data":
        return "multipart"
    if mt == "application/x-www-form-urlencoded":
        return "form"
    return "binary"


def response_kind(media_type: str) -> ResponseKind:
    mt = media_essence(media_type)
    if is_json(mt):
        return "json"
    if mt.startswith("text/") and mt != "text/event-stream":
        return "text"
    return "binary"


@dataclasses.dataclass(frozen=True)
class RouteOverride:
    """What specs/overrides.yaml says of one route's parameters (see its header)."""

    params: Mapping[str, str] = dataclasses.field(default_factory=dict)
    positional: tuple[str, ...] = ()
    content: tuple[str, ...] = ()  # the body's media types the method offers; () all
    required: Mapping[str, bool] = dataclasses.field(default_factory=dict)
    dotted: tuple[str, ...] = ()  # query prefixes whose `<prefix>.<key>` params are one

    @classmethod
    def of(cls, raw: Mapping[str, Any], route: str) -> RouteOverride:
        """The override from its YAML mapping; a value of the wrong shape is an error."""

        def names(key: str) -> tuple[str, ...]:
            value = raw.get(key) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise override_error(route, f"`{key}` must be a list of names")
            return tuple(value)

        required = raw.get("required") or {}
        if not isinstance(required, dict) or not all(
            isinstance(k, str) and isinstance(v, bool) for k, v in required.items()
        ):
            raise override_error(route, "`required` must map parameter names to true/false")
        return cls(
            params=dict(raw.get("params") or {}),
            positional=names("positional"),
            content=names("content"),
            required=required,
            dotted=names("dotted"),
        )

    def twin(self, media_type: str) -> RouteOverride:
        """The override of the route's method for `media_type`: the route's names
        (`params`, `dotted`) hold for it; what shapes the official method does not."""
        return RouteOverride(params=self.params, content=(media_type,), dotted=self.dotted)


@dataclasses.dataclass(frozen=True)
class _Context:
    module: str  # the resource's types module, where inline types go
    prefix: str  # class name prefix of inline types (`AddressList`)
    at: str  # pointer of the operation


class OperationBuilder:
    def __init__(self, converter: SchemaConverter) -> None:
        self.converter = converter
        self.reader = converter.reader

    def build_route(
        self,
        op: OperationNode,
        placement: Placement,
        *,
        type_module: str,
        endpoints: Namespace,
        route: RouteOverride = RouteOverride(),
    ) -> list[Operation]:
        """The route's method, then a twin per media type the overrides' `twins`
        name: each sends the body as that media type, returns what the route does."""
        key = operation_key(op.method, op.path)
        main = self.build(
            op,
            placement,
            type_module=type_module,
            endpoint=endpoints.claim(f"_{placement.method}"),
            route=route,
        )
        twins = [
            self.build(
                op,
                Placement(placement.resource, name),
                type_module=type_module,
                endpoint=endpoints.claim(f"_{name}"),
                route=route.twin(_twin_media_type(op.request_body, route, media_type, key)),
                twin_of=main,
            )
            for media_type, name in placement.twins
        ]
        if not twins:
            return [main]
        every = [main, *twins]
        return [
            dataclasses.replace(
                method, twins=tuple(_twin(other) for other in every if other is not method)
            )
            for method in every
        ]

    def build(
        self,
        op: OperationNode,
        placement: Placement,
        *,
        type_module: str,
        endpoint: str,
        route: RouteOverride = RouteOverride(),
        twin_of: Operation | None = None,
    ) -> Operation:
        """One method of the route; a twin (`twin_of` the route's method) shares its
        responses, and so its result types."""
        context = _Context(type_module, _type_prefix(placement), op.at)
        key = operation_key(op.method, op.path)
        body_fields, body = self._body(
            _offered(op.request_body, route.content, key), context, route.params
        )
        taken = {p.name for p in body_fields}
        params: list[Param] = []
        names = Namespace(PARAM_RESERVED)
        groups = _dotted_groups(op.parameters, route.dotted, key)
        for raw in sorted(op.parameters, key=lambda p: PARAM_LOCATIONS.index(p.location)):
            group = groups.get(raw.name.split(".", 1)[0]) if raw.location == "query" else None
            if group is None:
                params.extend(self._params(raw, context, names, taken, placement, route.params))
            elif raw is group[0]:
                params.append(self._dotted(group, context, names))
        for field in body_fields:
            params.append(_rename(field, names.claim(field.name)))
        params = _override_required(params, route.required, key)
        responses = twin_of.responses if twin_of else tuple(self._responses(op, context))
        returns_type, kind = _result(responses)
        json_bodies = [
            r.type
            for r in responses
            if r.type is not None and response_kind(r.media_type) == "json"
        ]
        return Operation(
            operation_id=op.operation_id,
            http_method=op.method,
            path=op.path,
            python_method=".".join([*placement.resource, placement.method]),
            resource=".".join(placement.resource),
            name=placement.method,
            endpoint=endpoint,
            summary=op.summary,
            description=op.description,
            deprecated=op.deprecated,
            tags=op.tags,
            params=tuple(params),
            body=body,
            responses=responses,
            returns_type=returns_type,
            returns=annotation(returns_type),
            returns_lazy=lazy_annotation(returns_type) if any(refs(returns_type)) else "",
            response_kind=kind,
            pagination=pagination(op.method, params, json_bodies, self.converter.definitions),
            server=op.server,
            param_styles=_param_styles(params),
            source=op.at,
            aliases=placement.aliases,
            positional=_positional(route.positional, params, key),
            twin_of=twin_of.python_method if twin_of else "",
        )

    # ---- params -------------------------------------------------------------

    def _params(
        self,
        raw: Parameter,
        context: _Context,
        names: Namespace,
        body_names: set[str],
        placement: Placement,
        overrides: Mapping[str, str],
    ) -> list[Param]:
        schema_at = child(raw.at, "schema")
        # An object `page` goes out as page[number] whether deepObject or form.
        if raw.location == "query" and raw.style in ("deepObject", "form") and raw.name == "page":
            flat = self._page_params(raw, context, names)
            if flat:
                return flat
        t = self._convert(raw.schema, context, class_name(raw.name), schema_at)
        preferred = overrides.get(raw.name) or attribute(raw.name)
        if raw.location == "path" and preferred in body_names and raw.name not in overrides:
            owner = next((r for r in reversed(placement.resource) if r != "actions"), "resource")
            preferred = attribute(f"{singular(owner)}_{preferred}")
        return [
            Param(
                names.claim(preferred),
                raw.name,
                raw.location,
                t,
                annotation(t),
                raw.required,
                raw.description or self.converter.description(raw.schema, at=schema_at),
                raw.style,
                raw.explode,
            )
        ]

    def _dotted(self, group: list[Parameter], context: _Context, names: Namespace) -> Param:
        """Query params `<prefix>.<key>` as one object param `<prefix>`, a TypedDict of
        the keys (`metadata={"assistant_id": ...}` sends `metadata.assistant_id=...`)."""
        prefix = group[0].name.split(".", 1)[0]
        props = {raw.name.split(".", 1)[1]: raw.schema for raw in group}
        required = [raw.name.split(".", 1)[1] for raw in group if raw.required]
        t = self.converter.define_params_object(
            context.prefix + class_name(prefix), context.module, props, required, at=group[0].at
        )
        return Param(
            names.claim(attribute(prefix)),
            prefix,
            "query",
            t,
            annotation(t),
            bool(required),
            f"Sent as `{prefix}.<key>` query parameters.",
            "dotted",
            True,
        )

    def _page_params(self, raw: Parameter, context: _Context, names: Namespace) -> list[Param]:
        """`page[number]`/`page[size]` are flat keywords in the SDK: page_number=...
        (when `page` is an object of scalars); [] otherwise."""
        resolved, _ = self.reader.deref(raw.schema, at=child(raw.at, "schema"))
        props = resolved.properties or ()
        if not props or not all(
            self.reader.deref(s, at="")[0].types in _SCALAR_TYPES for _, s in props
        ):
            return []
        result = []
        for prop, prop_schema in props:
            prop_at = child(raw.at, "schema", "properties", prop)
            t = self._convert(prop_schema, context, f"Page{class_name(prop)}", prop_at)
            result.append(
                Param(
                    names.claim(attribute(f"page_{prop}")),
                    f"page[{prop}]",
                    "query",
                    t,
                    annotation(t),
                    False,
                    self.converter.description(prop_schema, at=prop_at),
                    "form",
                    True,
                )
            )
        return result

    def _convert(self, schema: Schema, context: _Context, suffix: str, at: str) -> TypeExpr:
        return self.converter.convert(
            schema, hint=context.prefix + suffix, module=context.module, mode="param", at=at
        )

    # ---- body ---------------------------------------------------------------

    def _body(
        self, raw: RequestBody | None, context: _Context, overrides: Mapping[str, str]
    ) -> tuple[list[Param], Body | None]:
        """Body fields (named `overrides["body.<wire>"]` where given) or the whole
        body as one param (named `overrides["body"]`, else `body`)."""
        if raw is None:
            return [], None
        encodings = {m.media_type: self._body_encoding(m) for m in raw.content}
        contents = tuple(BodyContent(mt, e) for mt, e in encodings.items())
        contents = tuple(sorted(contents, key=lambda c: c.encoding != "json"))
        # Fields of every object-shaped content type (JSON + multipart often differ:
        # the file exists only in multipart). A field is required only if every
        # content type that has fields requires it.
        fields: dict[str, Param] = {}
        required_in: list[set[str]] = []
        for media in raw.content:
            encoding = encodings[media.media_type]
            view = (
                self.converter.object_view(media.schema, at=media.at)
                if encoding != "binary" and media.schema is not None
                else None
            )
            if view is None:
                continue
            props, required_props, _ = view
            required_in.append(set(required_props))
            self._body_fields(media, encoding, props, fields, context, overrides)
        # A body named in the overrides is passed whole, as the official SDK does
        # where it does not flatten one (`update(id, *, global_ip_assignment_update_request)`).
        if fields and "body" not in overrides:
            # The SDK follows the schemas' `required`, not requestBody.required.
            always = set.intersection(*required_in)
            params = [_required(p, p.wire in always) for p in fields.values()]
            return params, Body(contents, raw.required, "fields")
        # The first content type's schema (JSON first): what the body's type describes.
        schema = next(m.schema for m in raw.content if m.media_type == contents[0].media_type)
        whole: TypeExpr = TFile()
        if contents[0].encoding != "binary" and schema is not None:
            whole = self._convert(schema, context, "Body", child(raw.at, "content"))
        name = overrides.get("body", "body")
        param = Param(name, "", "body", whole, annotation(whole), raw.required)
        return [param], Body(contents, raw.required, "whole")

    def _body_fields(
        self,
        media: MediaType,
        encoding: Encoding,
        props: dict[str, Schema],
        fields: dict[str, Param],
        context: _Context,
        overrides: Mapping[str, str],
    ) -> None:
        # Per-property `encoding` (form and multipart bodies): style and explode.
        styles = dict(media.encoding) if encoding in ("form", "multipart") else {}
        for wire, prop in props.items():
            prop_at = child(media.at, "properties", wire)
            if self.converter.skipped(prop, "param", at=prop_at, through_ref=True):
                continue
            if encoding == "multipart" and self._is_binary(prop):
                t: TypeExpr = TFile()
            elif wire in fields:
                continue
            else:
                suffix = class_name(wire, fallback="Field")
                t = self._convert(prop, context, suffix, prop_at)
            style = styles.get(wire, PropertyEncoding())
            fields[wire] = Param(
                overrides.get(f"body.{wire}") or attribute(wire),
                wire,
                "body",
                t,
                annotation(t),
                False,
                self.converter.description(prop, at=prop_at),
                style.style,
                style.explode,
            )

    def _body_encoding(self, media: MediaType) -> Encoding:
        """`*/*` (Kubernetes writes every body so) is JSON unless its schema is binary."""
        wildcard = media_essence(media.media_type) in ("*/*", "application/*")
        if wildcard and media.schema is not None and not self._is_binary(media.schema):
            return "json"
        return body_encoding(media.media_type)

    def _is_binary(self, prop: Schema) -> bool:
        target, _ = self.reader.deref(prop, at="")
        if target.format == "binary" or "contentMediaType" in target.keys:
            return True
        return target.items is not None and target.items.format == "binary"

    # ---- responses ----------------------------------------------------------

    def _responses(self, op: OperationNode, context: _Context) -> list[Response]:
        result = []
        for response in op.responses:
            if not response.content:
                result.append(Response(response.status, "", None, "None"))
            for media in response.content:
                kind = response_kind(media.media_type)
                t: TypeExpr
                if kind != "json":
                    t = TPrim("str") if kind == "text" else TPrim("bytes")
                elif media.schema is None:
                    t = TAny()
                else:
                    t = self.converter.convert(
                        media.schema,
                        hint=context.prefix + "Response",
                        module=context.module,
                        mode="response",
                        at=media.at,
                    )
                result.append(Response(response.status, media.media_type, t, annotation(t)))
        return result


def _type_prefix(placement: Placement) -> str:
    """`AddressList`: the resource (singular) and method, for inline type names."""
    owner = [*placement.resource[:-1], singular(placement.resource[-1])]
    return class_name("_".join(owner)) + class_name(placement.method)


def _required(param: Param, required: bool) -> Param:
    return dataclasses.replace(param, required=required)


def _offered(body: RequestBody | None, content: tuple[str, ...], route: str) -> RequestBody | None:
    """The request body with only the media types the overrides' `content` lists (the
    official SDK sends some bodies as JSON only)."""
    if body is None or not content:
        return body
    if unknown := set(content) - {m.media_type for m in body.content}:
        raise override_error(route, f"`content` names no media type of it: {sorted(unknown)}")
    return dataclasses.replace(
        body, content=tuple(m for m in body.content if m.media_type in content)
    )


def _twin_media_type(
    body: RequestBody | None, route: RouteOverride, media_type: str, key: str
) -> str:
    """`media_type`, checked: one of the route's body, and not one its method sends."""
    offered = [m.media_type for m in body.content] if body else []
    if media_type not in offered:
        raise override_error(key, f"`twins` names no media type of it: {media_type}")
    if not route.content or media_type in route.content:
        raise override_error(
            key,
            f"`twins` names {media_type}, which the route's method sends too "
            "(`content` lists the media types it keeps)",
        )
    return media_type


def _twin(op: Operation) -> Twin:
    return Twin(op.python_method, tuple(c.media_type for c in op.body.contents) if op.body else ())


def _dotted_groups(
    parameters: tuple[Parameter, ...], prefixes: tuple[str, ...], route: str
) -> dict[str, list[Parameter]]:
    """The query params of each `dotted` prefix, in the spec's order."""
    groups: dict[str, list[Parameter]] = {prefix: [] for prefix in prefixes}
    for raw in parameters:
        head, dot, _ = raw.name.partition(".")
        if raw.location == "query" and dot and head in groups:
            groups[head].append(raw)
    if empty := [prefix for prefix, members in groups.items() if not members]:
        raise override_error(route, f"`dotted` names no `<prefix>.<key>` query params: {empty}")
    return groups


def _override_required(
    params: list[Param], required: Mapping[str, bool], route: str
) -> list[Param]:
    """The params the overrides' `required` marks required or optional."""
    if unknown := set(required) - {p.name for p in params}:
        raise override_error(route, f"`required` names no parameter of it: {sorted(unknown)}")
    return [_required(p, required[p.name]) if p.name in required else p for p in params]


def _rename(param: Param, name: str) -> Param:
    return param if param.name == name else dataclasses.replace(param, name=name)


def _result(
    responses: tuple[Response, ...],
) -> tuple[TypeExpr, Literal["json", "text", "binary", "none"]]:
    """Type and kind of what a successful call returns."""
    kinds: tuple[ResponseKind, ...] = ("json", "text", "binary")
    for kind in kinds:
        typed = [
            r.type for r in responses if r.type is not None and response_kind(r.media_type) == kind
        ]
        if typed:
            unique = list(dict.fromkeys(typed))
            return (unique[0] if len(unique) == 1 else TUnion(tuple(unique))), kind
    return TPrim("None"), "none"


_DELIMITED = {"spaceDelimited": "space", "pipeDelimited": "pipe"}


def _param_styles(params: list[Param]) -> tuple[tuple[str, str], ...]:
    """List params that do not go out as repeated keys (`id=1&id=2`, the default):
    `style: form, explode: false` -> `id=1,2`; space/pipe delimited; and a form body
    property declared `deepObject` -> `id[0]=1&id[1]=2` (Stripe). And the object
    params the overrides group (`dotted`): `metadata.assistant_id=x`."""
    styles: list[tuple[str, str]] = []
    for p in params:
        if p.style == "dotted" and p.location == "query":
            styles.append((p.wire, "dotted"))
            continue
        is_array = isinstance(strip_null(p.type), (TList, TTuple))
        if not is_array or p.location not in ("query", "body"):
            continue
        if p.style == "deepObject" and p.location == "body":
            styles.append((p.wire, "indexed"))
        elif p.style in _DELIMITED:
            styles.append((p.wire, _DELIMITED[p.style]))
        elif p.style == "form" and not p.explode:
            styles.append((p.wire, "csv"))
    return tuple(styles)


def _positional(names: tuple[str, ...], params: list[Param], route: str) -> tuple[str, ...]:
    """The overrides' `positional` names, checked against the operation's params."""
    # Before `*` a parameter takes no default: only required ones qualify.
    required = {p.name for p in params if p.required}
    if wrong := [n for n in names if n not in required]:
        raise override_error(
            route, f"`positional` names no required parameter of it: {', '.join(wrong)}"
        )
    return names
