"""AsyncAPIClient twins of the key sync behaviours."""

from __future__ import annotations

import io
import threading
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from generator.runtime._endpoint import Endpoint
from generator.runtime._error_root import TelnyxError
from generator.runtime._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    InternalServerError,
    NotFoundError,
)
from generator.runtime._pagination import AsyncPage, AsyncPaginator
from generator.runtime._response import AsyncAPIResponse, AsyncStreamedResponse

from .resources import Document, DocumentResponse
from .support import API_KEY, AsyncClient, Recorded, Reply, ScriptedServer, json_reply

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def aclient(server: ScriptedServer) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(api_key=API_KEY, base_url=server.base_url, backoff_scale=0.01) as c:
        yield c


def numbered(total_pages: int):  # type: ignore[no-untyped-def]
    def handle(request: Recorded) -> Reply:
        number = int(dict(request.query).get("page[number]", "1"))
        return json_reply(
            {
                "data": [{"id": f"{number}-a"}, {"id": f"{number}-b"}],
                "meta": {"page_number": number, "total_pages": total_pages},
            }
        )

    return handle


async def test_missing_key_and_repr(server: ScriptedServer) -> None:
    with pytest.raises(TelnyxError, match="TELNYX_API_KEY"):
        AsyncClient()
    async with AsyncClient(api_key=API_KEY, base_url=server.base_url) as c:
        assert API_KEY not in repr(c)
    assert c.is_closed()


async def test_retrieve_and_path_encoding(server: ScriptedServer, aclient: AsyncClient) -> None:
    result = await aclient.documents.retrieve("../x?y")
    assert isinstance(result, DocumentResponse)
    assert server.requests[0].raw_path == "/v2/documents/..%2Fx%3Fy"
    assert server.requests[0].headers["authorization"] == f"Bearer {API_KEY}"


async def test_retries_500_then_200(server: ScriptedServer, aclient: AsyncClient) -> None:
    server.queue(Reply(500), Reply(reset=True), json_reply({"data": {"id": "ok"}}))
    assert (await aclient.documents.retrieve("d1")).data.id == "ok"
    assert len(server.requests) == 3


async def test_post_retries_keep_idempotency_key(
    server: ScriptedServer, aclient: AsyncClient
) -> None:
    server.queue(Reply(503), json_reply({"data": {"id": "d1"}}))
    await aclient.documents.create(
        file=io.BytesIO(b"abc"), extra_headers={"Idempotency-Key": "k-1"}
    )
    assert [r.headers["idempotency-key"] for r in server.requests] == ["k-1", "k-1"]


async def test_with_options_max_retries_zero(server: ScriptedServer, aclient: AsyncClient) -> None:
    server.default = Reply(500)
    endpoint: Endpoint[Any] = Endpoint("post", "/calls", Any)
    with pytest.raises(InternalServerError):
        await aclient.with_options(max_retries=0).request(endpoint, body={})
    assert len(server.requests) == 1


async def test_retry_after_bounded(server: ScriptedServer, aclient: AsyncClient) -> None:
    server.queue(Reply(429, headers={"Retry-After": "20"}), json_reply({"data": {"id": "x"}}))
    await aclient.documents.retrieve("d1")
    gap = server.requests[1].at - server.requests[0].at
    assert 0.15 <= gap < 0.8  # 20 s * backoff_scale 0.01


async def test_timeout(server: ScriptedServer, aclient: AsyncClient) -> None:
    # Each attempt has time to reach the server on a loaded machine, none to get the reply.
    server.default = Reply(200, "{}", delay=1.0)
    with pytest.raises(APITimeoutError):
        await aclient.with_options(max_retries=1).documents.retrieve("d1", timeout=0.25)
    assert len(server.requests) == 2


async def test_connection_error(server: ScriptedServer, aclient: AsyncClient) -> None:
    server.default = Reply(reset=True)
    with pytest.raises(APIConnectionError):
        await aclient.documents.retrieve("d1")
    assert len(server.requests) == 3


