"""The Python examples of README.md and generated/README.md run, in order, against
Prism (a stale name, parameter or return shape in the docs fails here).

A local server sits in front of Prism (serving the spec trimmed to the resources the
READMEs use): a request for an id containing "missing" gets a Telnyx 404 (for the
error examples), a download gets bytes (Prism cannot serve the `*` media type), the
rest is forwarded. Webhook examples get a delivery signed with a key made here.
"""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from generator import pin
from generator.load import load_spec
from tests.conftest import GENERATED, ROOT
from tests.contract.prism import prism, trimmed
from tests.runtime.support import Recorded, Reply, ScriptedServer, json_reply

pytestmark = pytest.mark.contract

READMES = [ROOT / "README.md", GENERATED / "README.md"]
ERROR_404 = {"errors": [{"code": "10005", "title": "Resource not found", "detail": "x"}]}
EVENT = {
    "data": {
        "event_type": "call.answered",
        "id": "e1",
        "record_type": "event",
        "payload": {"call_control_id": "v3:abc"},
    }
}


def _blocks(readme: Path) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", readme.read_text(encoding="utf-8"), re.S | re.M)


def _used_operations() -> set[tuple[str, str]]:
    """(path, method) of every operation under a top-level resource the READMEs use."""
    text = "".join(readme.read_text(encoding="utf-8") for readme in READMES)
    used = set(re.findall(r"client\.(\w+)\.", text))
    ops = json.loads((GENERATED / "operations.json").read_text(encoding="utf-8"))
    return {
        (op["path"], op["http_method"]) for op in ops if op["python_method"].split(".")[0] in used
    }


def _forward(prism_url: str) -> Any:
    def answer(request: Recorded) -> Reply:
        if "missing" in request.path:
            return json_reply(ERROR_404, 404)
        if request.path.endswith("/download"):
            return Reply(200, b"%PDF-1.4", {"Content-Type": "application/octet-stream"})
        response = httpx.request(
            request.method,
            prism_url + request.raw_path.removeprefix("/v2"),
            headers={k: v for k, v in request.headers.items() if k.lower() != "host"},
            content=request.body,
        )
        assert response.status_code < 400, f"Prism refused {request.raw_path}: {response.text}"
        # Like the API, every answer carries a request id.
        headers = {"Content-Type": response.headers["content-type"], "x-request-id": "req_1"}
        return Reply(response.status_code, response.content, headers)

    return answer


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScriptedServer]:
    document = load_spec(pin.default_spec()).document
    with prism(trimmed(document, _used_operations()), tmp_path_factory.mktemp("prism")) as url:
        server = ScriptedServer()
        server.default = _forward(url)
        yield server
        server.close()


def _signed_delivery(monkeypatch: pytest.MonkeyPatch) -> tuple[str, dict[str, str]]:
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    monkeypatch.setenv("TELNYX_PUBLIC_KEY", base64.b64encode(public).decode())
    body, timestamp = json.dumps(EVENT), str(int(time.time()))
    signature = private.sign(f"{timestamp}|{body}".encode())
    headers = {
        "telnyx-signature-ed25519": base64.b64encode(signature).decode(),
        "telnyx-timestamp": timestamp,
    }
    return body, headers


@pytest.mark.parametrize("readme", READMES, ids=lambda p: str(p.relative_to(ROOT)))
def test_examples_run(
    readme: Path, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocks, requests_before = _blocks(readme), len(server.requests)
    assert len(blocks) >= 5, f"{readme}: expected the usage examples"
    monkeypatch.setenv("TELNYX_API_KEY", "KEY_README_TEST")
    monkeypatch.setenv("TELNYX_BASE_URL", server.base_url)
    body, headers = _signed_delivery(monkeypatch)
    namespace: dict[str, Any] = {
        "body": body,
        "headers": headers,
        "request_body": body,
        "request_headers": headers,
    }
    # Blocks build on each other (the first makes `client`), like a reader's session.
    for number, block in enumerate(blocks, 1):
        code = compile(block, f"{readme.name} python block {number}", "exec")
        try:
            exec(code, namespace)
        except Exception as exc:
            raise AssertionError(f"{readme} python block {number} failed:\n{block}") from exc
    assert len(server.requests) > requests_before, "the examples made no request"
