"""Write the output tree atomically: stage everything, then swap directories.

A failure or Ctrl-C before the swap leaves the old tree exactly as it was;
unchanged files are hard-linked from the old tree, so they are not rewritten.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import GeneratorError

MANIFEST = ".generated-manifest"


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int
    deleted: int


def _check_target(out: Path, force: bool) -> None:
    resolved = out.resolve()
    root = Path(__file__).resolve().parent.parent
    forbidden = {Path("/"), Path.home().resolve(), root}
    # The swap replaces `out` whole: a directory holding the project or home is never a target.
    if any(path.is_relative_to(resolved) for path in forbidden):
        raise GeneratorError(
            f"refusing to write into {resolved}: choose a dedicated output directory", file=str(out)
        )
    if out.exists() and not out.is_dir():
        raise GeneratorError("output path exists and is not a directory", file=str(out))
    if out.is_dir() and not force and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise GeneratorError(
            "output directory holds files the generator did not write (no "
            f"{MANIFEST}); pass --force to replace it",
            file=str(out),
        )


def _safe_relative(name: str) -> PurePosixPath:
    rel = PurePosixPath(name)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts or "\\" in name:
        raise GeneratorError(f"refusing to write outside the output directory: {name!r}")
    return rel


def write_tree(out: Path, files: dict[str, bytes], *, force: bool = False) -> WriteStats:
    _check_target(out, force)
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=parent))
    except OSError as error:
        raise GeneratorError(f"cannot write output: {error.strerror}", file=str(parent)) from None
    written = unchanged = 0
    old_manifest = _read_manifest(out)
    swapped = False
    try:
        manifest_lines = []
        for name in sorted(files):
            data = files[name]
            rel = _safe_relative(name)
            target = staging.joinpath(*rel.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256(data).hexdigest()
            manifest_lines.append(f"{digest}  {rel.as_posix()}")
            previous = out.joinpath(*rel.parts)
            if (
                old_manifest.get(rel.as_posix()) == digest
                and _digest_of(previous) == digest  # not edited since: else rewrite it
                and _link(previous, target)
            ):
                unchanged += 1
                continue
            target.write_bytes(data)
            written += 1
        (staging / MANIFEST).write_text("\n".join(manifest_lines) + "\n", encoding="utf-8")
        deleted = len(set(old_manifest) - {_safe_relative(n).as_posix() for n in files})
        _swap(staging, out)
        swapped = True
    except OSError as error:
        raise GeneratorError(f"cannot write output: {error}", file=str(out)) from None
    finally:
        if not swapped:
            shutil.rmtree(staging, ignore_errors=True)
    return WriteStats(written, unchanged, deleted)


def _digest_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    except OSError:
        return None


def _link(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
        return True
    except OSError:
        return False


def _swap(staging: Path, out: Path) -> None:
    """Two renames; at every instant `out` is either the old or the new tree."""
    if not out.exists():
        staging.rename(out)
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    out.rename(old)
    try:
        staging.rename(out)
    except OSError:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _read_manifest(out: Path) -> dict[str, str]:
    try:
        text = (out / MANIFEST).read_text(encoding="utf-8")
    except OSError:
        return {}
    entries = {}
    for line in text.splitlines():
        digest, _, name = line.partition("  ")
        if name:
            entries[name] = digest
    return entries
