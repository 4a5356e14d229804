"""Status errors: class per status, Telnyx error envelope, messages."""

from __future__ import annotations

import json
from http import HTTPStatus

import httpx
import pytest

from generator.runtime._exceptions import (
    APIError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ErrorItem,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    TelnyxError,
    UnprocessableEntityError,
    make_status_error,
)

from .support import API_KEY, Client, Reply, ScriptedServer


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (410, APIStatusError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (504, InternalServerError),
    ],
)
@pytest.mark.parametrize("body", ["", "<html>bad gateway</html>", "{bad json"])
def test_status_classes_even_with_non_json_bodies(
    server: ScriptedServer, client: Client, status: int, cls: type, body: str
) -> None:
    server.default = Reply(status, body, {"Content-Type": "text/html"})
    with pytest.raises(cls) as info:
        client.with_options(max_retries=0).documents.retrieve("d1")
    err = info.value
    assert type(err) is cls
    assert isinstance(err, APIStatusError) and isinstance(err, APIError)
    assert isinstance(err, TelnyxError)
    assert err.status_code == status
    assert err.errors == []
    status_line = f"HTTP {status} {HTTPStatus(status).phrase}"  # e.g. HTTP 404 Not Found
    if body:
        assert str(err) == f"{status_line}: {body}"
        assert err.body == body
    else:
        assert str(err) == err.message == status_line
        assert err.body is None


def test_telnyx_error_envelope(server: ScriptedServer, client: Client) -> None:
    body = {
        "errors": [
            {
                "code": 10015,
                "title": "Invalid value",
                "detail": "The 'to' number is not valid.",
                "source": {"pointer": "/to"},
                "meta": {"url": "https://developers.telnyx.com/docs/10015"},
            },
            {"code": "10032", "title": "Other"},
        ]
    }
    server.default = Reply(
        422, json.dumps(body), {"Content-Type": "application/json", "x-request-id": "req-123"}
    )
    with pytest.raises(UnprocessableEntityError) as info:
        client.documents.retrieve("d1")
    err = info.value
    assert err.request_id == "req-123"
    assert err.headers["x-request-id"] == "req-123"
    assert err.response.status_code == 422
    assert err.body == body
    first = err.errors[0]
    assert first.code == "10015"  # int normalised to str
    assert (first.title, first.detail) == ("Invalid value", "The 'to' number is not valid.")
    assert first.source.pointer == first.source_pointer == "/to"
    assert first.meta.url == first.meta_url == "https://developers.telnyx.com/docs/10015"
    assert err.errors[1].code == "10032" and err.errors[1].source_pointer is None
    assert str(err) == (
        "HTTP 422 Unprocessable Entity: Invalid value: The 'to' number is not valid. "
        "(code 10015) (+1 more)"
    )
    assert err.request.url.path == "/v2/documents/d1"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"errors":[{"code":null}]}', "HTTP 502 Bad Gateway"),
        ('{"errors":[{}]}', "HTTP 502 Bad Gateway"),
        ('{"errors":[{"code":null},{"code":"2"}]}', "HTTP 502 Bad Gateway (+1 more)"),
        ('{"errors":[{"code":10015}]}', "HTTP 502 Bad Gateway: error code 10015"),
        ('{"errors":[{"title":"Down"}]}', "HTTP 502 Bad Gateway: Down"),
        ("   ", "HTTP 502 Bad Gateway"),
    ],
)
def test_message_never_has_an_empty_fragment(
    server: ScriptedServer, client: Client, body: str, message: str
) -> None:
    server.default = Reply(502, body, {"Content-Type": "application/json"})
    with pytest.raises(InternalServerError) as info:
        client.with_options(max_retries=0).documents.retrieve("d1")
    assert str(info.value) == info.value.message == message


def test_reason_phrase_from_the_server_or_the_standard() -> None:
    request = httpx.Request("GET", "http://h/x")

    def message(status: int, reason: bytes | None) -> str:
        extensions = {} if reason is None else {"reason_phrase": reason}
        response = httpx.Response(status, request=request, extensions=extensions)
        return str(make_status_error(response))

    assert message(404, b"Nope") == "HTTP 404 Nope"  # what the server said
    assert message(404, b"") == "HTTP 404 Not Found"  # an empty reason: the standard one
    assert message(404, None) == "HTTP 404 Not Found"  # HTTP/2 has no reason phrase
    assert message(599, b"") == "HTTP 599"  # no standard phrase either


def test_request_id_from_body_meta(server: ScriptedServer, client: Client) -> None:
    server.default = Reply(400, json.dumps({"errors": [], "meta": {"request_id": "r9"}}))
    with pytest.raises(BadRequestError) as info:
        client.documents.retrieve("d1")
    assert info.value.request_id == "r9"


def test_long_body_is_truncated_in_message(server: ScriptedServer, client: Client) -> None:
    server.default = Reply(400, "x" * 5000)
    with pytest.raises(BadRequestError) as info:
        client.documents.retrieve("d1")
    assert len(str(info.value)) < 600
    assert info.value.body == "x" * 5000


def test_exceptions_never_contain_the_api_key(server: ScriptedServer, client: Client) -> None:
    server.default = Reply(401, '{"errors":[{"code":"10009","title":"Authentication failed"}]}')
    with pytest.raises(AuthenticationError) as info:
        client.documents.retrieve("d1")
    for text in (str(info.value), repr(info.value), repr(info.value.request)):
        assert API_KEY not in text


def test_error_item_is_frozen_and_tolerant() -> None:
    item = ErrorItem.from_dict({"code": None, "source": "weird", "meta": 3})
    assert item.code == "" and item.source_pointer is None and item.meta_url is None
    with pytest.raises(AttributeError):
        item.code = "x"  # type: ignore[misc]
