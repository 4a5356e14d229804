"""Write the output tree atomically: stage everything beside it, then swap directories.

- A failure or Ctrl-C before the swap leaves `out` exactly as it was; the swap
  is two renames with SIGINT/SIGTERM/SIGHUP held back, so `out` is always the
  old tree or the new one. A run killed with SIGKILL between the two renames
  leaves the old tree beside `out`; the next run puts it back first.
- Files whose bytes did not change are hard-linked from the old tree, so their
  inode and mtime survive (tools that watch mtimes see only real changes).
- `<out>/.generated-manifest` (sha256sum format) marks a directory the
  generator owns; any other non-empty directory is refused without --force.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
import signal
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import ROOT
from .errors import GeneratorError

MANIFEST = ".generated-manifest"
_DEFERRED_SIGNALS = {
    s for s in (getattr(signal, n, None) for n in ("SIGINT", "SIGTERM", "SIGHUP")) if s is not None
}


@dataclass(frozen=True)
class WriteStats:
    written: int  # new or changed files
    unchanged: int  # same bytes as before: hard-linked, not rewritten
    deleted: int  # previously generated files that are no longer generated


def write_tree(out: Path, files: Mapping[str, bytes], *, force: bool = False) -> WriteStats:
    """Make `out` hold exactly `files` (relative POSIX path -> bytes) plus the manifest."""
    target = out.resolve()  # a symlinked `out` is written where it points
    planned = _plan(files)  # every name checked before anything is touched
    _check_target(target, force)
    _recover(target)
    if _unchanged(target, planned):
        # Nothing to do, and nothing done: no staging, no swap, no tree to delete
        # (~0.3-0.6 s for the full API, mostly rmtree of the old tree).
        return WriteStats(0, len(planned) - 1, 0)
    staging = _make_staging(target)
    swapped = False
    old: Path | None = None
    try:
        written, unchanged = _stage(staging, target, planned)
        deleted = _count_deleted(target, {rel for rel, _ in planned})
        with _signals_deferred():
            old = _swap(staging, target)
            swapped = True
    except OSError as error:
        raise GeneratorError(f"cannot write output: {error}", file=str(out)) from None
    finally:
        if not swapped:
            shutil.rmtree(staging, ignore_errors=True)
    if old is not None:
        if written + deleted >= _DETACH_FROM:
            _remove_detached(old)
        else:
            shutil.rmtree(old, ignore_errors=True)
    return WriteStats(written, unchanged, deleted)


# Old files no longer linked from `out` (changed or deleted) from which removing the old
# tree is left to a detached process: on a disk mounted with `discard` each unlink of a
# file's last link costs ~1-3 ms, seconds for a full rewrite, and nothing needs to wait.
_DETACH_FROM = 200


def _remove_detached(old: Path) -> None:
    """rmtree `old` in a grandchild that holds none of our file descriptors (so no
    caller reading our output waits for it). Its name carries our pid: if it is
    still there when we are gone, the next run's `_recover` removes it."""
    try:
        child = os.fork()
    except (AttributeError, OSError):  # no fork here: remove it now
        shutil.rmtree(old, ignore_errors=True)
        return
    if child:
        os.waitpid(child, 0)  # the middle process exits at once: no zombie is left
        return
    try:
        if os.fork() == 0:
            os.setsid()
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            os.closerange(3, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 1024)
            shutil.rmtree(old, ignore_errors=True)
    finally:
        os._exit(0)


def _plan(files: Mapping[str, bytes]) -> list[tuple[str, bytes]]:
    """(normalised relative path, bytes) sorted, manifest last; refuses unsafe names."""
    planned: dict[str, bytes] = {}
    for name, data in files.items():
        rel = _safe_relative(name)
        if rel in planned:
            raise GeneratorError(f"two output files normalise to the same path: {rel!r}")
        if rel == MANIFEST:
            raise GeneratorError(f"{MANIFEST!r} is reserved for the generator's manifest")
        if not isinstance(data, bytes):
            raise GeneratorError(f"output file {rel!r} is {type(data).__name__}, not bytes")
        planned[rel] = data
    parents = _parents(planned)
    parents.add(".")
    clash = sorted(set(planned) & parents)
    if clash:
        raise GeneratorError(f"cannot write output: {clash[0]!r} is both a file and a directory")
    manifest = "".join(f"{hashlib.sha256(planned[r]).hexdigest()}  {r}\n" for r in sorted(planned))
    return [*sorted(planned.items()), (MANIFEST, manifest.encode("utf-8"))]


