"""A small, fast HTTP/1.1 keep-alive server on 127.0.0.1 serving canned JSON (stdlib only).

`python _server.py ROUTES.json` prints the port it listens on, then serves until its
standard input closes. ROUTES.json maps "retrieve" and "list" to response bodies:
GET /addresses -> list, GET /addresses/<id> -> retrieve, anything else -> 404.
Responses are prebuilt bytes, so a request costs one header scan and one write.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading


def _response(status: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nx-request-id: bench\r\n\r\n"
    )
    return head.encode("ascii") + body


class _Handler(asyncio.Protocol):
    def __init__(self, routes: dict[str, bytes]) -> None:
        self.routes = routes
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end]
            length = 0
            at = head.lower().find(b"\r\ncontent-length:")
            if at >= 0:
                stop = head.find(b"\r\n", at + 2)
                length = int(head[at + 17 : stop if stop > 0 else len(head)].strip())
            total = end + 4 + length
            if len(self.buffer) < total:
                return
            method, target = head.split(b"\r\n", 1)[0].split(b" ")[:2]
            self.buffer = self.buffer[total:]
            assert self.transport is not None
            self.transport.write(self._route(method, target.split(b"?", 1)[0]))

    def _route(self, method: bytes, path: bytes) -> bytes:
        if method == b"GET" and path.startswith(b"/addresses"):
            rest = path[len(b"/addresses") :].strip(b"/")
            if not rest:
                return self.routes["list"]
            if b"/" not in rest:
                return self.routes["retrieve"]
        return self.routes["missing"]


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        bodies = json.load(handle)
    routes = {name: _response("200 OK", json.dumps(body).encode()) for name, body in bodies.items()}
    routes["missing"] = _response(
        "404 Not Found", b'{"errors":[{"code":"10005","title":"Resource not found"}]}'
    )
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(
        loop.create_server(lambda: _Handler(routes), "127.0.0.1", 0, backlog=64)
    )
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)

    def wait_for_eof() -> None:
        sys.stdin.read()
        loop.call_soon_threadsafe(loop.stop)

    threading.Thread(target=wait_for_eof, daemon=True).start()
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    main()
