"""`python -m generator.drift [DIR]`: fail if DIR is not exactly what `generate` makes now."""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

from .errors import GeneratorError
from .lock import LOCK_FILE
from .pipeline import ROOT, Options, Progress, generate
from .uptodate import INPUTS_FILE


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and p.name != INPUTS_FILE  # a cache hint (see generator.uptodate), not output
        and "__pycache__" not in p.parts
        and ".mypy_cache" not in p.parts
        and ".ruff_cache" not in p.parts
    }


def diff(committed: Path, fresh: Path) -> list[str]:
    old, new = _tree(committed), _tree(fresh)
    lines = [f"  missing:  {p}" for p in sorted(new.keys() - old.keys())]
    lines += [f"  extra:    {p}" for p in sorted(old.keys() - new.keys())]
    lines += [f"  differs:  {p}" for p in sorted(old.keys() & new.keys()) if old[p] != new[p]]
    return lines


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
        print("run `make generate` and commit the result")
        return 1
    print(f"no drift: {target} matches the generator output")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