def _safe_relative(name: str) -> str:
    if not isinstance(name, str):
        raise GeneratorError(f"output file names must be strings: {name!r}")
    rel = PurePosixPath(name)
    if (
        not name
        or rel.is_absolute()
        or ".." in rel.parts
        or rel.parts in ((), (".",))
        or "\\" in name
        or "\0" in name
    ):
        raise GeneratorError(f"refusing to write outside the output directory: {name!r}")
    return rel.as_posix()


def _check_target(target: Path, force: bool) -> None:
    where = str(target)
    try:
        home: Path | None = Path.home().resolve()
    except RuntimeError:
        home = None
    # The project, the home directory, / and anything that contains them: a swap
    # (or --force) there would delete far more than generated code.
    project = ROOT
    for precious in (project, home):
        if precious is not None and precious.is_relative_to(target):
            raise GeneratorError(
                f"refusing to write into {target}: it holds {precious}; "
                "choose a dedicated output directory",
                file=where,
            )
    if target.exists() and not target.is_dir():
        raise GeneratorError("output path exists and is not a directory", file=where)
    if not target.is_dir():
        return
    if (target / ".git").exists():
        raise GeneratorError(
            "refusing to write into a git work tree; choose a dedicated output directory",
            file=where,
        )
    try:
        non_empty = any(target.iterdir())
    except OSError as error:
        raise GeneratorError(
            f"cannot read output directory: {error.strerror}", file=where
        ) from None
    if non_empty and not force and not (target / MANIFEST).is_file():
        raise GeneratorError(
            f"output directory holds files the generator did not write (no {MANIFEST}); "
            "pass --force to replace it",
            file=where,
        )


def _recover(target: Path) -> None:
    """Clean up after runs that were killed: put a lost old tree back, drop stale staging."""
    try:
        siblings = list(target.parent.iterdir())
    except OSError:
        return  # the parent may not exist yet
    for path in siblings:
        kind, pid = _leftover(path.name, target.name)
        if kind is None or _alive(pid):
            continue
        if kind == "old" and not target.exists():
            # Killed between the swap's two renames: this is the last complete tree.
            with contextlib.suppress(OSError):
                path.rename(target)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _leftover(name: str, out_name: str) -> tuple[str | None, int]:
    for kind in ("old", "new"):
        prefix = f".{out_name}.{kind}-"
        if name.startswith(prefix):
            pid = name[len(prefix) :].split("-", 1)[0]
            if pid.isdigit():
                return kind, int(pid)
    return None, 0


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours, from an earlier call that could not clean up
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _make_staging(target: Path) -> Path:
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        while True:
            # Beside `out` (same file system, so the swap is a rename), not mkdtemp:
            # that would make the published directory mode 0700.
            staging = parent / f".{target.name}.new-{os.getpid()}-{secrets.token_hex(4)}"
            try:
                staging.mkdir()
                break
            except FileExistsError:
                continue
        if target.is_dir():
            staging.chmod(stat.S_IMODE(target.stat().st_mode))
    except OSError as error:
        raise GeneratorError(
            f"cannot write output: {error.strerror or error}", file=str(parent)
        ) from None
    return staging


def _parents(names: Iterable[str]) -> set[str]:
    """Every directory above the (normalised, relative) `names`, "." excluded."""
    parents: set[str] = set()
    for name in names:
        cut = name.rfind("/")
        while cut > 0 and name[:cut] not in parents:
            parents.add(name[:cut])
            cut = name.rfind("/", 0, cut)
    return parents


