"""write: atomic swap, unchanged files untouched, unsafe targets and names refused."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator import ROOT
from generator import write as write_module
from generator.errors import GeneratorError
from generator.write import MANIFEST, write_tree


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def leftovers(parent: Path) -> list[str]:
    """Staging or backup directories next to the output."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output directory holding a previous generation."""
    target = tmp_path / "site" / "out"
    write_tree(target, {"pkg/__init__.py": b"", "pkg/a.py": b"a = 1\n", "pkg/b.py": b"b = 1\n"})
    return target


def test_first_write_creates_the_tree_and_manifest(tmp_path: Path) -> None:
    target = tmp_path / "new" / "out"
    stats = write_tree(target, {"pkg/a.py": b"a", "README.md": b"r"})
    assert (stats.written, stats.unchanged, stats.deleted) == (2, 0, 0)
    assert snapshot(target)["pkg/a.py"] == b"a"
    manifest = (target / MANIFEST).read_text().splitlines()
    assert [line.split("  ")[1] for line in manifest] == ["README.md", "pkg/a.py"]
    assert all(len(line.split("  ")[0]) == 64 for line in manifest)


def test_unchanged_files_keep_inode_and_mtime(out: Path) -> None:
    a = out / "pkg" / "a.py"
    os.utime(a, (1_000_000_000, 1_000_000_000))
    before = os.stat(a)
    stats = write_tree(
        out, {"pkg/__init__.py": b"", "pkg/a.py": b"a = 1\n", "pkg/c.py": b"c = 1\n"}
    )
    after = os.stat(a)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert (stats.written, stats.unchanged, stats.deleted) == (1, 2, 1)
    assert not (out / "pkg" / "b.py").exists()
    assert (out / "pkg" / "c.py").read_bytes() == b"c = 1\n"
    assert leftovers(out.parent) == []


def test_changed_files_are_rewritten(out: Path) -> None:
    stats = write_tree(
        out, {"pkg/__init__.py": b"", "pkg/a.py": b"a = 2\n", "pkg/b.py": b"b = 1\n"}
    )
    assert (stats.written, stats.unchanged, stats.deleted) == (1, 2, 0)
    assert (out / "pkg" / "a.py").read_bytes() == b"a = 2\n"


def test_a_file_edited_by_hand_is_restored(out: Path) -> None:
    (out / "pkg" / "a.py").write_bytes(b"edited")
    write_tree(out, {"pkg/__init__.py": b"", "pkg/a.py": b"a = 1\n", "pkg/b.py": b"b = 1\n"})
    assert (out / "pkg" / "a.py").read_bytes() == b"a = 1\n"


def test_deleted_files_are_counted(out: Path) -> None:
    stats = write_tree(out, {"pkg/__init__.py": b""})
    assert stats.deleted == 2
    assert sorted(snapshot(out)) == [MANIFEST, "pkg/__init__.py"]


def _fail_on_write(monkeypatch: pytest.MonkeyPatch, error: BaseException, after: int) -> list[Path]:
    calls: list[Path] = []
    real = Path.write_bytes

    def failing(self: Path, data: bytes) -> int:
        calls.append(self)
        if len(calls) > after:
            raise error
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    return calls


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
@pytest.mark.parametrize("after", [0, 2])
def test_a_failed_write_leaves_the_old_tree(
    out: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException, after: int
) -> None:
    before = snapshot(out)
    calls = _fail_on_write(monkeypatch, error, after)
    new = {f"pkg/{name}.py": b"new" for name in "cdefg"}
    with pytest.raises(GeneratorError if isinstance(error, OSError) else KeyboardInterrupt) as info:
        write_tree(out, new)
    monkeypatch.undo()
    assert len(calls) == after + 1  # it really failed midway
    if isinstance(info.value, GeneratorError):
        assert "No space left" in str(info.value)
    assert snapshot(out) == before
    assert leftovers(out.parent) == []