async def test_status_error_fields(server: ScriptedServer, aclient: AsyncClient) -> None:
    server.default = Reply(
        404,
        '{"errors":[{"code":10005,"title":"Resource not found"}]}',
        {"x-request-id": "rid"},
    )
    with pytest.raises(NotFoundError) as info:
        await aclient.documents.retrieve("d1")
    assert info.value.errors[0].code == "10005"
    assert info.value.request_id == "rid"


async def test_malformed_json(server: ScriptedServer, aclient: AsyncClient) -> None:
    server.default = Reply(200, "{oops")
    with pytest.raises(APIResponseValidationError):
        await aclient.documents.retrieve("d1")


async def test_paginator_await_and_async_for(server: ScriptedServer, aclient: AsyncClient) -> None:
    server.default = numbered(total_pages=3)
    paginator = aclient.documents.list()
    assert isinstance(paginator, AsyncPaginator)
    assert server.requests == []  # not sent until awaited/iterated
    page = await paginator
    assert isinstance(page, AsyncPage)
    assert page.meta.total_pages == 3 and isinstance(page.data[0], Document)
    assert page.has_next_page()
    second = await page.get_next_page()
    assert second.meta.page_number == 2
    ids = [d.id async for d in aclient.documents.list()]
    assert ids == ["1-a", "1-b", "2-a", "2-b", "3-a", "3-b"]
    numbers = [p.meta.page_number async for p in page.iter_pages()]
    assert numbers == [1, 2, 3]


async def test_async_repeating_page_terminates(
    server: ScriptedServer, aclient: AsyncClient
) -> None:
    server.default = json_reply(
        {"data": [{"id": "a"}], "meta": {"page_number": 1, "total_pages": 50}}
    )
    assert [d.id async for d in aclient.documents.list()] == ["a"]
    assert len(server.requests) == 2


async def test_raw_response(server: ScriptedServer, aclient: AsyncClient) -> None:
    raw = await aclient.documents.with_raw_response.retrieve("d1")
    assert isinstance(raw, AsyncAPIResponse)
    assert raw.status_code == 200
    assert (await raw.parse()).data.id == "d1"
    assert await raw.json() == {"data": {"id": "d1"}}
    server.queue(json_reply({"data": [{"id": "a"}]}))
    raw_page = await aclient.documents.with_raw_response.list()
    assert isinstance(raw_page, AsyncAPIResponse)
    assert isinstance(await raw_page.parse(), AsyncPage)


async def test_streaming_download(server: ScriptedServer, aclient: AsyncClient) -> None:
    gate = threading.Event()
    server.queue(Reply(200, chunks=[b"one", b"two"], gate=gate))
    manager = aclient.documents.with_streaming_response.download("d1")
    assert server.requests == []
    async with manager as response:
        assert isinstance(response, AsyncStreamedResponse)
        stream = response.aiter_bytes()
        first = await stream.__anext__()
        assert server.finished_streams == 0
        gate.set()
        rest = b"".join([c async for c in stream])
    assert first + rest == b"onetwo"
    assert response.http_response.is_closed


async def test_streaming_parse(server: ScriptedServer, aclient: AsyncClient) -> None:
    async with aclient.documents.with_streaming_response.retrieve("d1") as response:
        assert (await response.parse()).data.id == "d1"


async def test_async_twins_share_the_sync_functions() -> None:
    """`name = async_method(Sync.name)`: a real coroutine function with the sync
    method's parameters and docstring; the pager twin is the sync function itself."""
    import inspect

    from .resources import AsyncDocuments, Documents

    assert inspect.iscoroutinefunction(AsyncDocuments.retrieve)
    assert AsyncDocuments.retrieve.__name__ == "retrieve"
    assert inspect.signature(AsyncDocuments.create) == inspect.signature(Documents.create)
    assert AsyncDocuments.create.__doc__ == Documents.create.__doc__
    assert AsyncDocuments.list is Documents.list
