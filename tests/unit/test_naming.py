"""Names: one allocator, keyword-safe, deterministic."""

from __future__ import annotations

import keyword

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.naming import (
    PYDANTIC_RESERVED,
    NameLock,
    Namespace,
    attribute,
    class_name,
    pascal,
    singular,
    snake,
)


@pytest.mark.parametrize(
    ("wire", "snake_name", "pascal_name"),
    [
        ("createdAt", "created_at", "CreatedAt"),
        ("userID", "user_id", "UserID"),
        ("HTTPServer", "http_server", "HTTPServer"),
        ("page[number]", "page_number", "PageNumber"),
        ("filter[created_at][gt]", "filter_created_at_gt", "FilterCreatedAtGt"),
        ("phone-number", "phone_number", "PhoneNumber"),
        ("x--y", "x_y", "XY"),
        ("café", "cafe", "Cafe"),
        ("Ünïcödé", "unicode", "Unicode"),
        ("a b", "a_b", "AB"),
        ("oauth_client", "oauth_client", "OAuthClient"),
        ("global-ip", "global_ip", "GlobalIP"),
        ("optInWorkflowImageURLs", "opt_in_workflow_image_urls", "OptInWorkflowImageURLs"),
        ("phoneIDs", "phone_ids", "PhoneIDs"),
        ("URLsAllowed", "urls_allowed", "URLsAllowed"),
    ],
)
def test_snake_and_pascal(wire: str, snake_name: str, pascal_name: str) -> None:
    assert snake(wire) == snake_name
    assert pascal(wire) == pascal_name


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("createdAt", "created_at"),
        ("page[number]", "page_number"),
        ("filter[created_at][gt]", "filter_created_at_gt"),
        ("phone-number", "phone_number"),
        ("HTTPServer", "http_server"),
        ("café", "cafe"),
        # leading digits
        ("10dlc", "n_10dlc"),
        ("1", "n_1"),
        # empty and unspellable names
        ("", "n"),
        ("_", "n"),
        ("中文", "n"),
        # symbol-only names are spelled, a leading symbol too
        ("+", "plus"),
        ("@", "at"),
        ("-", "minus"),
        ("+1", "plus_1"),
        ("-1", "minus_1"),
        ("@timestamp", "at_timestamp"),
        ("$ref", "dollar_ref"),
        # keywords and soft keywords
        ("from", "from_"),
        ("class", "class_"),
        ("import", "import_"),
        ("None", "none"),
        ("match", "match_"),
        ("case", "case_"),
    ],
)
def test_attribute(wire: str, expected: str) -> None:
    assert attribute(wire) == expected


def test_symbol_names_do_not_collapse_into_one() -> None:
    names = [attribute(w) for w in ("+", "-", "+1", "-1", "@", "$ref")]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("name", ["model_config", "model_dump", "json", "fields", "schema", "str"])
def test_pydantic_reserved_names_get_an_underscore(name: str) -> None:
    assert name in PYDANTIC_RESERVED
    assert attribute(name, reserved=PYDANTIC_RESERVED) == name + "_"
    assert attribute(name) == name  # only where the caller asks for it


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("country_code", "CountryCode"),
        ("CountryCode", "CountryCode"),
        ("SIPRECConnector", "SiprecConnector"),
        ("1st", "M1st"),
        ("", "Model"),
        ("+", "Plus"),
        ("@timestamp", "AtTimestamp"),
        ("None", "None_"),  # a keyword once capitalised
        ("true", "True_"),
        ("café", "Cafe"),
    ],
)
def test_class_names(wire: str, expected: str) -> None:
    assert class_name(wire) == expected


def test_snake_is_stable() -> None:
    assert snake("SiprecConnector") == snake("SIPRECConnector") == "siprec_connector"
    assert snake("") == "value" and snake("9") == "value_9"


