"""names.lock across spec updates: a type that moves keeps its name; stale entries take none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.api_snapshot import ir_of_spec
from generator.ir.build import build_ir
from generator.ir.model import IR
from generator.lock import dump_lock, read_lock, settle
from generator.select import all_operations

SHARED = Path(__file__).resolve().parents[3] / "shared" / "telnyx-openapi"
OLD_SPEC, PIN_SPEC = SHARED / "spec3.2026-06-01.yml", SHARED / "spec3.yml"

LIST = {
    "type": "object",
    "properties": {"data": {"type": "array", "items": {"type": "string"}}},
}


def spec(responses: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Tiny", "version": "1.0.0"},
        "paths": {
            "/things": {"get": {"operationId": "listThings", "responses": responses}},
            "/widgets": {"get": {"operationId": "listWidgets", "responses": responses}},
        },
        "components": components,
    }


def ok(schema: Any) -> dict[str, Any]:
    return {"description": "ok", "content": {"application/json": {"schema": schema}}}


def build(doc: dict[str, Any], locked: dict[tuple[str, str], str]) -> IR:
    selected = [(path, method) for path, method, _ in all_operations(doc)]
    return settle(
        lambda held: build_ir(
            doc, selected, package="pkg", spec_sha256="0" * 64, overrides={}, locked=held
        ),
        lambda ir: ir.name_lock,
        locked,
    )


def lock_of(ir: IR) -> dict[tuple[str, str], str]:
    return {(scope, key): name for scope, key, name in ir.name_lock}


def type_names(ir: IR) -> set[str]:
    return {d.name for m in ir.type_modules for d in m.definitions}


def test_a_shared_response_that_becomes_inline_keeps_its_type_name() -> None:
    as_ref = spec(
        {"200": {"$ref": "#/components/responses/ThingList"}},
        {"responses": {"ThingList": ok(LIST)}},
    )
    inline = spec({"200": ok(LIST)}, {})
    before = build(as_ref, {})
    fresh = build(inline, {})
    after = build(inline, lock_of(before))
    assert type_names(after) == type_names(fresh)
    assert [op.returns for op in after.operations] == [op.returns for op in fresh.operations]
    # The stale key of the shared response is gone from the next lock.
    assert not any("/components/responses/" in key for _, key, _ in after.name_lock)


def test_a_stale_entry_yields_its_name_to_a_live_claimant() -> None:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "Tiny", "version": "1.0.0"},
        "paths": {"/a": {"get": {"responses": {"200": ok({"$ref": "#/components/schemas/T"})}}}},
        "components": {
            "schemas": {"T": {"type": "object", "properties": {"x": {"type": "string"}}}}
        },
    }
    stale = {("types", "/gone"): "T"}
    ir = build(doc, stale)
    assert ir.operations[0].returns == "T"
    assert ("types", "/components/schemas/T", "T") in ir.name_lock


def test_a_live_entry_keeps_its_numbered_name() -> None:
    """Settling drops stale entries only: what the lock holds for live keys stays."""
    doc = spec({"200": ok(LIST)}, {})
    first = build(doc, {})
    renamed = {k: (n + "9" if n.endswith("Response") else n) for k, n in lock_of(first).items()}
    again = build(doc, renamed)
    assert {n for n in type_names(again) if n.endswith("9")}


def test_the_lock_file_round_trips(tmp_path: Path) -> None:
    entries = [("types", "#/a b", "Ä"), ("modules", "k", "m")]
    path = tmp_path / "names.lock"
    path.write_text(dump_lock(entries, "# header"), encoding="utf-8")
    assert read_lock(path) == {(s, k): n for s, k, n in entries}


def public_names(ir: IR) -> set[str]:
    return (
        {f"type {d.name}" for m in ir.type_modules for d in m.definitions}
        | {f"module types.{m.name}" for m in ir.type_modules}
        | {f"module resources.{r.module}" for r in ir.resources}
        | {f"method {op.python_method}" for op in ir.operations}
    )


@pytest.mark.skipif(not OLD_SPEC.is_file(), reason="needs ../shared/telnyx-openapi")
def test_updating_2026_06_01_to_the_pin_renames_nothing_a_fresh_run_keeps() -> None:
    old = ir_of_spec(OLD_SPEC)
    fresh = ir_of_spec(PIN_SPEC)
    updated = ir_of_spec(PIN_SPEC, locked=lock_of(old))
    shared = public_names(old) & public_names(fresh)
    lost = sorted(shared - public_names(updated))
    assert not lost, f"{len(lost)} names lost: {lost[:20]}"
    # And a regeneration from the updated lock is stable.
    assert public_names(ir_of_spec(PIN_SPEC, locked=lock_of(updated))) == public_names(updated)
