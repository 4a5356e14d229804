"""The contract test's value synthesis on small schemas (no Prism needed)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.refs import Resolver
from generator.schema.values import ValueMaker


def make(schema: dict[str, Any], components: dict[str, Any] | None = None, **kw: Any) -> Any:
    doc = {"openapi": "3.1.0", "paths": {}, "components": {"schemas": components or {}}}
    return ValueMaker(Resolver(doc)).value(schema, use_examples=False, **kw)


def test_required_in_one_allof_member_applies_to_a_property_of_another() -> None:
    components = {
        "Record": {
            "type": "object",
            "properties": {"id": {"type": "string", "readOnly": True}, "name": {"type": "string"}},
        }
    }
    schema = {"allOf": [{"$ref": "#/components/schemas/Record"}, {"required": ["name"]}]}
    assert make(schema, components) == {"name": "x"}


def test_anyof_member_of_only_required_makes_the_surrounding_property_required() -> None:
    schema = {
        "type": "object",
        "properties": {"url": {"type": "string", "format": "uri"}, "other": {"type": "string"}},
        "anyOf": [{"required": ["url"]}, {"required": ["other"]}],
    }
    assert make(schema) == {"url": "https://example.com/x"}


def test_oneof_member_properties_merge_with_the_base() -> None:
    schema = {
        "type": "object",
        "properties": {"kind": {"type": "string"}},
        "required": ["kind"],
        "oneOf": [
            {"type": "null"},
            {"properties": {"a": {"type": "integer", "minimum": 3}}, "required": ["a"]},
        ],
    }
    assert make(schema) == {"kind": "x", "a": 3}


def test_min_properties_fills_optional_writable_non_deprecated_properties() -> None:
    schema = {
        "type": "object",
        "minProperties": 2,
        "properties": {
            "id": {"type": "string", "readOnly": True},
            "old": {"type": "string", "deprecated": True},
            "email": {"type": "string", "format": "email"},
            "items": {"type": "array", "minItems": 2, "items": {"enum": ["a", "b"]}},
            "never": {"type": "string"},
        },
    }
    assert make(schema) == {"email": "user@example.com", "items": ["a", "a"]}


def test_a_required_body_gets_one_property_even_with_none_required() -> None:
    schema = {"type": "object", "properties": {"FriendlyName": {"type": "string"}}}
    assert make(schema) == {}
    assert make(schema, non_empty=True) == {"FriendlyName": "x"}


def test_allof_of_a_scalar_ref_keeps_its_enum() -> None:
    components = {"Status": {"type": "string", "enum": ["on", "off"]}}
    schema = {"allOf": [{"$ref": "#/components/schemas/Status"}], "description": "d"}
    assert make(schema, components) == "on"


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "integer"}, 1),
        ({"type": "integer", "minimum": 0}, 0),
        ({"type": "integer", "minimum": 0, "exclusiveMinimum": True}, 1),  # OpenAPI 3.0
        ({"type": "integer", "exclusiveMinimum": 5}, 6),  # OpenAPI 3.1
        ({"type": "integer", "maximum": -2}, -2),
        ({"type": "number", "minimum": 0.5}, 0.5),
    ],
)
def test_numbers_respect_their_bounds(schema: dict[str, Any], expected: float) -> None:
    assert make(schema) == expected


def test_pattern_is_matched() -> None:
    import re

    value = make({"type": "string", "pattern": r"^\+[1-9]\d{1,14}$"})
    assert re.fullmatch(r"^\+[1-9]\d{1,14}$", value)
