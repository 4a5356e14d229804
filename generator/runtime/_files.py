"""Recognise file values in request bodies and normalise them for httpx.

Accepted file values: ``bytes``, ``os.PathLike`` (read into memory, named after
the file), a binary file object, or a tuple ``(filename, content)`` /
``(filename, content, content_type)`` whose content is any of the former.
"""

from __future__ import annotations

import io
import os
import pathlib
from typing import IO, Any, TypeVar

from ._types import NotGiven

__all__ = ["file_param", "is_file", "read_binary", "to_httpx_file"]

HttpxFile = tuple[str | None, bytes | IO[bytes], str | None]
T = TypeVar("T")

_ACCEPTED = (
    "bytes, a pathlib.Path, a binary file object or a "
    "(filename, content) / (filename, content, content_type) tuple of those"
)


def _is_content(value: object) -> bool:
    return isinstance(value, (bytes, bytearray, os.PathLike, io.IOBase)) or (
        hasattr(value, "read") and not isinstance(value, str)
    )


def is_file(value: object) -> bool:
    if isinstance(value, tuple):
        return 2 <= len(value) <= 3 and _is_content(value[1])
    return _is_content(value)


def file_param(value: T, name: str) -> T:
    """``value`` of the file parameter ``name`` if it is one (or unset); else TypeError.

    Generated methods pass each file (``format: binary``) body field through this:
    a ``str`` would otherwise go out silently as a text field, not as a file.
    """
    if value is None or isinstance(value, NotGiven) or is_file(value):
        return value
    if isinstance(value, list) and all(map(is_file, value)):
        return value
    content = value[1] if isinstance(value, tuple) and 2 <= len(value) <= 3 else value
    if isinstance(content, str):
        raise TypeError(
            f"{name!r} expects file content ({_ACCEPTED}), got a str: pass "
            "pathlib.Path(...) to upload a file from disk, or .encode() text to send it"
        )
    raise TypeError(f"{name!r} expects file content ({_ACCEPTED}), got {type(value).__name__}")


def to_httpx_file(value: Any) -> HttpxFile:
    """Return ``(filename, content, content_type)`` for ``httpx``'s ``files=``."""
    if isinstance(value, tuple):
        filename, content, *rest = value
        content_type = rest[0] if rest else None
        name, data = _content(content)
        return (filename if filename is not None else name, data, content_type)
    name, data = _content(value)
    return (name or "upload", data, None)


def _content(value: Any) -> tuple[str | None, bytes | IO[bytes]]:
    if isinstance(value, (bytes, bytearray)):
        return None, bytes(value)
    if isinstance(value, os.PathLike):
        path = pathlib.Path(value)
        return path.name, path.read_bytes()
    name = getattr(value, "name", None)
    return (os.path.basename(name) if isinstance(name, str) else None), value


def read_binary(value: Any) -> bytes:
    """Content of a ``binary`` request body (bytes, str, path or file object)."""
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, os.PathLike):
        return pathlib.Path(value).read_bytes()
    if hasattr(value, "read"):
        # Read up front so a retry resends the same bytes.
        data = value.read()
        return data.encode() if isinstance(data, str) else bytes(data)
    raise TypeError(f"Unsupported binary body type: {type(value).__name__}")
