"""Resource base classes and the ``with_raw_response`` /
``with_streaming_response`` proxies.

A proxy re-creates the resource around a *view* of the client whose
``request`` returns ``APIResponse``/``StreamedResponse`` instead of parsed
values, so generated methods need no per-method wrappers.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._response import AsyncResponseContextManager, ResponseContextManager

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient

__all__ = ["AsyncAPIResource", "ResponseProxy", "SyncAPIResource"]


class SyncAPIResource:
    _client: SyncAPIClient

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    @property
    def with_raw_response(self) -> ResponseProxy:
        """Methods return ``APIResponse`` (call ``.parse()`` for the model)."""
        return ResponseProxy(self, "raw")

    @property
    def with_streaming_response(self) -> ResponseProxy:
        """Methods return a context manager yielding ``StreamedResponse``."""
        return ResponseProxy(self, "stream")


class AsyncAPIResource:
    _client: AsyncAPIClient

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    @property
    def with_raw_response(self) -> ResponseProxy:
        return ResponseProxy(self, "raw")

    @property
    def with_streaming_response(self) -> ResponseProxy:
        return ResponseProxy(self, "stream")


_Resource = (SyncAPIResource, AsyncAPIResource)


class ResponseProxy:
    """Attribute-for-attribute mirror of a resource (or client) in raw or
    stream mode. Sub-resources are proxied too, so
    ``client.with_raw_response.calls.actions.answer(...)`` works."""

    def __init__(self, target: Any, mode: str) -> None:
        self._mode = mode
        if isinstance(target, _Resource):
            # Generated resources take the client as their only argument.
            resource_cls: Any = type(target)
            target = resource_cls(target._client._with_response_mode(mode))
        else:  # a client: its own methods (e.g. `request`) switch mode too
            target = target._with_response_mode(mode)
        self._target = target
        self._is_async = _is_async_client(
            target._client if isinstance(target, _Resource) else target
        )

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if isinstance(attr, _Resource):
            return ResponseProxy(attr, self._mode)
        if self._mode != "stream" or not callable(attr):
            return attr
        return self._streaming(attr)

    def _streaming(self, method: Callable[..., Any]) -> Callable[..., Any]:
        # The request is only sent when the context manager is entered.
        if self._is_async:

            @functools.wraps(method)
            def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                async def send() -> Any:
                    result = method(*args, **kwargs)
                    return await result if inspect.isawaitable(result) else result

                return AsyncResponseContextManager(send)

            return async_wrapper

        @functools.wraps(method)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return ResponseContextManager(lambda: method(*args, **kwargs))

        return wrapper

    def __repr__(self) -> str:
        return f"<ResponseProxy {self._mode} {self._target!r}>"


def _is_async_client(client: Any) -> bool:
    from ._base_client import AsyncAPIClient

    return isinstance(client, AsyncAPIClient)
