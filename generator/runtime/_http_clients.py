"""``DefaultHttpxClient`` / ``DefaultAsyncHttpxClient``: httpx clients with this
package's defaults, for ``http_client=`` when you only want to change a few
settings (proxy, transport, limits) and keep the rest.

Imported on first use (httpx is loaded lazily by the package).
"""

from __future__ import annotations

from typing import Any

import httpx

from ._base_client import _cookie_jar, _defaults

__all__ = ["DefaultAsyncHttpxClient", "DefaultHttpxClient"]


def _with_defaults(kwargs: dict[str, Any]) -> dict[str, Any]:
    timeout, limits = _defaults()
    kwargs.setdefault("timeout", timeout)
    kwargs.setdefault("limits", limits)
    kwargs.setdefault("follow_redirects", True)
    kwargs.setdefault("cookies", _cookie_jar())  # keeps no cookie: the client is stateless
    return kwargs


class DefaultHttpxClient(httpx.Client):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_with_defaults(kwargs))


class DefaultAsyncHttpxClient(httpx.AsyncClient):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_with_defaults(kwargs))
