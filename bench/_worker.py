"""Runs one client's calls on request; one process per environment (stdlib + that client).

`python _worker.py ours|official BASE_URL` reads commands on stdin, one per line,
and answers each with one JSON line on stdout:

    check                      -> {"contender": "what one call returned", ...}
    run CONTENDER OP N         -> {"seconds": float}   (N calls, back to back)

OP is "retrieve" (`client.addresses.retrieve(ID)`) or "list" (`client.addresses.list()`,
first page only). Contenders in the `ours` environment: socket (raw socket, the
server's floor), httpx (+ json.loads), httpx_pydantic (+ validation into our
generated model), httpx_async (AsyncClient + json.loads), ours_sync, ours_async; in `official`: official_sync, official_async.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import socket
import sys
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

ADDRESS_ID = "1293384261075731499"
PATHS = {"retrieve": f"/addresses/{ADDRESS_ID}", "list": "/addresses"}

Call = Callable[[], object]


class RawSocket:
    """The least a Python client can do: write a request, read Content-Length bytes."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.sock = socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.host = parts.netloc
        self.buffer = b""

    def get(self, path: str) -> bytes:
        self.sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nAccept: application/json\r\n"
            "Authorization: Bearer x\r\n\r\n".encode()
        )
        while (end := self.buffer.find(b"\r\n\r\n")) < 0:
            self.buffer += self.sock.recv(65536)
        head = self.buffer[:end].lower()
        at = head.find(b"content-length:")
        length = int(head[at + 15 :].split(b"\r\n", 1)[0])
        total = end + 4 + length
        while len(self.buffer) < total:
            self.buffer += self.sock.recv(65536)
        body, self.buffer = self.buffer[end + 4 : total], self.buffer[total:]
        return body


def _resolve(value: Any) -> Any:
    """An Endpoint's cast_to may be a Lazy reference (docs/ARCHITECTURE.md)."""
    resolve = getattr(value, "resolve", None)
    return resolve() if callable(resolve) else value


def ours_calls(base_url: str) -> dict[str, dict[str, Call]]:
    import httpx
    import telnyx_client  # type: ignore[import-not-found]  # generated/, on PYTHONPATH

    raw = RawSocket(base_url)
    http = httpx.Client(base_url=base_url, headers={"Authorization": "Bearer x"})
    # The same models our client validates into (the Endpoint facts of the resource).
    resource = importlib.import_module("telnyx_client.resources.addresses")
    models = {
        "retrieve": _resolve(resource._retrieve.cast_to),
        "list": _resolve(resource._list.cast_to),
    }
    client = telnyx_client.Telnyx(api_key="x", base_url=base_url, max_retries=0)
    loop = asyncio.new_event_loop()
    aclient = telnyx_client.AsyncTelnyx(api_key="x", base_url=base_url, max_retries=0)

    def httpx_json(op: str) -> Call:
        path = PATHS[op]

        def call() -> object:
            response = http.get(path)
            response.raise_for_status()
            return json.loads(response.content)

        return call

    def httpx_pydantic(op: str) -> Call:
        path, model = PATHS[op], models[op]

        def call() -> object:
            response = http.get(path)
            response.raise_for_status()
            return model.model_validate(json.loads(response.content))

        return call

    async def async_retrieve() -> object:
        return await aclient.addresses.retrieve(ADDRESS_ID)

    async def async_list() -> object:
        return (await aclient.addresses.list()).data

    ahttp = httpx.AsyncClient(base_url=base_url, headers={"Authorization": "Bearer x"})

    def httpx_async(op: str) -> Callable[[], Any]:
        path = PATHS[op]

        async def call() -> object:
            response = await ahttp.get(path)
            response.raise_for_status()
            return json.loads(response.content)

        return call

    return {
        "socket": {
            "retrieve": lambda: raw.get(PATHS["retrieve"]),
            "list": lambda: raw.get(PATHS["list"]),
        },
        "httpx": {"retrieve": httpx_json("retrieve"), "list": httpx_json("list")},
        "httpx_pydantic": {"retrieve": httpx_pydantic("retrieve"), "list": httpx_pydantic("list")},
        "ours_sync": {
            "retrieve": lambda: client.addresses.retrieve(ADDRESS_ID),
            "list": lambda: client.addresses.list().data,
        },
        "httpx_async": _async_calls(
            loop, {"retrieve": httpx_async("retrieve"), "list": httpx_async("list")}
        ),
        "ours_async": _async_calls(loop, {"retrieve": async_retrieve, "list": async_list}),
    }


def official_calls(base_url: str) -> dict[str, dict[str, Call]]:
    import telnyx  # type: ignore[import-not-found]  # the official SDK's venv

    client = telnyx.Telnyx(api_key="x", base_url=base_url, max_retries=0)
    aclient = telnyx.AsyncTelnyx(api_key="x", base_url=base_url, max_retries=0)
    loop = asyncio.new_event_loop()

    async def async_retrieve() -> object:
        return await aclient.addresses.retrieve(ADDRESS_ID)

    async def async_list() -> object:
        return (await aclient.addresses.list()).data

    return {
        "official_sync": {
            "retrieve": lambda: client.addresses.retrieve(ADDRESS_ID),
            "list": lambda: client.addresses.list().data,
        },
        "official_async": _async_calls(loop, {"retrieve": async_retrieve, "list": async_list}),
    }


class _AsyncCall:
    """Marks a coroutine function: N calls run back to back inside one event loop turn."""

    def __init__(self, loop: asyncio.AbstractEventLoop, fn: Callable[[], Any]) -> None:
        self.loop = loop
        self.fn = fn

    def __call__(self) -> object:
        return self.loop.run_until_complete(self.fn())

    def repeat(self, n: int) -> float:
        async def many() -> float:
            start = time.perf_counter()
            for _ in range(n):
                await self.fn()
            return time.perf_counter() - start

        return self.loop.run_until_complete(many())


def _async_calls(
    loop: asyncio.AbstractEventLoop, fns: dict[str, Callable[[], Any]]
) -> dict[str, Call]:
    return {op: _AsyncCall(loop, fn) for op, fn in fns.items()}


def timed(call: Call, n: int) -> float:
    if isinstance(call, _AsyncCall):
        return call.repeat(n)
    start = time.perf_counter()
    for _ in range(n):
        call()
    return time.perf_counter() - start


def describe(value: object) -> str:
    if isinstance(value, list):
        return f"list of {len(value)} {type(value[0]).__name__ if value else '?'}"
    if isinstance(value, bytes):
        return f"{len(value)} bytes"
    return type(value).__name__


def main() -> None:
    kind, base_url = sys.argv[1], sys.argv[2]
    calls = ours_calls(base_url) if kind == "ours" else official_calls(base_url)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "check":
            reply: dict[str, object] = {
                f"{name} {op}": describe(call())
                for name, ops in calls.items()
                for op, call in ops.items()
            }
        elif words[0] == "run":
            name, op, n = words[1], words[2], int(words[3])
            reply = {"seconds": timed(calls[name][op], n)}
        else:
            reply = {"error": f"unknown command {words[0]!r}"}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
