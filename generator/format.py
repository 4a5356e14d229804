"""black, in parallel, with a per-file cache so a rerun formats only what changed.

black takes ~30 ms per generated file (~1 min for the full API on one core);
the cache is keyed by (black version, mode, source), so a rerun after a small
change formats only the files whose unformatted text changed. A run that
formats exactly the sources of an earlier run reads one bundle entry instead
of one entry per file, and does not import black at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

from . import cache as disk_cache
from .errors import GeneratorError

if TYPE_CHECKING:
    import black

# Explicit, so neither a pyproject.toml nor black's defaults change the output.
# Every other field of black.Mode keeps the default of the installed black, so
# the black version plus these arguments determine the output (and the cache key).
_MODE_ARGS: dict[str, Any] = {"target_versions": ("PY311",), "line_length": 88}
_PARALLEL_FROM = 16  # below this a process pool (fork + result pickling) costs more than it saves
_MAX_WORKERS = 8

# (path, formatted source or None, black's message or None)
_Result = tuple[str, str | None, str | None]


@cache
def _mode() -> black.Mode:
    """The black mode (imports black: ~0.12 s, so only when something needs formatting)."""
    import black
    from black.mode import TargetVersion

    targets = {TargetVersion[name] for name in _MODE_ARGS["target_versions"]}
    return black.Mode(target_versions=targets, line_length=_MODE_ARGS["line_length"])


def _mode_salt() -> str:
    """The black version and the mode arguments, in a fixed order (no set order leaks)."""
    shown = "; ".join(f"{name}={_MODE_ARGS[name]}" for name in sorted(_MODE_ARGS))
    return f"black {version('black')}, one pass; {shown}"


_SALT = _mode_salt()


def _key(source: str) -> str:
    return hashlib.sha256(f"{_SALT}\0{source}".encode()).hexdigest()


def _black_once(black: Any) -> Any:
    """One black pass. `black.format_str` formats twice whenever the first pass changed
    the text (all our files) to settle rare magic-trailing-comma cases; on generated
    code the second pass changed none of ~1900 files, and `make lint` checks the
    output is black-stable. Falls back to `format_str` if black drops the helper."""
    return getattr(black, "_format_str_once", None) or black.format_str


def _format_one(item: tuple[str, str]) -> _Result:
    """Runs in a worker: errors come back as values (exceptions may not pickle)."""
    import black  # looked up at call time: tests count black.format_str calls

    path, source = item
    try:
        return path, _black_once(black)(source, mode=_mode()), None
    except Exception as error:  # black raises several types; all mean invalid code
        text = str(error).strip()
        return path, None, text.splitlines()[0] if text else type(error).__name__


def format_sources(files: dict[str, str]) -> dict[str, str]:
    """`files` with every `.py` value black-formatted; other files unchanged, order kept."""
    result = dict(files)
    python = [(path, source) for path, source in files.items() if path.endswith(".py")]
    bundle_key = _bundle_key(python)
    bundled = _read_bundle(bundle_key, python)
    if bundled is not None:
        result.update(bundled)
        return result
    todo: list[tuple[str, str]] = []
    keys: dict[str, str] = {}
    for path, source in python:
        keys[path] = _key(source)
        hit = disk_cache.read("black", keys[path])
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
        disk_cache.write("black", keys[path], formatted.encode("utf-8"))
    if len(python) > 1:
        bundle = {path: result[path] for path, _ in python}
        disk_cache.write("black", bundle_key, json.dumps(bundle, ensure_ascii=False).encode())
    return result


def _bundle_key(python: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256(f"{_SALT}\0bundle".encode())
    for path, source in python:
        digest.update(f"\0{path}\0{len(source)}\0".encode())
        digest.update(source.encode())
    return f"bundle-{digest.hexdigest()}"


def _read_bundle(key: str, python: list[tuple[str, str]]) -> dict[str, str] | None:
    """The formatted files of a run with exactly these sources, or None."""
    if len(python) < 2:
        return None
    raw = disk_cache.read("black", key)
    if raw is None:
        return None
    try:
        bundle = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(bundle, dict) or set(bundle) != {path for path, _ in python}:
        return None
    if not all(isinstance(text, str) for text in bundle.values()):
        return None
    return bundle


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
    _mode()  # import black before the fork: the workers inherit it
    # Largest first, in small chunks: the big files (types/__init__.py alone is ~4 s)
    # start at once and the small ones fill the gaps, so the workers finish together.
    ordered = sorted(todo, key=lambda item: -len(item[1]))
    chunksize = max(1, min(16, len(todo) // (workers * 8)))
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts)
    try:
        results = list(pool.map(_format_one, ordered, chunksize=chunksize))
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