# Any text at all: the result is usable as it is.
ANY_TEXT = st.text(max_size=12) | st.sampled_from(
    ["from", "class", "None", "True", "match", "_", "+", "$ref", "10dlc", "model_config"]
)


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_attribute_is_always_a_safe_identifier(wire: str) -> None:
    name = attribute(wire, reserved=PYDANTIC_RESERVED)
    assert name.isidentifier() and name.isascii()
    assert not keyword.iskeyword(name) and not keyword.issoftkeyword(name)
    assert name not in PYDANTIC_RESERVED
    assert attribute(name, reserved=PYDANTIC_RESERVED) == name  # idempotent


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_class_name_is_always_a_safe_identifier(wire: str) -> None:
    name = class_name(wire)
    assert name.isidentifier() and name.isascii() and not keyword.iskeyword(name)
    assert name[0].isupper()


def test_namespace_first_claimant_keeps_the_name() -> None:
    ns = Namespace(frozenset({"self"}))
    assert ns.claim("id") == "id"
    assert ns.claim("id") == "id_2"
    assert ns.claim("id") == "id_3"
    assert ns.claim("self") == "self_2"
    assert ns.claim("from_") == "from_"
    assert ns.claim("from_") == "from_2"
    assert ns.claim("Address") == "Address"
    assert ns.claim("Address") == "Address2"
    assert "Address2" in ns and "Address3" not in ns


def test_namespace_does_not_hand_out_a_name_someone_else_asked_for_later() -> None:
    ns = Namespace()
    assert ns.claim("id") == "id"
    assert ns.claim("id_2") == "id_2"
    assert ns.claim("id") == "id_3"  # skips the taken id_2


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["id", "Id", "ID", "name", "Name", "id_2", "x"]), max_size=12))
def test_namespace_is_deterministic_and_unique(claims: list[str]) -> None:
    def run() -> list[str]:
        ns = Namespace()
        return [ns.claim(c, fold_case=True) for c in claims]

    first = run()
    assert first == run()
    assert len({n.lower() for n in first}) == len(first)
    if claims:
        assert first[0] == claims[0]  # the first claimant always keeps its name


def test_namespace_fold_case() -> None:
    ns = Namespace()
    assert ns.claim("country_code", fold_case=True) == "country_code"
    assert ns.claim("COUNTRY_CODE", fold_case=True) == "COUNTRY_CODE2"
    assert ns.claim("CountryCode") == "CountryCode"  # no fold: only exact clashes
    assert ns.claim("countrycode", fold_case=True) == "countrycode_2"
    assert ns.claim("Countrycode", fold_case=True) == "Countrycode2"


def test_namespace_reserved_names_fold_too() -> None:
    ns = Namespace(frozenset({"types"}))
    assert ns.claim("Types", fold_case=True) == "Types2"
    assert ns.claim("Types") == "Types"


@pytest.mark.parametrize(
    ("plural", "one"),
    [
        ("addresses", "address"),
        ("statuses", "status"),
        ("aliases", "alias"),
        ("policies", "policy"),
        ("boxes", "box"),
        ("branches", "branch"),
        ("classes", "class"),
        ("ips", "ip"),
        ("access", "access"),
        ("phone_numbers", "phone_number"),
        ("actions", "action"),
    ],
)
def test_singular(plural: str, one: str) -> None:
    assert singular(plural) == one


def test_singular_keeps_words_ending_in_us() -> None:
    assert singular("status") == "status"
    assert singular("analysis") == "analysis"
    assert singular("statuses") == "status"


def test_a_key_that_moves_to_another_name_frees_the_one_it_held() -> None:
    lock = NameLock({("methods r", "get /a"): "list", ("methods r", "get /b"): "list_b"})
    ns = Namespace(lock=lock, scope="methods r")
    assert ns.claim("list_a", key="get /a") == "list_a"  # an override renamed it
    assert ns.claim("list", key="get /c") == "list"  # the name it held is free
