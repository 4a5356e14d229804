"""`python -m generator.drift [DIR]`: fail if DIR is not exactly what `generate` makes now.

Files the project's .gitignore ignores (`pip install ./generated` leaves an
egg-info, tools leave caches) are not output and never count. A mismatch names
its likely cause: the pin moved (or `--spec` wrote another spec into DIR), the
generator's version changed, or the generator's code changed.
"""

from __future__ import annotations

import fnmatch
import io
import re
import sys
import tempfile
from pathlib import Path

from . import ROOT
from .errors import GeneratorError
from .lock import LOCK_FILE
from .pin import read_pin
from .pipeline import Options, Progress, generate
from .render import GENERATOR_VERSION
from .uptodate import INPUTS_FILE
from .write import MANIFEST


def ignore_patterns(gitignore: Path = ROOT / ".gitignore") -> list[str]:
    try:
        lines = gitignore.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [line.strip() for line in lines if line.strip() and not line.startswith(("#", "!"))]


def ignored(rel: str, patterns: list[str], *, prefix: str = "") -> bool:
    """Whether .gitignore `patterns` ignore the file `rel` (`prefix`: DIR's path in the repo)."""
    full = prefix + rel
    parts = full.split("/")
    for pattern in patterns:
        directory = pattern.endswith("/")
        body = pattern.strip("/")
        if "/" in pattern.rstrip("/"):  # anchored at the repository root
            depth = body.count("/") + 1
            if len(parts) > depth - (0 if directory else 1) and fnmatch.fnmatchcase(
                "/".join(parts[:depth]), body
            ):
                return True
            continue
        # Unanchored: any directory on the way (and, unless `dir/`, the file itself).
        names = parts[:-1] if directory else parts
        if any(fnmatch.fnmatchcase(name, body) for name in names):
            return True
    return False


def _tree(root: Path, patterns: list[str] | None = None, prefix: str = "") -> dict[str, bytes]:
    patterns = ignore_patterns() if patterns is None else patterns
    tree: dict[str, bytes] = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        # .generated-inputs is a cache hint (see generator.uptodate), not output: it
        # changes with the generator's code even when the output does not.
        if p.is_file() and p.name != INPUTS_FILE and not ignored(rel, patterns, prefix=prefix):
            tree[rel] = p.read_bytes()
    if MANIFEST in tree:
        lines = tree[MANIFEST].decode("utf-8").splitlines(keepends=True)
        kept = [line for line in lines if line.rstrip("\n").partition("  ")[2] != INPUTS_FILE]
        tree[MANIFEST] = "".join(kept).encode("utf-8")
    return tree


def diff(committed: Path, fresh: Path) -> list[str]:
    patterns = ignore_patterns()
    prefix = _prefix(committed)
    old, new = _tree(committed, patterns, prefix), _tree(fresh, patterns, prefix)
    lines = [f"  missing:  {p}" for p in sorted(new.keys() - old.keys())]
    lines += [f"  extra:    {p}" for p in sorted(old.keys() - new.keys())]
    lines += [f"  differs:  {p}" for p in sorted(old.keys() & new.keys()) if old[p] != new[p]]
    return lines


def _prefix(target: Path) -> str:
    """`target`'s path inside the project ("generated/"), for anchored patterns."""
    try:
        rel = target.resolve().relative_to(ROOT)
    except ValueError:
        return ""
    return "" if rel == Path(".") else rel.as_posix() + "/"


_ASSIGNMENT = re.compile(r'^(__\w+__) = "([^"]*)"$', re.MULTILINE)


def recorded_identity(target: Path) -> dict[str, str]:
    """The `_version.py` facts of the package in `target` (empty: none found)."""
    for version in sorted(target.glob("*/_version.py")):
        try:
            return dict(_ASSIGNMENT.findall(version.read_text(encoding="utf-8")))
        except OSError:
            continue
    return {}


def cause(target: Path) -> str:
    """Why `target` differs from a fresh generation, as far as the files tell."""
    recorded = recorded_identity(target)
    if not recorded:
        return f"{target} records no spec identity (no <package>/_version.py): it predates it"
    pin = read_pin()
    sha = recorded.get("__spec_sha256__", "")
    if sha != pin.sha256:
        return (
            f"spec mismatch: {target} was generated from spec sha256 {sha[:12] or '?'}, "
            f"but specs/telnyx.yaml pins {pin.sha256[:12]} (commit {pin.commit[:12]}); "
            "a --spec run wrote it, or the pin moved without a regeneration"
        )
    version = recorded.get("__generator_version__", "")
    if version != GENERATOR_VERSION:
        return f"generator version {version or '?'} wrote {target}; this is {GENERATOR_VERSION}"
    return (
        "same spec and generator version: the generator's code or templates changed "
        "since (or the files were edited by hand)"
    )


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else ROOT / "generated"
    with tempfile.TemporaryDirectory(prefix="drift-") as tmp:
        fresh = Path(tmp) / "generated"
        try:
            # Spec warnings are `make generate`'s business; here they would bury the verdict.
            quiet = Progress(stream=io.StringIO(), quiet=True)
            generate(Options(out=fresh, lock=target / LOCK_FILE), quiet)
        except GeneratorError as error:
            print(str(error), file=sys.stderr)
            return error.exit_code
        problems = diff(target, fresh) if target.is_dir() else [f"  {target} does not exist"]
    if problems:
        print(f"drift: {target} differs from what the generator makes now ({len(problems)} files):")
        print(
            "\n".join(
                problems[:40] + ([f"  ... {len(problems) - 40} more"] if len(problems) > 40 else [])
            )
        )
        if target.is_dir():
            print(f"cause: {cause(target)}")
        print("run `make generate` and commit the result")
        return 1
    print(f"no drift: {target} matches the generator output")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
