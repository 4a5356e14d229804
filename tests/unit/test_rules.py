"""Where operations land on the client (resource path + method name)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ir.resources import Paths, Placement, plan_placements
from generator.naming import attribute
from generator.schema.document import Document

Op = tuple[str, str]  # (method, path)


def doc(*ops: Op, op_ids: dict[Op, str] | None = None) -> Paths:
    paths: dict[str, Any] = {}
    for method, path in ops:
        op_id = (op_ids or {}).get((method, path), f"{method}{path}")
        paths.setdefault(path, {})[method] = {"operationId": op_id, "responses": {}}
    return Document({"openapi": "3.1.0", "paths": paths}).paths


def placed(document: Paths, overrides: Any = None) -> dict[tuple[str, str], str]:
    plan = plan_placements(document, overrides or {})
    return {k: ".".join([*p.resource, p.method]) for k, p in plan.items()}


def test_crud() -> None:
    d = doc(
        ("get", "/addresses"),
        ("post", "/addresses"),
        ("get", "/addresses/{id}"),
        ("patch", "/addresses/{id}"),
        ("put", "/things/{id}"),
        ("delete", "/addresses/{id}"),
    )
    assert placed(d) == {
        ("/addresses", "get"): "addresses.list",
        ("/addresses", "post"): "addresses.create",
        ("/addresses/{id}", "get"): "addresses.retrieve",
        ("/addresses/{id}", "patch"): "addresses.update",
        ("/addresses/{id}", "delete"): "addresses.delete",
        ("/things/{id}", "put"): "things.update",
    }


def test_actions_are_a_sub_resource() -> None:
    d = doc(
        ("post", "/addresses/actions/validate"),
        ("post", "/addresses/{id}/actions/accept_suggestions"),
        ("post", "/x/{id}/actions/verb"),
    )
    assert placed(d) == {
        ("/addresses/actions/validate", "post"): "addresses.actions.validate",
        (
            "/addresses/{id}/actions/accept_suggestions",
            "post",
        ): "addresses.actions.accept_suggestions",
        ("/x/{id}/actions/verb", "post"): "x.actions.verb",
    }


def test_trailing_segment_after_a_param_is_the_method() -> None:
    d = doc(
        ("get", "/documents/{id}/download"),
        ("post", "/calls/{id}/hangup"),
        ("patch", "/numbers/{id}/voice"),
        ("put", "/numbers/{id}/messaging"),
        ("delete", "/numbers/{id}/emergency"),
    )
    assert placed(d) == {
        ("/documents/{id}/download", "get"): "documents.download",
        ("/calls/{id}/hangup", "post"): "calls.hangup",
        ("/numbers/{id}/voice", "patch"): "numbers.update_voice",
        ("/numbers/{id}/messaging", "put"): "numbers.update_messaging",
        ("/numbers/{id}/emergency", "delete"): "numbers.delete_emergency",
    }


def test_collection_under_an_item_is_a_sub_resource() -> None:
    d = doc(("get", "/x/{id}/items"), ("get", "/x/{id}/items/{item_id}"))
    assert placed(d) == {
        ("/x/{id}/items", "get"): "x.items.list",
        ("/x/{id}/items/{item_id}", "get"): "x.items.retrieve",
    }


def test_get_and_post_on_a_segment_make_it_a_collection() -> None:
    d = doc(("get", "/x/{id}/notes"), ("post", "/x/{id}/notes"))
    assert placed(d) == {
        ("/x/{id}/notes", "get"): "x.notes.list",
        ("/x/{id}/notes", "post"): "x.notes.create",
    }


def test_overrides() -> None:
    d = doc(("get", "/a/unused"), ("post", "/a/{id}/token"), ("get", "/a/{id}"))
    overrides = {
        "GET /a/unused": {"python_method": "a.list_unused"},
        "POST /a/{id}/token": {"method": "create_token"},
    }
    assert placed(d, overrides) == {
        ("/a/unused", "get"): "a.list_unused",
        ("/a/{id}/token", "post"): "a.create_token",
        ("/a/{id}", "get"): "a.retrieve",
    }


def test_an_override_wins_a_clash_with_a_rule_name() -> None:
    # The rule gives GET /a/{id} `a.retrieve`; the override asks for it too.
    d = doc(("get", "/a/{id}"), ("get", "/a/{id}/info"), op_ids={("get", "/a/{id}"): "GetA"})
    result = placed(d, {"GET /a/{id}/info": {"method": "retrieve"}})
    assert result == {("/a/{id}/info", "get"): "a.retrieve", ("/a/{id}", "get"): "a.get_a"}


def test_clash_falls_back_to_operation_id() -> None:
    d = doc(
        ("get", "/a/{id}"),
        ("get", "/a/{id}/"),
        op_ids={("get", "/a/{id}/"): "GetTheA"},
    )
    assert placed(d) == {("/a/{id}", "get"): "a.retrieve", ("/a/{id}/", "get"): "a.get_the_a"}


def test_clash_without_operation_id_uses_method_and_path() -> None:
    d = {"/a/{id}": {"get": "x"}, "/a/{id}/": {"get": ""}}
    result = placed(d)
    assert result[("/a/{id}", "get")] == "a.retrieve"
    fallback = result[("/a/{id}/", "get")]
    assert fallback.startswith("a.get_") and fallback.endswith("a_id")


def test_a_method_never_shadows_a_child_resource() -> None:
    # `/a/{id}/items` alone would be the method `a.items`, but `a.items` is a resource.
    d = doc(("post", "/a/{id}/items"), ("get", "/a/items/{item_id}"))
    result = placed(d)
    assert result[("/a/items/{item_id}", "get")] == "a.items.retrieve"
    assert result[("/a/{id}/items", "post")] != "a.items"


def test_reserved_resource_attributes_are_not_methods() -> None:
    plan = plan_placements(doc(("get", "/a/{id}/with_raw_response")), {})
    assert plan[("/a/{id}/with_raw_response", "get")].method != "with_raw_response"


def test_keyword_segments_are_safe() -> None:
    plan = plan_placements(doc(("post", "/ai/import")), {})
    assert plan[("/ai/import", "post")] == Placement(("ai", "import_"), "create")


def test_single_operation_leaf_is_a_call_on_its_parent() -> None:
    d = doc(
        ("post", "/oauth/token"),
        ("get", "/oauth/jwks"),
        ("patch", "/a/frequency"),
        ("delete", "/a/cache"),
        ("post", "/b/items"),
        ("get", "/b/items"),  # two operations: a resource
        ("post", "/c/jobs"),
        ("get", "/c/jobs/{id}"),  # a path below: a resource
        ("post", "/d/actions/go"),
    )
    assert placed(d)[("/oauth/token", "post")] == "oauth.token.create"  # off by default
    result = placed(d, {"*": {"leaf_calls": True}})
    assert result[("/oauth/token", "post")] == "oauth.token"
    assert result[("/oauth/jwks", "get")] == "oauth.retrieve_jwks"
    assert result[("/a/frequency", "patch")] == "a.update_frequency"
    assert result[("/a/cache", "delete")] == "a.delete_cache"
    assert result[("/b/items", "post")] == "b.items.create"
    assert result[("/c/jobs", "post")] == "c.jobs.create"
    assert result[("/d/actions/go", "post")] == "d.actions.go"


def test_prefix_override_may_drop_segments() -> None:
    d = doc(("get", "/v2/things"), ("get", "/v2/things/{id}"))
    result = placed(d, {"/v2": {"resource": ""}})
    assert result[("/v2/things", "get")] == "things.list"
    assert result[("/v2/things/{id}", "get")] == "things.retrieve"


def test_unrelated_operations_do_not_rename_existing_ones() -> None:
    base = [("get", "/addresses"), ("post", "/addresses/{id}/verify"), ("get", "/b/{id}")]
    before = placed(doc(*base))
    after = placed(doc(*base, ("get", "/zebras"), ("post", "/c/actions/go"), ("get", "/b2")))
    assert {k: after[k] for k in before} == before


# ---- property: adding operations under a new top-level resource renames nothing --

SEGMENTS = st.sampled_from(
    ["a", "b", "items", "actions", "verb", "download", "{id}", "{item_id}", "import", "list", "c-d"]
)
METHODS = st.sampled_from(["get", "post", "put", "patch", "delete"])


@st.composite
def operations(draw: st.DrawFn, first: st.SearchStrategy[str], max_size: int) -> list[Op]:
    ops = []
    for _ in range(draw(st.integers(1, max_size))):
        segments = [draw(first), *draw(st.lists(SEGMENTS, max_size=3))]
        ops.append((draw(METHODS), "/" + "/".join(segments)))
    return ops


@settings(max_examples=100, deadline=None)
@given(
    base=operations(SEGMENTS, 8),
    extra=operations(st.sampled_from(["zebras", "omega", "new-thing"]), 3),
    extra_first=st.booleans(),
)
def test_placements_are_stable_when_unrelated_operations_are_added(
    base: list[Op], extra: list[Op], extra_first: bool
) -> None:
    roots = {attribute(p.strip("/").split("/")[0].strip("{}")) for _, p in base}
    assert not roots & {attribute(p.strip("/").split("/")[0]) for _, p in extra}
    before = placed(doc(*base))
    after = placed(doc(*(extra + base if extra_first else base + extra)))
    assert {k: after[k] for k in before} == before
    # And every operation has its own method.
    assert len(set(after.values())) == len(after)


def test_prefix_override_renames_every_resource_under_it() -> None:
    d = doc(
        ("get", "/10dlc/brand"),
        ("get", "/10dlc/brand/{id}"),
        ("get", "/10dlc/campaign/{id}/osr"),
        ("get", "/10dlcx"),
        ("get", "/10dlc/enum/{endpoint}"),
    )
    overrides = {
        "/10dlc": {"resource": "messaging_10dlc"},
        "GET /10dlc/enum/{endpoint}": {"python_method": "messaging_10dlc.get_enum"},
    }
    assert placed(d, overrides) == {
        ("/10dlc/brand", "get"): "messaging_10dlc.brand.list",
        ("/10dlc/brand/{id}", "get"): "messaging_10dlc.brand.retrieve",
        ("/10dlc/campaign/{id}/osr", "get"): "messaging_10dlc.campaign.osr",
        ("/10dlcx", "get"): "n_10dlcx.list",  # a prefix is whole segments
        ("/10dlc/enum/{endpoint}", "get"): "messaging_10dlc.get_enum",
    }


def test_aliases_name_one_method_twice() -> None:
    d = doc(("get", "/a/{id}/numbers"), ("get", "/a/{id}/list_numbers"))
    plan = plan_placements(
        d, {"GET /a/{id}/numbers": {"method": "list_numbers", "aliases": ["retrieve_numbers"]}}
    )
    assert plan[("/a/{id}/numbers", "get")] == Placement(
        ("a",), "list_numbers", ("retrieve_numbers",)
    )
    # the override wins the name; the rule-named operation gives way
    assert plan[("/a/{id}/list_numbers", "get")].method not in ("list_numbers", "retrieve_numbers")
