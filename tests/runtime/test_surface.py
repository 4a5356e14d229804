"""The public surface shared with the official SDK: strict keywords, download
objects, page info, raw routes, default httpx clients, custom headers, response
attributes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.runtime._http_clients import DefaultAsyncHttpxClient, DefaultHttpxClient
from generator.runtime._models import BaseModel
from generator.runtime._pagination import PageInfo
from generator.runtime._response import AsyncBinaryAPIResponse, BinaryAPIResponse

from .resources import DocumentResponse
from .support import API_KEY, AsyncClient, Client, Reply, ScriptedServer, json_reply


def test_misspelt_keywords_raise_type_error(server: ScriptedServer, client: Client) -> None:
    documents: Any = client.documents
    with pytest.raises(TypeError, match="timout"):
        documents.retrieve("d1", timout=0.5)
    with pytest.raises(TypeError, match="txt"):
        documents.create(customer_reference="r", txt="x")
    with pytest.raises(TypeError):  # options are keyword-only
        documents.retrieve("d1", {"X-A": "1"})
    with pytest.raises(TypeError, match="timout"):
        documents.with_raw_response.retrieve("d1", timout=0.5)
    assert server.requests == []  # nothing was sent


async def test_misspelt_keywords_raise_type_error_async(server: ScriptedServer) -> None:
    async with AsyncClient(api_key=API_KEY, base_url=server.base_url) as aclient:
        documents: Any = aclient.documents
        with pytest.raises(TypeError, match="timout"):
            await documents.retrieve("d1", timout=0.5)
        with pytest.raises(TypeError, match="timout"):
            documents.list(timout=0.5)
    assert server.requests == []


def test_request_options_still_apply(server: ScriptedServer, client: Client) -> None:
    client.documents.retrieve("d1", extra_headers={"X-A": "1"}, extra_query={"q": "2"}, timeout=5)
    client.documents.create(customer_reference="r", extra_body={"more": True})
    first, second = server.requests
    assert first.headers["x-a"] == "1" and first.query == [("q", "2")]
    assert second.json() == {"customer_reference": "r", "more": True}


def test_download_returns_a_binary_response(
    server: ScriptedServer, client: Client, tmp_path: Path
) -> None:
    server.default = Reply(200, b'{"a": 1}', {"Content-Type": "application/octet-stream"})
    download = client.documents.download("d1")
    assert isinstance(download, BinaryAPIResponse)
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/octet-stream"
    assert download.read() == download.content == b'{"a": 1}'
    assert download.text() == '{"a": 1}'
    assert download.json() == {"a": 1}
    assert b"".join(download.iter_bytes(3)) == b'{"a": 1}'
    download.write_to_file(tmp_path / "a.bin")
    download.stream_to_file(str(tmp_path / "b.bin"), chunk_size=2)
    assert (tmp_path / "a.bin").read_bytes() == (tmp_path / "b.bin").read_bytes() == b'{"a": 1}'
    assert download.http_request.url.path == "/v2/documents/d1/download"
    assert download.is_closed


async def test_async_download_returns_a_binary_response(
    server: ScriptedServer, tmp_path: Path
) -> None:
    server.default = Reply(200, b"\x00\x01binary", {"Content-Type": "image/png"})
    async with AsyncClient(api_key=API_KEY, base_url=server.base_url) as aclient:
        download = await aclient.documents.download("d1")
        assert isinstance(download, AsyncBinaryAPIResponse)
        assert await download.read() == b"\x00\x01binary"
        assert [c async for c in download.iter_bytes()] == [b"\x00\x01binary"]
        await download.write_to_file(tmp_path / "x.png")
        assert (tmp_path / "x.png").read_bytes() == b"\x00\x01binary"
        assert download.http_request.method == "GET"


def test_response_objects_expose_request_and_closed_state(
    server: ScriptedServer, client: Client
) -> None:
    raw = client.documents.with_raw_response.retrieve("d1")
    assert raw.http_request.url.path == "/v2/documents/d1"
    assert raw.is_closed  # read in full
    with client.documents.with_streaming_response.retrieve("d1") as streamed:
        assert not streamed.is_closed
        assert streamed.http_request.method == "GET"
    assert streamed.is_closed


def test_next_page_info(server: ScriptedServer, client: Client) -> None:
    server.queue(
        json_reply({"data": [{"id": "a"}], "meta": {"page_number": 1, "total_pages": 2}}),
        json_reply({"data": [{"id": "b"}], "meta": {"page_number": 2, "total_pages": 2}}),
    )
    page = client.documents.list(page_size=1)
    info = page.next_page_info()
    assert info == PageInfo(params={"page[number]": 2, "page[size]": 1})
    assert page.get_next_page().next_page_info() is None


async def test_next_page_info_async(server: ScriptedServer) -> None:
    server.queue(json_reply({"data": [{"id": "a"}], "meta": {"page_number": 3, "total_pages": 4}}))
    async with AsyncClient(api_key=API_KEY, base_url=server.base_url) as aclient:
        page = await aclient.documents.list()
        assert page.next_page_info() == PageInfo(params={"page[number]": 4})


class Thing(BaseModel):
    id: str


def test_raw_routes(server: ScriptedServer, client: Client) -> None:
    server.queue(
        json_reply({"id": "t1"}),
        json_reply({"ok": True}),
        json_reply({"id": "t2"}),
        json_reply({"id": "t3"}),
        Reply(204),
        json_reply({"abs": 1}),
    )
    thing = client.get("/things/t1", cast_to=Thing, options={"params": {"a": "1"}})
    assert isinstance(thing, Thing) and thing.id == "t1"
    created = client.post(
        "/things", cast_to=object, body={"name": "n"}, options={"headers": {"X-H": "v"}}
    )
    assert created == {"ok": True}
    assert client.put("/things/t2", cast_to=Thing, body={"name": "m"}).id == "t2"
    assert client.patch("/things/t3", cast_to=Thing, body={"name": "o"}).id == "t3"
    assert client.delete("/things/t3", cast_to=type(None)) is None
    assert client.get(server.base_url + "/absolute", cast_to=dict) == {"abs": 1}
    get, post, put, patch, delete, absolute = server.requests
    assert (get.method, get.path, get.query) == ("GET", "/v2/things/t1", [("a", "1")])
    assert (post.method, post.json(), post.headers["x-h"]) == ("POST", {"name": "n"}, "v")
    assert "idempotency-key" in post.headers  # retried safely like generated POSTs
    assert (put.method, put.json()) == ("PUT", {"name": "m"})
    assert (patch.method, delete.method, absolute.path) == ("PATCH", "DELETE", "/v2/absolute")
    assert get.headers["authorization"] == f"Bearer {API_KEY}"


async def test_raw_routes_async(server: ScriptedServer) -> None:
    server.queue(json_reply({"id": "t1"}), json_reply([1, 2]))
    async with AsyncClient(api_key=API_KEY, base_url=server.base_url) as aclient:
        assert (await aclient.get("/things/t1", cast_to=Thing)).id == "t1"
        assert await aclient.post("/things", cast_to=list, body=[1]) == [1, 2]
    assert server.requests[1].json() == [1]


def test_default_httpx_clients_keep_the_package_defaults(server: ScriptedServer) -> None:
    with DefaultHttpxClient(headers={"X-Mine": "1"}) as http:
        assert http.timeout == httpx.Timeout(60.0, connect=5.0)
        assert http.follow_redirects
        client = Client(api_key=API_KEY, base_url=server.base_url, http_client=http)
        client.documents.retrieve("d1")
    assert server.requests[0].headers["x-mine"] == "1"
    assert isinstance(DefaultAsyncHttpxClient(), httpx.AsyncClient)
    with DefaultHttpxClient(timeout=3.0) as custom:
        assert custom.timeout == httpx.Timeout(3.0)


def test_custom_headers_from_the_environment(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELNYX_CUSTOM_HEADERS", "X-Team: voice\nX-Trace:abc: def\nno colon\n")
    client = Client(api_key=API_KEY, base_url=server.base_url, default_headers={"X-Trace": "mine"})
    client.documents.retrieve("d1")
    headers = server.requests[0].headers
    assert headers["x-team"] == "voice"
    assert headers["x-trace"] == "mine"  # default_headers win over the environment
    assert "no colon" not in json.dumps(headers)


def test_models_from_raw_routes_are_tolerant(server: ScriptedServer, client: Client) -> None:
    server.queue(json_reply({"id": 5, "extra": 1}))
    assert client.get("/things/x", cast_to=DocumentResponse).model_extra == {
        "id": 5,
        "extra": 1,
    }
