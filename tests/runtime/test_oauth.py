"""OAuth2 client credentials against a local token server: the token is fetched
once, reused, shared with copies, and fetched again before expiry or after a 401."""

from __future__ import annotations

import asyncio
import base64
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

import pytest

from generator.runtime import _oauth
from generator.runtime._error_root import TelnyxError
from generator.runtime._exceptions import AuthenticationError

from .support import AsyncClient, Client, Recorded, Reply, ScriptedServer, json_reply

SECRET = "client-secret-0123456789"


class OAuthClient(Client):
    _oauth_token_url = "https://api.telnyx.com/v2/oauth/token"


class AsyncOAuthClient(AsyncClient):
    _oauth_token_url = "https://api.telnyx.com/v2/oauth/token"


class TokenServer:
    """Answers the token URL with a new token each time; other paths accept only
    tokens it issued and has not revoked."""

    def __init__(self, server: ScriptedServer, expires_in: float = 3600) -> None:
        self.issued: list[str] = []
        self.revoked: set[str] = set()
        self.expires_in = expires_in
        self._lock = threading.Lock()
        server.default = self.reply

    def reply(self, request: Recorded) -> Reply:
        if request.path == "/v2/oauth/token":
            with self._lock:
                time.sleep(0.05)  # a slow token endpoint: concurrent callers must wait
                token = f"token-{len(self.issued) + 1}"
                self.issued.append(token)
            return json_reply(
                {"access_token": token, "token_type": "bearer", "expires_in": self.expires_in}
            )
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if token not in self.issued or token in self.revoked:
            return json_reply({"errors": [{"code": "10009", "title": "Auth"}]}, status=401)
        return json_reply({"data": {"id": token}})


@pytest.fixture
def tokens(server: ScriptedServer) -> Iterator[TokenServer]:
    yield TokenServer(server)


def _api_calls(server: ScriptedServer) -> list[Recorded]:
    return [r for r in server.requests if r.path != "/v2/oauth/token"]


def test_token_is_fetched_once_and_reused(server: ScriptedServer, tokens: TokenServer) -> None:
    client = OAuthClient(client_id="cid", client_secret=SECRET, base_url=server.base_url)
    assert client.api_key == "" and client.client_id == "cid"
    assert client.documents.retrieve("a").data.id == "token-1"
    assert client.documents.retrieve("b").data.id == "token-1"
    copy = client.with_options(timeout=5)  # copies share the token
    assert copy.documents.retrieve("c").data.id == "token-1"
    assert tokens.issued == ["token-1"]
    fetch = server.requests[0]
    assert (fetch.method, fetch.path) == ("POST", "/v2/oauth/token")
    assert dict(parse_qsl(fetch.body.decode())) == {"grant_type": "client_credentials"}
    basic = base64.b64encode(f"cid:{SECRET}".encode()).decode()
    assert fetch.headers["authorization"] == f"Basic {basic}"


def test_token_is_refreshed_before_expiry(server: ScriptedServer) -> None:
    tokens = TokenServer(server, expires_in=_oauth.EXPIRY_MARGIN + 0.3)
    client = OAuthClient(client_id="cid", client_secret=SECRET, base_url=server.base_url)
    assert client.documents.retrieve("a").data.id == "token-1"
    assert client.documents.retrieve("a").data.id == "token-1"
    time.sleep(0.4)
    assert client.documents.retrieve("a").data.id == "token-2"
    assert tokens.issued == ["token-1", "token-2"]


def test_token_is_refreshed_after_a_401(server: ScriptedServer, tokens: TokenServer) -> None:
    client = OAuthClient(client_id="cid", client_secret=SECRET, base_url=server.base_url)
    client.documents.retrieve("a")
    tokens.revoked.add("token-1")
    assert client.documents.retrieve("a").data.id == "token-2"
    assert [r.headers["authorization"] for r in _api_calls(server)] == [
        "Bearer token-1",
        "Bearer token-1",
        "Bearer token-2",
    ]
    tokens.revoked |= {"token-2", "token-3"}  # the next token is refused too
    with pytest.raises(AuthenticationError):  # one refresh per call, then the 401 stands
        client.documents.retrieve("a")


def test_credentials_from_the_environment(
    server: ScriptedServer, tokens: TokenServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELNYX_CLIENT_ID", "env-id")
    monkeypatch.setenv("TELNYX_CLIENT_SECRET", SECRET)
    client = OAuthClient(base_url=server.base_url)
    assert client.documents.retrieve("a").data.id == "token-1"
    keyed = OAuthClient(api_key="KEY0123456789", base_url=server.base_url)  # a key wins
    assert keyed._oauth is None


def test_concurrent_threads_share_one_fetch(server: ScriptedServer, tokens: TokenServer) -> None:
    client = OAuthClient(client_id="cid", client_secret=SECRET, base_url=server.base_url)
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(client.documents.retrieve("a").data.id))
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["token-1"] * 6
    assert tokens.issued == ["token-1"]


def test_token_endpoint_errors(server: ScriptedServer) -> None:
    server.queue(json_reply({"error": "invalid_client"}, status=401))
    client = OAuthClient(client_id="cid", client_secret=SECRET, base_url=server.base_url)
    with pytest.raises(AuthenticationError) as info:
        client.documents.retrieve("a")
    assert SECRET not in str(info.value)
    server.queue(json_reply({"token": "no access_token key"}))
    with pytest.raises(TelnyxError, match="access_token"):
        client.documents.retrieve("a")


def test_without_a_token_url(server: ScriptedServer) -> None:
    with pytest.raises(TelnyxError, match="token URL"):
        Client(client_id="cid", client_secret=SECRET, base_url=server.base_url)
    with pytest.raises(TelnyxError, match="TELNYX_CLIENT_ID"):
        Client(base_url=server.base_url)


async def test_async_client_fetches_once_and_refreshes(
    server: ScriptedServer, tokens: TokenServer
) -> None:
    async with AsyncOAuthClient(
        client_id="cid", client_secret=SECRET, base_url=server.base_url
    ) as client:
        results: list[Any] = await asyncio.gather(
            *(client.documents.retrieve(str(i)) for i in range(5))
        )
        assert {r.data.id for r in results} == {"token-1"}
        tokens.revoked.add("token-1")
        assert (await client.documents.retrieve("a")).data.id == "token-2"
    assert tokens.issued == ["token-1", "token-2"]
