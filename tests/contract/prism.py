"""Start and stop the Prism mock server (npm @stoplight/prism-cli, pinned in package-lock.json)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx

from generator import ROOT
from generator.schema.document import HTTP_METHODS

PRISM = ROOT / "node_modules" / ".bin" / "prism"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def trimmed(document: dict[str, Any], keep: set[tuple[str, str]]) -> dict[str, Any]:
    """The document with only the given operations (Prism starts faster on less)."""
    paths: dict[str, Any] = {}
    for path, item in (document.get("paths") or {}).items():
        ops = {k: v for k, v in item.items() if (path, k) in keep or k not in _METHODS}
        if any(k in _METHODS for k in ops):
            paths[path] = ops
    return {**document, "paths": paths, "webhooks": {}}


_METHODS = frozenset(HTTP_METHODS)


@contextmanager
def prism(document: dict[str, Any], workdir: Path, *, timeout: float = 90.0) -> Iterator[str]:
    """Serve `document` on 127.0.0.1; yields the base URL; stops Prism by PID."""
    if not PRISM.exists():
        raise RuntimeError(f"{PRISM} is missing: run `make node` (npm ci)")
    spec = workdir / "prism-spec.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    port = free_port()
    log = (workdir / "prism.log").open("wb")
    process = subprocess.Popen(
        [str(PRISM), "mock", "--host", "127.0.0.1", "--port", str(port), str(spec)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: we stop node and its children
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"prism exited early: {(workdir / 'prism.log').read_text()[-2000:]}"
                )
            try:
                httpx.get(url + "/__health", timeout=1.0)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError("prism did not start in time") from None
                time.sleep(0.2)
        yield url
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
