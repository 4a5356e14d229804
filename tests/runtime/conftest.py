"""Fixtures: one scripted server per session, a fresh client per test."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Make `generator.runtime` importable without relying on a repo-wide config.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from generator.runtime._logs import logger

from .support import API_KEY, Client, ScriptedServer


@pytest.fixture(scope="session")
def _server() -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    yield server
    server.close()


@pytest.fixture
def server(_server: ScriptedServer) -> Iterator[ScriptedServer]:
    _server.reset_state()
    yield _server
    _server.reset_state()


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("TELNYX_API_KEY", "TELNYX_BASE_URL", "TELNYX_PUBLIC_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("TELNYX_LOG", raising=False)
    level, handlers = logger.level, list(logger.handlers)
    yield
    logger.setLevel(level)
    logger.handlers[:] = handlers


@pytest.fixture
def client(server: ScriptedServer) -> Iterator[Client]:
    # backoff_scale shrinks retry waits ~100x so retry tests stay fast.
    with Client(api_key=API_KEY, base_url=server.base_url, backoff_scale=0.01) as c:
        yield c
