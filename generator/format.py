"""Format the generated Python: ruff for the bulk, black where ruff's text is not black's.

black is the style of record: `generated/` must be black-stable. But black takes
~15 ms per generated file (~30 s of CPU for the full API), while `ruff format`
(black-compatible by design) formats all of it in well under a second. On the
generator's output ruff's text is black-stable except for a few shapes, easy to
spot: over-long annotations and assignments (`_MAY_DIFFER`), which the two split
or parenthesize differently; code holding zero-width, combining or wide
characters, whose width they measure with different Unicode tables; and a
docstring of several lines whose closing quotes end an over-long line (black
moves them to a line of their own). In a file showing one of the first two,
black re-formats just the statements concerned (a function signature, or a
simple statement), cut out of ruff's text; every other line is ruff's. The third
leaves the file to black. Nothing is trusted blindly: CI runs
`black --check` over `generated/`, and the fuzz run checks that what it
generates for random specs is black-stable, so a new shape where they differ
fails loudly and is added to `_MAY_DIFFER`. Without ruff (not installed, or it
fails) black formats every file.

Results are cached per file under the user cache, keyed by (black and ruff
versions, mode, rendered text); a run that formats exactly the sources of an
earlier run reads one bundle entry instead of one entry per file.
"""

from __future__ import annotations

import bisect
import hashlib
import importlib
import json
import os
import re
import signal
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from itertools import pairwise
from pathlib import Path
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


# Where ruff's output may not be black-stable (see the module docstring): a line
# that starts with `| `, an annotation ruff split where black parenthesizes it; an
# over-long `name: Annotation` with nothing to split at, whose annotation black
# puts in parentheses on a line of its own while ruff leaves the line as it is, and
# the same for an over-long `name = value` with a plain value; and an over-long line
# ending in `"""` (a docstring's closing quotes, maybe).
_MAY_DIFFER = re.compile(
    r"^[ \t]*\| |^(?=[^\n]{89})[ \t]*[A-Za-z_]\w*: [A-Za-z_][\w.]*(?: = [^\n]*)?$"
    r"""|^(?=[^\n]{89})[ \t]*[A-Za-z_]\w* = (?:[\w.-]+|"[^"\n]*"|'[^'\n]*')$"""
    r'|^(?=[^\n]{89})[^\n]*"""$',
    re.MULTILINE,
)
# Characters black and ruff may measure with different widths: zero-width, combining,
# unassigned and wide ones. Other non-ASCII text (accents, dashes) is one column to
# both. Docstrings are exempt (neither formatter fits them to the line length).
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_UNSURE_CATEGORIES = frozenset(("Mn", "Mc", "Me", "Cf", "Cn", "Co", "Cs", "Zl", "Zp"))
_RUFF_TIMEOUT = 120  # seconds; ruff formats the full API in ~0.5 s


def _ruff_version() -> str | None:
    try:
        return version("ruff")
    except PackageNotFoundError:
        return None


def _mode_salt() -> str:
    """The formatter versions and the mode arguments, in a fixed order (no set order leaks)."""
    shown = "; ".join(f"{name}={_MODE_ARGS[name]}" for name in sorted(_MODE_ARGS))
    ruff = _ruff_version()
    unsure = ",".join(sorted(_UNSURE_CATEGORIES))
    shapes = f"{_MAY_DIFFER.pattern}; {unsure}, W and F outside docstrings"
    via = f"ruff {ruff} where black agrees ({shapes})" if ruff else "black only"
    return f"black {version('black')}, one pass; {shown}; {via}"


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
    fragments = _Fragments.load() if todo else None
    results, by_black = _format_all(todo, fragments)
    if fragments is not None:
        fragments.save()
    for path, formatted, error in results:
        if formatted is None:
            raise GeneratorError(
                f"generated code does not parse (a generator bug): black: {error}", file=path
            )
        result[path] = formatted
        if path in by_black:
            # Only black's work is worth an entry of its own: ruff redoes the rest of a
            # partial change in one cheap process, and writing ~2000 entries costs
            # seconds on a file system that discards on unlink.
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


class _Fragments:
    """black's layout of the statements cut out of ruff's text, kept across runs in one
    cache entry: a spec update changes few of them, so black is rarely needed at all."""

    def __init__(self, known: dict[str, str]) -> None:
        self.known = known
        self.used: dict[str, str] = {}
        self.added = False

    @staticmethod
    def _entry() -> str:
        return f"fragments-{_key('')}"

    @classmethod
    def load(cls) -> _Fragments:
        raw = disk_cache.read("black", cls._entry())
        try:
            known = json.loads(raw) if raw is not None else {}
        except ValueError:
            known = {}
        if not isinstance(known, dict) or not all(isinstance(v, str) for v in known.values()):
            known = {}
        return cls(known)

    def get(self, key: str) -> str | None:
        hit = self.known.get(key)
        if hit is not None:
            self.used[key] = hit
        return hit

    def put(self, key: str, text: str) -> None:
        self.known[key] = self.used[key] = text
        self.added = True

    def save(self) -> None:
        """This run's fragments (so the entry does not grow without bound), if any is new."""
        if self.added:
            data = json.dumps(self.used, ensure_ascii=False, sort_keys=True).encode()
            disk_cache.write("black", self._entry(), data)


