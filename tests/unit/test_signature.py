"""The order of a method's parameters: the rule, and what the overrides change."""

from __future__ import annotations

from typing import Any

import pytest

from generator.docs.docstrings import method_docstring, twins_note
from generator.docs.examples import Arguments
from generator.errors import GeneratorError
from generator.ir.build import build_ir
from generator.ir.model import Operation, Twin
from generator.select import all_operations
from generator.signature import signature

OK = {"204": {"description": "done"}}
THING = {"type": "object", "properties": {"name": {"type": "string"}, "size": {"type": "integer"}}}

DOC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Tiny", "version": "1.0.0"},
    "paths": {
        "/stores/{id}/keys/{key}": {
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}},
            ],
            "put": {
                "parameters": [{"name": "ttl", "in": "query", "schema": {"type": "integer"}}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/octet-stream": {
                            "schema": {"type": "string", "format": "binary"}
                        }
                    },
                },
                "responses": OK,
            },
        },
        "/things/{id}": {
            "patch": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": THING}},
                },
                "responses": OK,
            }
        },
        # JSON or a file, each requiring its own field; metadata.* query params
        "/media": {
            "post": {
                "parameters": [
                    {
                        "name": "metadata.owner",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    {"name": "metadata.tag", "in": "query", "schema": {"type": "string"}},
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"url": {"type": "string"}},
                                "required": ["url"],
                            }
                        },
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {"file": {"type": "string", "format": "binary"}},
                                "required": ["file"],
                            }
                        },
                    },
                },
                "responses": OK,
            }
        },
    },
}


def operations(overrides: dict[str, dict[str, Any]]) -> dict[str, Operation]:
    selected = [(path, method) for path, method, _ in all_operations(DOC)]
    ir = build_ir(DOC, selected, package="pkg", spec_sha256="0" * 64, overrides=overrides)
    return {op.python_method: op for op in ir.operations}


def names(op: Operation) -> tuple[list[str], list[str]]:
    sig = signature(op)
    return [p.name for p in sig.positional], [p.name for p in sig.keyword]


def test_only_the_last_path_parameter_is_positional() -> None:
    ops = operations({})
    assert names(ops["stores.keys.update"]) == (["key"], ["id", "body", "ttl"])
    assert names(ops["things.update"]) == (["id"], ["name", "size"])


def test_the_overrides_put_more_required_parameters_before_the_star() -> None:
    ops = operations({"PUT /stores/{id}/keys/{key}": {"positional": ["key", "body"]}})
    assert names(ops["stores.keys.update"]) == (["key", "body"], ["id", "ttl"])


def test_a_positional_override_must_name_required_parameters() -> None:
    for wrong in ("ttl", "nope"):
        with pytest.raises(GeneratorError, match=f"`positional` names no required.*{wrong}"):
            operations({"PUT /stores/{id}/keys/{key}": {"positional": ["key", wrong]}})


def test_naming_the_body_passes_an_object_body_whole() -> None:
    op = operations({"PATCH /things/{id}": {"params": {"body": "thing_update"}}})["things.update"]
    assert names(op) == (["id"], ["thing_update"])
    assert op.body is not None and op.body.style == "whole"
    [param] = [p for p in op.params if p.location == "body"]
    assert (param.annotation, param.required) == ("ThingUpdateBody", True)  # a TypedDict


def required(op: Operation) -> dict[str, bool]:
    return {p.name: p.required for p in op.params}


def test_content_keeps_the_listed_media_types_of_the_body() -> None:
    both = operations({})["media.create"]
    assert required(both) == {
        "url": False,
        "file": False,
        "metadata_owner": True,
        "limit": False,
        "metadata_tag": False,
    }
    op = operations({"POST /media": {"content": ["application/json"]}})["media.create"]
    assert op.body is not None and [c.encoding for c in op.body.contents] == ["json"]
    assert required(op)["url"] is True and "file" not in required(op)
    with pytest.raises(GeneratorError, match="`content` names no media type"):
        operations({"POST /media": {"content": ["text/csv"]}})


