"""`names.lock`: the names a run handed out, read back by the next run (see NameLock).

It lives in the output directory beside the package, one JSON array per line
(`["scope", "key", "Name"]`, sorted) so a spec update shows up as a small diff.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from .errors import GeneratorError

LOCK_FILE = "names.lock"
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
