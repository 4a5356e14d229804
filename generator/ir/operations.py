"""One OpenAPI operation -> one IR Operation (params, body, responses, pagination)."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..naming import REQUEST_OPTION_NAMES, Namespace, attribute, class_name, singular
from ..refs import Resolver, pointer
from .annotate import annotation, lazy_annotation, refs, strip_null
from .model import (
    Body,
    BodyContent,
    Operation,
    PageKind,
    Pagination,
    Param,
    Response,
    TAny,
    TFile,
    TList,
    TMap,
    TPrim,
    TRef,
    TUnion,
    TypeExpr,
)
from .resources import Placement
from .schemas import SchemaConverter

_LOCATION_ORDER = {"path": 0, "query": 1, "header": 2, "cookie": 3}
_PAGE_NUMBER = ("page[number]", "page_number", "page", "Page")
_PAGE_SIZE = (
    "page[size]",
    "page_size",
    "per_page",
    "page[limit]",
    "limit",
    "recordsPerPage",
    "PageSize",
)
_CURSORS = (
    "page[after]",
    "page_cursor",
    "cursor",
    "PageToken",
    "page_token",
    "starting_after",
    "after",
)
_NEXT_CURSOR_PATHS = (
    ("meta", "cursors", "after"),
    ("meta", "next_page_token"),
    ("meta", "next_cursor"),
    ("next_page_token",),
    ("next_cursor",),
    ("cursor",),
)


def _encoding(media_type: str) -> str:
    mt = media_type.split(";")[0].strip().lower()
    if mt == "application/json" or mt.endswith("+json"):
        return "json"
    if mt == "multipart/form-data":
        return "multipart"
    if mt == "application/x-www-form-urlencoded":
        return "form"
    return "binary"


def _response_kind(media_type: str) -> str:
    mt = media_type.split(";")[0].strip().lower()
    if mt == "application/json" or mt.endswith("+json"):
        return "json"
    if mt.startswith("text/") and mt != "text/event-stream":
        return "text"
    return "binary"


class OperationBuilder:
    def __init__(self, resolver: Resolver, converter: SchemaConverter) -> None:
        self.resolver = resolver
        self.converter = converter

    def build(
        self,
        path: str,
        method: str,
        placement: Placement,
        *,
        type_module: str,
        endpoint: str,
        param_overrides: dict[str, str],
    ) -> Operation:
        item = self.resolver.document["paths"][path]
        op = item[method]
        at = pointer("paths", path, method)
        prefix = class_name("_".join([*placement.resource[:-1], singular(placement.resource[-1])]))
        prefix += class_name(placement.method)
        context = _Context(type_module, prefix, at)

        raw_params = self._raw_params(item, op, path, at)
        body_fields, body = self._body(op, context, param_overrides)
        taken = {p.name for p in body_fields}
        params: list[Param] = []
        names = Namespace(REQUEST_OPTION_NAMES | {"self"})
        for raw, raw_at in sorted(
            raw_params, key=lambda r: _LOCATION_ORDER.get(r[0].get("in", ""), 9)
        ):
            params.extend(
                self._params(raw, raw_at, context, names, taken, placement, param_overrides)
            )
        for field in body_fields:
            params.append(_rename(field, names.claim(field.name)))
        responses = tuple(self._responses(op, context))
        returns_type, kind = _result(responses)
        pagination = _pagination(method, params, responses, self.converter)
        servers = op.get("servers") or item.get("servers")
        server = (
            servers[0].get("url")
            if isinstance(servers, list) and servers and isinstance(servers[0], dict)
            else None
        )
        tags = tuple(t for t in op.get("tags", []) if isinstance(t, str))
        return Operation(
            operation_id=str(op.get("operationId") or ""),
            http_method=method,
            path=path,
            python_method=".".join([*placement.resource, placement.method]),
            resource=".".join(placement.resource),
            name=placement.method,
            endpoint=endpoint,
            summary=_text(op.get("summary")),
            description=_text(op.get("description")),
            deprecated=op.get("deprecated") is True,
            tags=tags,
            params=tuple(params),
            body=body,
            responses=responses,
            returns_type=returns_type,
            returns=annotation(returns_type),
            returns_lazy=lazy_annotation(returns_type) if any(refs(returns_type)) else "",
            response_kind=kind,  # type: ignore[arg-type]
            pagination=pagination,
            server=server if isinstance(server, str) else None,
            array_styles=_array_styles(params),
            source=at,
            aliases=placement.aliases,
        )

    # ---- params -------------------------------------------------------------

    def _raw_params(
        self, item: dict[str, Any], op: dict[str, Any], path: str, at: str
    ) -> list[tuple[dict[str, Any], str]]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for owner, owner_at in ((item, pointer("paths", path)), (op, at)):
            for i, raw in enumerate(owner.get("parameters", []) or []):
                param, param_at = self.resolver.deref(raw, at=f"{owner_at}/parameters/{i}")
                if isinstance(param, dict) and isinstance(param.get("name"), str):
                    merged[(param["name"], str(param.get("in")))] = (param, param_at)
        return list(merged.values())

    def _params(
        self,
        raw: dict[str, Any],
        at: str,
        context: _Context,
        names: Namespace,
        body_names: set[str],
        placement: Placement,
        overrides: dict[str, str],
    ) -> list[Param]:
        wire: str = raw["name"]
        location = str(raw.get("in"))
        if location not in _LOCATION_ORDER:
            return []
        schema = raw.get("schema", {})
        style = str(raw.get("style") or ("form" if location in ("query", "cookie") else "simple"))
        explode = raw.get("explode", style == "form") is True
        required = raw.get("required") is True or location == "path"
        description = _text(raw.get("description"))
        resolved, _ = self.resolver.deref(schema, at=at + "/schema")
        if (
            location == "query"
            and style in ("deepObject", "form")  # an object goes out as page[number] either way
            and wire == "page"
            and _scalar_object(resolved, self.resolver)
        ):
            # `page[number]`/`page[size]` are flat keywords in the SDK: page_number=...
            result = []
            for prop, prop_schema in resolved["properties"].items():
                t = self._convert(
                    prop_schema,
                    context,
                    f"Page{class_name(prop)}",
                    f"{at}/schema/properties/{prop}",
                )
                result.append(
                    Param(
                        names.claim(attribute(f"page_{prop}")),
                        f"page[{prop}]",
                        "query",
                        t,
                        annotation(t),
                        False,
                        (
                            _text(prop_schema.get("description"))
                            if isinstance(prop_schema, dict)
                            else ""
                        ),
                        "form",
                        True,
                    )
                )
            return result
        t = self._convert(schema, context, class_name(wire), at + "/schema")
        preferred = overrides.get(wire) or attribute(wire)
        if location == "path" and preferred in body_names and wire not in overrides:
            owner = next((r for r in reversed(placement.resource) if r != "actions"), "resource")
            preferred = attribute(f"{singular(owner)}_{preferred}")
        return [Param(names.claim(preferred), wire, location, t, annotation(t), required, description, style, explode)]  # type: ignore[arg-type]

    def _convert(self, schema: Any, context: _Context, suffix: str, at: str) -> TypeExpr:
        return self.converter.convert(
            schema, hint=context.prefix + suffix, module=context.module, mode="param", at=at
        )

    # ---- body ---------------------------------------------------------------

    def _body(
        self, op: dict[str, Any], context: _Context, overrides: dict[str, str]
    ) -> tuple[list[Param], Body | None]:
        """Body fields (named `overrides["body.<wire>"]` where given) or the whole
        body as one param (named `overrides["body"]`, else `body`)."""
        raw = op.get("requestBody")
        if raw is None:
            return [], None
        body, body_at = self.resolver.deref(raw, at=context.at + "/requestBody")
        content = body.get("content") if isinstance(body, dict) else None
        if not isinstance(content, dict) or not content:
            return [], None
        required = body.get("required") is True
        encodings = {mt: self._body_encoding(mt, media) for mt, media in content.items()}
        contents = tuple(BodyContent(mt, e) for mt, e in encodings.items())  # type: ignore[arg-type]
        contents = tuple(sorted(contents, key=lambda c: c.encoding != "json"))
        # Fields of every object-shaped content type (JSON + multipart often differ:
        # the file exists only in multipart). A field is required only if every
        # content type that has fields requires it.
        fields: dict[str, Param] = {}
        required_in: list[set[str]] = []
        for media_type, media in content.items():
            encoding = encodings[media_type]
            if encoding == "binary" or not isinstance(media, dict):
                continue
            media_at = f"{body_at}/content/{pointer(media_type)[1:]}/schema"
            view = self.converter._object_view(media.get("schema"), at=media_at)
            if view is None:
                continue
            props, required_props, _ = view
            required_in.append(set(required_props))
            # Per-property `encoding` (form and multipart bodies): style and explode.
            styles = media.get("encoding") if encoding in ("form", "multipart") else None
            styles = styles if isinstance(styles, dict) else {}
            for wire, prop in props.items():
                if isinstance(prop, dict) and prop.get("readOnly") is True:
                    continue
                if encoding == "multipart" and _is_binary(prop, self.resolver):
                    t: TypeExpr = TFile()
                elif wire in fields:
                    continue
                else:
                    t = self._convert(
                        prop,
                        context,
                        class_name(wire, fallback="Field"),
                        f"{media_at}/properties/{wire}",
                    )
                description = _description(self.resolver.deref(prop, at=media_at)[0])
                declared = styles.get(wire)
                style: dict[str, Any] = declared if isinstance(declared, dict) else {}
                fields[wire] = Param(
                    overrides.get(f"body.{wire}") or attribute(wire),
                    wire,
                    "body",
                    t,
                    annotation(t),
                    False,
                    description or _description(prop),
                    str(style.get("style") or ""),
                    style.get("explode", style.get("style") in (None, "form")) is True,
                )
        if fields:
            # The SDK follows the schemas' `required`, not requestBody.required.
            always = set.intersection(*required_in)
            params = [_required(p, p.wire in always) for p in fields.values()]
            return params, Body(contents, required, "fields")
        media = next(iter(content.values()))
        schema = media.get("schema") if isinstance(media, dict) else None
        whole: TypeExpr = TFile()
        if contents[0].encoding != "binary" and schema is not None:
            whole = self._convert(schema, context, "Body", f"{body_at}/content")
        param = Param(overrides.get("body", "body"), "", "body", whole, annotation(whole), required)
        return [param], Body(contents, required, "whole")

    def _body_encoding(self, media_type: str, media: Any) -> str:
        """`*/*` (Kubernetes writes every body so) is JSON unless its schema is binary."""
        encoding = _encoding(media_type)
        wildcard = media_type.split(";")[0].strip() in ("*/*", "application/*")
        schema = media.get("schema") if isinstance(media, dict) else None
        if wildcard and schema is not None and not _is_binary(schema, self.resolver):
            return "json"
        return encoding

    # ---- responses ----------------------------------------------------------

    def _responses(self, op: dict[str, Any], context: _Context) -> list[Response]:
        result = []
        responses = op.get("responses") or {}
        for status in sorted(responses, key=str):
            if not str(status).startswith("2"):
                continue
            response, response_at = self.resolver.deref(
                responses[status], at=f"{context.at}/responses/{status}"
            )
            content = response.get("content") if isinstance(response, dict) else None
            if not isinstance(content, dict) or not content:
                result.append(Response(str(status), "", None, "None"))
                continue
            for media_type, media in content.items():
                kind = _response_kind(media_type)
                schema = media.get("schema") if isinstance(media, dict) else None
                if kind == "json":
                    t: TypeExpr = (
                        self.converter.convert(
                            schema,
                            hint=context.prefix + "Response",
                            module=context.module,
                            mode="response",
                            at=f"{response_at}/content/{pointer(media_type)[1:]}/schema",
                        )
                        if schema is not None
                        else TAny()
                    )
                else:
                    t = TPrim("str") if kind == "text" else TPrim("bytes")
                result.append(Response(str(status), media_type, t, annotation(t)))
        return result


class _Context:
    def __init__(self, module: str, prefix: str, at: str) -> None:
        self.module = module
        self.prefix = prefix
        self.at = at


def _required(param: Param, required: bool) -> Param:
    return dataclasses.replace(param, required=required)


def _rename(param: Param, name: str) -> Param:
    if param.name == name:
        return param
    return Param(
        name,
        param.wire,
        param.location,
        param.type,
        param.annotation,
        param.required,
        param.description,
        param.style,
        param.explode,
    )


def _result(responses: tuple[Response, ...]) -> tuple[TypeExpr, str]:
    """Type and kind of what a successful call returns."""
    for kind in ("json", "text", "binary"):
        typed = [
            r.type for r in responses if r.type is not None and _response_kind(r.media_type) == kind
        ]
        if typed:
            unique = list(dict.fromkeys(typed))
            return (unique[0] if len(unique) == 1 else TUnion(tuple(unique))), kind
    return TPrim("None"), "none"


def _scalar_object(schema: Any, resolver: Resolver) -> bool:
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
        return False
    for prop in schema["properties"].values():
        target, _ = resolver.deref(prop, at="")
        if not isinstance(target, dict) or target.get("type") not in (
            "integer",
            "string",
            "number",
            "boolean",
        ):
            return False
    return bool(schema["properties"])


def _is_binary(prop: Any, resolver: Resolver) -> bool:
    target, _ = resolver.deref(prop, at="")
    if not isinstance(target, dict):
        return False
    if target.get("format") == "binary" or "contentMediaType" in target:
        return True
    items = target.get("items")
    return isinstance(items, dict) and items.get("format") == "binary"


# Where a page-number listing reports, in its body, the page it answered and the
# totals (first path the response model has wins; an integer field is required).
_PAGE_NUMBER_PATHS = (("meta", "page_number"), ("page",))
_TOTAL_PAGES_PATHS = (("meta", "total_pages"),)
# The item count decides the end only where there is no page count (10DLC and
# toll-free lists answer {page, records, totalRecords} / {records, total_records}).
_TOTAL_ITEMS_PATHS = (("totalRecords",), ("total_records",))
# A link to the next page whose query string holds the next page params (TeXML,
# as Twilio: next_page_uri = ".../Calls.json?Page=1&PageSize=20&PageToken=...").
_NEXT_URI_PATHS = (("next_page_uri",),)
_NUMBERS: tuple[TypeExpr, ...] = (TPrim("int"), TPrim("float"))  # `number` counts pages too


def _pagination(
    method: str, params: list[Param], responses: tuple[Response, ...], converter: SchemaConverter
) -> Pagination | None:
    """Pagination of a GET whose one JSON response holds a list of items: the items
    are the body itself, its `data` list, or else its only list field (`records`,
    `log_messages`, `calls`...); the page params come from the query (an object
    param such as `page: {number, size}` offers `page[number]`, `page[size]`).
    Lists that stay unpaginated, and why: docs/ARCHITECTURE.md, "Pagination"."""
    if method != "get":
        return None
    ok = [
        r.type for r in responses if r.type is not None and _response_kind(r.media_type) == "json"
    ]
    if len(ok) != 1 or ok[0] is None:
        return None
    body = ok[0]
    found = _items_of(converter, body)
    if found is None:
        return None
    items_path, item = found
    query = _query_params(converter, params)

    def pages(kind: PageKind, **spec: Any) -> Pagination:
        # Only the page-number kind reads a page number / page count from the body.
        spec = {"page_number": (), "total_pages": (), **spec}
        return Pagination(kind, items_path, item, annotation(item), lazy_annotation(item), **spec)

    cursor = next((c for c in _CURSORS if c in query), None)
    number = next((n for n in _PAGE_NUMBER if n in query and _is_int(query[n])), None)
    size = next((s for s in _PAGE_SIZE if s in query), None)
    next_uri = _first_path(converter, body, _NEXT_URI_PATHS, (TPrim("str"),))
    if next_uri and (number or size or cursor):
        return pages(
            "next_uri",
            number_param=number,
            size_param=size,
            cursor_param=cursor,
            next_cursor=next_uri,
        )
    if number is not None:
        total_pages = _first_path(converter, body, _TOTAL_PAGES_PATHS, _NUMBERS)
        page_number = _first_path(converter, body, _PAGE_NUMBER_PATHS, _NUMBERS)
        return pages(
            "page_number",
            number_param=number,
            size_param=size,
            page_number=page_number,
            total_pages=total_pages,
            total_items=(
                () if total_pages else _first_path(converter, body, _TOTAL_ITEMS_PATHS, _NUMBERS)
            ),
        )
    if "starting_after" in query and _path_of(converter, body, ("has_more",)):
        # Stripe: the next page starts after the last item's id while has_more is true.
        item_model = converter.definitions.get(item.name) if isinstance(item, TRef) else None
        if any(f.wire == "id" for f in getattr(item_model, "fields", ())):
            return pages(
                "item_cursor",
                cursor_param="starting_after",
                size_param=next((s for s in ("limit", *_PAGE_SIZE) if s in query), None),
                next_cursor=("id",),
                has_more=("has_more",),
            )
    if cursor is not None:
        # The next cursor where the API echoes the param's own name, else the usual places.
        paths = (("meta", cursor), (cursor,), *_NEXT_CURSOR_PATHS)
        next_path = next((p for p in paths if _path_of(converter, body, p)), ())
        if not next_path:
            # Nowhere to read the next cursor from (Stripe: the last item's id):
            # a plain call the user pages by hand beats a pager that cannot advance.
            return None
        return pages(
            "cursor",
            cursor_param=cursor,
            size_param=size,
            next_cursor=next_path,
        )
    return None


def _items_of(
    converter: SchemaConverter, body: TypeExpr
) -> tuple[tuple[str, ...], TypeExpr] | None:
    """(JSON path of the item list, item type): a bare list is the items; a model's
    `data` list, else its only list field. None when the body holds no one list."""
    body = strip_null(body)
    if isinstance(body, TList):
        return (), body.item
    if not isinstance(body, TRef):
        return None
    model = converter.definitions.get(body.name)
    fields = getattr(model, "fields", ())
    lists = {f.wire: t for f in fields if isinstance(t := strip_null(f.type), TList)}
    if "data" in lists:
        return ("data",), lists["data"].item
    if any(f.wire == "data" for f in fields) or len(lists) != 1:
        return None  # `data` is not a list (one object), or no single list to page
    wire, only = next(iter(lists.items()))
    return (wire,), only.item


def _query_params(converter: SchemaConverter, params: list[Param]) -> dict[str, TypeExpr]:
    """Query params by wire name, plus the keys of object params as they go on the
    wire (`page: {number, size}` is sent as `page[number]`, `page[size]`)."""
    query = {p.wire: p.type for p in params if p.location == "query"}
    for p in params:
        t = strip_null(p.type)
        if p.location != "query" or not isinstance(t, TRef) or t.kind != "typeddict":
            continue
        for f in getattr(converter.definitions.get(t.name), "fields", ()):
            query.setdefault(f"{p.wire}[{f.wire}]", f.type)
    return query


def _first_path(
    converter: SchemaConverter,
    t: TypeExpr,
    paths: tuple[tuple[str, ...], ...],
    leaves: tuple[TypeExpr, ...],
) -> tuple[str, ...]:
    """The first of `paths` the response model has with a value typed one of `leaves`, or ()."""
    return next((p for p in paths if _leaf_of(converter, t, p) in leaves), ())


_DELIMITED = {"spaceDelimited": "space", "pipeDelimited": "pipe"}


def _array_styles(params: list[Param]) -> tuple[tuple[str, str], ...]:
    """List params that do not go out as repeated keys (`id=1&id=2`, the default):
    `style: form, explode: false` -> `id=1,2`; space/pipe delimited; and a form body
    property declared `deepObject` -> `id[0]=1&id[1]=2` (Stripe)."""
    styles: list[tuple[str, str]] = []
    for p in params:
        if not isinstance(strip_null(p.type), TList) or p.location not in ("query", "body"):
            continue
        if p.style == "deepObject" and p.location == "body":
            styles.append((p.wire, "indexed"))
        elif p.style in _DELIMITED:
            styles.append((p.wire, _DELIMITED[p.style]))
        elif p.style == "form" and not p.explode:
            styles.append((p.wire, "csv"))
    return tuple(styles)


def _is_int(t: TypeExpr) -> bool:
    return strip_null(t) == TPrim("int")


def _path_of(converter: SchemaConverter, t: TypeExpr, path: tuple[str, ...]) -> bool:
    """Whether the response model has the nested property path."""
    return _leaf_of(converter, t, path) is not None


def _leaf_of(converter: SchemaConverter, t: TypeExpr, path: tuple[str, ...]) -> TypeExpr | None:
    """The type at the nested property path of the response model (null stripped), or None."""
    current: TypeExpr = t
    for key in path:
        current = strip_null(current)
        if isinstance(current, TUnion):
            current = next((v for v in current.variants if isinstance(v, TRef)), current)
        if not isinstance(current, TRef):
            return None
        model = converter.definitions.get(current.name)
        fields = {f.wire: f for f in getattr(model, "fields", ())}
        if key not in fields:
            return None
        current = fields[key].type
    return strip_null(current)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _description(prop: Any) -> str:
    return _text(prop.get("description")) if isinstance(prop, dict) else ""


__all__ = ["OperationBuilder", "TMap"]
