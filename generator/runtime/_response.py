"""Raw and streamed response wrappers returned by the response proxies."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from types import TracebackType
from typing import (
    TYPE_CHECKING,
    Any,
    Generic,
    TypeVar,
)

if TYPE_CHECKING:
    import httpx


__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "AsyncBinaryAPIResponse",
    "BinaryAPIResponse",
    "AsyncResponseContextManager",
    "AsyncStreamedResponse",
    "ResponseContextManager",
    "StreamedResponse",
]

T = TypeVar("T")
R = TypeVar("R")

Parser = Callable[["httpx.Response"], T]

_UNSET: Any = object()


class _HttpResponseView:
    """The response facts every kind of response shows (parsed, streamed or a
    download): status, headers, the request, whether the connection is closed."""

    def __init__(self, http_response: httpx.Response) -> None:
        self.http_response = http_response

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def http_request(self) -> httpx.Request:
        return self.http_response.request

    @property
    def is_closed(self) -> bool:
        return self.http_response.is_closed

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code}] {self.http_response.url}>"


class _BaseResponse(_HttpResponseView, Generic[T]):
    def __init__(self, http_response: httpx.Response, parser: Parser[T]) -> None:
        super().__init__(http_response)
        self._parser = parser
        self._parsed: T = _UNSET

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def request_id(self) -> str | None:
        value: str | None = self.http_response.headers.get("x-request-id")
        return value

    def _parse(self) -> T:
        if self._parsed is _UNSET:
            self._parsed = self._parser(self.http_response)
        return self._parsed


class APIResponse(_BaseResponse[T]):
    """A fully read response; ``parse()`` gives what the normal call returns."""

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    def read(self) -> bytes:
        return self.http_response.read()

    def json(self) -> Any:
        return json.loads(self.http_response.content)

    def parse(self) -> T:
        return self._parse()


class AsyncAPIResponse(_BaseResponse[T]):
    """Async twin of ``APIResponse``; the body is already read, but ``parse``,
    ``read`` and ``json`` are coroutines to match the official SDK."""

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def json(self) -> Any:
        return json.loads(await self.http_response.aread())

    async def parse(self) -> T:
        return self._parse()


class StreamedResponse(_BaseResponse[T]):
    """A response whose body has not been read; iterate it or ``read()`` it."""

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.http_response.iter_lines()

    def read(self) -> bytes:
        return self.http_response.read()

    def parse(self) -> T:
        self.http_response.read()
        return self._parse()

    def close(self) -> None:
        self.http_response.close()

    def __enter__(self) -> StreamedResponse[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncStreamedResponse(_BaseResponse[T]):
    def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        return self.http_response.aiter_bytes(chunk_size)

    # Alias: the official SDK spells the async iterator `iter_bytes`.
    iter_bytes = aiter_bytes

    def aiter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        return self.http_response.aiter_text(chunk_size)

    iter_text = aiter_text

    def aiter_lines(self) -> AsyncIterator[str]:
        return self.http_response.aiter_lines()

    iter_lines = aiter_lines

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def parse(self) -> T:
        await self.http_response.aread()
        return self._parse()

    async def close(self) -> None:
        await self.http_response.aclose()

    async def __aenter__(self) -> AsyncStreamedResponse[T]:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


class _BinaryBase(_HttpResponseView):
    """What the sync and async download responses share: the body, already in memory."""

    @property
    def content(self) -> bytes:
        return self.http_response.content


class BinaryAPIResponse(_BinaryBase):
    """What a download returns: the response with its body, to read, decode or
    write to a file (the body is already in memory; stream large files with
    ``with_streaming_response``)."""

    def read(self) -> bytes:
        return self.http_response.read()

    def text(self) -> str:
        return self.http_response.text

    def json(self) -> Any:
        return json.loads(self.http_response.content)

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self.http_response.iter_bytes(chunk_size)

    def write_to_file(self, file: str | os.PathLike[str]) -> None:
        """Write the body to ``file`` (created or truncated)."""
        with open(file, mode="wb") as f:
            for chunk in self.http_response.iter_bytes():
                f.write(chunk)

    def stream_to_file(
        self, file: str | os.PathLike[str], *, chunk_size: int | None = None
    ) -> None:
        with open(file, mode="wb") as f:
            for chunk in self.http_response.iter_bytes(chunk_size):
                f.write(chunk)

    def close(self) -> None:
        self.http_response.close()


class AsyncBinaryAPIResponse(_BinaryBase):
    """Async twin of ``BinaryAPIResponse``."""

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def text(self) -> str:
        await self.http_response.aread()
        return self.http_response.text

    async def json(self) -> Any:
        return json.loads(await self.http_response.aread())

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        async for chunk in self.http_response.aiter_bytes(chunk_size):
            yield chunk

    async def write_to_file(self, file: str | os.PathLike[str]) -> None:
        await self.stream_to_file(file)

    async def stream_to_file(
        self, file: str | os.PathLike[str], *, chunk_size: int | None = None
    ) -> None:
        # The body is in memory already: writing it is not worth a thread.
        with open(file, mode="wb") as f:
            async for chunk in self.http_response.aiter_bytes(chunk_size):
                f.write(chunk)

    async def close(self) -> None:
        await self.http_response.aclose()


class ResponseContextManager(Generic[R]):
    """Sends the request on ``__enter__`` and closes the stream on exit, so a
    streaming call that is never entered never opens a connection."""

    def __init__(self, send: Callable[[], R]) -> None:
        self._send = send
        self._response: R | None = None

    def __enter__(self) -> R:
        self._response = self._send()
        return self._response

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        close = getattr(self._response, "close", None)
        if close is not None:
            close()


class AsyncResponseContextManager(Generic[R]):
    def __init__(self, send: Callable[[], Awaitable[R]]) -> None:
        self._send = send
        self._response: R | None = None

    async def __aenter__(self) -> R:
        self._response = await self._send()
        return self._response

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        close = getattr(self._response, "close", None)
        if close is not None:
            await close()