def _format_all(
    todo: list[tuple[str, str]], fragments: _Fragments | None = None
) -> tuple[list[_Result], set[str]]:
    """ruff's output where black would agree with it, black's everywhere else; and the
    paths black worked on (in whole or in part)."""
    ruffed = _ruff(todo) if len(todo) > 1 else None  # one file: black costs as much as ruff
    if ruffed is None:
        return list(_run(todo)), {path for path, _ in todo}
    formatted: dict[str, _Result] = {}
    whole: list[tuple[str, str]] = []
    touched: set[str] = set()
    for path, source in todo:
        text = ruffed[path]
        flagged = _flagged_lines(text)
        if not flagged:
            formatted[path] = (path, text, None)
            continue
        patched = _black_where_they_differ(text, fragments, flagged)
        if patched is None:
            whole.append((path, source))
            touched.add(path)
        else:
            formatted[path] = (path, patched, None)
            if patched != text:
                touched.add(path)
    formatted.update((result[0], result) for result in _run(whole))
    return [formatted[path] for path, _ in todo], touched


def _black_where_they_differ(
    text: str, fragments: _Fragments | None = None, flagged: set[int] | None = None
) -> str | None:
    """ruff's `text` with each statement `_MAY_DIFFER` points into formatted by black
    alone, or None when a statement cannot be cut out cleanly (black then formats
    the whole file).

    black lays out a statement from the statement and its indentation only (blank
    lines around it are ruff's, and ruff agrees with black on those), so a
    statement is formatted as the only one in `if _:` blocks nested to its depth;
    for a flagged line in a `def`'s signature only the signature is (with `pass`
    as its body), not the whole function.
    """
    import ast

    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    lines = text.splitlines(keepends=True)
    if _long_docstring_end(tree, lines):
        return None
    spans: dict[tuple[int, int], str] = {}  # (first, last line) -> kind of fragment
    for number in sorted(_flagged_lines(text) if flagged is None else flagged):
        if _in_docstring(tree, number):
            continue  # a string alone: no formatter splits or joins its lines
        span = _enclosing(tree, number, lines)
        if span is None:
            return None
        spans[span[:2]] = span[2]
    ordered = sorted(spans.items())
    if any(a[0][1] >= b[0][0] for a, b in pairwise(ordered)):
        return None  # overlapping spans: not worth the care
    for (first, last), kind in reversed(ordered):
        replaced = _format_fragment(lines[first - 1 : last], kind, fragments)
        if replaced is None:
            return None
        lines[first - 1 : last] = replaced
    return "".join(lines)


def _flagged_lines(text: str) -> set[int]:
    """The lines (1-based) `_MAY_DIFFER` matches or holding a character whose width
    black and ruff may measure differently. (Scanned by the regex engine: most
    files have none.)"""
    starts = [m.start() for m in _MAY_DIFFER.finditer(text)]
    if not text.isascii():
        starts += [m.start() for m in _NON_ASCII.finditer(text) if _unsure_width(m.group())]
    if not starts:
        return set()
    newlines = [m.start() for m in re.finditer("\n", text)]
    return {bisect.bisect_left(newlines, start) + 1 for start in starts}


def _unsure_width(char: str) -> bool:
    return unicodedata.category(char) in _UNSURE_CATEGORIES or unicodedata.east_asian_width(
        char
    ) in ("W", "F")


def _long_docstring_end(tree: Any, lines: list[str]) -> bool:
    """A docstring of several lines ends in an over-long line: black (not ruff) puts
    its closing quotes on a line of their own."""
    import ast

    limit = _MODE_ARGS["line_length"]
    for node in ast.walk(tree):
        if not isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        first = node.body[0] if node.body else None
        if first is None or not _is_lone_string(first):
            continue
        end = first.end_lineno or first.lineno
        if end > first.lineno and len(lines[end - 1].rstrip("\n")) > limit:
            return True
    return False


def _innermost(tree: Any, number: int) -> Any:
    """The innermost statement holding line `number` (`tree` itself if none does)."""
    import ast

    node: Any = tree
    while True:
        inner = [
            child
            for child in ast.iter_child_nodes(node)
            if isinstance(child, ast.stmt) and child.lineno <= number <= (child.end_lineno or 0)
        ]
        if not inner:
            return node
        node = inner[0]


def _in_docstring(tree: Any, number: int) -> bool:
    """Line `number` is inside a statement that is a string alone (a docstring)."""
    return _is_lone_string(_innermost(tree, number))


def _is_lone_string(node: Any) -> bool:
    import ast

    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _enclosing(tree: Any, number: int, lines: list[str]) -> tuple[int, int, str] | None:
    """(first, last line, kind) of the innermost piece holding line `number`: one
    parameter of a signature laid out one per line ("parameter"), else the whole
    signature ("signature"), or a simple statement ("statement"); None for anything
    else."""
    import ast

    node = _innermost(tree, number)
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        body_start = node.body[0].lineno
        if number >= body_start or node.col_offset % 4:
            return None
        span = _parameter(node, number, lines)
        return (*span, "parameter") if span else (node.lineno, body_start - 1, "signature")
    if node is tree or hasattr(node, "body") or node.col_offset % 4:
        return None
    return node.lineno, node.end_lineno or node.lineno, "statement"


