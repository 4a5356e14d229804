"""Where operations land on the client (resource path + method name)."""

from __future__ import annotations

from typing import Any

from generator.ir.resources import Placement, plan_placements


def doc(*ops: tuple[str, str], op_ids: dict[tuple[str, str], str] | None = None) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for method, path in ops:
        op_id = (op_ids or {}).get((method, path), f"{method}{path}")
        paths.setdefault(path, {})[method] = {"operationId": op_id, "responses": {}}
    return {"openapi": "3.1.0", "paths": paths}


def placed(document: dict[str, Any], overrides: Any = None) -> dict[tuple[str, str], str]:
    plan = plan_placements(document, overrides or {})
    return {k: ".".join([*p.resource, p.method]) for k, p in plan.items()}


def test_crud_and_actions() -> None:
    d = doc(
        ("get", "/addresses"),
        ("post", "/addresses"),
        ("get", "/addresses/{id}"),
        ("patch", "/addresses/{id}"),
        ("delete", "/addresses/{id}"),
        ("post", "/addresses/actions/validate"),
        ("post", "/addresses/{id}/actions/accept_suggestions"),
        ("get", "/documents/{id}/download"),
    )
    assert placed(d) == {
        ("/addresses", "get"): "addresses.list",
        ("/addresses", "post"): "addresses.create",
        ("/addresses/{id}", "get"): "addresses.retrieve",
        ("/addresses/{id}", "patch"): "addresses.update",
        ("/addresses/{id}", "delete"): "addresses.delete",
        ("/addresses/actions/validate", "post"): "addresses.actions.validate",
        (
            "/addresses/{id}/actions/accept_suggestions",
            "post",
        ): "addresses.actions.accept_suggestions",
        ("/documents/{id}/download", "get"): "documents.download",
    }


def test_collection_under_an_item_is_a_sub_resource() -> None:
    d = doc(("get", "/x/{id}/items"), ("get", "/x/{id}/items/{item_id}"))
    assert placed(d) == {
        ("/x/{id}/items", "get"): "x.items.list",
        ("/x/{id}/items/{item_id}", "get"): "x.items.retrieve",
    }


def test_overrides() -> None:
    d = doc(("get", "/a/unused"), ("post", "/a/{id}/token"))
    overrides = {
        "GET /a/unused": {"python_method": "a.list_unused"},
        "POST /a/{id}/token": {"method": "create_token"},
    }
    assert placed(d, overrides) == {
        ("/a/unused", "get"): "a.list_unused",
        ("/a/{id}/token", "post"): "a.create_token",
    }


def test_clash_falls_back_to_operation_id() -> None:
    d = doc(
        ("get", "/a/{id}"),
        ("get", "/a/{id}/"),
        op_ids={("get", "/a/{id}/"): "GetTheA"},
    )
    names = sorted(placed(d).values())
    assert names == ["a.get_the_a", "a.retrieve"]


def test_unrelated_operations_do_not_rename_existing_ones() -> None:
    base = [("get", "/addresses"), ("post", "/addresses/{id}/verify"), ("get", "/b/{id}")]
    before = placed(doc(*base))
    after = placed(doc(*base, ("get", "/zebras"), ("post", "/c/actions/go"), ("get", "/b2")))
    assert {k: after[k] for k in before} == before


def test_keyword_segments_are_safe() -> None:
    plan = plan_placements(doc(("post", "/ai/import")), {})
    assert plan[("/ai/import", "post")] == Placement(("ai", "import_"), "create")
