"""uptodate: a run whose recorded inputs match does nothing; any changed input or file runs."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from generator import uptodate
from generator.drift import diff
from generator.errors import GeneratorError
from generator.pipeline import Options, Progress, generate

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests" / "fixtures" / "enums.yaml"


def run(
    out: Path, spec: Path = SPEC, *, sections: list[str] | None = None, strict: bool = False
) -> Progress:
    progress = Progress(stream=io.StringIO())
    options = Options(spec=spec, out=out, package="pkg_uptodate", sections=sections, strict=strict)
    with contextlib.suppress(GeneratorError):  # --strict stops on violations: still a full run
        generate(options, progress)
    return progress


def skipped(progress: Progress) -> bool:
    return "check" in progress.timings and "render" not in progress.timings


@pytest.fixture
def out(tmp_path: Path) -> Path:
    target = tmp_path / "out"
    assert not skipped(run(target))
    return target


def test_a_rerun_with_the_same_inputs_does_nothing(out: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    progress = run(out)
    assert skipped(progress)
    assert isinstance(progress.stream, io.StringIO)
    text = progress.stream.getvalue()
    assert "up to date" in text and "spec violations" in text  # the cached verdict
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before


def test_an_edited_generated_file_is_put_back(out: Path) -> None:
    module = next(out.rglob("*.py"))
    original = module.read_bytes()
    module.write_bytes(original + b"# edited\n")
    assert not skipped(run(out))
    assert module.read_bytes() == original
    assert skipped(run(out))


def test_an_added_file_is_not_kept(out: Path) -> None:
    (out / "stray.txt").write_text("x")
    assert not skipped(run(out))
    assert not (out / "stray.txt").exists()


def test_another_spec_runs_in_full(out: Path, tmp_path: Path) -> None:
    changed = tmp_path / "spec.yaml"
    changed.write_text(SPEC.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert not skipped(run(out, changed))
    assert skipped(run(out, changed))


def test_options_that_shape_the_output_are_inputs(out: Path) -> None:
    assert not skipped(run(out, sections=["all"]))


def test_strict_always_runs_in_full(out: Path) -> None:
    progress = run(out, strict=True)
    assert "check" not in progress.timings and "load" in progress.timings


def test_a_changed_generator_file_changes_the_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = tmp_path / "src"
    sources.mkdir()
    (sources / "a.py").write_text("x = 1\n")
    monkeypatch.setattr(uptodate, "_SOURCE_DIRS", (sources,))
    monkeypatch.setattr(uptodate, "_SOURCE_FILES", ())
    monkeypatch.setattr(uptodate, "_PROJECT_ROOT", tmp_path)
    first = uptodate.fingerprint(SPEC, "s", None)
    assert uptodate.fingerprint(SPEC, "s", None) == first
    (sources / "a.py").write_text("x = 2\n")
    assert uptodate.fingerprint(SPEC, "s", None) != first
    assert uptodate.fingerprint(SPEC, "s", b"lock") != uptodate.fingerprint(SPEC, "s", None)
    assert uptodate.fingerprint(SPEC, "t", None) != uptodate.fingerprint(SPEC, "s", None)


def test_drift_ignores_the_inputs_record(out: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    run(other)
    (other / uptodate.INPUTS_FILE).write_text("inputs 0\n")
    assert diff(out, other) == []
