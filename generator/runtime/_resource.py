"""Resource base classes and the ``with_raw_response`` /
``with_streaming_response`` proxies.

A proxy re-creates the resource around a *view* of the client whose
``request`` returns ``APIResponse``/``StreamedResponse`` instead of parsed
values, so generated methods need no per-method wrappers.

Generated method bodies only hand their arguments to ``self._client.request``
(or ``request_page``), which the async client implements as a coroutine (or an
``AsyncPaginator``). So one function serves both clients: an async resource
declares ``retrieve = async_method(Addresses.retrieve)``, and type checkers see
the same parameters returning an awaitable.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from ._response import AsyncResponseContextManager, ResponseContextManager

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient
    from ._pagination import AsyncPaginator, SyncPage

__all__ = ["AsyncAPIResource", "ResponseProxy", "SyncAPIResource", "async_method", "async_pager"]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


def async_method(
    method: Callable[Concatenate[Any, P], R],
) -> Callable[Concatenate[Any, P], Coroutine[Any, Any, R]]:
    """The async twin of a generated method (a real coroutine function)."""

    async def twin(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> R:
        result: Any = method(self, *args, **kwargs)  # the async client's coroutine
        return await result  # type: ignore[no-any-return]

    functools.update_wrapper(twin, method)  # name, docstring, signature (`__wrapped__`)
    return twin


def async_pager(
    method: Callable[Concatenate[Any, P], SyncPage[T]],
) -> Callable[Concatenate[Any, P], AsyncPaginator[T]]:
    """The async twin of a paginated method: the async client's ``request_page``
    already returns an ``AsyncPaginator`` (await it for a page, iterate for items)."""
    return method  # type: ignore[return-value]


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
