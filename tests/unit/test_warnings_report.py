"""Warnings on the command line: a short summary by default, every one with
`--warnings all`, a JSON file for CI with `--warnings-json`, counted by kind on the
last progress line, and an error exit under `--strict`.

The Petstore fixture carries 16 deliberate spec violations (13 + 3 of two kinds);
the IR's own warnings (a part generated through a fallback) go the same way.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from generator import cli, pipeline
from generator.errors import EXIT_OK, EXIT_VALIDATION, Diagnostic
from generator.ir.build import build_ir
from tests.conftest import ROOT

OTHERS = ROOT / "tests" / "fixtures" / "others"
PETSTORE = OTHERS / "petstore.yaml"
COUNTS = {"default-null-not-allowed": 13, "invalid-default": 3}


@pytest.fixture(autouse=True)
def _own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = cli.main(list(args))
    return code, capsys.readouterr().err.splitlines()


def warnings(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("warning: ")]


def test_the_default_is_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = run(capsys, "ir", "--spec", str(PETSTORE))
    assert code == EXIT_OK
    shown = warnings(lines)
    assert len(shown) == 11
    assert shown[-1].startswith("warning: ... 6 more (--warnings all prints every one")
    assert shown[0] == (
        "warning: /components/schemas/Pet/properties/tag/default: default: null but the "
        "schema does not allow null (None for not nullable) [default-null-not-allowed]"
    )


def test_all_prints_every_warning(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = run(capsys, "ir", "--spec", str(PETSTORE), "--warnings", "all")
    assert code == EXIT_OK
    shown = warnings(lines)
    assert len(shown) == 16 and not any("more" in line for line in shown)
    kinds = [line.rpartition("[")[2].rstrip("]") for line in shown]
    assert {k: kinds.count(k) for k in set(kinds)} == COUNTS


def test_an_unknown_mode_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["ir", "--spec", str(PETSTORE), "--warnings", "some"])
    assert info.value.code == 2


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_json_lists_every_warning_with_counts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "warnings.json"
    code, lines = run(capsys, "ir", "--spec", str(PETSTORE), "--warnings-json", str(out))
    assert code == EXIT_OK and len(warnings(lines)) == 11  # stderr keeps its summary
    report = read(out)
    assert (report["spec"], report["total"], report["counts"]) == (str(PETSTORE), 16, COUNTS)
    assert list(report["counts"]) == ["default-null-not-allowed", "invalid-default"]
    first = report["warnings"][0]
    assert first == {
        "stage": "validate",
        "kind": "default-null-not-allowed",
        "pointer": "/components/schemas/Pet/properties/tag/default",
        "message": "default: null but the schema does not allow null (None for not nullable)",
    }
    assert {w["stage"] for w in report["warnings"]} == {"validate"}
    assert all(w["pointer"].startswith("/") and w["message"] for w in report["warnings"])


def test_strict_fails_and_still_writes_the_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "warnings.json"
    args = ["generate", "--spec", str(PETSTORE), "--out", str(tmp_path / "pkg")]
    code, lines = run(capsys, *args, "--strict", "--warnings-json", str(out))
    assert code == EXIT_VALIDATION
    assert len(warnings(lines)) == 16  # --strict shows every one
    assert lines[-1].startswith("error: ") and "16 spec violations" in lines[-1]
    assert read(out)["counts"] == COUNTS
    assert not (tmp_path / "pkg").exists()


def test_a_generated_package_ends_with_the_counts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "pkg"
    code, lines = run(capsys, "generate", "--spec", str(PETSTORE), "--out", str(out))
    assert code == EXIT_OK and (out / "telnyx_client" / "_error_root.py").is_file()
    assert lines[-1].startswith("total ")
    assert lines[-1].endswith("16 warnings: 13 default-null-not-allowed, 3 invalid-default")


DEGRADED = Diagnostic("unresolved-ref", "/components/schemas/X/$ref", "typed as Any")


@pytest.fixture
def degraded_ir(monkeypatch: pytest.MonkeyPatch) -> None:
    """The IR reports one part it generated through a fallback."""

    def with_fallback(*args: Any, **kwargs: Any) -> Any:
        return dataclasses.replace(build_ir(*args, **kwargs), diagnostics=(DEGRADED,))

    monkeypatch.setattr(pipeline, "build_ir", with_fallback)


@pytest.mark.usefixtures("degraded_ir")
def test_ir_warnings_follow_its_line_and_are_counted(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out, report = tmp_path / "pkg", tmp_path / "warnings.json"
    spec = str(OTHERS / "parcel.yaml")
    code, lines = run(
        capsys, "generate", "--spec", spec, "--out", str(out), "--warnings-json", str(report)
    )
    assert code == EXIT_OK
    firsts = [line.split()[0] for line in lines]
    assert firsts[firsts.index("ir") + 1] == "warning:"
    assert lines[firsts.index("ir")].endswith("(1 degraded)")
    assert lines[firsts.index("ir") + 1] == f"warning: {DEGRADED}"
    assert lines[-1].endswith("1 warning: 1 unresolved-ref")
    assert read(report)["warnings"] == [
        {
            "stage": "ir",
            "kind": "unresolved-ref",
            "pointer": "/components/schemas/X/$ref",
            "message": "typed as Any",
        }
    ]


@pytest.mark.usefixtures("degraded_ir")
def test_ir_warnings_fail_under_strict(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out, report = tmp_path / "pkg", tmp_path / "warnings.json"
    spec = str(OTHERS / "parcel.yaml")
    args = ["generate", "--spec", spec, "--out", str(out), "--strict"]
    code, lines = run(capsys, *args, "--warnings-json", str(report))
    assert code == EXIT_VALIDATION
    assert "1 part of the document could not be generated as written" in lines[-1]
    assert read(report)["counts"] == {"unresolved-ref": 1}
    assert not out.exists()
