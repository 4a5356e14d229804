"""build_ir on tiny documents: field names, nullability, enums, composition, type names."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from generator.ir.build import build_ir
from generator.ir.model import IR, AliasDef, Field, ModelDef, Operation, Pagination, TypedDictDef
from generator.select import all_operations
from generator.validate import ref_problems


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def ok(schema: Any) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def json_body(schema: Any) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def document(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Tiny", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": schemas or {}},
    }


def ir_of(doc: dict[str, Any], locked: dict[tuple[str, str], str] | None = None) -> IR:
    selected = [(path, method) for path, method, _ in all_operations(doc)]
    return build_ir(doc, selected, package="pkg", spec_sha256="0" * 64, overrides={}, locked=locked)


def definitions(ir: IR) -> dict[str, ModelDef | TypedDictDef | AliasDef]:
    return {d.name: d for m in ir.type_modules for d in m.definitions}


def fields(ir: IR, name: str) -> dict[str, Field]:
    d = definitions(ir)[name]
    assert isinstance(d, (ModelDef, TypedDictDef)), d
    return {f.wire: f for f in d.fields}


def operation(ir: IR, python_method: str) -> Operation:
    return next(op for op in ir.operations if op.python_method == python_method)


THING = {
    "type": "object",
    "required": ["from"],
    "properties": {
        "from": {"type": "string"},
        "id": {"type": "string", "readOnly": True},
        "secret": {"type": "string", "writeOnly": True},
        "note": {"type": ["string", "null"]},
        "legacy_note": {"type": "string", "nullable": True},
        "color": {"enum": ["red", "green", None]},
        "status": {"type": "string", "enum": ["on", "off"]},
        "json": {"type": "string"},
        "model_config": {"type": "string"},
    },
}


@pytest.fixture(scope="module")
def thing_ir() -> IR:
    doc = document(
        {
            "/things/{id}": {
                "get": {
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": ok(ref("Thing")),
                }
            },
            "/owners": {
                "post": {
                    "requestBody": json_body(
                        {"type": "object", "properties": {"thing": ref("Thing")}}
                    ),
                    "responses": {"204": {"description": "done"}},
                }
            },
        },
        {"Thing": THING},
    )
    return ir_of(doc)


def test_keyword_property_gets_a_safe_name_and_keeps_its_wire_name(thing_ir: IR) -> None:
    model = fields(thing_ir, "Thing")
    assert (model["from"].name, model["from"].required) == ("from_", True)
    assert model["from"].annotation == "str"
    params = fields(thing_ir, "ThingParam")
    assert params["from"].wire == "from"  # a TypedDict key is the wire name


def test_pydantic_reserved_properties_are_renamed_on_models_only(thing_ir: IR) -> None:
    model = fields(thing_ir, "Thing")
    assert model["json"].name == "json_" and model["model_config"].name == "model_config_"


def test_read_only_is_left_out_of_params_and_write_only_out_of_responses(thing_ir: IR) -> None:
    assert "id" in fields(thing_ir, "Thing") and "secret" not in fields(thing_ir, "Thing")
    assert "id" not in fields(thing_ir, "ThingParam") and "secret" in fields(thing_ir, "ThingParam")


def test_null_in_type_list_and_nullable_are_optional(thing_ir: IR) -> None:
    params = fields(thing_ir, "ThingParam")
    assert params["note"].annotation == "Optional[str]"
    assert params["legacy_note"].annotation == "Optional[str]"
    assert params["from"].annotation == "Required[str]"


def test_enums_are_closed_literals_in_responses_and_params(thing_ir: IR) -> None:
    model = fields(thing_ir, "Thing")
    assert model["status"].annotation == "Optional[Literal['on', 'off']]"
    assert model["color"].annotation == "Optional[Literal['red', 'green']]"
    params = fields(thing_ir, "ThingParam")
    assert params["status"].annotation == "Literal['on', 'off']"
    assert params["color"].annotation == "Optional[Literal['red', 'green']]"  # null in the enum


def test_named_enum_with_null() -> None:
    doc = document(
        {
            "/levels": {"get": {"responses": ok(ref("Level"))}},
            "/levels/{id}": {
                "put": {
                    "requestBody": json_body(
                        {"type": "object", "properties": {"level": ref("Level")}}
                    ),
                    "responses": {"204": {"description": "done"}},
                }
            },
        },
        {"Level": {"type": "string", "enum": ["low", "high", None]}},
    )
    ir = ir_of(doc)
    level = definitions(ir)["Level"]
    assert isinstance(level, AliasDef) and level.annotation == "Literal['low', 'high']"
    assert operation(ir, "levels.list").returns == "Optional[Level]"
    body = {p.wire: p for p in operation(ir, "levels.update").params}
    assert body["level"].annotation == "Optional[Level]"


def test_all_of_merges_members_and_sibling_keys() -> None:
    doc = document(
        {
            "/c": {
                "get": {
                    "responses": ok(
                        {
                            "allOf": [
                                ref("Base"),
                                {
                                    "type": "object",
                                    "required": ["extra"],
                                    "properties": {"extra": {"type": "integer"}},
                                },
                            ],
                            "required": ["id"],
                            "properties": {"own": {"type": "boolean"}},
                        }
                    )
                }
            }
        },
        {"Base": {"type": "object", "properties": {"id": {"type": "string"}, "name": {}}}},
    )
    ir = ir_of(doc)
    merged = fields(ir, operation(ir, "c.list").returns)
    assert list(merged) == ["id", "name", "extra", "own"]
    assert merged["id"].required and merged["extra"].required and not merged["own"].required
    assert merged["id"].annotation == "str" and merged["extra"].annotation == "int"


def test_members_that_only_require_or_forbid_fields_add_none() -> None:
    base = {"type": "object", "properties": {"id": {"type": "string"}, "url": {"type": "string"}}}
    doc = document(
        {
            # allOf of two objects and one that only requires (typed `object`)
            "/a": {
                "post": {
                    "requestBody": json_body(
                        {
                            "allOf": [
                                ref("Base"),
                                ref("Region"),
                                {"type": "object", "title": "A", "required": ["id", "region"]},
                            ]
                        }
                    ),
                    "responses": ok(ref("Base")),
                }
            },
            # oneOf alternatives that forbid a property of the object
            "/b": {
                "post": {
                    "requestBody": json_body(
                        {
                            **base,
                            "oneOf": [
                                {"required": ["url"]},
                                {"properties": {"url": {"not": {}}}, "title": "Without URL"},
                            ],
                        }
                    ),
                    "responses": ok(ref("Base")),
                }
            },
        },
        {"Base": base, "Region": {"type": "object", "properties": {"region": {"type": "string"}}}},
    )
    ir = ir_of(doc)
    a = {p.name: p.required for p in operation(ir, "a.create").params}
    assert a == {"id": True, "url": False, "region": True}
    b = {p.name: p.required for p in operation(ir, "b.create").params}
    assert b == {"id": False, "url": False}


def test_ref_with_siblings_is_merged_not_dropped() -> None:
    doc = document(
        {
            "/d": {
                "get": {
                    "responses": ok(
                        {
                            **ref("Base"),
                            "required": ["name"],
                            "properties": {"more": {"type": "boolean"}},
                        }
                    )
                }
            },
            "/e": {"get": {"responses": ok({**ref("Base"), "description": "only a note"})}},
        },
        {"Base": {"type": "object", "properties": {"id": {"type": "string"}, "name": {}}}},
    )
    ir = ir_of(doc)
    merged = fields(ir, operation(ir, "d.list").returns)
    assert set(merged) == {"id", "name", "more"} and merged["name"].required
    assert operation(ir, "e.list").returns == "Base"  # annotations alone keep the ref


def test_recursive_schemas_share_a_module_and_are_rebuilt() -> None:
    doc = document(
        {
            "/nodes": {"get": {"responses": ok(ref("Node"))}},
            "/pairs": {"get": {"responses": ok(ref("A"))}},
        },
        {
            "Node": {
                "type": "object",
                "properties": {"children": {"type": "array", "items": ref("Node")}},
            },
            "A": {"type": "object", "properties": {"b": ref("B")}},
            "B": {"type": "object", "properties": {"a": ref("A")}},
        },
    )
    ir = ir_of(doc)
    modules = {m.name: m for m in ir.type_modules}
    defs = definitions(ir)
    assert defs["A"].module == defs["B"].module
    assert set(modules[defs["A"].module].rebuild) == {"A", "B"}
    assert "Node" in modules[defs["Node"].module].rebuild
    assert fields(ir, "Node")["children"].annotation == "Optional[List[Node]]"


def test_names_colliding_by_case_or_separator_stay_distinct() -> None:
    doc = document(
        {
            "/a": {"get": {"responses": ok(ref("CountryCode"))}},
            "/b": {"get": {"responses": ok(ref("country_code"))}},
            "/c": {"get": {"responses": ok(ref("country-code"))}},
        },
        {
            name: {"type": "object", "properties": {"x": {"type": "string"}}}
            for name in ("CountryCode", "country_code", "country-code")
        },
    )
    ir = ir_of(doc)
    by_source = {d.source: d for d in definitions(ir).values()}
    chosen = [by_source[f"/components/schemas/{n}"] for n in ("CountryCode", "country_code")]
    chosen.append(by_source["/components/schemas/country-code"])
    classes = [d.name for d in chosen]
    modules = [d.module for d in chosen]
    assert classes[0] == "CountryCode"  # the first in sorted order keeps the plain name
    assert len(set(classes)) == 3
    assert len({m.lower() for m in modules}) == 3  # distinct even on case-insensitive disks
    assert [op.returns for op in ir.operations] == [classes[0], classes[1], classes[2]]


def test_names_do_not_depend_on_claim_order_within_a_document() -> None:
    schemas = {
        n: {"type": "object", "properties": {"x": {"type": "string"}}}
        for n in ("country_code", "CountryCode")
    }
    forward = document({"/a": {"get": {"responses": ok(ref("CountryCode"))}}}, schemas)
    backward = document({"/a": {"get": {"responses": ok(ref("CountryCode"))}}}, {})
    backward["components"]["schemas"] = dict(reversed(list(schemas.items())))
    assert ir_of(forward).operations[0].returns == ir_of(backward).operations[0].returns


def _inline_doc() -> dict[str, Any]:
    sub = {"type": "object", "properties": {"y": {"type": "integer"}}}
    item = {"type": "object", "properties": {"x": {"type": "string"}, "sub": sub}}
    return document(
        {
            "/things": {
                "get": {"responses": ok(copy.deepcopy(item))},
                "post": {
                    "requestBody": json_body(
                        {"type": "object", "properties": {"meta": copy.deepcopy(item)}}
                    ),
                    "responses": ok(copy.deepcopy(item)),
                },
            },
            "/things/{id}/actions/go": {"post": {"responses": ok(copy.deepcopy(item))}},
        }
    )


def _names_by_source(ir: IR) -> dict[str, str]:
    return {d.source: d.name for d in definitions(ir).values()}


@pytest.mark.parametrize(
    "extra_path", ["/zebras", "/a/things", "/things/{id}/actions/stop", "/ThingsAndMore"]
)
@pytest.mark.parametrize("position", ["first", "last"])
def test_inline_type_names_depend_only_on_their_location(extra_path: str, position: str) -> None:
    base = _inline_doc()
    before = _names_by_source(ir_of(base))
    assert "ThingListResponse" in before.values()
    unrelated = {"type": "object", "properties": {"x": {"type": "string"}}}
    extra = {extra_path: {"get": {"responses": ok(unrelated)}}}
    grown = copy.deepcopy(base)
    grown["paths"] = (
        {**extra, **base["paths"]} if position == "first" else {**base["paths"], **extra}
    )
    after = _names_by_source(ir_of(grown))
    assert {k: after[k] for k in before} == before


def test_inline_names_survive_an_earlier_operation_with_the_same_hint() -> None:
    base = _inline_doc()
    first = ir_of(base)
    before = _names_by_source(first)
    grown = copy.deepcopy(base)
    shadow = {"get": {"responses": ok({"type": "object", "properties": {"z": {"type": "string"}}})}}
    grown["paths"] = {"/thing": shadow, **base["paths"]}
    after = _names_by_source(ir_of(grown, locked=lock_of(first)))
    assert {k: after[k] for k in before} == before
    # The newcomer takes the next free variant of the name it wanted.
    assert after["/paths/~1thing/get/responses/200/content/application~1json/schema"] == (
        "ThingListResponse2"
    )
    # Without the lock the earlier operation would have taken the name (why it exists).
    assert _names_by_source(ir_of(grown)) != {**after}


def lock_of(ir: IR) -> dict[tuple[str, str], str]:
    return {(scope, key): name for scope, key, name in ir.name_lock}


def test_the_lock_keeps_component_resource_and_method_names() -> None:
    item = {"type": "object", "properties": {"x": {"type": "string"}}}
    base = document(
        {
            "/thing-s": {"get": {"operationId": "listThings", "responses": ok(ref("CountryCode"))}},
            "/things": {"get": {"responses": ok(ref("CountryCode"))}},
        },
        {"CountryCode": item},
    )
    first = ir_of(base)
    grown = copy.deepcopy(base)
    # Each newcomer sorts first and wants a name an existing claimant holds: a
    # component (`Country-Code` < `CountryCode`), a resource class (`Things`), a
    # method (`/thing_s` is `thing_s.list` too).
    grown["components"]["schemas"]["Country-Code"] = copy.deepcopy(item)
    grown["components"]["schemas"]["Things"] = copy.deepcopy(item)
    grown["paths"]["/thing_s"] = {"get": {"responses": ok(ref("Country-Code"))}}
    second = ir_of(grown, locked=lock_of(first))
    assert {(op.path, op.python_method, op.returns) for op in first.operations} <= {
        (op.path, op.python_method, op.returns) for op in second.operations
    }
    assert {r.path: r.class_name for r in first.resources}.items() <= {
        r.path: r.class_name for r in second.resources
    }.items()
    assert _names_by_source(first).items() <= _names_by_source(second).items()
    # And a third run from the second's lock changes nothing.
    assert ir_of(grown, locked=lock_of(second)) == second


def test_a_lock_entry_whose_name_no_longer_derives_is_ignored() -> None:
    doc = document(
        {"/a": {"get": {"responses": ok(ref("Thing"))}}},
        {"Thing": {"type": "object", "properties": {"x": {"type": "string"}}}},
    )
    stale = {("types", "/components/schemas/Thing"): "Gadget", ("types", "/gone"): "Thing"}
    ir = ir_of(doc, locked=stale)
    # `Gadget` is not a variant of `Thing`; `Thing` stays reserved for the run.
    assert ir.operations[0].returns == "Thing2"
    assert ("types", "/components/schemas/Thing", "Thing2") in ir.name_lock
    assert ("types", "/gone", "Thing") not in ir.name_lock


def test_a_broken_ref_is_any_and_a_located_warning() -> None:
    loop = {"$ref": "#/components/schemas/Loop"}
    doc = document(
        {
            "/a": {"get": {"responses": ok(ref("Nope"))}},
            "/b": {
                "get": {
                    "parameters": [{"$ref": "#/components/parameters/Gone"}],
                    "responses": ok({"type": "object", "properties": {"x": loop}}),
                }
            },
        },
        {"Loop": loop},
    )
    ir = ir_of(doc)
    assert operation(ir, "a.list").returns == "object"
    assert operation(ir, "b.list").params == ()
    assert fields(ir, "BListResponse")["x"].annotation == "object"
    problems = {(d.kind, d.pointer) for d in ref_problems(doc)}
    assert problems == {
        ("unresolved-ref", "/paths/~1a/get/responses/200/content/application~1json/schema/$ref"),
        ("unresolved-ref", "/paths/~1b/get/parameters/0/$ref"),
        ("ref-cycle", "/components/schemas/Loop"),  # where the chain loops, once
    }


def test_resources_never_shadow_client_attributes() -> None:
    ir = ir_of(document({"/webhooks": {"get": {"responses": {"204": {"description": "x"}}}}}))
    assert ir.operations[0].python_method == "webhooks_resource.list"


def test_build_is_deterministic() -> None:
    doc = _inline_doc()
    assert ir_of(doc) == ir_of(copy.deepcopy(doc))


# ---- pagination: detected from the response's list and the query's page params ----


def q(name: str, schema: Any | None = None, **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema or {"type": "integer"}, **extra}


INT = {"type": "integer"}
ITEM = {"type": "object", "properties": {"id": {"type": "string"}}}


def pagination_of(
    params: list[dict[str, Any]], response: Any, schemas: dict[str, Any] | None = None
) -> Pagination | None:
    doc = document(
        {"/things": {"get": {"parameters": params, "responses": ok(response)}}},
        {"Item": ITEM, **(schemas or {})},
    )
    return ir_of(doc).operations[0].pagination


def obj(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


def items() -> dict[str, Any]:
    return {"type": "array", "items": ref("Item")}


def test_records_style_list_is_paginated() -> None:
    # 10DLC: page + recordsPerPage -> {page, records, totalRecords}.
    pg = pagination_of(
        [q("page"), q("recordsPerPage"), q("sort", {"type": "string"})],
        obj(page=INT, records=items(), totalRecords=INT),
    )
    assert pg is not None
    assert (pg.kind, pg.items, pg.item_annotation) == ("page_number", ("records",), "Item")
    assert (pg.number_param, pg.size_param) == ("page", "recordsPerPage")
    assert (pg.page_number, pg.total_pages, pg.total_items) == (("page",), (), ("totalRecords",))


def test_toll_free_style_list_counts_total_records() -> None:
    pg = pagination_of(
        [q("page", required=True), q("page_size", required=True)],
        obj(records=items(), total_records=INT),
    )
    assert pg is not None
    assert (pg.items, pg.number_param, pg.size_param) == (("records",), "page", "page_size")
    assert (pg.page_number, pg.total_pages, pg.total_items) == ((), (), ("total_records",))


def test_only_list_field_other_than_data_with_meta() -> None:
    meta = obj(page_number={"type": "number"}, total_pages={"type": "number"})
    pg = pagination_of(
        [q("page[number]"), q("page[size]")],
        obj(log_messages=items(), meta=ref("Meta")),
        {"Meta": meta},
    )
    assert pg is not None and pg.items == ("log_messages",)
    # `number` counts pages as well as `integer`; a page count needs no item count.
    assert (pg.page_number, pg.total_pages, pg.total_items) == (
        ("meta", "page_number"),
        ("meta", "total_pages"),
        (),
    )


def test_bare_list_response_is_paginated() -> None:
    pg = pagination_of([q("page[size]"), q("page[number]")], items())
    assert pg is not None
    assert (pg.kind, pg.items, pg.number_param, pg.size_param) == (
        "page_number",
        (),
        "page[number]",
        "page[size]",
    )
    assert (pg.page_number, pg.total_pages, pg.total_items) == ((), (), ())


def test_object_page_param_offers_its_keys() -> None:
    # SIM cards: one `page` object param (no style: deepObject), keys number/size.
    page = q("page", obj(number=INT, size=INT), explode=True)
    pg = pagination_of([page], obj(data=items()))
    assert pg is not None
    assert (pg.number_param, pg.size_param) == ("page[number]", "page[size]")


def test_next_page_uri_list() -> None:
    # TeXML (Twilio style): Page/PageSize/PageToken, the next page linked in the body.
    pg = pagination_of(
        [q("Page"), q("PageSize"), q("PageToken", {"type": "string"})],
        obj(calls=items(), page=INT, next_page_uri={"type": "string"}, uri={"type": "string"}),
    )
    assert pg is not None
    assert (pg.kind, pg.items, pg.next_cursor) == ("next_uri", ("calls",), ("next_page_uri",))
    assert (pg.number_param, pg.size_param, pg.cursor_param) == ("Page", "PageSize", "PageToken")
    token_only = pagination_of(
        [q("PageToken", {"type": "string"}), q("PageSize")],
        obj(transcriptions=items(), next_page_uri={"type": "string"}),
    )
    assert token_only is not None and token_only.kind == "next_uri"
    assert (token_only.number_param, token_only.cursor_param) == (None, "PageToken")


@pytest.mark.parametrize(
    ("params", "response"),
    [
        ([q("limit")], obj(data=items())),  # a size alone: nothing to ask the next page with
        ([q("page")], obj(a=items(), b=items())),  # two lists, neither `data`
        ([q("page")], obj(data=ref("Item"), records=items())),  # `data` is one object
        ([q("page")], obj(total=INT)),  # no list at all
        ([q("page", {"type": "string"})], obj(records=items())),  # a page "number" string
        ([q("PageToken", {"type": "string"})], obj(calls=items(), next=INT)),  # no link
    ],
)
def test_not_paginated(params: list[dict[str, Any]], response: Any) -> None:
    assert pagination_of(params, response) is None


def test_pagination_audit_lists_unpaginated_list_operations() -> None:
    from generator.pagination_audit import LEFT_UNPAGINATED, candidates

    doc = document(
        {
            "/paged": {"get": {"parameters": [q("page")], "responses": ok(obj(records=items()))}},
            "/limited": {"get": {"parameters": [q("limit")], "responses": ok(obj(data=items()))}},
            "/plain": {"get": {"responses": ok(obj(data=items()))}},
        },
        {"Item": ITEM},
    )
    found = {op.python_method: (params, lists) for op, params, lists in candidates(ir_of(doc))}
    assert found == {"limited.list": (("limit",), ("data",))}
    assert "ai.conversations.list" in LEFT_UNPAGINATED


def test_read_only_behind_a_ref_is_not_a_body_keyword() -> None:
    """A body field whose `$ref` target is readOnly (a server-set status) is not
    sent; the same component in a query filter stays (a filter is no body)."""
    doc = document(
        {
            "/things": {
                "post": {
                    "requestBody": json_body(
                        {
                            "type": "object",
                            "properties": {"name": {"type": "string"}, "status": ref("Status")},
                        }
                    ),
                    "responses": ok({"type": "object"}),
                },
                "get": {
                    "parameters": [
                        {
                            "name": "filter",
                            "in": "query",
                            "style": "deepObject",
                            "schema": {"type": "object", "properties": {"status": ref("Status")}},
                        }
                    ],
                    "responses": ok({"type": "object"}),
                },
            }
        },
        {"Status": {"type": "string", "enum": ["on", "off"], "readOnly": True}},
    )
    ir = ir_of(doc)
    create = operation(ir, "things.create")
    assert [p.wire for p in create.params] == ["name"]
    assert list(fields(ir, "ThingListFilter")) == ["status"]


def test_bools_with_ints_in_a_response_enum_keep_their_base_types() -> None:
    """pydantic's Literal takes 0/1 for False/True: the base types parse each as itself."""
    doc = document({"/flags": {"get": {"responses": ok({"enum": [True, 0, 1]})}}})
    assert operation(ir_of(doc), "flags.list").returns == "Union[bool, int]"


