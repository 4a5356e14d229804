"""TELNYX_LOG logging: what is logged and that the API key never is."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from generator.runtime._endpoint import Endpoint
from generator.runtime._exceptions import InternalServerError
from generator.runtime._logs import logger

from .support import API_KEY, Client, Reply, ScriptedServer


def test_logger_name_is_the_top_level_package() -> None:
    # `telnyx_client` once generated; `generator` when tested in place.
    assert logger.name == "generator"


def test_debug_logging_redacts_credentials(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("TELNYX_LOG", "debug")
    caplog.set_level(logging.DEBUG)  # also capture httpx/httpcore debug output
    server.queue(Reply(500), Reply(200, '{"data": {"id": "d1"}}', {"Set-Cookie": "s=1"}))
    with Client(api_key=API_KEY, base_url=server.base_url, backoff_scale=0.0) as c:
        assert logger.level == logging.DEBUG
        c.documents.retrieve("d1", extra_headers={"X-Echo": f"token {API_KEY}"})
        endpoint: Endpoint[Any] = Endpoint("post", "/fail", Any)
        server.default = Reply(500, "boom")
        with pytest.raises(InternalServerError):
            c.with_options(max_retries=0).request(endpoint, body={"a": 1})

    text = caplog.text
    assert API_KEY not in text
    assert "<redacted>" in text
    ours = [r.getMessage() for r in caplog.records if r.name == "generator"]
    assert any("GET" in m and "/v2/documents/d1 -> 500 (attempt 1," in m for m in ours)
    assert any("/v2/documents/d1 -> 200 (attempt 2," in m and " ms)" in m for m in ours)
    assert any(m.startswith("Retrying GET") for m in ours)
    assert any("request headers" in m and "authorization" in m for m in ours)
    assert any("POST" in m and "-> 500" in m for m in ours)


def test_info_level_has_no_headers(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("TELNYX_LOG", "info")
    with Client(api_key=API_KEY, base_url=server.base_url) as c:
        c.documents.retrieve("d1")
    ours = [r for r in caplog.records if r.name == "generator"]
    assert ours and all(r.levelno == logging.INFO for r in ours)
    assert not any("headers" in r.getMessage() for r in ours)


def test_no_env_means_no_logging_config(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    level = logger.level
    with Client(api_key=API_KEY, base_url=server.base_url) as c:
        c.documents.retrieve("d1")
    assert logger.level == level
    assert not [r for r in caplog.records if r.name == "generator"]
