"""black, in parallel, with a per-file cache so a rerun formats only what changed.

black takes ~30 ms per generated file (~1 min for the full API on one core);
the cache is keyed by (black version, mode, source), so a rerun after a small
change formats only the files whose unformatted text changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import signal
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from importlib.metadata import version
from typing import Any

import black
from black.mode import TargetVersion

from . import cache
from .errors import GeneratorError

# Explicit, so neither a pyproject.toml nor black's defaults change the output.
MODE = black.Mode(target_versions={TargetVersion.PY311}, line_length=88)
_PARALLEL_FROM = 16  # below this a process pool (fork + result pickling) costs more than it saves
_MAX_WORKERS = 8

# (path, formatted source or None, black's message or None)
_Result = tuple[str, str | None, str | None]


def _mode_salt(mode: black.Mode) -> str:
    """Every field of the mode, sets sorted: set order varies between processes."""
    fields = []
    for field in sorted(dataclasses.fields(mode), key=lambda f: f.name):
        name, value = field.name, getattr(mode, field.name)
        shown = sorted(map(str, value)) if isinstance(value, set | frozenset) else value
        fields.append(f"{name}={shown}")
    return f"black {version('black')}; " + "; ".join(fields)


_SALT = _mode_salt(MODE)


def _key(source: str) -> str:
    return hashlib.sha256(f"{_SALT}\0{source}".encode()).hexdigest()


def _format_one(item: tuple[str, str]) -> _Result:
    """Runs in a worker: errors come back as values (exceptions may not pickle)."""
    path, source = item
    try:
        return path, black.format_str(source, mode=MODE), None
    except Exception as error:  # black raises several types; all mean invalid code
        text = str(error).strip()
        return path, None, text.splitlines()[0] if text else type(error).__name__


def format_sources(files: dict[str, str]) -> dict[str, str]:
    """`files` with every `.py` value black-formatted; other files unchanged, order kept."""
    result = dict(files)
    todo: list[tuple[str, str]] = []
    keys: dict[str, str] = {}
    for path, source in files.items():
        if not path.endswith(".py"):
            continue
        keys[path] = _key(source)
        hit = cache.read("black", keys[path])
        if hit is not None:
            result[path] = hit.decode("utf-8")
        else:
            todo.append((path, source))
    for path, formatted, error in _run(todo):
        if formatted is None:
            raise GeneratorError(
                f"generated code does not parse (a generator bug): black: {error}", file=path
            )
        result[path] = formatted
        cache.write("black", keys[path], formatted.encode("utf-8"))
    return result


def _run(todo: list[tuple[str, str]]) -> Iterable[_Result]:
    workers = min(os.cpu_count() or 1, _MAX_WORKERS, len(todo))
    if len(todo) < _PARALLEL_FROM or workers < 2:
        return [_format_one(item) for item in todo]
    try:
        return _parallel(todo, workers)
    except (OSError, BrokenProcessPool):
        # No processes allowed here (sandbox, ulimit) or a worker died: same work, one core.
        return [_format_one(item) for item in todo]


def _parallel(todo: list[tuple[str, str]], workers: int) -> list[_Result]:
    # Several chunks per worker: balanced load without a round trip per file.
    chunksize = max(1, len(todo) // (workers * 4))
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts)
    try:
        results = list(pool.map(_format_one, todo, chunksize=chunksize))
    except BaseException:
        # Ctrl-C or a failure: stop now rather than finish the chunks already queued.
        processes: dict[int, Any] = getattr(pool, "_processes", None) or {}  # private, 3.11+
        for process in list(processes.values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return results


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them (no traceback per worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