def test_dates_and_datetimes() -> None:
    """Responses parse `date-time`/`date` strings; params take the object or its string."""
    when = {"type": "string", "format": "date-time"}
    day = {"type": "string", "format": "date"}
    doc = document(
        {
            "/events": {
                "get": {
                    "parameters": [{"name": "after", "in": "query", "schema": when}],
                    "responses": ok(
                        {
                            "type": "object",
                            "properties": {"at": when, "on": day, "raw": {"type": "string"}},
                        }
                    ),
                },
                "post": {
                    "requestBody": json_body({"type": "object", "properties": {"on": day}}),
                    "responses": ok({"type": "object"}),
                },
            }
        }
    )
    ir = ir_of(doc)
    model = fields(ir, "EventListResponse")
    assert (model["at"].annotation, model["on"].annotation) == (
        "Optional[datetime]",
        "Optional[date]",
    )
    assert model["raw"].annotation == "Optional[str]"
    after = next(p for p in operation(ir, "events.list").params if p.wire == "after")
    assert after.annotation == "Union[str, datetime]"
    on = next(p for p in operation(ir, "events.create").params if p.wire == "on")
    assert on.annotation == "Union[str, date]"


def test_descriptions_reach_fields_from_the_schema_ref_target_and_allof_member() -> None:
    doc = document(
        {
            "/places": {
                "get": {
                    "parameters": [
                        {
                            "name": "near",
                            "in": "query",
                            "schema": {"type": "string", "description": "On the schema."},
                        }
                    ],
                    "responses": ok(ref("Place")),
                }
            }
        },
        {
            "Place": {
                "type": "object",
                "properties": {
                    "own": {"type": "string", "description": "Its own."},
                    "code": ref("Code"),
                    "wrapped": {"allOf": [ref("Code")]},
                    "bare": {"type": "string"},
                },
            },
            "Code": {"type": "string", "description": "A country code."},
        },
    )
    ir = ir_of(doc)
    described = {wire: f.description for wire, f in fields(ir, "Place").items()}
    assert described == {
        "own": "Its own.",
        "code": "A country code.",
        "wrapped": "A country code.",
        "bare": "",
    }
    near = operation(ir, "places.list").params[0]
    assert near.description == "On the schema."


