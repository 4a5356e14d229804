"""black, in parallel, with a per-file cache so a rerun formats only what changed."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version

import black
from black.mode import TargetVersion

from . import cache
from .errors import GeneratorError

MODE = black.Mode(target_versions={TargetVersion.PY310}, line_length=88)
_SALT = (
    f"black {version('black')} {MODE.line_length} {sorted(v.name for v in MODE.target_versions)}"
)
_PARALLEL_FROM = 40  # below this a process pool costs more than it saves


def _key(source: str) -> str:
    return hashlib.sha256(f"{_SALT}\0{source}".encode()).hexdigest()


def _format_one(item: tuple[str, str]) -> tuple[str, str, str | None]:
    path, source = item
    try:
        return path, black.format_str(source, mode=MODE), None
    except Exception as error:  # black raises several types; all mean bad code
        return path, source, str(error).splitlines()[0] if str(error) else type(error).__name__


def format_sources(files: dict[str, str]) -> dict[str, str]:
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
    workers = min(os.cpu_count() or 1, 8)
    if len(todo) >= _PARALLEL_FROM and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            done = list(pool.map(_format_one, todo, chunksize=max(1, len(todo) // (workers * 8))))
    else:
        done = [_format_one(item) for item in todo]
    for path, formatted, error in done:
        if error is not None:
            raise GeneratorError(
                f"generated code does not parse (a generator bug): {error}", file=path
            )
        result[path] = formatted
        cache.write("black", keys[path], formatted.encode("utf-8"))
    return result
