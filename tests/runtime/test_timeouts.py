"""Total timeouts: one deadline per attempt on top of httpx's per-phase limits.

The trickling server sends its headers at once, then the body in small chunks
with a pause between them: no single socket read ever waits long, so only a total
deadline stops it.
"""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest

from generator.runtime._base_client import DEFAULT_TIMEOUT
from generator.runtime._endpoint import Endpoint
from generator.runtime._exceptions import APITimeoutError
from generator.runtime._timeouts import to_httpx_timeout, total_of

from .support import API_KEY, AsyncClient, Client, Reply, ScriptedServer

BODY = json.dumps({"data": {"id": "d1", "status": "verified"}}).encode()


def trickle(pieces: int, every: float, body: bytes = BODY) -> Reply:
    """``body`` in ``pieces`` chunks, ``every`` seconds apart (headers at once)."""
    size = -(-len(body) // pieces)
    chunks = [body[i : i + size] for i in range(0, len(body), size)]
    return Reply(
        200, headers={"Content-Type": "application/json"}, chunks=chunks, chunk_delay=every
    )


# -- what a timeout option means ---------------------------------------------------


def test_default_is_60_s_total_and_5_s_connect() -> None:
    assert httpx.Timeout(60.0, connect=5.0) == DEFAULT_TIMEOUT
    assert total_of(DEFAULT_TIMEOUT.as_dict()) == 60.0
    with Client(api_key=API_KEY) as c:
        assert c.timeout == DEFAULT_TIMEOUT


@pytest.mark.parametrize(
    ("timeout", "phases", "total"),
    [
        (10, (5.0, 10.0, 10.0, 10.0), 10.0),  # a number is the total; connect stays 5 s
        (2.5, (2.5, 2.5, 2.5, 2.5), 2.5),  # ...or less
        (httpx.Timeout(3.0, connect=1.0, write=30.0), (1.0, 3.0, 30.0, 3.0), 30.0),
        (httpx.Timeout(5.0, pool=None), (5.0, 5.0, 5.0, None), None),  # unlimited phase
        (None, (None, None, None, None), None),
    ],
)
def test_timeout_option_phases_and_total(
    server: ScriptedServer, client: Client, timeout: Any, phases: tuple[Any, ...], total: Any
) -> None:
    resolved = to_httpx_timeout(timeout)
    assert (resolved.connect, resolved.read, resolved.write, resolved.pool) == phases
    assert total_of(resolved.as_dict()) == total
    # What the request carries, per call and per client.
    endpoint: Endpoint[Any] = Endpoint("get", "/x", Any)
    built = client._build_request(
        endpoint, path=None, query=None, headers=None, body=None, options={"timeout": timeout}
    )
    assert built.extensions["timeout"] == resolved.as_dict()
    other = client.with_options(timeout=timeout)
    built = other._build_request(
        endpoint, path=None, query=None, headers=None, body=None, options={}
    )
    assert built.extensions["timeout"] == resolved.as_dict()


# -- sync -----------------------------------------------------------------------------


def test_trickling_body_times_out_at_the_total(server: ScriptedServer, client: Client) -> None:
    server.queue(trickle(12, 0.15))  # ~1.7 s in all, never 0.15 s without a byte
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        client.with_options(max_retries=0).documents.retrieve("d1", timeout=0.5)
    elapsed = time.monotonic() - started
    assert 0.45 <= elapsed < 1.2
    assert len(server.requests) == 1


def test_client_timeout_is_a_total_too(server: ScriptedServer) -> None:
    server.queue(trickle(12, 0.15))
    with (
        Client(api_key=API_KEY, base_url=server.base_url, timeout=0.5, max_retries=0) as c,
        pytest.raises(APITimeoutError),
    ):
        c.documents.retrieve("d1")


def test_every_attempt_gets_its_own_deadline(server: ScriptedServer, client: Client) -> None:
    server.queue(trickle(12, 0.15), trickle(12, 0.15))
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        client.with_options(max_retries=1).documents.retrieve("d1", timeout=0.4)
    assert len(server.requests) == 2
    assert 0.75 <= time.monotonic() - started < 2.0


def test_a_slow_body_within_the_total_is_fine(server: ScriptedServer, client: Client) -> None:
    server.queue(trickle(4, 0.1), trickle(4, 0.1))
    assert client.documents.retrieve("d1", timeout=2.0).data.id == "d1"
    assert client.documents.retrieve("d1", timeout=None).data.id == "d1"


def test_raw_response_body_is_under_the_total(server: ScriptedServer, client: Client) -> None:
    server.queue(trickle(12, 0.15))
    with pytest.raises(APITimeoutError):
        client.with_options(max_retries=0).with_raw_response.documents.retrieve("d1", timeout=0.5)


def test_streamed_body_is_not_under_the_total(server: ScriptedServer, client: Client) -> None:
    """The deadline covers a streamed response up to its headers: the body is the
    caller's to read, for as long as it takes (per-read limits still apply)."""
    data = bytes(range(48))
    server.queue(trickle(8, 0.1, data))  # ~0.7 s of body
    with client.documents.with_streaming_response.download("d1", timeout=0.3) as response:
        assert b"".join(response.iter_bytes()) == data
    # Headers that come too late still time out.
    server.queue(Reply(200, b"x", delay=0.6))
    with (
        pytest.raises(APITimeoutError),
        client.with_options(max_retries=0).documents.with_streaming_response.download(
            "d1", timeout=0.3
        ),
    ):
        pass


# -- async ----------------------------------------------------------------------------


async def test_async_trickling_body_times_out_at_the_total(server: ScriptedServer) -> None:
    server.queue(trickle(12, 0.15))
    async with AsyncClient(api_key=API_KEY, base_url=server.base_url, max_retries=0) as c:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            await c.documents.retrieve("d1", timeout=0.5)
        assert 0.45 <= time.monotonic() - started < 0.9
        # Within the total, and with no total, a slow body is fine.
        server.queue(trickle(4, 0.1), trickle(4, 0.1))
        assert (await c.documents.retrieve("d1", timeout=2.0)).data.id == "d1"
        assert (await c.documents.retrieve("d1", timeout=None)).data.id == "d1"


async def test_async_streamed_body_is_not_under_the_total(server: ScriptedServer) -> None:
    data = bytes(range(48))
    server.queue(trickle(8, 0.1, data))
    async with AsyncClient(api_key=API_KEY, base_url=server.base_url, max_retries=0) as c:
        proxy = c.documents.with_streaming_response
        async with proxy.download("d1", timeout=0.3) as response:
            assert b"".join([chunk async for chunk in response.iter_bytes()]) == data
        server.queue(Reply(200, b"x", delay=0.6))
        with pytest.raises(APITimeoutError):
            async with proxy.download("d1", timeout=0.3):
                pass
