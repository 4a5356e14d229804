"""`names.lock`: the names a run handed out, read back by the next run (see NameLock).

It lives in the output directory beside the package, one JSON array per line
(`["scope", "key", "Name"]`, sorted) so a spec update shows up as a small diff.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

from .errors import GeneratorError

LOCK_FILE = "names.lock"
Key = tuple[str, str]  # (scope, key)
T = TypeVar("T")
_HEADER = (
    "# Names the generator handed out: a regeneration keeps them, so adding an operation\n"
    "# or schema never renames an existing one. Generated; delete it to start afresh.\n"
)


def read_lock(path: Path) -> dict[tuple[str, str], str]:
    """The lock at `path`; none there is an empty lock."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):  # no lock yet; `out` is checked later
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise GeneratorError(f"cannot read the names lock: {error}", file=str(path)) from None
    locked: dict[tuple[str, str], str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            entry = None
        if not (
            isinstance(entry, list) and len(entry) == 3 and all(isinstance(x, str) for x in entry)
        ):
            raise GeneratorError(
                'expected ["scope", "key", "Name"] (delete the file to start afresh)',
                file=str(path),
                line=number,
            )
        locked[(entry[0], entry[1])] = entry[2]
    return locked


def dump_lock(entries: Iterable[tuple[str, str, str]], header: str) -> str:
    """The lock file: the generated-file `header` line, what the file is, one entry a line."""
    lines = (json.dumps(list(entry), ensure_ascii=False) for entry in sorted(entries))
    return f"{header}\n{_HEADER}" + "".join(line + "\n" for line in lines)


def settle(
    build: Callable[[Mapping[Key, str]], T],
    claimed: Callable[[T], Iterable[tuple[str, str, str]]],
    previous: Mapping[Key, str],
) -> T:
    """`build` with the `previous` lock, such that stale entries never cost a live name.

    An entry is stale when this run claims nothing under its key: the type moved
    (a `$ref`'d response became inline, a schema was renamed) or went away. Its
    name was still reserved while the run built, so a claimant that wants it -
    often the very type that moved - got `Name2`, and the next lock would keep
    `Name2` for good. When that happened, build again with the live entries
    only: every claimant then gets what a fresh generation gives it, except
    where a live entry keeps its own name.
    """
    result = build(previous)
    for _ in range(3):  # the keys claimed depend on the spec, not on the lock: 1 round
        entries = list(claimed(result))
        live = {(scope, key) for scope, key, _ in entries}
        stale = {k: n for k, n in previous.items() if k not in live}
        if not _displaced(stale, entries):
            return result
        previous = {k: n for k, n in previous.items() if k in live}
        result = build(previous)
    return result


def _displaced(stale: Mapping[Key, str], entries: Iterable[tuple[str, str, str]]) -> bool:
    """Some claim got a numbered variant of a name only a stale entry held."""
    if not stale:
        return False
    held: dict[str, set[str]] = {}
    for (scope, _), name in stale.items():
        held.setdefault(scope, set()).add(name.rstrip("_"))
    for scope, _, name in entries:
        bases = held.get(scope)
        if not bases:
            continue
        base = name.rstrip("0123456789")
        if base != name and (base in bases or base.removesuffix("_") in bases):
            return True
    return False
