"""`generator diff`: each kind of API change on tiny specs, classed, and the real update."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import pytest

from generator import maintain
from generator.api_snapshot import Snapshot, snapshot
from generator.changelog import Change, bump, compare, markdown, next_version
from generator.ir.build import build_ir
from generator.select import all_operations

SHARED = Path(__file__).resolve().parents[3] / "shared" / "telnyx-openapi"


def api(doc: dict[str, Any], locked: dict[tuple[str, str], str] | None = None) -> Snapshot:
    selected = [(path, method) for path, method, _ in all_operations(doc)]
    ir = build_ir(doc, selected, package="pkg", spec_sha256="0" * 64, overrides={}, locked=locked)
    return snapshot(ir)


def base() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Tiny", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com/v2"}],
        "paths": {
            "/emails": {
                "post": {
                    "operationId": "sendEmail",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["to"],
                                    "properties": {
                                        "to": {"type": "string"},
                                        "idempotency_key": {"type": "string"},
                                    },
                                }
                            }
                        },
                    },
                    "responses": {"200": ok({"$ref": "#/components/schemas/Email"})},
                },
                "get": {
                    "operationId": "listEmails",
                    "parameters": [
                        {"name": "status", "in": "query", "schema": ref("Status")},
                    ],
                    "responses": {"200": ok({"$ref": "#/components/schemas/Email"})},
                },
            },
        },
        "components": {
            "schemas": {
                "Email": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "string"}, "status": ref("Status")},
                },
                "Status": {"type": "string", "enum": ["queued", "sent", "bounced"]},
            }
        },
    }


def ok(schema: Any) -> dict[str, Any]:
    return {"description": "ok", "content": {"application/json": {"schema": schema}}}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def changes_after(edit: Any) -> list[Change]:
    before = base()
    after = copy.deepcopy(before)
    edit(after)
    return compare(api(before), api(after))


def send(doc: dict[str, Any]) -> dict[str, Any]:
    op: dict[str, Any] = doc["paths"]["/emails"]["post"]
    return op


def body_props(doc: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = send(doc)["requestBody"]["content"]["application/json"]["schema"][
        "properties"
    ]
    return props


def test_no_change_is_no_bump() -> None:
    assert changes_after(lambda doc: None) == []
    assert bump([]) == "none"


def test_body_field_moved_to_a_header_is_reported_with_the_same_signature() -> None:
    def move(doc: dict[str, Any]) -> None:
        del body_props(doc)["idempotency_key"]
        send(doc)["parameters"] = [
            {"name": "Idempotency-Key", "in": "header", "schema": {"type": "string"}}
        ]

    [change] = changes_after(move)
    assert change.impact == "compatible"
    assert change.subject == "method `emails.create`"
    assert "`idempotency_key` is sent as header `Idempotency-Key` (was body" in change.message
    assert bump([change]) == "patch"


def test_an_enum_value_renamed_is_one_breaking_change() -> None:
    def rename(doc: dict[str, Any]) -> None:
        doc["components"]["schemas"]["Status"]["enum"] = ["queued", "delivered", "bounced"]

    [change] = changes_after(rename)
    assert change == Change("breaking", "type `Status`", "enum value 'sent' renamed to 'delivered'")


def test_enum_values_added_are_additive() -> None:
    def add(doc: dict[str, Any]) -> None:
        doc["components"]["schemas"]["Status"]["enum"].append("opened")

    assert changes_after(add) == [
        Change("additive", "type `Status`", "enum values added: 'opened'")
    ]


def test_methods_added_and_removed() -> None:
    def swap(doc: dict[str, Any]) -> None:
        del doc["paths"]["/emails"]["get"]
        doc["paths"]["/emails/{id}"] = {
            "get": {
                "operationId": "getEmail",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": ok(ref("Email"))},
            }
        }

    changes = changes_after(swap)
    assert Change("breaking", "method `emails.list`", "removed (GET /emails)") in changes
    assert Change("additive", "method `emails.retrieve`", "added (GET /emails/{id})") in changes
    assert bump(changes) == "major"


def test_parameters_added_removed_and_made_optional() -> None:
    def edit(doc: dict[str, Any]) -> None:
        props = body_props(doc)
        props["subject"] = {"type": "string"}
        props["html"] = {"type": "string"}
        schema = send(doc)["requestBody"]["content"]["application/json"]["schema"]
        schema["required"] = ["html"]  # `to` optional, `html` required
        del doc["paths"]["/emails"]["get"]["parameters"]

    got = {(c.impact, c.message) for c in changes_after(edit)}
    assert ("breaking", "required parameter `html` (body) added") in got
    assert ("additive", "optional parameter `subject` (body) added") in got
    assert ("additive", "parameter `to` is now optional") in got
    assert ("breaking", "parameter `status` removed") in got


def test_fields_and_return_types() -> None:
    def edit(doc: dict[str, Any]) -> None:
        email = doc["components"]["schemas"]["Email"]
        email["properties"]["subject"] = {"type": "string"}
        email["properties"]["id"] = {"type": "integer"}
        del email["properties"]["status"]
        doc["components"]["schemas"]["Receipt"] = {
            "type": "object",
            "properties": {"ok": {"type": "boolean"}},
        }
        send(doc)["responses"]["200"] = ok(ref("Receipt"))

    got = {(c.impact, c.subject, c.message) for c in changes_after(edit)}
    assert ("additive", "type `Email`", "optional field `subject: Optional[str]` added") in got
    assert ("breaking", "type `Email`", "field `id` is `int` (was `str`)") in got
    assert ("breaking", "type `Email`", "field `status` removed") in got
    assert ("breaking", "method `emails.create`", "returns `Receipt` (was `Email`)") in got
    assert ("additive", "type `Receipt`", "added (model)") in got


def test_a_changed_server_url_is_breaking() -> None:
    def move(doc: dict[str, Any]) -> None:
        doc["servers"] = [{"url": "https://api.example.com/10dlc"}]

    [change] = changes_after(move)
    assert change.impact == "breaking" and change.subject == "servers"
    assert "`https://api.example.com/10dlc`" in change.message


def test_a_widened_parameter_type_is_additive() -> None:
    def widen(doc: dict[str, Any]) -> None:
        body_props(doc)["to"] = {"anyOf": [{"type": "string"}, {"type": "integer"}]}

    # the method's parameter, and the same key of its params TypedDict
    changes = changes_after(widen)
    assert [c.subject for c in changes] == ["method `emails.create`", "type `EmailCreateParams`"]
    assert all(c.impact == "additive" for c in changes), changes


@pytest.mark.parametrize(
    ("version", "level", "expected"),
    [
        ("2.0.0", "major", "3.0.0"),
        ("2.0.0", "minor", "2.1.0"),
        ("2.1.3", "patch", "2.1.4"),
        ("0.4.1", "major", "0.5.0"),
        ("2.0.0", "none", "2.0.0"),
    ],
)
def test_next_version(version: str, level: str, expected: str) -> None:
    assert next_version(version, level) == expected


def test_markdown_groups_by_impact() -> None:
    text = markdown(
        [
            Change("breaking", "method `a`", "removed (GET /a)"),
            Change("compatible", "method `b`", "deprecated"),
        ],
        title="3.0.0 (spec 1.0.0)",
    )
    assert text.splitlines()[:5] == [
        "## 3.0.0 (spec 1.0.0)",
        "",
        "### Breaking changes",
        "",
        "- method `a`: removed (GET /a)",
    ]
    assert "### Other changes (same Python signatures)" in text
    assert "### Additions" not in text


@pytest.mark.skipif(not (SHARED / "spec3.2026-06-01.yml").is_file(), reason="needs ../shared")
def test_changelog_from_2026_06_01_to_the_pin() -> None:
    out, err = io.StringIO(), io.StringIO()
    maintain.diff(SHARED / "spec3.2026-06-01.yml", SHARED / "spec3.yml", out=out, err=err)
    text = out.getvalue()
    sections = text.split("### ")
    breaking = next(s for s in sections if s.startswith("Breaking changes"))
    additions = next(s for s in sections if s.startswith("Additions"))
    # Removed and added methods, changed parameters and fields, each in its class.
    assert "- method `email_messages.create`: added (POST /email_messages)" in additions
    assert "- method `reputation.numbers.list`: parameter `phone_number` removed" in breaking
    assert "required parameter `jurisdiction_of_incorporation` (body) added" in breaking
    assert "- type `SipRegistrationStatus`: field `username` removed" in breaking
    assert "- type `ExternalUacSettings`: removed" in breaking
    assert "suggested bump major" in err.getvalue()
    # Types that only moved from a shared response to inline are no change at all.
    assert "AddressListResponse" not in text
