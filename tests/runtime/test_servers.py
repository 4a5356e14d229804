"""Per-operation servers and optional binary bodies."""

from __future__ import annotations

import httpx

from generator.runtime._endpoint import Endpoint
from generator.runtime._types import NOT_GIVEN

from .support import API_KEY, Client, ScriptedServer, json_reply

elsewhere: Endpoint[None] = Endpoint(
    "get", "/things", None, response_kind="none", server="https://other.example/v1"
)
upload: Endpoint[None] = Endpoint(
    "post", "/upload", None, body_encodings=("binary",), response_kind="none"
)


def test_operation_server_used_with_the_default_base_url() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(204)

    with Client(
        api_key=API_KEY, http_client=httpx.Client(transport=httpx.MockTransport(handler))
    ) as c:
        c.request(elsewhere)
    assert seen == ["https://other.example/v1/things"]


def test_chosen_base_url_wins_over_operation_server(server: ScriptedServer, client: Client) -> None:
    server.queue(json_reply({}, status=200))
    client.request(elsewhere)
    assert server.requests[-1].path == "/v2/things"


def test_optional_binary_body_not_given_sends_no_body(
    server: ScriptedServer, client: Client
) -> None:
    server.queue(json_reply({}, status=200))
    client.request(upload, body=NOT_GIVEN)
    assert server.requests[-1].body == b""
