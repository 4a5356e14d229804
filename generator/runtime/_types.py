"""Small shared types: the NOT_GIVEN sentinel, option dicts and aliases."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Literal, TypeAlias, TypedDict, TypeVar, Union

if TYPE_CHECKING:
    import httpx


_T = TypeVar("_T")


class NotGiven:
    """Marks an argument the caller did not pass.

    Test with ``isinstance(x, NotGiven)``. Distinct from ``None`` because
    ``None`` is meaningful for some parameters (``timeout=None`` disables the
    timeout; ``None`` in a JSON body is sent as ``null``).
    """

    __slots__ = ()

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        # copy/pickle return the module-level NOT_GIVEN instead of a new object.
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()

NotGivenOr: TypeAlias = _T | NotGiven

Timeout = Union[float, "httpx.Timeout", None]
Headers = Mapping[str, str | NotGiven | None]
Query = Mapping[str, object]
Body = object

FileContent = IO[bytes] | bytes | os.PathLike[str]
FileTypes = (
    FileContent | tuple[str | None, FileContent] | tuple[str | None, FileContent, str | None]
)


# The keyword-only options every generated method declares (named apart from
# `Headers`/`Query`/`Body`, which an API may use for its own types).
ExtraHeaders = Headers | None
ExtraQuery = Query | None
ExtraBody = Mapping[str, object] | None
RequestTimeout = Union[float, "httpx.Timeout", None, NotGiven]


class RequestOptions(TypedDict, total=False):
    """The per-call options as the client receives them from a generated method."""

    extra_headers: ExtraHeaders
    extra_query: ExtraQuery
    extra_body: ExtraBody
    timeout: RequestTimeout


class RawRequestOptions(TypedDict, total=False):
    """``options=`` of ``client.get/post/...``: the official SDK's names (``headers``,
    ``params``, ``extra_json``) or the generated methods' (``extra_*``)."""

    headers: ExtraHeaders
    params: ExtraQuery
    extra_json: ExtraBody
    extra_headers: ExtraHeaders
    extra_query: ExtraQuery
    extra_body: ExtraBody
    timeout: RequestTimeout


def raw_request_options(options: RawRequestOptions | None) -> RequestOptions:
    given = options or {}
    return {
        "extra_headers": {**(given.get("headers") or {}), **(given.get("extra_headers") or {})},
        "extra_query": {**(given.get("params") or {}), **(given.get("extra_query") or {})},
        "extra_body": {**(given.get("extra_json") or {}), **(given.get("extra_body") or {})},
        "timeout": given.get("timeout", NOT_GIVEN),
    }


# What a generated method hands the client: its four option arguments, in order
# (one short line per method instead of a dict literal).
CallOptions = tuple[ExtraHeaders, ExtraQuery, ExtraBody, RequestTimeout]


def request_options(options: RequestOptions | CallOptions | None) -> RequestOptions:
    """The options of a call as a ``RequestOptions`` dict."""
    if isinstance(options, tuple):
        headers, query, body, timeout = options
        return {
            "extra_headers": headers,
            "extra_query": query,
            "extra_body": body,
            "timeout": timeout,
        }
    return options or {}


__all__ = [
    "NOT_GIVEN",
    "Body",
    "CallOptions",
    "ExtraBody",
    "ExtraHeaders",
    "ExtraQuery",
    "FileContent",
    "FileTypes",
    "Headers",
    "NotGiven",
    "NotGivenOr",
    "Query",
    "RequestOptions",
    "RawRequestOptions",
    "RequestTimeout",
    "raw_request_options",
    "request_options",
    "Timeout",
]
