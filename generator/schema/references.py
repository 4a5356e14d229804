"""Where the OpenAPI / JSON Schema grammar puts references, and nowhere else.

`example`, `default`, `enum`, `const`, a JSON Schema `examples` list and an
Example Object's `value` are literal JSON: an object in them with a `$ref` key
is data (SCIM payloads carry such objects), never followed. Keys of name maps
(`properties`, `responses`, `components/schemas`...) are names, so a property
called `default` is still a schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .pointer import child

_LITERAL = frozenset({"example", "default", "enum", "const"})
# Maps from a name the document chose to an object (a schema, a response...).
_NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "dependentSchemas",
        "$defs",
        "definitions",
        "paths",
        "webhooks",
        "responses",
        "schemas",
        "parameters",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "callbacks",
        "pathItems",
        "content",
        "encoding",
        "variables",
    }
)
_OBJECT, _NAMES, _EXAMPLES, _EXAMPLE = range(4)


def iter_refs(node: Any, at: str = "") -> Iterator[tuple[str, str]]:
    """(`$ref` value, pointer of the object holding it) for every reference in
    `node` (the document, or a schema inside it at `at`)."""
    stack: list[tuple[Any, str, int]] = [(node, at, _OBJECT)]
    while stack:
        value, where, state = stack.pop()
        if isinstance(value, list):  # allOf/oneOf/anyOf/prefixItems, parameters...
            stack.extend((v, child(where, i), _OBJECT) for i, v in enumerate(value))
            continue
        if not isinstance(value, dict):
            continue
        if state in (_NAMES, _EXAMPLES):
            member = _EXAMPLE if state == _EXAMPLES else _OBJECT
            stack.extend((v, child(where, k), member) for k, v in value.items())
            continue
        ref = value.get("$ref")
        if isinstance(ref, str):
            yield ref, where
        for key, v in value.items():
            if key == "$ref" or key in _LITERAL or (key == "value" and state == _EXAMPLE):
                continue
            if key == "examples":
                if isinstance(v, dict):  # Example Objects by name (a list is literal)
                    stack.append((v, child(where, key), _EXAMPLES))
                continue
            stack.append((v, child(where, key), _NAMES if key in _NAME_MAPS else _OBJECT))