def test_prefix_items_are_a_tuple() -> None:
    """`prefixItems` alone (or with `items: false`) is a fixed-length tuple; with an
    `items` schema more may follow, so it is a list of either."""
    pair = {"prefixItems": [{"type": "number"}, {"type": "string"}]}
    doc = document(
        {
            "/spots": {
                "get": {
                    "responses": ok(
                        {
                            "type": "object",
                            "properties": {
                                "pair": {"type": "array", **pair},
                                "closed": {"type": "array", **pair, "items": False},
                                "open": {"type": "array", **pair, "items": {"type": "boolean"}},
                            },
                        }
                    )
                }
            }
        }
    )
    model = fields(ir_of(doc), "SpotListResponse")
    assert model["pair"].annotation == "Optional[Tuple[float, str]]"
    assert model["closed"].annotation == "Optional[Tuple[float, str]]"
    assert model["open"].annotation == "Optional[List[Union[float, str, bool]]]"


@pytest.mark.parametrize("media_type", ["*/*", "application/*", "Application/*; charset=utf-8"])
def test_wildcard_body_media_type_is_json_whatever_its_case(media_type: str) -> None:
    # Media types are case-insensitive: `Application/*` is the wildcard too.
    body = {"content": {media_type: {"schema": {"type": "object", "properties": {"a": {}}}}}}
    doc = document({"/things": {"post": {"operationId": "CreateThing", "requestBody": body}}})
    op = operation(ir_of(doc), "things.create")
    assert op.body is not None
    assert [c.encoding for c in op.body.contents] == ["json"]


