"""The CLI contract, end to end: exit codes, one readable error line, output left intact."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import cli
from generator.errors import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_USAGE, EXIT_VALIDATION

ROOT = Path(__file__).resolve().parents[2]

SPEC = """\
openapi: 3.1.0
info: {title: Tiny API, version: 1.0.0}
servers: [{url: "https://tiny.example/v1"}]
paths:
  /things:
    get:
      operationId: ListThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {$ref: "#/components/schemas/Thing"}}
    post:
      operationId: CreateThing
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Thing"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
  /things/{id}:
    get:
      operationId: GetThing
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
  /things/actions/validate:
    post:
      operationId: ValidateThing
      responses: {"204": {description: done}}
components:
  schemas:
    Thing:
      type: object
      properties:
        from: {type: string}
        kind: {type: string, enum: [a-b, "1x"]}
"""
# The same document with one spec violation (default: null on a non-nullable string).
VIOLATION = SPEC.replace("from: {type: string}", "from: {type: string, default: null}")
BROKEN_REF = SPEC.replace(
    'items: {$ref: "#/components/schemas/Thing"}', 'items: {$ref: "#/components/schemas/Nope"}'
)
BAD_YAML = SPEC.replace("  /things/{id}:\n", "  /things/{id}: [\n", 1)


def run(*args: str, cache: Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`python <args>` (from the project root by default); `cache` is its $XDG_CACHE_HOME.

    The tests share one cache (black's output for unchanged files comes from it), which
    keeps them fast; caching itself is tested in test_load/test_validate/test_format.
    """
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "error:" in line]


@dataclass(frozen=True)
class Generated:
    dir: Path  # holds the specs
    cache: Path
    out: Path
    package: str
    snapshot: dict[str, bytes]
    result: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    base = tmp_path_factory.mktemp("cli")
    for name, text in (
        ("tiny.yaml", SPEC),
        ("violation.yaml", VIOLATION),
        ("broken_ref.yaml", BROKEN_REF),
        ("bad.yaml", BAD_YAML),
    ):
        (base / name).write_text(text)
    package = f"tiny_{uuid.uuid4().hex[:10]}"
    out = base / "out"
    argv = ["-m", "generator", "generate", "--spec", str(base / "tiny.yaml"), "--out", str(out)]
    result = run(*argv, "--package", package, cache=base / "cache")
    return Generated(base, base / "cache", out, package, tree(out) if out.is_dir() else {}, result)


# name: (arguments after `python -m generator`, exit code, regex the error line must match,
#        text stderr must hold besides). Placeholders: {dir} (the specs), {out} (a copy of the
# generated client made for this case alone), {file} (a file), {foreign} (a directory of
# someone else's files).
FAILURES: dict[str, tuple[list[str], int, str, str]] = {
    "missing spec": (["generate", "--spec", "{dir}/none.yaml"], EXIT_ERROR, "not found", ""),
    "broken ref": (
        ["generate", "--spec", "{dir}/broken_ref.yaml"],
        EXIT_ERROR,
        re.escape(
            "/paths/~1things/get/responses/200/content/application~1json/schema"
            "/properties/data/items/$ref: "
        )
        + ".*Nope",
        "",
    ),
    "malformed yaml": (
        ["generate", "--spec", "{dir}/bad.yaml"],
        EXIT_ERROR,
        r"bad\.yaml:\d+:\d+: invalid YAML",
        "",
    ),
    "unknown section": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--sections", "nope,numbers"],
        EXIT_USAGE,
        "'nope'.*known sections",
        "",
    ),
    "strict": (
        ["generate", "--spec", "{dir}/violation.yaml", "--strict"],
        EXIT_VALIDATION,
        r"\b1 spec violations? and --strict",
        "/components/schemas/Thing/properties/from/default",
    ),
    "unknown flag": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--colour"],
        EXIT_USAGE,
        "--colour",
        "usage:",
    ),
    "bad package": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--package", "1-bad"],
        EXIT_USAGE,
        "1-bad",
        "",
    ),
    "no command": ([], EXIT_USAGE, "command", "usage:"),
    "out is a file": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--out", "{file}"],
        EXIT_ERROR,
        "not a directory",
        "",
    ),
    "foreign out": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--out", "{foreign}"],
        EXIT_ERROR,
        "--force",
        "",
    ),
}


@dataclass(frozen=True)
class Case:
    result: subprocess.CompletedProcess[str]
    dirs: dict[Path, dict[str, bytes]]  # directories the case could touch, as they were