def _parameter(node: Any, number: int, lines: list[str]) -> tuple[int, int] | None:
    """The lines of the parameter holding line `number`, if it has lines of its own:
    its first line starts it one level in from the `def`, its last ends with a comma
    (black then lays it out alone, the signature's other lines do not matter)."""
    spec = node.args
    positional = [*spec.posonlyargs, *spec.args]
    defaults = [None] * (len(positional) - len(spec.defaults)) + list(spec.defaults)
    pairs = [
        *zip(positional, defaults, strict=True),
        *zip(spec.kwonlyargs, spec.kw_defaults, strict=True),
    ]
    pairs += [(extra, None) for extra in (spec.vararg, spec.kwarg) if extra is not None]
    for arg, default in pairs:
        first, last = arg.lineno, (default or arg).end_lineno
        if not first <= number <= last:
            continue
        indent = node.col_offset + 4
        head, tail = lines[first - 1], lines[last - 1]
        starts = len(head) - len(head.lstrip(" ")) == indent and arg.col_offset in (
            indent,
            indent + 1,  # *args
            indent + 2,  # **options
        )
        if starts and tail.rstrip().endswith(","):
            return first, last
        return None
    return None


def _format_fragment(
    fragment: list[str], kind: str, fragments: _Fragments | None = None
) -> list[str] | None:
    """black's layout of `fragment` (whole lines at their indentation), or None."""
    key = hashlib.sha256(f"{kind}\0{''.join(fragment)}".encode()).hexdigest()
    hit = fragments.get(key) if fragments is not None else None
    if hit is not None:
        return hit.splitlines(keepends=True)
    body = _black_fragment(fragment, kind)
    if body is not None and fragments is not None:
        fragments.put(key, "".join(body))
    return body


def _black_fragment(fragment: list[str], kind: str) -> list[str] | None:
    first = fragment[0]
    indent = len(first) - len(first.lstrip(" "))
    signature = kind == "signature"
    while signature and fragment and not fragment[-1].strip():
        fragment = fragment[:-1]  # blank lines between the signature and the body
    if not fragment or (signature and not fragment[-1].rstrip().endswith(":")):
        return None  # a comment after the colon, say
    if kind == "parameter":  # alone in a signature of its own, at its own depth
        indent -= 4
        fragment = [" " * indent + "def _(\n", *fragment]
    depth = indent // 4
    wrappers = ["    " * level + "if _:\n" for level in range(depth)]
    tail = [" " * (indent + 4) + "pass\n"] if signature else []
    if kind == "parameter":
        tail = [" " * indent + "):\n", " " * (indent + 4) + "pass\n"]
    import black

    try:
        out = _black_once(black)("".join([*wrappers, *fragment, *tail]), mode=_mode())
    except Exception:  # black raises several types: leave the file to black as a whole
        return None
    result = out.splitlines(keepends=True)
    if result[:depth] != wrappers or result[len(result) - len(tail) :] != tail:
        return None
    body = result[depth : len(result) - len(tail)]
    while body and body[0] == "\n":  # black may set a def apart from its `if _:`
        body = body[1:]
    if kind == "parameter":
        if body[:1] != fragment[:1]:
            return None
        body = body[1:]
    return body or None


def _ruff(todo: list[tuple[str, str]]) -> dict[str, str] | None:
    """`ruff format` over all of `todo` in one process, or None (no ruff, or it failed:
    black then formats everything and reports any syntax error with its file)."""
    binary = _ruff_binary()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="generator-ruff-", dir=_scratch_root()) as tmp:
        root = Path(tmp)
        names = {}
        for index, (path, source) in enumerate(todo):
            # Flat numbered names: no package structure for ruff to look into.
            name = f"m{index}.py"
            names[path] = name
            (root / name).write_text(source, encoding="utf-8")
        try:
            done = subprocess.run(
                [binary, "format", "--isolated", "--quiet", "--no-cache", *_RUFF_ARGS, tmp],
                capture_output=True,
                timeout=_RUFF_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if done.returncode != 0:
            return None
        return {path: (root / name).read_text(encoding="utf-8") for path, name in names.items()}


def _scratch_root() -> str | None:
    """Memory-backed /dev/shm where there is one: ~2000 files are written, read and
    deleted, and deleting is slow on a disk mounted with `discard`."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


_RUFF_ARGS = (
    f"--line-length={_MODE_ARGS['line_length']}",
    f"--target-version={_MODE_ARGS['target_versions'][0].lower()}",
)


def _ruff_binary() -> str | None:
    if _ruff_version() is None:
        return None
    try:
        ruff_main = importlib.import_module("ruff.__main__")  # untyped: no stubs to import
    except ImportError:
        return None
    try:
        return str(ruff_main.find_ruff_bin())
    except FileNotFoundError:
        return None


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
