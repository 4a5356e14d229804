"""The CLI contract, end to end: exit codes, one readable error line, output left intact."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
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
VIOLATION = SPEC.replace('enum: [a-b, "1x"]}', 'enum: [a-b, "1x"], default: null}')
BROKEN_REF = SPEC.replace(
    'items: {$ref: "#/components/schemas/Thing"}', 'items: {$ref: "#/components/schemas/Nope"}'
)
BAD_YAML = SPEC.replace("  /things/{id}:\n", "  /things/{id}: [\n", 1)


def run(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    """`python -m generator <args>` from the project root; `cache` is its $XDG_CACHE_HOME.

    The tests share one cache (black's output for unchanged files comes from it), which
    keeps them fast; caching itself is tested in test_load/test_validate/test_format.
    """
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=ROOT,
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
    (base / "notes.txt").write_text("a file, not a directory\n")
    foreign = base / "foreign"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("keep me\n")
    package = f"tiny_{uuid.uuid4().hex[:10]}"
    out = base / "out"
    result = run(
        "generate",
        "--spec",
        str(base / "tiny.yaml"),
        "--out",
        str(out),
        "--package",
        package,
        cache=base / "cache",
    )
    return Generated(base, base / "cache", out, package, tree(out) if out.is_dir() else {}, result)


def test_generate_succeeds_with_one_progress_line_per_stage(generated: Generated) -> None:
    result = generated.result
    assert result.returncode == 0, result.stderr
    stages = [line.split()[0] for line in result.stderr.splitlines()]
    assert stages == ["load", "validate", "select", "ir", "render", "format", "write", "total"]
    assert f"{generated.package}/__init__.py" in generated.snapshot
    assert ".generated-manifest" in generated.snapshot


def test_generated_package_imports_and_has_the_methods(generated: Generated) -> None:
    pkg = generated.package
    code = (
        f"import {pkg}\n"
        f"from {pkg} import Tiny, AsyncTiny\n"
        "c = Tiny(api_key='k')\n"
        "for m in (c.things.list, c.things.create, c.things.retrieve,"
        " c.things.actions.validate, AsyncTiny(api_key='k').things.retrieve):\n"
        "    assert callable(m), m\n"
        f"print({pkg}.__name__)\n"
    )
    check = subprocess.run(
        [sys.executable, "-c", code],
        cwd=generated.out,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == pkg


def test_ir_prints_json_operations(generated: Generated, tmp_path: Path) -> None:
    result = run("ir", "--spec", str(generated.dir / "tiny.yaml"), cache=generated.cache)
    assert result.returncode == 0, result.stderr
    ir = json.loads(result.stdout)
    ops = {
        (o["http_method"], o["path"]): (o["operation_id"], o["python_method"])
        for o in ir["operations"]
    }
    assert ops == {
        ("get", "/things"): ("ListThings", "things.list"),
        ("post", "/things"): ("CreateThing", "things.create"),
        ("get", "/things/{id}"): ("GetThing", "things.retrieve"),
        ("post", "/things/actions/validate"): ("ValidateThing", "things.actions.validate"),
    }


def test_rerun_rewrites_nothing(generated: Generated, tmp_path: Path) -> None:
    result = run(
        "generate",
        "--spec",
        str(generated.dir / "tiny.yaml"),
        "--out",
        str(generated.out),
        "--package",
        generated.package,
        "--quiet",
        cache=generated.cache,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # --quiet
    assert tree(generated.out) == generated.snapshot


# (arguments with {dir} and {out} placeholders, exit code, text the error line must hold)
FAILURES = {
    "missing spec": (["generate", "--spec", "{dir}/none.yaml"], EXIT_ERROR, "not found"),
    "broken ref": (
        ["generate", "--spec", "{dir}/broken_ref.yaml"],
        EXIT_ERROR,
        "/paths/~1things/get/responses/200/content/application~1json/schema/properties/data/items/$ref",
    ),
    "malformed yaml": (["generate", "--spec", "{dir}/bad.yaml"], EXIT_ERROR, "bad.yaml:"),
    "unknown section": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--sections", "nope,numbers"],
        EXIT_USAGE,
        "known sections",
    ),
    "strict": (
        ["generate", "--spec", "{dir}/violation.yaml", "--strict"],
        EXIT_VALIDATION,
        "--strict",
    ),
    "unknown flag": (["generate", "--spec", "{dir}/tiny.yaml", "--colour"], EXIT_USAGE, "--colour"),
    "bad package": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--package", "1-bad"],
        EXIT_USAGE,
        "1-bad",
    ),
    "no command": ([], EXIT_USAGE, "command"),
    "out is a file": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--out", "{dir}/notes.txt"],
        EXIT_ERROR,
        "not a directory",
    ),
    "foreign out": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--out", "{dir}/foreign"],
        EXIT_ERROR,
        "--force",
    ),
}


@pytest.mark.parametrize("case", list(FAILURES))
def test_failures_exit_with_their_code_and_one_error_line(
    generated: Generated, tmp_path: Path, case: str
) -> None:
    args, code, text = FAILURES[case]
    argv = [a.format(dir=generated.dir, out=generated.out) for a in args]
    if argv and argv[0] == "generate" and "--out" not in argv:
        argv += ["--out", str(generated.out)]
    before = tree(generated.out)
    assert before, "the fixture generated nothing"
    bystanders = {p: tree(p) for p in (generated.dir / "foreign",)}
    notes = (generated.dir / "notes.txt").read_bytes()

    result = run(*argv, cache=generated.cache)

    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    errors = error_lines(result.stderr)
    assert len(errors) == 1, result.stderr
    assert text in errors[0]
    assert result.stdout == ""
    # Whatever failed, the output directories are exactly as they were.
    assert tree(generated.out) == before
    assert {p: tree(p) for p in bystanders} == bystanders
    assert (generated.dir / "notes.txt").read_bytes() == notes


def test_error_locations(generated: Generated, tmp_path: Path) -> None:
    bad_yaml = run("ir", "--spec", str(generated.dir / "bad.yaml"), cache=generated.cache)
    (line,) = error_lines(bad_yaml.stderr)
    assert f"{generated.dir / 'bad.yaml'}:" in line and "invalid YAML" in line
    location = line.split("bad.yaml:", 1)[1].split(":")[:2]
    assert all(part.isdigit() for part in location), line  # line:column

    strict = run(
        "ir", "--spec", str(generated.dir / "violation.yaml"), "--strict", cache=generated.cache
    )
    assert strict.returncode == EXIT_VALIDATION
    assert "/components/schemas/Thing/properties/kind/default" in strict.stderr
    lenient = run("ir", "--spec", str(generated.dir / "violation.yaml"), cache=generated.cache)
    assert lenient.returncode == 0 and "warning:" in lenient.stderr
    assert json.loads(lenient.stdout)["operations"]


def test_force_replaces_a_foreign_directory(generated: Generated, tmp_path: Path) -> None:
    target = tmp_path / "foreign"
    target.mkdir()
    (target / "mine.txt").write_text("theirs")
    argv = ["generate", "--spec", str(generated.dir / "tiny.yaml"), "--out", str(target)]
    refused = run(*argv, "--quiet", cache=generated.cache)
    assert refused.returncode == EXIT_ERROR and tree(target) == {"mine.txt": b"theirs"}
    forced = run(*argv, "--quiet", "--force", cache=generated.cache)
    assert forced.returncode == 0, forced.stderr
    assert not (target / "mine.txt").exists() and (target / ".generated-manifest").is_file()


def test_help_documents_exit_codes(tmp_path: Path) -> None:
    for argv in (["--help"], ["generate", "--help"]):
        result = run(*argv, cache=tmp_path)
        assert result.returncode == 0
        assert "exit codes" in result.stdout
        for code in ("0", "1", "2", "3", "130"):
            assert f"  {code} " in result.stdout
    assert "--force" in run("generate", "--help", cache=tmp_path).stdout


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