def test_a_name_that_is_a_directory_in_staging_fails_cleanly(out: Path) -> None:
    before = snapshot(out)
    with pytest.raises(GeneratorError, match="cannot write output"):
        write_tree(out, {"pkg/a.py": b"file", "pkg/a.py/inner.py": b"needs a directory"})
    assert snapshot(out) == before
    assert leftovers(out.parent) == []


def test_a_failed_swap_restores_the_old_tree(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(out)
    real_rename = Path.rename

    def rename(self: Path, target: Path) -> Path:
        if ".new-" in self.name:  # staging -> out: the second rename of the swap
            raise OSError(18, "Invalid cross-device link")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(GeneratorError):
        write_tree(out, {"pkg/a.py": b"new"})
    monkeypatch.undo()
    assert snapshot(out) == before
    assert leftovers(out.parent) == []


@pytest.mark.parametrize(
    "name", ["../x.py", "/abs.py", "a/../../b.py", "a/../b.py", "", ".", "a\\..\\b.py"]
)
def test_paths_outside_the_output_are_refused(out: Path, name: str) -> None:
    before = snapshot(out)
    with pytest.raises(GeneratorError, match="outside the output"):
        write_tree(out, {"ok.py": b"x", name: b"x"})
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]


def test_foreign_directory_is_refused_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "mine.txt").write_text("keep")
    with pytest.raises(GeneratorError, match="--force"):
        write_tree(target, {"a.py": b"x"})
    assert snapshot(target) == {"mine.txt": b"keep"}
    write_tree(target, {"a.py": b"x"}, force=True)
    assert sorted(snapshot(target)) == [MANIFEST, "a.py"]


