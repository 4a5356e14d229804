"""Client configuration, request building and response parsing."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, Literal

import httpx
import pytest

from generator.runtime._base_client import DEFAULT_TIMEOUT
from generator.runtime._endpoint import Endpoint
from generator.runtime._error_root import TelnyxError
from generator.runtime._exceptions import (
    APIResponseValidationError,
    APITimeoutError,
)
from generator.runtime._files import file_param
from generator.runtime._models import BaseModel
from generator.runtime._types import NOT_GIVEN

from .resources import DocumentResponse
from .support import API_KEY, Client, Reply, ScriptedServer, json_reply, multipart_parts

# -- configuration ------------------------------------------------------------


def test_missing_api_key_names_argument_and_env_var() -> None:
    with pytest.raises(TelnyxError) as info:
        Client()
    assert "api_key" in str(info.value)
    assert "TELNYX_API_KEY" in str(info.value)


def test_api_key_and_base_url_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELNYX_API_KEY", "env-key")
    monkeypatch.setenv("TELNYX_BASE_URL", "http://example.test/v9/")
    with Client() as c:
        assert c.api_key == "env-key"
        assert c.base_url == "http://example.test/v9"


def test_defaults() -> None:
    with Client(api_key=API_KEY) as c:
        assert c.base_url == "https://api.telnyx.com/v2"
        assert c.timeout == DEFAULT_TIMEOUT
        assert c.max_retries == 2


def test_api_key_is_stripped_and_validated() -> None:
    with Client(api_key=f" {API_KEY}\n") as c:
        assert c.api_key == API_KEY
    with pytest.raises(TelnyxError, match="control characters") as info:
        Client(api_key="abc\r\nX-Evil: 1")
    assert "abc" not in str(info.value)


def test_repr_hides_api_key() -> None:
    with Client(api_key=API_KEY, base_url="http://h/v2") as c:
        assert API_KEY not in repr(c)
        assert "http://h/v2" in repr(c)


def test_auth_user_agent_and_default_headers(
    server: ScriptedServer,
) -> None:
    with Client(
        api_key=API_KEY,
        base_url=server.base_url,
        default_headers={"X-Team": "voice"},
        default_query={"tenant": "t1"},
    ) as c:
        c.documents.retrieve("d1")
    sent = server.requests[0]
    assert sent.headers["authorization"] == f"Bearer {API_KEY}"
    assert sent.headers["user-agent"] == "telnyx-client/0.1.0"
    assert sent.headers["x-team"] == "voice"
    assert sent.headers["accept"] == "application/json"
    assert sent.query == [("tenant", "t1")]


def test_with_options_shares_pool_and_overrides(server: ScriptedServer, client: Client) -> None:
    other = client.with_options(max_retries=0, timeout=3.0, default_headers={"X-Extra": "1"})
    assert other is not client
    assert other._client is client._client  # same connection pool
    assert (other.max_retries, other.timeout) == (0, 3.0)
    assert client.max_retries == 2
    assert other.api_key == client.api_key
    # Resources of the copy are bound to the copy.
    assert other.documents._client is other
    other.documents.retrieve("d1")
    assert server.requests[0].headers["x-extra"] == "1"
    assert client.copy(base_url="http://elsewhere/v2").base_url == "http://elsewhere/v2"
    # Closing a copy must not close the shared pool.
    other.close()
    assert not client.is_closed()


def test_close_and_context_manager(server: ScriptedServer) -> None:
    with Client(api_key=API_KEY, base_url=server.base_url) as c:
        pass
    assert c.is_closed()


def test_user_http_client_is_used_and_not_closed(server: ScriptedServer) -> None:
    seen: list[str] = []
    http = httpx.Client(event_hooks={"request": [lambda r: seen.append(r.url.path)]})
    with Client(api_key=API_KEY, base_url=server.base_url, http_client=http) as c:
        c.documents.retrieve("d1")
    assert seen == ["/v2/documents/d1"]
    assert not http.is_closed
    http.close()


def test_invalid_options_rejected() -> None:
    with pytest.raises(ValueError):
        Client(api_key=API_KEY, max_retries=-1)
    with pytest.raises(TypeError):
        Client(api_key=API_KEY, http_client=httpx.AsyncClient())


# -- URL, query, headers ------------------------------------------------------


def test_path_params_stay_in_their_segment(server: ScriptedServer, client: Client) -> None:
    client.documents.retrieve("../x?y#z")
    client.documents.retrieve("..")
    assert server.requests[0].raw_path == "/v2/documents/..%2Fx%3Fy%23z"
    assert server.requests[0].query == []
    assert server.requests[1].raw_path == "/v2/documents/%2E%2E"


@pytest.mark.parametrize("bad", ["", None, NOT_GIVEN])
def test_empty_path_param_rejected(client: Client, bad: Any) -> None:
    with pytest.raises(ValueError, match="id"):
        client.documents.retrieve(bad)


def test_deep_object_query(server: ScriptedServer, client: Client) -> None:
    endpoint: Endpoint[Any] = Endpoint("get", "/things", Any)
    client.request(
        endpoint,
        query={
            "filter": {
                "created_at": {"gt": "2024-01-01", "lt": NOT_GIVEN},
                "status": ["a", "b"],
                "active": True,
                "gone": None,
            },
            "page[number]": 2,
            "skip": NOT_GIVEN,
            "empty": None,
        },
        options={"extra_query": {"x": "1"}},
    )
    assert server.requests[0].query == [
        ("filter[created_at][gt]", "2024-01-01"),
        ("filter[status]", "a"),
        ("filter[status]", "b"),
        ("filter[active]", "true"),
        ("page[number]", "2"),
        ("x", "1"),
    ]


def test_headers_merge_drop_and_reject_crlf(server: ScriptedServer, client: Client) -> None:
    endpoint: Endpoint[Any] = Endpoint("get", "/things", Any)
    client.request(
        endpoint,
        headers={"X-A": "1", "X-B": NOT_GIVEN, "X-C": None, "X-N": 5},
        options={"extra_headers": {"X-D": "2", "User-Agent": None}},
    )
    sent = server.requests[0].headers
    assert (sent["x-a"], sent["x-d"], sent["x-n"]) == ("1", "2", "5")
    assert "x-b" not in sent and "x-c" not in sent
    assert "user-agent" not in sent or "telnyx" not in sent["user-agent"]

    for bad in ("a\r\nX-Evil: 1", "a\nb", "a\rb"):
        with pytest.raises(ValueError, match="X-Bad"):
            client.request(endpoint, headers={"X-Bad": bad})
        with pytest.raises(ValueError):
            client.request(endpoint, options={"extra_headers": {"X-Bad": bad}})
    assert len(server.requests) == 1  # nothing was sent


def test_header_param_not_given_keeps_the_clients_own_header(
    server: ScriptedServer, client: Client
) -> None:
    # An optional header param named like a client header (email operations declare
    # Idempotency-Key; others Accept): left out, the client's value still goes.
    endpoint: Endpoint[Any] = Endpoint("post", "/things", Any)
    client.request(endpoint, headers={"Accept": NOT_GIVEN, "Idempotency-Key": NOT_GIVEN})
    sent = server.requests[0].headers
    assert sent["accept"] == "application/json"
    assert len(sent["idempotency-key"]) == 36
    client.request(endpoint, headers={"Idempotency-Key": None})
    assert "idempotency-key" not in server.requests[1].headers


# -- bodies -------------------------------------------------------------------


def test_json_body_drops_not_given_keeps_null_and_merges_extra_body(
    server: ScriptedServer, client: Client
) -> None:
    endpoint: Endpoint[Any] = Endpoint("patch", "/things/{id}", Any)
    client.request(
        endpoint,
        path={"id": "t1"},
        body={"a": 1, "b": NOT_GIVEN, "c": None, "d": {"e": NOT_GIVEN, "f": [1]}},
        options={"extra_body": {"g": True}},
    )
    sent = server.requests[0]
    assert sent.headers["content-type"] == "application/json"
    assert sent.json() == {"a": 1, "c": None, "d": {"f": [1]}, "g": True}


@pytest.mark.parametrize("kind", ["bytes", "path", "fileobj", "tuple"])
def test_multipart_file_forms(
    server: ScriptedServer, client: Client, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(b"%PDF-1.4 data")
    file: Any = {
        "bytes": b"%PDF-1.4 data",
        "path": path,
        "fileobj": io.BytesIO(b"%PDF-1.4 data"),
        "tuple": ("named.pdf", b"%PDF-1.4 data", "application/pdf"),
    }[kind]
    server.queue(json_reply({"data": {"id": "d1"}}))
    result = client.documents.create(file=file, customer_reference="ref-1")
    assert result.data.id == "d1"
    sent = server.requests[0]
    assert sent.headers["content-type"].startswith("multipart/form-data")
    parts = multipart_parts(sent)
    assert parts["customer_reference"] == (None, b"ref-1")
    filename, content = parts["file"]
    assert content == b"%PDF-1.4 data"
    assert (
        filename
        == {
            "bytes": "upload",
            "path": "doc.pdf",
            "fileobj": "upload",
            "tuple": "named.pdf",
        }[kind]
    )


@pytest.mark.parametrize(
    ("value", "got"),
    [
        ("doc.pdf", "got a str: pass pathlib.Path"),
        (("doc.pdf", "text content"), "got a str: pass pathlib.Path"),
        (("doc.pdf", "text", "text/plain"), "got a str: pass pathlib.Path"),
        (42, "got int"),
        ({"a": b"x"}, "got dict"),
        ([b"a", "b"], "got list"),
    ],
)
def test_a_str_for_a_file_field_is_a_type_error(
    server: ScriptedServer, client: Client, value: Any, got: str
) -> None:
    """Not silently sent as a text field: the user meant a file (or a path)."""
    with pytest.raises(TypeError, match=r"^'file' expects file content \(bytes, a pathlib") as e:
        client.documents.create(file=value)
    assert got in str(e.value)
    assert server.requests == []


def test_file_param_passes_files_and_unset_values(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    for value in (b"x", bytearray(b"x"), path, io.BytesIO(b"x"), ("n", b"x"), [b"a", path]):
        assert file_param(value, "file") is value
    assert file_param(NOT_GIVEN, "file") is NOT_GIVEN
    assert file_param(None, "file") is None


def test_multipart_nested_fields_are_bracket_encoded(
    server: ScriptedServer, client: Client
) -> None:
    endpoint: Endpoint[Any] = Endpoint("post", "/media", Any, ("multipart",))
    client.request(
        endpoint,
        body={"file": b"x", "meta": {"a": 1, "b": True}, "tags": ["t1", "t2"]},
    )
    body = server.requests[0].body
    for field in (b'name="meta[a]"', b'name="meta[b]"', b"true"):
        assert field in body
    assert body.count(b'name="tags"') == 2


def test_multipart_retry_resends_file_object(server: ScriptedServer, client: Client) -> None:
    server.queue(Reply(503), json_reply({"data": {"id": "d1"}}))
    client.documents.create(file=io.BytesIO(b"abc"))
    assert [multipart_parts(r)["file"][1] for r in server.requests] == [
        b"abc",
        b"abc",
    ]


def test_form_body(server: ScriptedServer, client: Client) -> None:
    endpoint: Endpoint[Any] = Endpoint("post", "/form", Any, ("form",))
    client.request(endpoint, body={"a": {"b": "c d"}, "n": None, "ok": False})
    sent = server.requests[0]
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert sent.body == b"a%5Bb%5D=c+d&ok=false"


@pytest.mark.parametrize("payload", [b"\x00\x01raw", "text", io.BytesIO(b"fileobj")])
def test_binary_body(server: ScriptedServer, client: Client, payload: Any) -> None:
    endpoint: Endpoint[Any] = Endpoint("put", "/blob", Any, ("binary",))
    expected = payload.getvalue() if isinstance(payload, io.BytesIO) else payload
    client.request(endpoint, body=payload)
    sent = server.requests[0]
    assert sent.headers["content-type"] == "application/octet-stream"
    assert sent.body == (expected.encode() if isinstance(expected, str) else expected)


# -- response parsing ---------------------------------------------------------


class Call(BaseModel):
    call_control_id: str
    state: Literal["parked", "bridging"] | str


def test_unknown_fields_and_enum_values_are_kept(server: ScriptedServer, client: Client) -> None:
    server.queue(json_reply({"call_control_id": "c1", "state": "teleported", "new": {"x": 1}}))
    endpoint: Endpoint[Call] = Endpoint("get", "/calls/c1", Call)
    call = client.request(endpoint)
    assert call.state == "teleported"
    assert call.model_extra == {"new": {"x": 1}}
    assert call.to_dict()["new"] == {"x": 1}


def test_type_adapter_cast_to(server: ScriptedServer, client: Client) -> None:
    server.queue(json_reply([{"call_control_id": "c1", "state": "parked"}]))
    endpoint: Endpoint[list[Call]] = Endpoint("get", "/calls", list[Call])
    calls = client.request(endpoint)
    assert isinstance(calls[0], Call)


@pytest.mark.parametrize(
    "reply",
    [
        Reply(200, "{not json", {"Content-Type": "application/json"}),
        Reply(200, "<html>oops</html>", {"Content-Type": "text/html"}),
        Reply(200, "", {"Content-Type": "application/json"}),
        json_reply({"data": {"no_id": True}}),
    ],
    ids=["malformed", "html", "empty", "schema"],
)
def test_bad_2xx_body_raises_validation_error_in_strict_mode(
    server: ScriptedServer, client: Client, reply: Reply
) -> None:
    server.queue(reply)
    with pytest.raises(APIResponseValidationError) as info:
        client.with_options(strict_response_validation=True).documents.retrieve("d1")
    assert info.value.status_code == 200
    assert info.value.response.status_code == 200
    assert len(server.requests) == 1  # a 2xx is never retried
    if reply.headers.get("Content-Type") == "text/html":
        assert info.value.body == "<html>oops</html>"
        assert "text/html" in str(info.value)


def test_json_with_wrong_content_type_still_parses(server: ScriptedServer, client: Client) -> None:
    server.queue(Reply(200, json.dumps({"data": {"id": "d1"}}), {"Content-Type": "text/plain"}))
    assert client.documents.retrieve("d1").data.id == "d1"


def test_none_text_and_binary_responses(server: ScriptedServer, client: Client) -> None:
    server.queue(Reply(204), Reply(200, b"\x89PNG"), Reply(200, "plain"))
    deleted: Any = client.documents.delete("d1")  # type: ignore[func-returns-value]
    assert deleted is None
    assert client.documents.download("d1").read() == b"\x89PNG"
    assert server.requests[1].headers["accept"] == "*/*"
    text: Endpoint[str] = Endpoint("get", "/t", str, response_kind="text")
    assert client.request(text) == "plain"


def test_204_with_model_cast_returns_none(server: ScriptedServer, client: Client) -> None:
    server.queue(Reply(204))
    result: Any = client.documents.retrieve("d1")
    assert result is None


# -- timeouts -----------------------------------------------------------------


def test_timeout_raises_after_retries(server: ScriptedServer, client: Client) -> None:
    server.default = Reply(200, "{}", delay=1.0)
    with pytest.raises(APITimeoutError) as info:
        client.documents.retrieve("d1", timeout=0.25)
    assert len(server.requests) == 3  # 1 + max_retries
    assert info.value.request.url.path == "/v2/documents/d1"


def test_per_client_timeout_and_httpx_timeout_object(
    server: ScriptedServer, client: Client
) -> None:
    server.default = Reply(200, "{}", delay=0.3)
    fast = client.with_options(timeout=0.05, max_retries=0)
    with pytest.raises(APITimeoutError):
        fast.documents.retrieve("d1")
    server.default = Reply(200, json.dumps({"data": {"id": "d1"}}), delay=0.1)
    # The per-call timeout wins over the client's.
    doc = fast.documents.retrieve("d1", timeout=httpx.Timeout(2.0))
    assert isinstance(doc, DocumentResponse)


def test_body_encoding_choice_and_pagination_guard(server: ScriptedServer, client: Client) -> None:
    either: Endpoint[Any] = Endpoint("post", "/e", Any, ("binary", "json"))
    client.request(either, body={"a": 1})  # a mapping cannot be binary: JSON
    client.request(either, body=b"raw")
    assert server.requests[0].json() == {"a": 1}
    assert server.requests[1].body == b"raw"
    binary_only: Endpoint[Any] = Endpoint("post", "/b", Any, ("binary",))
    with pytest.raises(TypeError, match="bytes"):
        client.request(binary_only, body={"a": 1})
    with pytest.raises(TypeError, match="not paginated"):
        client.request_page(binary_only)


def test_runtime_import_is_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, generator.runtime._base_client, generator.runtime._resource, "
        "generator.runtime._webhooks; "
        "print(any(m.startswith('cryptography') for m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"  # cryptography loads only when verifying


# -- cookies ------------------------------------------------------------------

_SET_COOKIE = {"Set-Cookie": "session=abc; Path=/", "Content-Type": "application/json"}


def test_set_cookie_is_never_replayed(server: ScriptedServer, client: Client) -> None:
    """The client is stateless: a cookie the server sets is not sent back."""
    server.queue(Reply(200, json.dumps({"data": {"id": "d1"}}), _SET_COOKIE))
    client.documents.retrieve("d1")
    client.documents.retrieve("d1")
    assert "cookie" not in server.requests[1].headers
    # Not on a redirect that sets one either.
    server.queue(Reply(302, "", {**_SET_COOKIE, "Location": "/v2/documents/d2"}))
    client.documents.retrieve("d1")
    assert server.requests[-1].path == "/v2/documents/d2"
    assert "cookie" not in server.requests[-1].headers
    # Explicit cookie parameters are still sent, alone.
    cookie: Endpoint[Any] = Endpoint("get", "/c", Any)
    client.request(cookie, cookies={"tracking": "t 1"})
    assert server.requests[-1].headers["cookie"] == "tracking=t%201"
    assert len(client._client.cookies) == 0


async def test_async_set_cookie_is_never_replayed(server: ScriptedServer) -> None:
    from .support import AsyncClient

    async with AsyncClient(api_key=API_KEY, base_url=server.base_url) as c:
        server.queue(Reply(200, json.dumps({"data": {"id": "d1"}}), _SET_COOKIE))
        await c.documents.retrieve("d1")
        await c.documents.retrieve("d1")
    assert "cookie" not in server.requests[1].headers
