"""A total deadline per attempt, on top of httpx's per-phase timeouts.

httpx limits each phase (connect, write, pool, and every single socket read) but
not a whole request: a server that sends one byte every few seconds never trips a
read timeout. Here every attempt also gets a total:

* ``timeout=<float>``: the total, in seconds; connect is capped at
  ``DEFAULT_CONNECT_TIMEOUT`` (or the total if smaller), every other phase at the
  total.
* ``timeout=httpx.Timeout(...)``: its per-phase limits as given; the total is the
  largest of them (the client's default is ``DEFAULT_TOTAL_TIMEOUT`` with connect
  at ``DEFAULT_CONNECT_TIMEOUT``, so its total is ``DEFAULT_TOTAL_TIMEOUT``), or
  none when a phase is unlimited (``None``).
* ``timeout=None``: no limit at all.

Sync: each phase's limit is capped by the time left when httpcore starts it, and
the body is read chunk by chunk, checking the deadline after each chunk (so one
socket read can overrun the deadline by at most the time that was left when the
phase started). Async: the attempt runs under ``asyncio.timeout``, exact.

A streamed response (``with_streaming_response``) gets the deadline up to its
headers (and an error body); the body the caller then iterates has the per-phase
limits only, however long it takes in total.

This module imports httpx: the client imports it on the first request.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from typing import Any, cast

import httpx

from ._constants import DEFAULT_CONNECT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_TOTAL_TIMEOUT",
    "asend",
    "send",
    "to_httpx_timeout",
    "total_of",
]

# What a phase gets once the deadline has passed: tiny but positive, so the socket
# raises a timeout (0 would make it non-blocking and fail with another error).
_OVERDUE = 0.001


def to_httpx_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    """The per-phase limits of a ``timeout`` option (see the module docstring)."""
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if timeout is None:
        return httpx.Timeout(None)
    total = float(timeout)
    return httpx.Timeout(total, connect=min(DEFAULT_CONNECT_TIMEOUT, total))


def total_of(phases: Mapping[str, float | None]) -> float | None:
    """The total of per-phase limits: the largest, None if one is unlimited."""
    total = 0.0
    for value in phases.values():
        if value is None:
            return None
        total = max(total, value)
    return total


class _Remaining(dict[str, Any]):
    """httpx's per-phase limits, each capped by the time left before ``deadline``
    at the moment httpcore reads it, which it does as the phase begins."""

    __slots__ = ("deadline",)

    def __init__(self, phases: Mapping[str, float | None], deadline: float) -> None:
        super().__init__(phases)
        self.deadline = deadline

    def get(self, key: str, default: Any = None) -> Any:
        left = max(self.deadline - time.monotonic(), _OVERDUE)
        value = dict.get(self, key, default)
        return left if value is None else min(value, left)

    def __getitem__(self, key: str) -> Any:
        if key not in self:
            raise KeyError(key)
        return self.get(key)


def _overdue(request: httpx.Request, total: float) -> httpx.ReadTimeout:
    return httpx.ReadTimeout(f"The total timeout of {total:g} s was exceeded", request=request)


class _SyncDeadline(httpx.SyncByteStream):
    def __init__(
        self, stream: httpx.SyncByteStream, deadline: float, total: float, request: httpx.Request
    ) -> None:
        self._stream = stream
        self._deadline = deadline
        self._total = total
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._stream:
            if time.monotonic() > self._deadline:
                raise _overdue(self._request, self._total)
            yield chunk

    def close(self) -> None:
        self._stream.close()


def send(
    client: httpx.Client, request: httpx.Request, *, stream: bool, started: float
) -> httpx.Response:
    """``client.send`` within the request's total timeout (one attempt, begun at
    ``started``); the body is read unless ``stream`` and the status is 2xx."""
    phases = request.extensions.get("timeout") or {}
    total = total_of(phases)
    if total is None:
        return client.send(request, stream=stream)
    deadline = started + total
    request.extensions["timeout"] = _Remaining(phases, deadline)
    try:
        response = client.send(request, stream=True)
        try:
            if time.monotonic() > deadline:  # the headers alone took too long
                raise _overdue(request, total)
            if not (stream and response.is_success):
                body = cast(httpx.SyncByteStream, response.stream)
                response.stream = _SyncDeadline(body, deadline, total, request)
                response.read()
        except BaseException:
            response.close()
            raise
    finally:
        # A streamed body is read later, with the per-phase limits only.
        request.extensions["timeout"] = phases
    return response


async def asend(
    client: httpx.AsyncClient, request: httpx.Request, *, stream: bool, started: float
) -> httpx.Response:
    """Async ``send``: the attempt runs under ``asyncio.timeout``."""
    total = total_of(request.extensions.get("timeout") or {})
    if total is None:
        return await client.send(request, stream=stream)
    import asyncio

    try:
        async with asyncio.timeout(max(started + total - time.monotonic(), 0.0)):
            response = await client.send(request, stream=True)
            if not (stream and response.is_success):
                try:
                    await response.aread()
                except BaseException:
                    await response.aclose()
                    raise
    except TimeoutError as exc:  # only asyncio.timeout's: httpx raises its own types
        raise _overdue(request, total) from exc
    return response
