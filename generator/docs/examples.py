"""Arguments that make a valid call of each operation: the guides' examples, and
the contract tests' calls.

Path, query and header values come from the spec's examples (then enums, then
values synthesised from the schema, see `generator/schema/values.py`). A request
body is built from its properties' examples when that body validates against the
schema as a whole, else synthesised (an example of one property may contradict
another's constraints, and Prism rejects a request that does not validate).
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import GeneratorError
from ..ir.model import Example, Operation, TFile
from ..refs import Resolver
from ..schema.values import ValueMaker, raw_body, raw_parameters, validates
from ..signature import signature

FILE_CONTENT = b"%PDF-1.4 example"


class Arguments:
    """Values for the required parameters of operations of one document."""

    def __init__(self, document: dict[str, Any], *, use_examples: bool = False) -> None:
        self.document = document
        self.resolver = Resolver(document)
        self.maker = ValueMaker(self.resolver)
        self.use_examples = use_examples

    def of(self, op: Operation) -> tuple[list[Any], dict[str, Any]]:
        """Positional path values and keyword values for every required param (and an
        optional one Prism would reject if absent)."""
        maker = self.maker
        raw = raw_parameters(self.resolver, op.path, op.http_method)
        body_props: dict[str, Any] = {}
        body_schema: Any = None
        if op.body is not None:
            media_type = op.body.contents[0].media_type
            body_schema, required = raw_body(self.resolver, op.path, op.http_method, media_type)
            body_props = self._body(body_schema, required=required)
        positional: list[Any] = []
        keywords: dict[str, Any] = {}
        positional_params = signature(op).positional
        for p in op.params:
            in_body = p.location == "body" and p.wire in body_props
            if not p.required and not in_body and not maker.absent_is_invalid(raw.get(p.wire)):
                continue
            if isinstance(p.type, TFile):
                value: Any = FILE_CONTENT
            elif p.location == "body":
                value = body_props.get(p.wire) if p.wire else maker.value(body_schema)
            elif p.style == "dotted":  # `<wire>.<key>` params grouped: the required keys
                value = {
                    wire.partition(".")[2]: maker.value(member.get("schema", {}))
                    for wire, member in raw.items()
                    if wire.startswith(p.wire + ".") and member.get("required")
                }
            else:
                value = maker.value(raw[p.wire].get("schema", {}))
            if p.location == "path" and self.use_examples and maker.is_free_text(raw[p.wire]):
                value = p.name  # says what goes there, as the official guides do
            if p in positional_params:  # the last path param; the others are keywords
                positional.append(value)
            else:
                keywords[p.name] = value
        return positional, keywords

    def _body(self, schema: Any, *, required: bool) -> dict[str, Any]:
        # A required body gets at least one property: with none the client sends
        # no body at all, which Prism rejects ("Body parameter is required").
        if self.use_examples:
            # The required properties, each from its own example: a whole-body example
            # sets every optional property too, more than a first call needs.
            flat = self.maker.flatten(schema)
            value = self.maker.value(
                {k: v for k, v in flat.items() if k not in ("example", "examples")},
                use_examples=True,
                non_empty=required,
            )
            if isinstance(value, dict) and validates(self.document, _jsonable(value), schema):
                return value
        value = self.maker.value(schema, use_examples=False, non_empty=required)
        return value if isinstance(value, dict) else {}


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def examples(operations: tuple[Operation, ...], document: dict[str, Any]) -> tuple[Example, ...]:
    """One example call per operation, its values as Python literals."""
    arguments = Arguments(document, use_examples=True)
    result = []
    for op in operations:
        try:
            positional, keywords = arguments.of(op)
        except GeneratorError:  # a broken $ref the IR typed as Any (warned): no example
            continue
        result.append(
            Example(
                python_method=op.python_method,
                positional=tuple(literal(v, 4, 4) for v in positional),
                keywords=tuple((k, literal(v, 4, 4 + len(k) + 1)) for k, v in keywords.items()),
            )
        )
    return tuple(result)


def literal(value: Any, indent: int, column: int, width: int = 88) -> str:
    """`value` as Python source (black's style) starting at `column` of a line
    indented by `indent`: on one line if it fits, else one item per line."""
    flat = _flat(value)
    if column + len(flat) < width or not isinstance(value, dict | list) or not value:
        return flat
    inner = indent + 4
    pad = " " * inner
    if isinstance(value, dict):
        items = [
            f"{_flat(k)}: {literal(v, inner, inner + len(_flat(k)) + 2, width)}"
            for k, v in value.items()
        ]
        return "{\n" + "".join(f"{pad}{item},\n" for item in items) + " " * indent + "}"
    items = [literal(v, inner, inner, width) for v in value]
    return "[\n" + "".join(f"{pad}{item},\n" for item in items) + " " * indent + "]"


def _flat(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flat(k)}: {_flat(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flat(v) for v in value) + "]"
    return repr(value)