def _stage(staging: Path, target: Path, planned: list[tuple[str, bytes]]) -> tuple[int, int]:
    written = unchanged = 0
    stage_root, target_root = str(staging), str(target)
    fresh = not target.exists()  # nothing to link from
    made: set[str] = set()
    for rel, data in planned:
        folder = rel.rpartition("/")[0]
        if folder and folder not in made:
            os.makedirs(os.path.join(stage_root, folder), exist_ok=True)
            made.update(_parents([rel]))
        path = Path(stage_root, rel)
        same = not fresh and _link_if_same(Path(target_root, rel), target, path, data)
        if not same:
            path.write_bytes(data)
        if rel != MANIFEST:  # counts are of the caller's files
            unchanged += same
            written += not same
    return written, unchanged


def _link_if_same(previous: Path, target: Path, path: Path, data: bytes) -> bool:
    """Hard-link `previous` to `path` if it is a regular file of `target` with these bytes."""
    try:
        info = previous.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        # No symlinked directory on the way: a link would share an inode outside `out`.
        if os.path.realpath(previous) != str(previous):
            return False
        if previous.read_bytes() != data:  # the bytes, not the manifest: files may be edited
            return False
        os.link(previous, path)
        return True
    except OSError:
        return False  # cross-device, unsupported, unreadable: write it instead


def _unchanged(target: Path, planned: list[tuple[str, bytes]]) -> bool:
    """`target` holds exactly `planned`: the same regular files with the same bytes,
    no other file, directory, symlink or special file."""
    if not _holds_exactly(target, {rel for rel, _ in planned}):
        return False
    try:
        for rel, data in planned:
            path = target / rel
            if path.stat().st_size != len(data) or path.read_bytes() != data:
                return False
    except OSError:
        return False
    return True


def matches_manifest(target: Path) -> bool:
    """`target` holds exactly the files its manifest lists, each with the listed sha256
    (nothing edited, added or removed since the generator wrote it)."""
    try:
        text = (target / MANIFEST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    listed: dict[str, str] = {}
    for line in text.splitlines():
        digest, sep, rel = line.partition("  ")
        if not sep or len(digest) != 64:
            return False
        listed[rel] = digest
    if not _holds_exactly(target, {*listed, MANIFEST}, skip=_TOOL_CACHES):
        return False
    try:
        for rel, digest in listed.items():
            if hashlib.sha256((target / rel).read_bytes()).hexdigest() != digest:
                return False
    except OSError:
        return False
    return True


# What importing or type-checking the generated package leaves in it: not a change to
# the generated code (the drift check ignores them too).
_TOOL_CACHES = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"})


def _holds_exactly(target: Path, wanted: set[str], skip: frozenset[str] = frozenset()) -> bool:
    """`target` has the manifest, the regular files `wanted` and their folders, nothing
    else (folders named in `skip` aside)."""
    files: set[str] = set()
    dirs: set[str] = set()
    stack: list[tuple[str, str]] = [("", str(target))]
    try:
        if not (target / MANIFEST).is_file():
            return False
        while stack:
            prefix, folder = stack.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    rel = prefix + entry.name
                    if entry.is_symlink():
                        return False
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name in skip:
                            continue
                        dirs.add(rel)
                        stack.append((rel + "/", entry.path))
                    elif entry.is_file(follow_symlinks=False) and rel in wanted:
                        files.add(rel)
                    else:
                        return False  # not ours to keep, or not a regular file
    except OSError:
        return False
    return files == wanted and dirs == _parents(wanted)


def _count_deleted(target: Path, new: set[str]) -> int:
    old = _read_manifest(target)
    if old is None:  # not ours (--force) or absent: every old file goes
        if not target.is_dir():
            return 0
        old = {p.relative_to(target).as_posix() for p in target.rglob("*") if not p.is_dir()}
    return len(old - new - {MANIFEST})


def _read_manifest(target: Path) -> set[str] | None:
    try:
        text = (target / MANIFEST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return {line.partition("  ")[2] for line in text.splitlines() if "  " in line}


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C/TERM/HUP back while it lasts; they are delivered right after."""
    if not hasattr(signal, "pthread_sigmask"):  # not POSIX
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _swap(staging: Path, target: Path) -> Path | None:
    """Two renames; returns the old tree's new name for removal, if there was one."""
    if not target.exists():
        staging.rename(target)
        return None
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if old.exists():
        shutil.rmtree(old)
    target.rename(old)
    try:
        staging.rename(target)
    except BaseException:
        old.rename(target)
        raise
    return old
