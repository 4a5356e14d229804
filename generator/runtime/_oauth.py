"""OAuth2 client credentials: the access token the client sends instead of an API key.

The token comes from the spec's token URL (``grant_type=client_credentials``, the
client id and secret as HTTP Basic credentials, as the official SDK sends them),
is shared by every request and every copy of the client (``with_options``), and is
fetched again shortly before it expires or after the API answered 401 to it. One
lock per flavour makes concurrent callers wait for a single fetch instead of each
fetching their own.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from ._error_root import ErrorRoot
from ._exceptions import make_status_error

if TYPE_CHECKING:
    import asyncio

    import httpx

__all__ = ["ClientCredentials"]

# Fetch a new token this many seconds before the old one expires, so a request
# never leaves with a token that lapses on the way.
EXPIRY_MARGIN = 30.0
# When the token response gives no `expires_in`.
DEFAULT_LIFETIME = 3600.0


class ClientCredentials:
    def __init__(self, client_id: str, client_secret: str, token_url: str) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.token_url = token_url
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None

    @property
    def secrets(self) -> tuple[str, ...]:
        """What must never appear in logs or error messages."""
        return tuple(s for s in (self.client_secret, self._token) if s)

    def _valid(self) -> str | None:
        if self._token is not None and time.monotonic() < self._expires_at - EXPIRY_MARGIN:
            return self._token
        return None

    def invalidate(self, token: str) -> None:
        """Forget ``token`` (the API rejected it); a newer one is kept."""
        if self._token == token:
            self._token = None

    def token_request(self, client: httpx.Client | httpx.AsyncClient) -> httpx.Request:
        basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        return client.build_request(
            "POST",
            self.token_url,
            content=b"grant_type=client_credentials",
            headers={
                "Authorization": f"Basic {basic}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )

    def _store(self, response: httpx.Response) -> str:
        if not response.is_success:
            response.read()
            raise make_status_error(response, secrets=self.secrets)
        try:
            body: Any = json.loads(response.content)
            token = body["access_token"]
            lifetime = float(body.get("expires_in") or DEFAULT_LIFETIME)
        except (ValueError, TypeError, KeyError) as exc:
            raise ErrorRoot(
                f"The token endpoint {self.token_url} answered without an access_token"
            ) from exc
        if not isinstance(token, str) or not token:
            raise ErrorRoot(f"The token endpoint {self.token_url} answered an empty token")
        self._token, self._expires_at = token, time.monotonic() + lifetime
        return token

    def token(self, send: Callable[[httpx.Request], httpx.Response], build: httpx.Client) -> str:
        with self._lock:
            return self._valid() or self._store(send(self.token_request(build)))

    async def atoken(
        self,
        send: Callable[[httpx.Request], Awaitable[httpx.Response]],
        build: httpx.AsyncClient,
    ) -> str:
        import asyncio

        if self._async_lock is None:
            self._async_lock = asyncio.Lock()
        async with self._async_lock:
            valid = self._valid()
            if valid is not None:
                return valid
            response = await send(self.token_request(build))
            await response.aread()
            return self._store(response)
