"""generator/schema: pointers, nodes (one nullability fact), references in data."""

from __future__ import annotations

from typing import Any

import pytest

from generator.ir.build import build_ir
from generator.ir.model import ModelDef
from generator.schema.pointer import child, pointer, unescape
from generator.schema.reader import SchemaReader
from generator.schema.references import iter_refs
from generator.select import all_operations
from generator.validate import ref_problems


def test_pointer_escapes_every_token_once() -> None:
    assert pointer("paths", "/a/{id}", "get") == "/paths/~1a~1{id}/get"
    assert child("/x", "a~b", 0) == "/x/a~0b/0"
    assert unescape("~01~1") == "~1/"


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "nullable": True},
        {"type": ["string", "null"]},
        {"anyOf": [{"type": "string"}, {"type": "null"}]},
        {"oneOf": [{"type": "string"}, {"const": None}]},
        {"anyOf": [{"type": "string"}, {"enum": [None]}]},
    ],
)
def test_every_spelling_of_nullable_is_one_fact(schema: dict[str, Any]) -> None:
    node = SchemaReader({}).read(schema, "")
    assert node.nullable and not node.null_only


@pytest.mark.parametrize("schema", [{"type": "null"}, {"const": None}, {"enum": [None]}])
def test_null_only(schema: dict[str, Any]) -> None:
    assert SchemaReader({}).read(schema, "").null_only


def test_a_ref_to_null_is_not_a_null_member() -> None:
    node = SchemaReader({}).read({"anyOf": [{"type": "string"}, {"$ref": "#/x"}]}, "")
    assert not node.nullable


SCIM = {"$ref": "https://example.com/scim/v2/Users/1"}  # data that looks like a reference


def scim_document() -> dict[str, Any]:
    user = {
        "type": "object",
        "example": {"manager": SCIM},
        "default": {"manager": SCIM},
        "examples": [{"manager": SCIM}],
        "properties": {
            "manager": {"type": "object", "enum": [SCIM], "const": SCIM},
            "default": {"$ref": "#/components/schemas/Name"},  # a property called default
        },
    }
    media = {
        "schema": {"$ref": "#/components/schemas/User"},
        "example": SCIM,
        "examples": {"one": {"value": SCIM}, "shared": {"$ref": "#/components/examples/U"}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Scim", "version": "1"},
        "paths": {
            "/users": {
                "get": {
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": media}}
                    }
                }
            }
        },
        "components": {
            "schemas": {"User": user, "Name": {"type": "string"}},
            "examples": {"U": {"value": SCIM}},
        },
    }


def test_refs_inside_literal_data_are_data() -> None:
    doc = scim_document()
    found = sorted(ref for ref, _ in iter_refs(doc))
    assert found == [
        "#/components/examples/U",
        "#/components/schemas/Name",
        "#/components/schemas/User",
    ]
    assert ref_problems(doc) == []  # an absolute URL in data is not "outside the document"
    selected = [(p, m) for p, m, _ in all_operations(doc)]
    ir = build_ir(doc, selected, package="scim", spec_sha256="0" * 64, overrides={})
    assert ir.operations[0].returns == "User"


def test_defs_refs_resolve_against_the_nearest_enclosing_defs() -> None:
    """An inline schema made by pydantic carries `$defs` and says `#/$defs/X`."""
    inline = {
        "type": "object",
        "properties": {"pet": {"$ref": "#/$defs/Pet"}, "tags": {"$ref": "#/$defs/Tags"}},
        "$defs": {
            "Pet": {"type": "object", "properties": {"name": {"type": "string"}}},
            "Tags": {"type": "array", "items": {"$ref": "#/$defs/Tag"}},
            "Tag": {"type": "string", "enum": ["a", "b"]},
        },
    }
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Defs", "version": "1"},
        "paths": {
            "/pets": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": inline}},
                        }
                    }
                }
            }
        },
    }
    assert ref_problems(doc) == []
    selected = [(p, m) for p, m, _ in all_operations(doc)]
    ir = build_ir(doc, selected, package="defs", spec_sha256="0" * 64, overrides={})
    model = next(d for m in ir.type_modules for d in m.definitions if d.name == "PetListResponse")
    assert isinstance(model, ModelDef)
    annotations = {f.wire: f.annotation for f in model.fields}
    assert annotations == {
        "pet": "Optional[PetListResponsePet]",
        "tags": "Optional[List[Literal['a', 'b']]]",
    }
