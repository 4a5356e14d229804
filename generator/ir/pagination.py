"""Whether a GET is a paged list, and how the runtime walks it (from data only).

The item list, the page params and where the body reports the next page are
found by name, in the orders below (first match wins): the names the Telnyx
API, Twilio-style TeXML and Stripe-style lists use. The rules and the lists
left unpaged are described in docs/ARCHITECTURE.md, "Pagination".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .annotate import annotation, lazy_annotation, strip_null
from .model import Definition, PageKind, Pagination, Param, TList, TPrim, TRef, TUnion, TypeExpr

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


def pagination(
    method: str,
    params: list[Param],
    json_bodies: list[TypeExpr],
    definitions: Mapping[str, Definition],
) -> Pagination | None:
    """Pagination of a GET whose one JSON response holds a list of items: the items
    are the body itself, its `data` list, or else its only list field (`records`,
    `log_messages`, `calls`...); the page params come from the query (an object
    param such as `page: {number, size}` offers `page[number]`, `page[size]`).
    Lists that stay unpaginated, and why: docs/ARCHITECTURE.md, "Pagination"."""
    if method != "get" or len(json_bodies) != 1:
        return None
    body = json_bodies[0]
    found = _items_of(definitions, body)
    if found is None:
        return None
    items_path, item = found
    query = _query_params(definitions, params)

    def pages(kind: PageKind, **spec: Any) -> Pagination:
        # Only the page-number kind reads a page number / page count from the body.
        spec = {"page_number": (), "total_pages": (), **spec}
        return Pagination(kind, items_path, item, annotation(item), lazy_annotation(item), **spec)

    cursor = next((c for c in _CURSORS if c in query), None)
    number = next((n for n in _PAGE_NUMBER if n in query and _is_int(query[n])), None)
    size = next((s for s in _PAGE_SIZE if s in query), None)
    next_uri = _first_path(definitions, body, _NEXT_URI_PATHS, (TPrim("str"),))
    if next_uri and (number or size or cursor):
        return pages(
            "next_uri",
            number_param=number,
            size_param=size,
            cursor_param=cursor,
            next_cursor=next_uri,
        )
    if number is not None:
        total_pages = _first_path(definitions, body, _TOTAL_PAGES_PATHS, _NUMBERS)
        page_number = _first_path(definitions, body, _PAGE_NUMBER_PATHS, _NUMBERS)
        return pages(
            "page_number",
            number_param=number,
            size_param=size,
            page_number=page_number,
            total_pages=total_pages,
            total_items=(
                () if total_pages else _first_path(definitions, body, _TOTAL_ITEMS_PATHS, _NUMBERS)
            ),
        )
    if "starting_after" in query and _path_of(definitions, body, ("has_more",)):
        # Stripe: the next page starts after the last item's id while has_more is true.
        item_model = definitions.get(item.name) if isinstance(item, TRef) else None
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
        next_path = next((p for p in paths if _path_of(definitions, body, p)), ())
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
    definitions: Mapping[str, Definition], body: TypeExpr
) -> tuple[tuple[str, ...], TypeExpr] | None:
    """(JSON path of the item list, item type): a bare list is the items; a model's
    `data` list, else its only list field. None when the body holds no one list."""
    body = strip_null(body)
    if isinstance(body, TList):
        return (), body.item
    if not isinstance(body, TRef):
        return None
    model = definitions.get(body.name)
    fields = getattr(model, "fields", ())
    lists = {f.wire: t for f in fields if isinstance(t := strip_null(f.type), TList)}
    if "data" in lists:
        return ("data",), lists["data"].item
    if any(f.wire == "data" for f in fields) or len(lists) != 1:
        return None  # `data` is not a list (one object), or no single list to page
    wire, only = next(iter(lists.items()))
    return (wire,), only.item


def _query_params(
    definitions: Mapping[str, Definition], params: list[Param]
) -> dict[str, TypeExpr]:
    """Query params by wire name, plus the keys of object params as they go on the
    wire (`page: {number, size}` is sent as `page[number]`, `page[size]`)."""
    query = {p.wire: p.type for p in params if p.location == "query"}
    for p in params:
        t = strip_null(p.type)
        if p.location != "query" or not isinstance(t, TRef) or t.kind != "typeddict":
            continue
        for f in getattr(definitions.get(t.name), "fields", ()):
            query.setdefault(f"{p.wire}[{f.wire}]", f.type)
    return query


def _first_path(
    definitions: Mapping[str, Definition],
    t: TypeExpr,
    paths: tuple[tuple[str, ...], ...],
    leaves: tuple[TypeExpr, ...],
) -> tuple[str, ...]:
    """The first of `paths` the response model has with a value typed one of `leaves`, or ()."""
    return next((p for p in paths if _leaf_of(definitions, t, p) in leaves), ())


def _is_int(t: TypeExpr) -> bool:
    return strip_null(t) == TPrim("int")


def _path_of(definitions: Mapping[str, Definition], t: TypeExpr, path: tuple[str, ...]) -> bool:
    """Whether the response model has the nested property path."""
    return _leaf_of(definitions, t, path) is not None


def _leaf_of(
    definitions: Mapping[str, Definition], t: TypeExpr, path: tuple[str, ...]
) -> TypeExpr | None:
    """The type at the nested property path of the response model (null stripped), or None."""
    current: TypeExpr = t
    for key in path:
        current = strip_null(current)
        if isinstance(current, TUnion):
            current = next((v for v in current.variants if isinstance(v, TRef)), current)
        if not isinstance(current, TRef):
            return None
        model = definitions.get(current.name)
        fields = {f.wire: f for f in getattr(model, "fields", ())}
        if key not in fields:
            return None
        current = fields[key].type
    return strip_null(current)
