"""with_raw_response / with_streaming_response proxies."""

from __future__ import annotations

import threading

import pytest

from generator.runtime._exceptions import NotFoundError
from generator.runtime._pagination import SyncPage
from generator.runtime._response import APIResponse, StreamedResponse

from .resources import DocumentResponse, retrieve
from .support import Client, Reply, ScriptedServer, json_reply


def test_raw_response_parse(server: ScriptedServer, client: Client) -> None:
    server.queue(json_reply({"data": {"id": "d1"}}, headers={"x-request-id": "r1"}))
    raw = client.documents.with_raw_response.retrieve("d1")
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "r1" and raw.request_id == "r1"
    assert raw.json() == {"data": {"id": "d1"}}
    assert raw.text == '{"data": {"id": "d1"}}'
    assert raw.content == raw.read() == raw.http_response.content
    parsed = raw.parse()
    assert isinstance(parsed, DocumentResponse) and parsed.data.id == "d1"
    assert raw.parse() is parsed  # cached
    # The normal resource is unaffected.
    assert isinstance(client.documents.retrieve("d1"), DocumentResponse)


def test_raw_response_of_page_and_nested_resource(server: ScriptedServer, client: Client) -> None:
    server.queue(
        json_reply({"data": [{"id": "a"}], "meta": {"page_number": 1, "total_pages": 2}}),
        json_reply({"data": [{"id": "b"}], "meta": {"page_number": 2, "total_pages": 2}}),
    )
    raw = client.documents.with_raw_response.nested.list()
    assert isinstance(raw, APIResponse)
    page = raw.parse()
    assert isinstance(page, SyncPage)
    assert [d.id for d in page] == ["a", "b"]  # next pages are parsed normally


def test_client_level_raw_proxy(server: ScriptedServer, client: Client) -> None:
    raw = client.with_raw_response.documents.retrieve("d1")
    assert isinstance(raw, APIResponse) and raw.parse().data.id == "d1"
    direct = client.with_raw_response.request(retrieve, path={"id": "d2"})
    assert isinstance(direct, APIResponse)
    assert server.requests[-1].path == "/v2/documents/d2"


def test_raw_response_still_raises_status_errors(server: ScriptedServer, client: Client) -> None:
    server.default = Reply(404)
    with pytest.raises(NotFoundError):
        client.documents.with_raw_response.retrieve("d1")


def test_streaming_does_not_buffer_the_body(server: ScriptedServer, client: Client) -> None:
    gate = threading.Event()
    chunks = [b"first-chunk", b"second", b"third"]
    server.queue(Reply(200, chunks=chunks, gate=gate, headers={"Content-Type": "application/pdf"}))
    with client.documents.with_streaming_response.download("d1") as response:
        assert isinstance(response, StreamedResponse)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/pdf"
        stream = response.iter_bytes()
        first = next(stream)
        # The server is blocked until we release it: the rest cannot have been
        # read yet, so the response was not loaded into memory up front.
        assert server.finished_streams == 0
        gate.set()
        body = first + b"".join(stream)
    assert body == b"".join(chunks)
    assert response.http_response.is_closed
    assert server.requests[0].headers["accept"] == "*/*"


def test_streaming_is_lazy_and_parse_works(server: ScriptedServer, client: Client) -> None:
    manager = client.documents.with_streaming_response.retrieve("d1")
    assert server.requests == []  # nothing sent until entered
    with manager as response:
        assert response.parse().data.id == "d1"
    assert len(server.requests) == 1


def test_streaming_read_and_text(server: ScriptedServer, client: Client) -> None:
    server.queue(Reply(200, "line1\nline2\n"))
    with client.documents.with_streaming_response.download("d1") as response:
        assert list(response.iter_lines()) == ["line1", "line2"]


def test_streaming_error_status_raises_with_body(server: ScriptedServer, client: Client) -> None:
    server.default = Reply(404, '{"errors":[{"code":"404","title":"Not found"}]}')
    with (
        pytest.raises(NotFoundError) as info,
        client.documents.with_streaming_response.download("d1"),
    ):
        pass
    assert info.value.errors[0].title == "Not found"
