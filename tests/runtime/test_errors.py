"""Status errors: class per status, Telnyx error envelope, messages."""

from __future__ import annotations

import json
from http import HTTPStatus

import httpx
import pytest

from generator.runtime._error_root import TelnyxError
from generator.runtime._exceptions import (
    APIError,
    APIResponseValidationError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ErrorItem,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
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


def _key_free(err: APIError) -> None:
    """Nothing the exception shows of the server's answer holds the key."""
    shown = [str(err), repr(err), err.message, repr(err.args), json.dumps(err.body)]
    if isinstance(err, APIStatusError):
        shown += [repr(err.errors), repr([e.raw for e in err.errors]), repr(err.headers)]
        shown += [str(err.request_id)]
    for text in shown:
        assert API_KEY not in text, text


def test_key_echoed_in_a_json_error_body_is_redacted(
    server: ScriptedServer, client: Client
) -> None:
    body = {
        "errors": [
            {
                "code": "10009",
                "title": "Authentication failed",
                "detail": f"Invalid token Bearer {API_KEY}",
                "source": {"pointer": f"/headers/{API_KEY}"},
                "meta": {"url": f"https://x/?k={API_KEY}", API_KEY: [API_KEY]},
            }
        ],
        "meta": {"request_id": f"r-{API_KEY}"},
    }
    server.default = Reply(
        401, json.dumps(body), {"Content-Type": "application/json", "X-Echo": f"Bearer {API_KEY}"}
    )
    with pytest.raises(AuthenticationError) as info:
        client.documents.retrieve("d1")
    err = info.value
    _key_free(err)
    assert str(err) == (
        "HTTP 401 Unauthorized: Authentication failed: Invalid token Bearer <redacted> "
        "(code 10009)"
    )
    first = err.errors[0]
    assert first.detail == "Invalid token Bearer <redacted>"
    assert first.source_pointer == "/headers/<redacted>"
    assert first.meta_url == "https://x/?k=<redacted>"
    assert err.headers["x-echo"] == "Bearer <redacted>"
    assert err.request_id == "r-<redacted>"
    # The HTTP response itself is left as the server sent it.
    assert API_KEY in err.response.text


def test_key_echoed_in_a_text_error_body_is_redacted(
    server: ScriptedServer, client: Client
) -> None:
    server.default = Reply(502, f"upstream rejected Authorization: Bearer {API_KEY}")
    with pytest.raises(InternalServerError) as info:
        client.with_options(max_retries=0).documents.retrieve("d1")
    _key_free(info.value)
    assert info.value.body == "upstream rejected Authorization: Bearer <redacted>"
    assert str(info.value).endswith("Bearer <redacted>")


def test_key_echoed_in_an_invalid_2xx_body_is_redacted(
    server: ScriptedServer, client: Client
) -> None:
    server.queue(Reply(200, json.dumps({"data": {"id": 5, "token": API_KEY}})))
    server.queue(Reply(200, f"<html>{API_KEY}</html>"))
    strict = client.with_options(strict_response_validation=True)
    for _ in range(2):
        with pytest.raises(APIResponseValidationError) as info:
            strict.documents.retrieve("d1")
        _key_free(info.value)
    assert info.value.body == "<html><redacted></html>"


def test_key_in_the_reason_phrase_is_redacted() -> None:
    request = httpx.Request("GET", "http://h/x")
    response = httpx.Response(
        400, request=request, extensions={"reason_phrase": f"Bad {API_KEY}".encode()}
    )
    assert str(make_status_error(response, secrets=[API_KEY])) == "HTTP 400 Bad <redacted>"


def test_short_placeholder_keys_are_not_redacted(server: ScriptedServer) -> None:
    # A test key like "k" would turn every k of a message into <redacted>.
    server.default = Reply(400, "bad key k")
    with (
        Client(api_key="k", base_url=server.base_url, max_retries=0) as c,
        pytest.raises(BadRequestError, match=r"^HTTP 400 Bad Request: bad key k$"),
    ):
        c.documents.retrieve("d1")


def test_error_item_is_frozen_and_tolerant() -> None:
    item = ErrorItem.from_dict({"code": None, "source": "weird", "meta": 3})
    assert item.code == "" and item.source_pointer is None and item.meta_url is None
    with pytest.raises(AttributeError):
        item.code = "x"  # type: ignore[misc]