@pytest.fixture(scope="module")
def runs(generated: Generated, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    """Every CLI call after the first generate, run concurrently (two at a time per core)."""
    assert generated.result.returncode == 0, generated.result.stderr
    base = tmp_path_factory.mktemp("cases")
    commands: dict[str, tuple[list[str], Path]] = {}
    watched: dict[str, list[Path]] = {}
    for i, (name, (args, _, _, _)) in enumerate(FAILURES.items()):
        case = base / str(i)
        case.mkdir()
        out = case / "out"
        shutil.copytree(generated.out, out)
        (case / "notes.txt").write_text("a file, not a directory\n")
        (case / "foreign").mkdir()
        (case / "foreign" / "mine.txt").write_text("keep me\n")
        fill = {"dir": generated.dir, "out": out, "file": case / "notes.txt"}
        argv = [a.format(**fill, foreign=case / "foreign") for a in args]
        if argv[:1] == ["generate"] and "--out" not in argv:
            argv += ["--out", str(out)]
        commands[name] = (["-m", "generator", *argv], ROOT)
        watched[name] = [case]
    spec = str(generated.dir / "tiny.yaml")
    importable = shutil.copytree(generated.out, base / "importable")
    forced = base / "forced"
    forced.mkdir()
    (forced / "mine.txt").write_text("theirs")
    rerun = ["--spec", spec, "--out", str(generated.out), "--package", generated.package, "--quiet"]
    commands |= {
        "help": (["-m", "generator", "--help"], ROOT),
        "generate help": (["-m", "generator", "generate", "--help"], ROOT),
        "ir": (["-m", "generator", "ir", "--spec", spec], ROOT),
        "ir lenient": (
            ["-m", "generator", "ir", "--spec", str(generated.dir / "violation.yaml")],
            ROOT,
        ),
        "rerun": (["-m", "generator", "generate", *rerun], ROOT),
        "force": (
            ["-m", "generator", "generate", "--spec", spec, "--out", str(forced), "--force"],
            ROOT,
        ),
        # From a copy: `rerun` swaps generated.out while this runs.
        "import": (["-c", IMPORT_CHECK.format(pkg=generated.package)], importable),
    }
    before = {name: {d: tree(d) for d in watched.get(name, [])} for name in commands}

    def call(name: str) -> subprocess.CompletedProcess[str]:
        argv, cwd = commands[name]
        return run(*argv, cache=generated.cache, cwd=cwd)

    with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1)) as pool:
        results = dict(zip(commands, pool.map(call, commands), strict=True))
    return {name: Case(results[name], before[name]) for name in commands}


IMPORT_CHECK = """\
import {pkg}
from {pkg} import Tiny, AsyncTiny
c = Tiny(api_key="k")
for m in (c.things.list, c.things.create, c.things.retrieve, c.things.actions.validate,
          AsyncTiny(api_key="k").things.retrieve):
    assert callable(m), m
print({pkg}.__name__)
"""


def test_generate_succeeds_with_one_progress_line_per_stage(generated: Generated) -> None:
    result = generated.result
    assert result.returncode == 0, result.stderr
    stages = [line.split()[0] for line in result.stderr.splitlines()]
    assert stages == ["load", "validate", "select", "ir", "render", "format", "write", "total"]
    assert f"{generated.package}/__init__.py" in generated.snapshot
    assert ".generated-manifest" in generated.snapshot


def test_generated_package_imports_and_has_the_methods(
    generated: Generated, runs: dict[str, Case]
) -> None:
    check = runs["import"].result
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == generated.package


def test_ir_prints_json_operations(runs: dict[str, Case]) -> None:
    result = runs["ir"].result
    assert result.returncode == 0, result.stderr
    ops = {
        (o["http_method"], o["path"]): (o["operation_id"], o["python_method"])
        for o in json.loads(result.stdout)["operations"]
    }
    assert ops == {
        ("get", "/things"): ("ListThings", "things.list"),
        ("post", "/things"): ("CreateThing", "things.create"),
        ("get", "/things/{id}"): ("GetThing", "things.retrieve"),
        ("post", "/things/actions/validate"): ("ValidateThing", "things.actions.validate"),
    }


def test_violations_are_warnings_without_strict(runs: dict[str, Case]) -> None:
    result = runs["ir lenient"].result
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"^warning: /components/schemas/Thing/properties/from/default: ", result.stderr, re.M
    )
    assert json.loads(result.stdout)["operations"]


def test_rerun_rewrites_nothing(generated: Generated, runs: dict[str, Case]) -> None:
    result = runs["rerun"].result
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # --quiet
    assert tree(generated.out) == generated.snapshot


@pytest.mark.parametrize("case", list(FAILURES))
def test_failures_exit_with_their_code_and_one_error_line(runs: dict[str, Case], case: str) -> None:
    _, code, pattern, also = FAILURES[case]
    result = runs[case].result
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    errors = error_lines(result.stderr)
    assert len(errors) == 1, result.stderr
    assert re.search(pattern, errors[0]), errors[0]
    assert also in result.stderr
    assert result.stdout == ""
    # Whatever failed, its output directory, file and bystander are exactly as they were.
    for directory, before in runs[case].dirs.items():
        assert tree(directory) == before


def test_force_replaces_a_foreign_directory(runs: dict[str, Case]) -> None:
    result = runs["force"].result
    assert result.returncode == 0, result.stderr
    target = Path(result.args[result.args.index("--out") + 1])
    assert not (target / "mine.txt").exists() and (target / ".generated-manifest").is_file()


def test_help_documents_exit_codes(runs: dict[str, Case]) -> None:
    for name in ("help", "generate help"):
        result = runs[name].result
        assert result.returncode == 0
        assert "exit codes" in result.stdout
        for code in ("0", "1", "2", "3", "130"):
            assert f"  {code} " in result.stdout
    assert "--force" in runs["generate help"].result.stdout


# ---- in process: paths a subprocess cannot reach cheaply ------------------------


def test_ctrl_c_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "generate", interrupted)
    assert cli.main(["generate", "--spec", "x.yaml", "--out", "somewhere"]) == EXIT_INTERRUPTED
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "interrupted" in err


def test_os_errors_are_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object) -> None:
        raise PermissionError(13, "Permission denied", "/somewhere")

    monkeypatch.setattr(cli, "generate", broken)
    assert cli.main(["generate", "--spec", "x.yaml"]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Permission denied" in err
