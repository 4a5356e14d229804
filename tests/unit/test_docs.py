"""Spec text as docstrings and Markdown: HTML conversion, wrapping, docstring layout,
and the committed client's docstrings staying inside the line length."""

from __future__ import annotations

import ast
from typing import Any, cast

import pytest

from generator.docs.docstrings import LINE_LENGTH, class_docstring, method_docstring
from generator.docs.examples import literal
from generator.docs.text import plain, readable, summary_and_body, wrap
from generator.ir.model import Operation, Param, Resource, TPrim
from generator.schema.values import matching
from tests.conftest import GENERATED


def test_html_becomes_markdown() -> None:
    text = (
        'Use <code>to</code>.<br />See <a href="https://x.io/a">the docs</a> &amp; more:'
        "<ul><li>one</li><li><b>two</b></li></ul>Set <API_KEY> first."
    )
    assert plain(text) == (
        "Use `to`.\nSee [the docs](https://x.io/a) & more:\n\n- one\n- two\n\nSet <API_KEY> first."
    )


def test_wrap_reflows_prose_and_keeps_code_and_list_items() -> None:
    text = "word " * 30 + "\n\n- item " + "long " * 20 + "\n\n```\nkeep   this    line\n```"
    lines = wrap(text, 40, "  ")
    assert all(len(line) <= 40 for line in lines)
    assert "  keep   this    line" in lines
    item = lines.index(next(line for line in lines if line.startswith("  - item")))
    assert lines[item + 1].startswith("    long")  # hangs under the item's text


def test_a_word_longer_than_the_width_keeps_its_line() -> None:
    url = "https://example.com/" + "x" * 80
    assert wrap(f"see {url} now", 40) == ["see", url, "now"]


def _op(**changes: object) -> Operation:
    base = {
        "operation_id": "GetThing",
        "http_method": "get",
        "path": "/things/{id}",
        "python_method": "things.retrieve",
        "resource": "things",
        "name": "retrieve",
        "endpoint": "_retrieve",
        "summary": "Retrieve a thing",
        "description": "Retrieve a thing.",
        "deprecated": False,
        "tags": ("Things",),
        "params": (
            Param("id", "id", "path", TPrim("str"), "str", True, "The <code>id</code> " * 12),
        ),
        "body": None,
        "responses": (),
        "returns_type": TPrim("object"),
        "returns": "Thing",
        "returns_lazy": "",
        "response_kind": "json",
        "pagination": None,
    }
    return Operation(**cast(Any, {**base, **changes}))


def test_method_docstring_has_args_and_returns_and_no_repeated_summary() -> None:
    lines = method_docstring(_op()).split("\n")
    assert lines[0] == "Retrieve a thing"
    assert lines.count("Retrieve a thing.") == 0  # the description only repeats it
    assert lines[2] == "Args:"
    assert lines[3].startswith("  id: The `id` The `id`")
    assert lines[4].startswith("    ")  # continuation hangs under the name
    assert lines[-2:] == ["Returns:", "  Thing"]
    assert all(len(line) <= LINE_LENGTH - 8 for line in lines)


def test_class_docstring_is_the_tag_description() -> None:
    resource = Resource(("things",), "things", "Things", "things", False, (), ())
    assert class_docstring(resource) == "Operations on `things`."
    described = Resource(
        ("things",), "things", "Things", "things", False, (), (), (), "All <b>things</b>."
    )
    assert class_docstring(described) == "All things."


@pytest.mark.parametrize(
    "pattern",
    [r"^C[A-Z0-9]{5,8}$", r"^([Aa]uto|[a-z]{2,3}(-[A-Za-z0-9]{2,8})*)$", r"^\+[1-9]\d{1,14}$"],
)
def test_matching_builds_a_string_the_pattern_accepts(pattern: str) -> None:
    import re

    assert re.fullmatch(pattern, matching(pattern))


def test_literal_is_black_style_and_breaks_long_values() -> None:
    assert literal({"a": [1, "x"]}, 4, 4) == '{"a": [1, "x"]}'
    long = literal({"key": "v" * 50, "other": {"nested": "w" * 60}}, 4, 10)
    assert long.split("\n")[0] == "{"
    assert '        "other": {' in long.split("\n")
    assert eval(long) == {"key": "v" * 50, "other": {"nested": "w" * 60}}


def _docstring_lines(path: str) -> list[tuple[int, str]]:
    source = (GENERATED / path).read_text(encoding="utf-8")
    lines = source.split("\n")
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and ast.get_docstring(node):
            doc = node.body[0]
            out += [(n, lines[n - 1]) for n in range(doc.lineno, (doc.end_lineno or 0) + 1)]
    return out


def test_generated_docstrings_fit_the_line_length() -> None:
    """No docstring line of the committed client is longer than black's line length,
    except one holding a single word (a URL) that no wrapping can shorten."""
    files = sorted((GENERATED / "telnyx_client" / "resources").rglob("*.py"))
    assert len(files) > 100
    too_long = [
        f"{path.name}:{number}: {line.strip()[:60]}"
        for path in files
        for number, line in _docstring_lines(str(path.relative_to(GENERATED)))
        if len(line) > LINE_LENGTH and len(line.strip().strip('"').split()) > 1
    ]
    assert too_long == []
    source = (GENERATED / "telnyx_client/resources/addresses/__init__.py").read_text()
    assert '    """Operations to work with Address records.' in source
    assert "<code>" not in source and "<br" not in source


def test_readable_drops_annotated_metadata() -> None:
    text = "SyncPage[Annotated[Union[A, B], Discriminated('e', {'x': 'A'})]] | None"
    assert readable(text) == "SyncPage[Union[A, B]] | None"


@pytest.mark.parametrize(
    ("summary", "description", "expected"),
    [
        ("Delete Brand", "Delete Brand. It goes.", ("Delete Brand", "It goes.")),
        ("Create an event", "Create an event for a user", ("Create an event for a user", "")),
        ("Retrieve", "retrieve.", ("Retrieve", "")),
        ("", "Only <b>this</b>.", ("Only this.", "")),
        ("Get x", "Returns x.", ("Get x", "Returns x.")),
    ],
)
def test_summary_is_not_repeated(summary: str, description: str, expected: tuple[str, str]) -> None:
    assert summary_and_body(summary, description) == expected
