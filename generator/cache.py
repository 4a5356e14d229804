"""A content-addressed cache under $XDG_CACHE_HOME; failures never fail generation.

Every entry is `<sha256 of payload>\\n<payload>`: a damaged or hand-edited entry
reads as a miss, so the cache can make a run faster but never make its output
different.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

NAME = "telnyx-client-generator"


def cache_root() -> Path | None:
    """`$XDG_CACHE_HOME/telnyx-client-generator`, or ~/.cache/...; None if there is no home."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec says relative values are ignored
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no $HOME and no passwd entry
            return None
    return Path(base, NAME)


def cache_dir(*parts: str) -> Path | None:
    """The cache folder for `parts`, created; None if it cannot be used (read-only home...)."""
    root = cache_root()
    if root is None:
        return None
    path = root.joinpath(*parts)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path


def write_bytes_atomic(path: Path, data: bytes) -> bool:
    """Write via a temp file + rename, so a concurrent or killed run never sees half a file.

    Returns False instead of raising: callers use it for optional artefacts.
    """
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
        return True
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return False


def read(folder: str, key: str) -> bytes | None:
    """The payload stored under `folder/key`, or None (missing, unreadable or damaged)."""
    root = cache_dir(folder)
    if root is None:
        return None
    try:
        raw = (root / key).read_bytes()
    except OSError:
        return None
    digest, newline, payload = raw.partition(b"\n")
    if not newline or hashlib.sha256(payload).hexdigest().encode() != digest:
        return None
    return payload


def write(folder: str, key: str, data: bytes) -> None:
    root = cache_dir(folder)
    if root is not None:
        write_bytes_atomic(root / key, hashlib.sha256(data).hexdigest().encode() + b"\n" + data)
