"""Test support: a scripted HTTP server on 127.0.0.1 and a tiny generated-style
client built on the runtime.

Each test queues replies (``server.queue(...)``); every incoming request pops
the next one (or gets ``server.default``) and is recorded in
``server.requests`` so tests can assert on what was actually sent.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from generator.runtime._base_client import AsyncAPIClient, SyncAPIClient
from generator.runtime._resource import ClientRawResponseView, ClientStreamingResponseView

from .resources import AsyncDocuments, Documents

API_KEY = "KEY0123456789SECRETSECRET"
DEFAULT_BODY = {"data": {"id": "d1"}}


@dataclass
class Reply:
    status: int = 200
    body: bytes | str | Any = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    reset: bool = False  # close the socket without sending a response
    # Streamed body: send chunks one by one; `gate` is waited on after the first.
    chunks: list[bytes] | None = None
    gate: threading.Event | None = None
    chunk_delay: float = 0.0  # seconds between chunks (a server trickling its body)


def json_reply(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, json.dumps(data), {"Content-Type": "application/json", **(headers or {})})


@dataclass
class Recorded:
    method: str
    path: str
    raw_path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes
    at: float

    def json(self) -> Any:
        return json.loads(self.body)


def multipart_parts(sent: Recorded) -> dict[str, tuple[str | None, bytes]]:
    """name -> (filename, content) from a multipart body (tiny parser)."""
    boundary = re.search(r"boundary=(\S+)", sent.headers["content-type"])
    assert boundary is not None
    parts: dict[str, tuple[str | None, bytes]] = {}
    for chunk in sent.body.split(b"--" + boundary.group(1).encode())[1:-1]:
        head, _, content = chunk.strip(b"\r\n").partition(b"\r\n\r\n")
        name = re.search(rb'name="([^"]+)"', head)
        filename = re.search(rb'filename="([^"]*)"', head)
        assert name is not None
        parts[name.group(1).decode()] = (
            filename.group(1).decode() if filename else None,
            content,
        )
    return parts


Script = Reply | Callable[[Recorded], Reply]


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hang up on purpose in timeout tests; keep the output clean.
        pass


class ScriptedServer:
    def __init__(self) -> None:
        self.script: list[Script] = []
        self.requests: list[Recorded] = []
        self.default: Script = json_reply(DEFAULT_BODY)
        self.finished_streams = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # avoid 40 ms delayed-ACK stalls

            def log_message(self, *args: Any) -> None:
                pass

            def _read_body(self) -> bytes:
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    data = b""
                    while True:
                        size = int(self.rfile.readline().strip() or b"0", 16)
                        if size == 0:
                            self.rfile.readline()
                            return data
                        data += self.rfile.read(size)
                        self.rfile.readline()
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def _handle(self) -> None:
                url = urlsplit(self.path)
                record = Recorded(
                    method=self.command,
                    path=url.path,
                    raw_path=self.path,
                    query=parse_qsl(url.query, keep_blank_values=True),
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=self._read_body(),
                    at=time.monotonic(),
                )
                with server._lock:
                    server.requests.append(record)
                    step = server.script.pop(0) if server.script else server.default
                reply = step(record) if callable(step) else step
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.reset:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.chunks is not None:
                    self._send_chunks(reply)
                    return
                body = reply.body
                if not isinstance(body, (bytes, str)):
                    body = json.dumps(body)
                data = body.encode() if isinstance(body, str) else body
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _send_chunks(self, reply: Reply) -> None:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                assert reply.chunks is not None
                for index, chunk in enumerate(reply.chunks):
                    if index and reply.chunk_delay:
                        time.sleep(reply.chunk_delay)
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.flush()
                    if index == 0 and reply.gate is not None:
                        reply.gate.wait(2.0)
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
                server.finished_streams += 1

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v2"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def queue(self, *steps: Script) -> None:
        self.script.extend(steps)

    def reset_state(self) -> None:
        self.script.clear()
        self.requests.clear()
        self.default = json_reply(DEFAULT_BODY)
        self.finished_streams = 0

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class Client(SyncAPIClient):
    """What a generated client looks like: env names plus resources."""

    _api_key_env = "TELNYX_API_KEY"
    _base_url_env = "TELNYX_BASE_URL"
    _default_base_url = "https://api.telnyx.com/v2"
    _user_agent = "telnyx-client/0.1.0"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.documents = Documents(self)

    @property
    def with_raw_response(self) -> ClientRawResponseView:
        return ClientRawResponseView(self)

    @property
    def with_streaming_response(self) -> ClientStreamingResponseView:
        return ClientStreamingResponseView(self)


class AsyncClient(AsyncAPIClient):
    _api_key_env = "TELNYX_API_KEY"
    _base_url_env = "TELNYX_BASE_URL"
    _default_base_url = "https://api.telnyx.com/v2"
    _user_agent = "telnyx-client/0.1.0"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.documents = AsyncDocuments(self)

    @property
    def with_raw_response(self) -> ClientRawResponseView:
        return ClientRawResponseView(self)

    @property
    def with_streaming_response(self) -> ClientStreamingResponseView:
        return ClientStreamingResponseView(self)
