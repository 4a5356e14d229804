"""Resource base classes, the typed response views behind each resource's
``with_raw_response`` / ``with_streaming_response``, and the client-level proxy.

A view re-creates the resource around a *view* of the client whose ``request``
returns ``APIResponse``/``StreamedResponse`` instead of parsed values, so the
generated methods themselves need no raw twins: a view class only lists them
(``retrieve = raw_response(Addresses.retrieve)``), typed from their signatures.

Generated method bodies only hand their arguments to ``self._client.request``
(or ``request_page``), which the async client implements as a coroutine (or an
``AsyncPaginator``). So one function serves both clients: an async resource
declares ``retrieve = async_method(Addresses.retrieve)``, and type checkers see
the same parameters returning an awaitable.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, ClassVar, Concatenate, Generic, ParamSpec, TypeVar, cast

from ._response import (
    APIResponse,
    AsyncAPIResponse,
    AsyncBinaryAPIResponse,
    AsyncResponseContextManager,
    AsyncStreamedResponse,
    BinaryAPIResponse,
    ResponseContextManager,
    StreamedResponse,
)

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient
    from ._pagination import AsyncPaginator, SyncPage

__all__ = [
    "AsyncAPIResource",
    "ClientRawResponseView",
    "ClientResponseView",
    "ClientStreamingResponseView",
    "RawResponseView",
    "ResponseProxy",
    "StreamingResponseView",
    "SyncAPIResource",
    "async_binary_method",
    "async_method",
    "async_pager",
    "async_raw_response",
    "async_streamed_response",
    "raw_response",
    "streamed_response",
]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

# The coroutine type of an async method. Not `Coroutine[Any, Any, R]`: mypy gives up
# on an overloaded call (`asyncio.gather(a(), b())`) whose arguments hold a written
# `Any`, answering `Any`; an `async def`'s own `Any`s do not count.
Awaited = Coroutine[object, None, R]


def async_method(
    method: Callable[Concatenate[Any, P], R],
) -> Callable[Concatenate[Any, P], Awaited[R]]:
    """The async twin of a generated method (a real coroutine function)."""

    async def twin(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> R:
        result: Any = method(self, *args, **kwargs)  # the async client's coroutine
        return cast(R, await result)

    functools.update_wrapper(twin, method)  # name, docstring, signature (`__wrapped__`)
    return twin


def async_binary_method(
    method: Callable[Concatenate[Any, P], BinaryAPIResponse],
) -> Callable[Concatenate[Any, P], Awaited[AsyncBinaryAPIResponse]]:
    """The async twin of a download: the async client answers with an
    ``AsyncBinaryAPIResponse``."""
    twin: Callable[Concatenate[Any, P], Awaited[Any]] = async_method(method)
    return twin


def async_pager(
    method: Callable[Concatenate[Any, P], SyncPage[T]],
) -> Callable[Concatenate[Any, P], AsyncPaginator[T]]:
    """The async twin of a paginated method: the async client's ``request_page``
    already returns an ``AsyncPaginator`` (await it for a page, iterate for items)."""
    return cast("Callable[Concatenate[Any, P], AsyncPaginator[T]]", method)


class SyncAPIResource:
    _client: SyncAPIClient

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client


class AsyncAPIResource:
    _client: AsyncAPIClient

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client


ResourceT = TypeVar("ResourceT", bound="SyncAPIResource | AsyncAPIResource")
F = TypeVar("F")


class ResponseView(Generic[ResourceT]):
    """Base of the generated ``<Resource>WithRawResponse`` /
    ``<Resource>WithStreamingResponse`` classes: the resource re-created around a
    view of its client that returns raw (or streamed) responses. Each method of
    the view is declared with one of the helpers below, which keep its
    parameters for type checkers."""

    _mode: ClassVar[str]

    def __init__(self, resource: ResourceT) -> None:
        client: Any = resource._client._with_response_mode(self._mode)
        self._resource: ResourceT = type(resource)(client)


class RawResponseView(ResponseView[ResourceT]):
    _mode = "raw"


class StreamingResponseView(ResponseView[ResourceT]):
    _mode = "stream"


class _ViewMethod(Generic[F]):
    """A method of a response view: built from the view on first access and then
    cached on it (a non-data descriptor, so the instance attribute wins)."""

    def __init__(self, bind: Callable[[Any], F]) -> None:
        self._bind = bind
        self._name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, view: ResponseView[Any], owner: type | None = None) -> F:
        method = self._bind(view._resource)
        view.__dict__[self._name] = method
        return method


def raw_response(
    method: Callable[Concatenate[Any, P], R],
) -> _ViewMethod[Callable[P, APIResponse[R]]]:
    """``Resource.method`` on a raw view: returns ``APIResponse[R]``."""

    def bind(resource: Any) -> Callable[P, APIResponse[R]]:
        return cast("Callable[P, APIResponse[R]]", functools.partial(method, resource))

    return _ViewMethod(bind)


def streamed_response(
    method: Callable[Concatenate[Any, P], R],
) -> _ViewMethod[Callable[P, ResponseContextManager[StreamedResponse[R]]]]:
    """``Resource.method`` on a streaming view: a context manager that sends the
    request on entry and yields ``StreamedResponse[R]``."""

    def bind(resource: Any) -> Callable[P, ResponseContextManager[StreamedResponse[R]]]:
        def call(*args: P.args, **kwargs: P.kwargs) -> ResponseContextManager[StreamedResponse[R]]:
            # On a streaming view the method answers with a StreamedResponse[R].
            send = cast(
                "Callable[[], StreamedResponse[R]]", lambda: method(resource, *args, **kwargs)
            )
            return ResponseContextManager(send)

        return call

    return _ViewMethod(bind)


def async_raw_response(
    method: Callable[Concatenate[Any, P], Awaitable[R]],
) -> _ViewMethod[Callable[P, Awaited[AsyncAPIResponse[R]]]]:
    """``AsyncResource.method`` on a raw view: a coroutine of
    ``AsyncAPIResponse[R]`` (``R`` is the page for a paginated method)."""

    def bind(resource: Any) -> Callable[P, Awaited[AsyncAPIResponse[R]]]:
        async def call(*args: P.args, **kwargs: P.kwargs) -> AsyncAPIResponse[R]:
            result: Any = await method(resource, *args, **kwargs)
            return cast(AsyncAPIResponse[R], result)

        return call

    return _ViewMethod(bind)


def async_streamed_response(
    method: Callable[Concatenate[Any, P], Awaitable[R]],
) -> _ViewMethod[Callable[P, AsyncResponseContextManager[AsyncStreamedResponse[R]]]]:
    """``AsyncResource.method`` on a streaming view: an async context manager
    yielding ``AsyncStreamedResponse[R]``."""

    def bind(resource: Any) -> Callable[P, AsyncResponseContextManager[AsyncStreamedResponse[R]]]:
        def call(
            *args: P.args, **kwargs: P.kwargs
        ) -> AsyncResponseContextManager[AsyncStreamedResponse[R]]:
            async def send() -> AsyncStreamedResponse[R]:
                result: Any = await method(resource, *args, **kwargs)
                return cast(AsyncStreamedResponse[R], result)

            return AsyncResponseContextManager(send)

        return call

    return _ViewMethod(bind)


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


class ClientResponseView:
    """Base of the generated ``<Client>WithRawResponse`` / ``WithStreamingResponse``:
    ``client.with_raw_response.addresses`` is ``client.addresses.with_raw_response``.

    The generated subclass only annotates its resource attributes (one line each,
    for type checkers); they are looked up on first access. Other client
    attributes (``request``, ``get``...) come in raw or stream mode.
    """

    _mode: ClassVar[str]
    _view_attr: ClassVar[str]

    def __init__(self, client: Any) -> None:
        self._origin = client

    if not TYPE_CHECKING:
        # Runtime only: for type checkers, a name not annotated stays an error.

        def __getattr__(self, name: str) -> Any:
            if name.startswith("__"):
                raise AttributeError(name)
            attr = getattr(self._origin, name)
            if isinstance(attr, _Resource):
                view = getattr(attr, self._view_attr)
            else:
                view = getattr(ResponseProxy(self._origin, self._mode), name)
            self.__dict__[name] = view
            return view


class ClientRawResponseView(ClientResponseView):
    _mode = "raw"
    _view_attr = "with_raw_response"


class ClientStreamingResponseView(ClientResponseView):
    _mode = "stream"
    _view_attr = "with_streaming_response"


def _is_async_client(client: Any) -> bool:
    from ._base_client import AsyncAPIClient

    return isinstance(client, AsyncAPIClient)
