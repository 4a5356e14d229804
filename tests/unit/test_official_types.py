"""The official SDK's type import paths: subpackages of `types` re-export flat types."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.ir.build import build_ir
from generator.official_types import TypeAlias, load_type_exports, type_aliases
from generator.render import render
from generator.select import all_operations

OBJ = {"type": "object", "properties": {"id": {"type": "string"}}}


def ok(schema: Any) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


DOC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Tiny", "version": "1.0.0"},
    "paths": {
        # a nested resource with its own response type, and one returning a shared schema
        "/calls/{id}/actions/hangup": {"post": {"responses": ok(OBJ)}},
        "/calls/{id}/actions/answer": {
            "post": {"responses": ok({"$ref": "#/components/schemas/Shared"})}
        },
        # a result with no name of its own: a list
        "/calls/{id}/actions/export": {
            "post": {
                "responses": ok({"type": "array", "items": {"$ref": "#/components/schemas/Shared"}})
            }
        },
        "/dir": {
            "get": {"responses": ok({"$ref": "#/components/schemas/Dir"})},
            "post": {"responses": ok(OBJ)},
        },
        "/dir/{id}/items/{item}": {"get": {"responses": ok(OBJ)}},
        "/jobs": {
            "post": {
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"spec": {"$ref": "#/components/schemas/Spec"}},
                            }
                        }
                    }
                },
                "responses": ok(OBJ),
            }
        },
    },
    "components": {
        "schemas": {
            "Shared": OBJ,
            "Dir": OBJ,
            "Spec": OBJ,
            # named by no operation: emitted only because an export names it
            "Either": {"oneOf": [{"$ref": "#/components/schemas/Shared"}, {"type": "string"}]},
            "Loose": {"type": "object", "properties": {"n": {"type": "integer"}}},
            # a list of an inline union: the official SDK names the item too
            "Tools": {
                "type": "array",
                "items": {"oneOf": [{"$ref": "#/components/schemas/Dir"}, {"type": "string"}]},
            },
        }
    },
}

Exports = dict[str, list[tuple[str, str]]]


def same(*names: str) -> list[tuple[str, str]]:
    return [(name, name) for name in names]


def ir_of(exports: Exports) -> Any:
    selected = [(path, method) for path, method, _ in all_operations(DOC)]
    return build_ir(
        DOC, selected, package="pkg", spec_sha256="0" * 64, overrides={}, type_exports=exports
    )


def test_own_response_types_get_the_official_name_in_the_resource_subpackage() -> None:
    ir = ir_of({"calls": same("Shared")})
    aliases = type_aliases(ir.operations, ir.type_modules, {"calls": same("Shared")})
    by_name = {(a.package, a.name): a for a in aliases}
    hangup = by_name[(("calls",), "ActionHangupResponse")]
    assert hangup.source == "CallsActionHangupResponse"
    # a shared schema a method returns gets the method's name too
    answer = by_name[(("calls",), "ActionAnswerResponse")]
    assert (answer.module, answer.source) == ("shared", "Shared")
    # and its own name in the subpackages the overrides list it for
    assert by_name[(("calls",), "Shared")] == TypeAlias(("calls",), "Shared", "shared", "Shared")
    # a top-level resource's method: in `types` itself, unless a flat type has the name
    assert by_name[((), "DirListResponse")] == TypeAlias((), "DirListResponse", "dir_2", "Dir")
    assert ((), "DirCreateResponse") not in by_name  # the flat DirCreateResponse


def test_a_flat_module_gives_way_to_a_subpackage() -> None:
    ir = ir_of({})
    modules = {m.name for m in ir.type_modules}
    assert "dir" not in modules  # `types/dir/` is the subpackage of `dir.items`
    assert "dir_2" in modules


def test_rendered_subpackages_import(tmp_path: Path) -> None:
    ir = ir_of({"calls": same("Shared")})
    for name, text in render(ir).items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        calls = importlib.import_module("pkg.types.calls")
        directory = importlib.import_module("pkg.types.dir")
        assert calls.ActionHangupResponse.__name__ == "CallsActionHangupResponse"
        assert calls.Shared.__name__ == "Shared"
        assert directory.ItemRetrieveResponse.__name__ == "DirItemRetrieveResponse"
        assert importlib.import_module("pkg.types").DirListResponse.__name__ == "Dir"
    finally:
        sys.path.remove(str(tmp_path))
        for module in [m for m in sys.modules if m == "pkg" or m.startswith("pkg.")]:
            del sys.modules[module]


def test_a_request_only_schema_is_exported_without_its_param_suffix() -> None:
    exports = {"": same("Spec"), "jobs": same("Spec")}
    ir = ir_of(exports)
    by_name = {
        (a.package, a.name): a for a in type_aliases(ir.operations, ir.type_modules, exports)
    }
    assert by_name[((), "Spec")].source == "SpecParam"  # "" is `types` itself
    assert by_name[(("jobs",), "Spec")].source == "SpecParam"


def test_an_official_name_maps_to_a_flat_type_of_another_name() -> None:
    exports = {"jobs": [("SharedThing", "Shared")]}
    ir = ir_of(exports)
    aliases = type_aliases(ir.operations, ir.type_modules, {k: list(v) for k, v in ir.type_exports})
    assert TypeAlias(("jobs",), "SharedThing", "shared", "Shared") in aliases


def test_a_component_no_operation_names_is_emitted_for_its_export() -> None:
    assert "Either" not in {d.name for m in ir_of({}).type_modules for d in m.definitions}
    ir = ir_of({"": [("Either", "Either"), ("LooseModel", "Loose")], "jobs": same("Either")})
    defs = {d.name: d for m in ir.type_modules for d in m.definitions}
    assert defs["Either"].kind == "alias"  # a union gets a name of its own
    assert defs["Loose"].kind == "model"
    aliases = type_aliases(ir.operations, ir.type_modules, {k: list(v) for k, v in ir.type_exports})
    assert TypeAlias(("jobs",), "Either", "either", "Either") in aliases
    assert TypeAlias((), "LooseModel", "loose", "Loose") in aliases


def test_an_export_of_a_list_item_is_an_alias_beside_the_list() -> None:
    ir = ir_of({"ai": [("Tool", "Tools[]")]})
    defs = {d.name: d for m in ir.type_modules for d in m.definitions}
    assert defs["Tool"].annotation == "Union[Dir, str]"
    assert defs["Tools"].module == defs["Tool"].module
    aliases = type_aliases(ir.operations, ir.type_modules, {k: list(v) for k, v in ir.type_exports})
    assert TypeAlias(("ai",), "Tool", defs["Tool"].module, "Tool") in aliases
    # not a list: nothing serves the name (the official-SDK test reports it)
    assert dict(ir_of({"ai": [("Item", "Loose[]")]}).type_exports)["ai"] == (("Item", "Loose[]"),)


def test_an_export_entry_is_a_name_or_a_one_key_mapping() -> None:
    data = {"types": {"": ["A", {"B": "C"}], "ai": None}}
    assert load_type_exports(data) == {"": [("A", "A"), ("B", "C")], "ai": []}
    with pytest.raises(ValueError, match="neither a name"):
        load_type_exports({"types": {"": [{"B": "C", "D": "E"}]}})


def test_a_result_with_no_name_gets_one_for_its_official_name() -> None:
    ir = ir_of({})
    [export] = [op for op in ir.operations if op.python_method == "calls.actions.export"]
    assert export.result_alias is not None and export.returns == "List[Shared]"
    defs = {d.name: d for m in ir.type_modules for d in m.definitions}
    assert defs[export.result_alias.name].annotation == "List[Shared]"
    aliases = type_aliases(ir.operations, ir.type_modules, {})
    assert (
        TypeAlias(
            ("calls",), "ActionExportResponse", "calls_actions_types", "CallsActionExportResponse"
        )
        in aliases
    )
