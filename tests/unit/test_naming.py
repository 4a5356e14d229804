"""Names: one allocator, keyword-safe, deterministic."""

from __future__ import annotations

import pytest

from generator.naming import Namespace, attribute, class_name, singular, snake


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("createdAt", "created_at"),
        ("page[number]", "page_number"),
        ("filter[created_at][gt]", "filter_created_at_gt"),
        ("phone-number", "phone_number"),
        ("HTTPServer", "http_server"),
        ("café", "cafe"),
        ("10dlc", "n_10dlc"),
        ("from", "from_"),
        ("class", "class_"),
        ("match", "match_"),
        ("", "n"),
        ("+", "plus"),
        ("+1", "plus_1"),
        ("@timestamp", "at_timestamp"),
        ("$ref", "dollar_ref"),
    ],
)
def test_attribute(wire: str, expected: str) -> None:
    assert attribute(wire) == expected


def test_pydantic_reserved_names_get_an_underscore() -> None:
    from generator.naming import PYDANTIC_RESERVED

    assert attribute("model_config", reserved=PYDANTIC_RESERVED) == "model_config_"
    assert attribute("json", reserved=PYDANTIC_RESERVED) == "json_"


def test_class_names() -> None:
    assert class_name("country_code") == class_name("CountryCode") == "CountryCode"
    assert class_name("SIPRECConnector") == "SiprecConnector"
    assert class_name("1st") == "M1st"


def test_snake_is_stable() -> None:
    assert snake("SiprecConnector") == snake("SIPRECConnector") == "siprec_connector"


def test_namespace_first_claimant_keeps_the_name() -> None:
    ns = Namespace(frozenset({"self"}))
    assert ns.claim("id") == "id"
    assert ns.claim("id") == "id_2"
    assert ns.claim("self") == "self_2"
    assert ns.claim("Address") == "Address"
    assert ns.claim("Address") == "Address2"


def test_namespace_fold_case() -> None:
    ns = Namespace()
    assert ns.claim("country_code", fold_case=True) == "country_code"
    assert ns.claim("Country_Code", fold_case=True) == "Country_Code2"


@pytest.mark.parametrize(
    ("plural", "one"),
    [("addresses", "address"), ("policies", "policy"), ("ips", "ip"), ("access", "access")],
)
def test_singular(plural: str, one: str) -> None:
    assert singular(plural) == one