def test_empty_directory_is_fine(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    write_tree(tmp_path / "out", {"a.py": b"x"})
    assert (tmp_path / "out" / "a.py").read_bytes() == b"x"


def test_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_text("not a directory")
    for force in (False, True):
        with pytest.raises(GeneratorError, match="not a directory"):
            write_tree(target, {"a.py": b"x"}, force=force)
    assert target.read_text() == "not a directory"


@pytest.fixture
def no_swap(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the checks say, never replace a real directory in these tests."""

    def refuse(staging: Path, out: Path) -> None:
        raise AssertionError(f"would have replaced {out}")

    monkeypatch.setattr(write_module, "_swap", refuse)


@pytest.mark.usefixtures("no_swap")
@pytest.mark.parametrize("target", [ROOT, ROOT / "generator" / "..", Path("/")])
def test_the_project_root_and_filesystem_root_are_refused(target: Path) -> None:
    with pytest.raises(GeneratorError, match="refusing to write into"):
        write_tree(target, {"a.py": b"x"}, force=True)


@pytest.mark.usefixtures("no_swap")
def test_home_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(GeneratorError, match="refusing to write into"):
        write_tree(home, {"a.py": b"x"}, force=True)


def test_directories_holding_the_project_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stand-in project: write.py refuses the project root (generator.ROOT).
    project = tmp_path / "workspace" / "project"
    (project / "generator").mkdir(parents=True)
    (project / "keep.txt").write_text("precious")
    monkeypatch.setattr(write_module, "ROOT", project)
    for target in (project, tmp_path / "workspace", tmp_path):
        with pytest.raises(GeneratorError, match="refusing to write into"):
            write_tree(target, {"a.py": b"x"}, force=True)
    assert (project / "keep.txt").read_text() == "precious"
    write_tree(tmp_path / "workspace" / "out", {"a.py": b"x"})  # a sibling is fine


def dead_pid() -> int:
    """A pid no process has (a child that has exited and been reaped)."""
    import subprocess
    import sys

    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)


def test_the_output_directory_is_not_private(tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    umask = os.umask(0o022)
    try:
        write_tree(target, {"a.py": b"x"})
    finally:
        os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o755  # not mkdtemp's 0700


def test_the_mode_of_an_existing_output_is_kept(out: Path) -> None:
    out.chmod(0o750)
    write_tree(out, {"a.py": b"x"})
    assert out.stat().st_mode & 0o777 == 0o750


def test_a_symlinked_output_is_written_where_it_points(tmp_path: Path, out: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(out)
    write_tree(link, {"pkg/a.py": b"a = 1\n"})
    assert link.is_symlink() and snapshot(out) == snapshot(link)
    assert (out / "pkg" / "a.py").read_bytes() == b"a = 1\n"


def test_a_file_reached_through_a_symlink_is_not_linked(tmp_path: Path, out: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.py").write_bytes(b"a = 1\n")
    (out / "pkg" / "a.py").unlink()
    (out / "pkg" / "a.py").symlink_to(outside / "a.py")
    stats = write_tree(out, {"pkg/a.py": b"a = 1\n"})
    assert stats.written == 1 and not (out / "pkg" / "a.py").is_symlink()
    assert os.stat(out / "pkg" / "a.py").st_ino != os.stat(outside / "a.py").st_ino


def test_a_tree_lost_between_the_two_renames_is_put_back(out: Path) -> None:
    # SIGKILL after `out -> .out.old-<pid>` and before `staging -> out`.
    a = out / "pkg" / "a.py"
    inode = a.stat().st_ino
    old = out.with_name(f".out.old-{dead_pid()}")
    out.rename(old)
    stale = out.with_name(f".out.new-{dead_pid()}-abcd")
    stale.mkdir()
    stats = write_tree(out, {"pkg/__init__.py": b"", "pkg/a.py": b"a = 1\n"})
    assert (stats.unchanged, stats.deleted) == (2, 1)  # from the restored tree
    assert a.stat().st_ino == inode
    assert leftovers(out.parent) == []


def test_staging_of_a_running_process_is_left_alone(out: Path) -> None:
    busy = out.with_name(f".out.new-{os.getppid()}-abcd")
    busy.mkdir()
    write_tree(out, {"a.py": b"x"})
    assert busy.is_dir()


def test_ctrl_c_during_the_swap_is_held_until_it_is_done(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal
    import threading

    real_rename = Path.rename

    def rename(self: Path, target: Path) -> Path:
        # To this thread (a process-directed signal may land on another test's
        # thread, which does not block it): arrives between the two renames.
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        write_tree(out, {"new.py": b"n"})
    monkeypatch.undo()
    assert sorted(snapshot(out)) == [MANIFEST, "new.py"]  # the swap completed
    write_tree(out, {"new.py": b"n"})  # and the next run cleans up after it
    assert leftovers(out.parent) == []


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a/b.py": b"1", "a//b.py": b"2"}, "same path"),
        ({MANIFEST: b"x"}, "reserved"),
        ({"a.py": "text"}, "not bytes"),
    ],
)
def test_ambiguous_or_wrong_files_are_refused(
    out: Path, files: dict[str, bytes], message: str
) -> None:
    before = snapshot(out)
    with pytest.raises(GeneratorError, match=message):
        write_tree(out, files)
    assert snapshot(out) == before
    assert leftovers(out.parent) == []


def test_a_git_work_tree_is_refused_even_forced(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    with pytest.raises(GeneratorError, match="git"):
        write_tree(repo, {"a.py": b"x"}, force=True)
    assert (repo / ".git").is_dir()


def test_an_unwritable_parent_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"  # a parent that is a file fails even for root
    blocker.write_text("")
    with pytest.raises(GeneratorError, match="cannot write output") as info:
        write_tree(blocker / "out", {"a.py": b"x"})
    assert info.value.file == str(blocker)
    if os.geteuid() != 0:  # root ignores permissions
        parent = tmp_path / "ro"
        parent.mkdir()
        parent.chmod(0o555)
        try:
            with pytest.raises(GeneratorError, match="Permission denied"):
                write_tree(parent / "out", {"a.py": b"x"})
        finally:
            parent.chmod(0o755)


def test_output_bytes_are_exact(tmp_path: Path) -> None:
    data = {"bin.dat": bytes(range(256)), "crlf.txt": b"a\r\nb", "empty.py": b""}
    write_tree(tmp_path / "o", data)
    assert {k: v for k, v in snapshot(tmp_path / "o").items() if k != MANIFEST} == data


SAME = {"pkg/__init__.py": b"", "pkg/a.py": b"a = 1\n", "pkg/b.py": b"b = 1\n"}


def test_a_rerun_with_the_same_files_touches_nothing(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root_before = os.stat(out)

    def no_staging(target: Path) -> Path:
        raise AssertionError("staged a tree that was already there")

    monkeypatch.setattr(write_module, "_make_staging", no_staging)
    stats = write_tree(out, dict(SAME))
    assert (stats.written, stats.unchanged, stats.deleted) == (0, 3, 0)
    assert os.stat(out).st_ino == root_before.st_ino
    assert leftovers(out.parent) == []


@pytest.mark.parametrize(
    "extra",
    ["file", "empty dir", "changed", "symlink", "missing"],
)
def test_a_rerun_still_swaps_when_the_tree_differs(out: Path, extra: str) -> None:
    if extra == "file":
        (out / "pkg" / "notes.txt").write_bytes(b"mine")
    elif extra == "empty dir":
        (out / "pkg" / "empty").mkdir()
    elif extra == "changed":
        (out / "pkg" / "a.py").write_bytes(b"a = 2\n")
    elif extra == "symlink":
        (out / "pkg" / "link.py").symlink_to(out / "pkg" / "a.py")
    else:
        (out / "pkg" / "b.py").unlink()
    write_tree(out, dict(SAME))
    assert snapshot(out) == {**{k: v for k, v in SAME.items()}, MANIFEST: snapshot(out)[MANIFEST]}
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        MANIFEST,
        "pkg",
        "pkg/__init__.py",
        "pkg/a.py",
        "pkg/b.py",
    ]


def test_matches_manifest_until_a_file_is_edited_added_or_removed(out: Path) -> None:
    assert write_module.matches_manifest(out)
    (out / "pkg" / "a.py").write_bytes(b"a = 2\n")  # same size, other bytes
    assert not write_module.matches_manifest(out)
    (out / "pkg" / "a.py").write_bytes(b"a = 1\n")
    assert write_module.matches_manifest(out)
    (out / "pkg" / "extra.py").write_bytes(b"")
    assert not write_module.matches_manifest(out)
    (out / "pkg" / "extra.py").unlink()
    (out / "pkg" / "b.py").unlink()
    assert not write_module.matches_manifest(out)


def test_a_damaged_manifest_matches_nothing(out: Path) -> None:
    (out / MANIFEST).write_text("not a manifest\n")
    assert not write_module.matches_manifest(out)
    (out / MANIFEST).unlink()
    assert not write_module.matches_manifest(out)


def test_a_large_rewrite_leaves_the_old_tree_to_a_detached_process(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write_module, "_DETACH_FROM", 1)
    stats = write_tree(out, {"pkg/__init__.py": b"", "pkg/a.py": b"a = 2\n"})
    assert (stats.written, stats.deleted) == (1, 1)
    assert snapshot(out) == {
        "pkg/__init__.py": b"",
        "pkg/a.py": b"a = 2\n",
        MANIFEST: snapshot(out)[MANIFEST],
    }
    deadline = time.monotonic() + 30
    while leftovers(out.parent) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert leftovers(out.parent) == []


def test_tool_caches_in_the_tree_do_not_count_as_changes(out: Path) -> None:
    (out / "pkg" / "__pycache__").mkdir()
    (out / "pkg" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    (out / ".mypy_cache").mkdir()
    assert write_module.matches_manifest(out)
