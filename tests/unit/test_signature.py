"""The order of a method's parameters: the rule, and what the overrides change."""

from __future__ import annotations

from typing import Any

import pytest

from generator.errors import GeneratorError
from generator.ir.build import build_ir
from generator.ir.model import Operation
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