def test_resources_and_types_never_take_a_name_resource_modules_import() -> None:
    """`/extra_body` must not shadow the `ExtraBody` option type its module imports."""
    paths = {
        f"/{name}": {"post": {"operationId": f"make_{name}", "responses": ok({"type": "string"})}}
        for name in ("extra_body", "request_timeout", "binary_api_response")
    }
    ir = ir_of(document(paths, {"ExtraHeaders": {"type": "object"}}))
    taken = {r.class_name for r in ir.resources} | {d.name for d in definitions(ir).values()}
    imported = {"ExtraBody", "ExtraHeaders", "RequestTimeout", "BinaryAPIResponse"}
    assert not taken & imported, sorted(taken)


def test_no_field_or_method_takes_a_name_the_class_body_uses() -> None:
    """A model field `date` would be what a later `at: date` names, and a method
    `cached_property` what a later `@cached_property` calls."""
    event = {
        "type": "object",
        "properties": {
            "date": {"type": "string", "format": "date"},
            "datetime": {"type": "string", "format": "date-time"},
            "day": {"type": "string", "format": "date"},
        },
    }
    paths = {
        f"/events/{name}": {"get": {"operationId": name, "responses": ok(ref("Event"))}}
        for name in ("cached_property", "raw_response", "datetime")
    }
    ir = ir_of(document(paths, {"Event": event}))
    model = fields(ir, "Event")
    assert [(model[w].name, model[w].annotation) for w in ("date", "datetime", "day")] == [
        ("date_", "Optional[date]"),
        ("datetime_", "Optional[datetime]"),
        ("day", "Optional[date]"),
    ]
    methods = {op.python_method.split(".")[-1] for op in ir.operations}
    assert not methods & {"cached_property", "raw_response", "datetime"}, sorted(methods)


def test_no_parameter_takes_a_name_the_method_body_calls() -> None:
    """The body sends a file field through `file_param(...)`: a parameter of that name
    would be what it calls."""
    form = {
        "type": "object",
        "properties": {
            "file_param": {"type": "string"},
            "n": {"type": "string", "format": "binary"},
        },
    }
    body = {"content": {"multipart/form-data": {"schema": form}}}
    doc = document(
        {"/za": {"patch": {"operationId": "update", "requestBody": body, "responses": ok({})}}}
    )
    names = {p.wire: p.name for p in operation(ir_of(doc), "za.update").params}
    assert names["file_param"] != "file_param" and names["n"] == "n", names
