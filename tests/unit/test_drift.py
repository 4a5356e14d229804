"""drift: the summary names every missing, extra and differing file, quietly."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import drift


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_diff_names_missing_extra_and_differing(tmp_path: Path) -> None:
    committed = tree(tmp_path / "c", {"same.py": "x", "old.py": "o", "pkg/changed.py": "1"})
    fresh = tree(tmp_path / "f", {"same.py": "x", "new.py": "n", "pkg/changed.py": "2"})
    assert drift.diff(committed, fresh) == [
        "  missing:  new.py",
        "  extra:    old.py",
        "  differs:  pkg/changed.py",
    ]
    assert drift.diff(committed, committed) == []


def test_the_inputs_fingerprint_is_no_drift(tmp_path: Path) -> None:
    """It changes with the generator's code, not with the output."""

    def out(root: Path, inputs: str, listed: str) -> Path:
        manifest = f"{listed}  .generated-inputs\nabc  a.py\n"
        return tree(
            root, {".generated-inputs": inputs, ".generated-manifest": manifest, "a.py": "x"}
        )

    assert (
        drift.diff(out(tmp_path / "c", "inputs 1", "11"), out(tmp_path / "f", "inputs 2", "22"))
        == []
    )
    changed = tree(tmp_path / "g", {".generated-manifest": "22  .generated-inputs\nabd  a.py\n"})
    assert "  differs:  .generated-manifest" in drift.diff(tmp_path / "c", changed)


def test_main_reports_a_summary_and_no_spec_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fake_generate(options: drift.Options, progress: drift.Progress) -> None:
        print("warning: /x: a spec violation", file=progress.stream)
        tree(options.out, {"a.py": "new"})

    monkeypatch.setattr(drift, "generate", fake_generate)
    committed = tree(tmp_path / "generated", {"a.py": "old"})
    assert drift.main([str(committed)]) == 1
    out, err = capsys.readouterr()
    assert "differs:  a.py" in out and "make generate" in out
    assert "warning" not in out + err
    (committed / "a.py").write_text("new")
    assert drift.main([str(committed)]) == 0
