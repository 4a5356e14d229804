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
    FileContent
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None]
)


class RequestOptions(TypedDict, total=False):
    """Per-call options accepted by every generated method as ``**options``."""

    extra_headers: Headers
    extra_query: Query
    extra_body: Mapping[str, object]
    timeout: float | httpx.Timeout | NotGiven | None


__all__ = [
    "NOT_GIVEN",
    "Body",
    "FileContent",
    "FileTypes",
    "Headers",
    "NotGiven",
    "NotGivenOr",
    "Query",
    "RequestOptions",
    "Timeout",
]