def test_required_marks_params_required_or_optional() -> None:
    op = operations({"PATCH /things/{id}": {"required": {"name": True}}})["things.update"]
    assert names(op) == (["id"], ["name", "size"])
    assert required(op) == {"id": True, "name": True, "size": False}
    with pytest.raises(GeneratorError, match="`required` names no parameter"):
        operations({"PATCH /things/{id}": {"required": {"nope": True}}})
    with pytest.raises(GeneratorError, match="`required` must map"):
        operations({"PATCH /things/{id}": {"required": {"name": "yes"}}})


def test_dotted_query_params_are_one_object_param() -> None:
    op = operations({"POST /media": {"dotted": ["metadata"]}})["media.create"]
    query = [p for p in op.params if p.location == "query"]
    assert [(p.name, p.wire, p.style) for p in query] == [
        ("metadata", "metadata", "dotted"),
        ("limit", "limit", "form"),
    ]
    assert ("metadata", "dotted") in op.param_styles
    assert query[0].required  # a member is
    # the example call gives the required keys
    _, keywords = Arguments(DOC).of(op)
    assert set(keywords["metadata"]) == {"owner"}
    with pytest.raises(GeneratorError, match="`dotted` names no"):
        operations({"POST /media": {"dotted": ["limit"]}})


TWINS = {
    "POST /media": {
        "content": ["application/json"],
        "dotted": ["metadata"],
        "twins": {"multipart/form-data": "create_from_file"},
    }
}


def test_twins_give_a_route_one_more_method_per_media_type() -> None:
    ops = operations(TWINS)
    json_op, file_op = ops["media.create"], ops["media.create_from_file"]
    assert (file_op.http_method, file_op.path) == (json_op.http_method, json_op.path)
    assert file_op.body is not None and [c.encoding for c in file_op.body.contents] == ["multipart"]
    # each requires its own body's fields; the route's `dotted` holds for both
    assert required(json_op) == {"url": True, "metadata": True, "limit": False}
    assert required(file_op) == {"file": True, "metadata": True, "limit": False}
    assert file_op.endpoint != json_op.endpoint
    assert file_op.responses == json_op.responses and file_op.returns == json_op.returns
    assert file_op.params_type is not None and json_op.params_type is not None
    assert file_op.params_type.name != json_op.params_type.name
    assert (json_op.twin_of, file_op.twin_of) == ("", "media.create")
    assert json_op.twins == (Twin("media.create_from_file", ("multipart/form-data",)),)
    assert file_op.twins == (Twin("media.create", ("application/json",)),)
    assert twins_note(file_op) in method_docstring(file_op).replace("\n", " ")
    assert twins_note(file_op) == (
        "The body goes as multipart/form-data; `media.create` sends it as application/json."
    )
    # a route without twins says nothing of them
    assert "sends it as" not in method_docstring(operations({})["media.create"])


def test_a_twin_must_name_a_media_type_only_it_sends() -> None:
    unknown = {"POST /media": {**TWINS["POST /media"], "twins": {"text/csv": "from_csv"}}}
    with pytest.raises(GeneratorError, match="`twins` names no media type of it: text/csv") as e:
        operations(unknown)
    assert e.value.file == "specs/overrides.yaml" and str(e.value.message).startswith(
        "POST /media:"
    )
    # the route's method would send multipart too: `content` must leave it out
    with pytest.raises(GeneratorError, match="which the route's method sends too"):
        operations({"POST /media": {"twins": {"multipart/form-data": "create_from_file"}}})
    with pytest.raises(GeneratorError, match="`twins` names no media type"):
        operations({"PATCH /things/{id}": {"twins": {"multipart/form-data": "update_file"}}})
    with pytest.raises(GeneratorError, match="`twins` must map media types to method names"):
        operations({"POST /media": {"twins": ["multipart/form-data"]}})
