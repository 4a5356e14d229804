"""A content-addressed cache under $XDG_CACHE_HOME; failures never fail generation."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

NAME = "telnyx-client-generator"


def cache_dir(*parts: str) -> Path | None:
    """The cache folder for `parts`, created; None if it cannot be used."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    path = Path(base, NAME, *parts)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path


def read(folder: str, key: str) -> bytes | None:
    root = cache_dir(folder)
    if root is None:
        return None
    try:
        return (root / key).read_bytes()
    except OSError:
        return None


def write(folder: str, key: str, data: bytes) -> None:
    """Atomic (temp file + rename), so a concurrent or killed run never sees half an entry."""
    root = cache_dir(folder)
    if root is None:
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=root, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, root / key)
    except OSError:
        pass
