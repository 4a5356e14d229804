"""What a package takes from its document rather than from Telnyx: the error root's
name, webhook verification only when the document declares webhooks, and a
client module that imports only what it uses (none of it for a document without
operations)."""

from __future__ import annotations

import ast
from typing import Any

import pytest

from generator.ir.build import build_ir
from generator.ir.model import IR
from generator.render import RUNTIME, render, runtime_files
from tests.fuzz.harness import all_operations


def ir_of(title: str, **extra: Any) -> IR:
    doc = {"openapi": "3.1.0", "info": {"title": title, "version": "1"}, **extra}
    return build_ir(doc, all_operations(doc), package="pkg", spec_sha256="0" * 64, overrides={})


ONE_OPERATION = {"/things": {"get": {"responses": {"204": {"description": "none"}}}}}
HOOK = {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}}}


@pytest.mark.parametrize(
    ("title", "root"),
    [
        ("Telnyx API", "TelnyxError"),
        ("Petstore", "PetstoreError"),
        ("Conflict Resolution", "ConflictClientError"),  # `ConflictError` is taken
    ],
)
def test_the_error_root_is_named_for_the_client(title: str, root: str) -> None:
    ir = ir_of(title, paths=ONE_OPERATION)
    assert ir.error_root == root
    files = render(ir)
    module = files["pkg/_error_root.py"]
    assert f"class {root}(Exception):" in module and f"ErrorRoot = {root}" in module
    assert f"from pkg._error_root import {root}" in files["pkg/__init__.py"]


def test_the_runtime_stand_in_is_the_telnyx_module() -> None:
    """The runtime's tests import the stand-in: it must be what Telnyx's package gets."""
    rendered = render(ir_of("Telnyx API", paths=ONE_OPERATION))["pkg/_error_root.py"]
    stand_in = (RUNTIME / "_error_root.py").read_text(encoding="utf-8")
    code = "".join(line for line in stand_in.splitlines(True) if not line.startswith("#"))
    assert rendered.split("\n", 1)[1] == code


@pytest.mark.parametrize("webhooks", [None, {}, {"event.done": HOOK}])
def test_webhooks_only_when_declared(webhooks: dict[str, Any] | None) -> None:
    extra = {"paths": ONE_OPERATION} | ({"webhooks": webhooks} if webhooks is not None else {})
    ir = ir_of("Petstore", **extra)
    files = render(ir)
    assert ir.has_webhooks is bool(webhooks)
    assert ("pkg/_webhooks.py" in files) is bool(webhooks)
    assert ("_webhooks.py" in runtime_files(ir)) is bool(webhooks)
    assert ("def webhooks" in files["pkg/_client.py"]) is bool(webhooks)
    assert ("WebhookVerificationError" in files["pkg/__init__.py"]) is bool(webhooks)
    pyproject = files["pyproject.toml"]
    dependencies = pyproject[: pyproject.index("]", pyproject.index("dependencies"))]
    assert "cryptography" not in dependencies
    assert ('webhooks = ["cryptography>=41"]' in pyproject) is bool(webhooks)


def imported(source: str) -> set[str]:
    return {
        alias.asname or alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def used(source: str) -> set[str]:
    tree = ast.parse(source)
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
        a.value.id
        for a in ast.walk(tree)
        if isinstance(a, ast.Attribute) and isinstance(a.value, ast.Name)
    }


@pytest.mark.parametrize(
    "extra",
    [
        {},  # no paths at all
        {"paths": {}},
        {"paths": ONE_OPERATION},
        {"paths": {}, "webhooks": {"event.done": HOOK}},
        {"paths": ONE_OPERATION, "webhooks": {"event.done": HOOK}},
    ],
)
def test_the_client_module_imports_only_what_it_uses(extra: dict[str, Any]) -> None:
    source = render(ir_of("Geometry", **extra))["pkg/_client.py"]
    names = imported(source) - {"annotations"}
    # Resource classes are imported for annotations, which are strings here.
    strings = {n for n in names if f"{n}(" in source or f"{n}[" in source or f"-> {n}" in source}
    assert names <= used(source) | strings, names - used(source) - strings
    assert ("TYPE_CHECKING" in source) is bool(extra.get("paths") or extra.get("webhooks"))


def test_a_document_without_operations_generates_its_component_types() -> None:
    schemas = {
        "Point": {"type": "object", "properties": {"x": {"type": "number"}}},
        "Unit": {"type": "string", "enum": ["m", "km"]},
    }
    ir = ir_of("Geometry", components={"schemas": schemas})
    assert ir.operations == ()
    names = {d.name for m in ir.type_modules for d in m.definitions}
    assert names == {"Point", "Unit"}
    files = render(ir)
    for path, text in files.items():
        if path.endswith(".py"):
            ast.parse(text, path)
