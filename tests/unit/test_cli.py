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

from generator import ROOT, cli
from generator.errors import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    EXIT_VALIDATION,
)

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
BAD_JSON = '{"openapi": "3.1.0",\n  "info": {"title": "x" "version": "1"},\n  "paths": {}}\n'
SWAGGER = 'swagger: "2.0"\ninfo: {title: Old API, version: "1"}\npaths: {}\n'
NOT_OPENAPI = "name: my-app\nversion: 1.2.3\ndependencies: [a, b]\n"
OUTSIDE_REF = SPEC.replace(
    'items: {$ref: "#/components/schemas/Thing"}',
    'items: {$ref: "common.yaml#/components/schemas/Thing"}',
)
# Every file of the client changes (their header names the spec's sha256).
CHANGED = SPEC + "# a comment: same API, other bytes\n"
# A schema that is only a $ref to itself cannot be resolved.
REF_CYCLE = (
    SPEC.replace(
        "        from: {type: string}\n",
        '        from: {type: string}\n        loop: {$ref: "#/components/schemas/Loop"}\n',
    )
    + '    Loop: {$ref: "#/components/schemas/Loop"}\n'
)


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


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and directory (None, so an empty leftover shows) under `root`."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else None
        for p in sorted(root.rglob("*"))
    }


def error_lines(stderr: str) -> list[str]:
    return [
        line for line in stderr.splitlines() if "error:" in line or line.startswith("interrupted:")
    ]


@dataclass(frozen=True)
class Generated:
    dir: Path  # holds the specs
    cache: Path
    out: Path
    package: str
    snapshot: dict[str, bytes | None]
    result: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    base = tmp_path_factory.mktemp("cli")
    for name, text in (
        ("tiny.yaml", SPEC),
        ("violation.yaml", VIOLATION),
        ("broken_ref.yaml", BROKEN_REF),
        ("bad.yaml", BAD_YAML),
        ("bad.json", BAD_JSON),
        ("empty.yaml", ""),
        ("swagger.yaml", SWAGGER),
        ("not_openapi.yaml", NOT_OPENAPI),
        ("outside_ref.yaml", OUTSIDE_REF),
        ("changed.yaml", CHANGED),
        ("ref_cycle.yaml", REF_CYCLE),
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
# someone else's files), {project} (a stand-in copy of this project: generator/, templates/,
# specs/, which the case runs from), {link} (a symlink to it), {readonly} (a directory
# nobody may write in), {root} (the real project), {case} (the case's directory). Unless it
# says --out, a `generate` writes to {out}. Every case's directory (specs aside) is compared
# before/after: a failure changes nothing.
FAILURES: dict[str, tuple[list[str], int, str, str]] = {
    "missing spec": (
        ["generate", "--spec", "{dir}/none.yaml"],
        EXIT_ERROR,
        r"/none\.yaml: spec file not found",
        "",
    ),
    "spec is a directory": (
        ["generate", "--spec", "{dir}"],
        EXIT_ERROR,
        "spec path is a directory",
        "",
    ),
    "empty spec": (
        ["generate", "--spec", "{dir}/empty.yaml"],
        EXIT_ERROR,
        r"/empty\.yaml: spec file is empty",
        "",
    ),
    "malformed yaml": (
        ["generate", "--spec", "{dir}/bad.yaml"],
        EXIT_ERROR,
        r"/bad\.yaml:\d+:\d+: invalid YAML",
        "",
    ),
    "malformed json": (
        ["generate", "--spec", "{dir}/bad.json"],
        EXIT_ERROR,
        r"/bad\.json:2:25: invalid JSON",
        "",
    ),
    "swagger 2.0": (
        ["generate", "--spec", "{dir}/swagger.yaml"],
        EXIT_ERROR,
        r"/swagger\.yaml: /swagger: .*Swagger 2\.0.*OpenAPI 3",
        "",
    ),
    "not openapi": (
        ["generate", "--spec", "{dir}/not_openapi.yaml"],
        EXIT_ERROR,
        r"/not_openapi\.yaml: /: not an OpenAPI document",
        "",
    ),
    # A broken or looping $ref is a located warning (the spot is typed Any); --strict
    # makes it a violation that stops the run.
    "broken ref": (
        ["generate", "--spec", "{dir}/broken_ref.yaml", "--strict"],
        EXIT_VALIDATION,
        r"\b1 spec violations? and --strict",
        "/paths/~1things/get/responses/200/content/application~1json/schema"
        "/properties/data/items/$ref: $ref '#/components/schemas/Nope'",
    ),
    "ref outside the document": (
        ["generate", "--spec", "{dir}/outside_ref.yaml", "--strict"],
        EXIT_VALIDATION,
        r"\b1 spec violations? and --strict",
        "/paths/~1things/get/responses/200/content/application~1json/schema"
        "/properties/data/items/$ref: $ref 'common.yaml#/components/schemas/Thing' "
        "points outside the document",
    ),
    "ref cycle": (
        ["generate", "--spec", "{dir}/ref_cycle.yaml", "--strict"],
        EXIT_VALIDATION,
        r"\b\d+ spec violations? and --strict",
        "/components/schemas/Loop: $ref cycle",
    ),
    "unknown section": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--sections", "nope,numbers"],
        EXIT_USAGE,
        "'nope'.*known sections",
        "",
    ),
    "unknown section, checked before the spec is read": (
        ["generate", "--spec", "{dir}/absent.yaml", "--sections", "nope"],
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
    "keyword package": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--package", "class"],
        EXIT_USAGE,
        "'class' is a Python keyword",
        "",
    ),
    "package shadows a dependency": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--package", "httpx"],
        EXIT_USAGE,
        "'httpx' would shadow",
        "",
    ),
    "package shadows the standard library": (
        ["ir", "--spec", "{dir}/tiny.yaml", "--package", "typing"],
        EXIT_USAGE,
        "'typing' would shadow",
        "",
    ),
    "non-ascii package": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--package", "caf\u00e9"],
        EXIT_USAGE,
        "not a valid Python package name",
        "",
    ),
    "no command": ([], EXIT_USAGE, "command", "usage:"),
    "names lock is malformed": (
        ["generate", "--spec", "{dir}/tiny.yaml"],
        EXIT_ERROR,
        r"out/names\.lock:2: expected \[\"scope\", \"key\", \"Name\"\]",
        "",
    ),
    "out is a file": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--out", "{file}"],
        EXIT_ERROR,
        "not a directory",
        "",
    ),
    "out is inside a file": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--out", "{file}/out"],
        EXIT_ERROR,
        r"notes\.txt: cannot write output",
        "",
    ),
    "out is not writable": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--out", "{readonly}/out"],
        EXIT_ERROR,
        "cannot write output",
        "",
    ),
    "foreign out": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--out", "{foreign}"],
        EXIT_ERROR,
        r"foreign: output directory holds files the generator did not write.*--force",
        "",
    ),
    "out is the project root": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--out", "."],
        EXIT_ERROR,
        r"refusing to write into .*/project: it holds .*/project",
        "",
    ),
    "out is the project root, forced": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--out", "{project}", "--force"],
        EXIT_ERROR,
        r"refusing to write into .*/project: it holds .*/project",
        "",
    ),
    "out holds the project, forced": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--out", "{project}/..", "--force"],
        EXIT_ERROR,
        r"refusing to write into .*: it holds .*/project",
        "",
    ),
    "out is a symlink to the project, forced": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--out", "{link}", "--force"],
        EXIT_ERROR,
        r"refusing to write into .*/project: it holds .*/project",
        "",
    ),
    "out holds the spec": (
        ["generate", "--spec", "{out}/spec.yaml"],
        EXIT_ERROR,
        r"refusing to write into .*/out: it holds the spec .*/out/spec\.yaml",
        "",
    ),
    "out holds the spec, forced": (
        ["generate", "--spec", "{out}/spec.yaml", "--out", "{case}", "--force"],
        EXIT_ERROR,
        r"refusing to write into .*: it holds the spec .*/out/spec\.yaml",
        "",
    ),
    "out is the real project root": (
        ["generate", "--spec", "{dir}/tiny.yaml", "--out", "{root}"],
        EXIT_ERROR,
        "refusing to write into",
        "",
    ),
    "ir of a broken spec": (
        ["ir", "--spec", "{dir}/broken_ref.yaml", "--strict"],
        EXIT_VALIDATION,
        r"/broken_ref\.yaml: 1 spec violations? and --strict",
        "/properties/data/items/$ref: $ref '#/components/schemas/Nope' does not resolve",
    ),
    "ctrl-c while writing": (
        ["generate", "--spec", "{dir}/changed.yaml"],
        EXIT_INTERRUPTED,
        "interrupted: the output directory was left as it was",
        "SIGINT sent while staging file 5",
    ),
}
# Cases run from the stand-in project ({project}), so its generator/write.py guards it.
IN_PROJECT = {name for name in FAILURES if "the project" in name}
# Cases run as `python -c INTERRUPT <args>`: the real CLI, sending itself a real SIGINT
# half way through staging the new tree (after 4 files). The files would all change:
# changed.yaml has another sha256, which every header names.
INTERRUPTED = {"ctrl-c while writing"}
INTERRUPT = """\
import os, signal, sys
from generator import cli, write

real = write._link_if_same
calls = []

def interrupting(*args):
    calls.append(args)
    if len(calls) == 5:
        print("SIGINT sent while staging file 5", file=sys.stderr)
        os.kill(os.getpid(), signal.SIGINT)
    return real(*args)

write._link_if_same = interrupting
sys.exit(cli.main(sys.argv[1:]))
"""


def stand_in_project(at: Path) -> Path:
    """A copy of the project's code (no .git): its write.py takes it for the project."""
    ignore = shutil.ignore_patterns("__pycache__")
    for part in ("generator", "templates", "specs"):
        shutil.copytree(ROOT / part, at / part, ignore=ignore)
    (at / "keep.txt").write_text("precious\n")
    return at


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
    readonly = base / "readonly"
    readonly.mkdir()
    if os.geteuid() == 0:  # root writes anywhere: /proc takes no new directories
        readonly = Path("/proc") / f"generator-test-{uuid.uuid4().hex[:8]}"
    for i, (name, (args, _, _, _)) in enumerate(FAILURES.items()):
        case = base / str(i)
        case.mkdir()
        out = case / "out"
        shutil.copytree(generated.out, out)
        (case / "notes.txt").write_text("a file, not a directory\n")
        (case / "foreign").mkdir()
        (case / "foreign" / "mine.txt").write_text("keep me\n")
        if "names lock" in name:
            (out / "names.lock").write_text("# the header\nnot json\n")
        if "holds the spec" in name:  # the user's spec kept beside the generated code
            shutil.copy(generated.dir / "tiny.yaml", out / "spec.yaml")
        project = stand_in_project(case / "project") if name in IN_PROJECT else ROOT
        if name in IN_PROJECT:
            (case / "link").symlink_to(project, target_is_directory=True)
        fill = {
            "dir": generated.dir,
            "out": out,
            "file": case / "notes.txt",
            "foreign": case / "foreign",
            "project": project,
            "readonly": readonly,
            "root": ROOT,
            "link": case / "link",
            "case": case,
        }
        argv = [a.format(**fill) for a in args]
        if argv[:1] == ["generate"] and "--out" not in argv:
            argv += ["--out", str(out)]
        python = ["-c", INTERRUPT] if name in INTERRUPTED else ["-m", "generator"]
        commands[name] = ([*python, *argv], project)
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
        "ref cycle lenient": (
            ["-m", "generator", "ir", "--spec", str(generated.dir / "ref_cycle.yaml")],
            ROOT,
        ),
        # From a copy: `rerun` swaps generated.out while this runs.
        "import": (["-c", IMPORT_CHECK.format(pkg=generated.package)], importable),
    }
    before = {name: {d: tree(d) for d in watched.get(name, [])} for name in commands}

    def call(name: str) -> subprocess.CompletedProcess[str]:
        argv, cwd = commands[name]
        return run(*argv, cache=generated.cache, cwd=cwd)

    if readonly.parent != Path("/proc"):
        readonly.chmod(0o555)
    try:
        with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1)) as pool:
            results = dict(zip(commands, pool.map(call, commands), strict=True))
    finally:
        if readonly.parent != Path("/proc"):
            readonly.chmod(0o755)
    assert not readonly.exists() or not any(readonly.iterdir())
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


def test_ctrl_c_while_writing_was_real(runs: dict[str, Case]) -> None:
    """The interrupted run got as far as staging (formatting done) and left no staging dir."""
    result = runs["ctrl-c while writing"].result
    stages = [line.split()[0] for line in result.stderr.splitlines()]
    # (No validate line: the write overlaps the background validation, which Ctrl-C
    # stops; the stage lines held for it come out after the SIGINT line.)
    ran = [s for s in stages if s in ("load", "select", "ir", "render", "format", "write")]
    assert ran[:5] == ["load", "select", "ir", "render", "format"], result.stderr
    assert "write" not in stages, result.stderr


def test_a_ref_cycle_is_a_warning_and_the_run_finishes(runs: dict[str, Case]) -> None:
    result = runs["ref cycle lenient"].result
    assert "RecursionError" not in result.stderr, result.stderr
    assert result.returncode == EXIT_OK, result.stderr
    assert re.search(r"^warning: /components/schemas/Loop: \$ref cycle", result.stderr, re.M)
    assert json.loads(result.stdout)["package"]


def test_readme_documents_the_exit_codes_of_help(runs: dict[str, Case]) -> None:
    """README's exit-code sentence names the codes --help lists, with the same meaning."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sentence = re.search(r"exit codes \((.*?)\)", readme, re.S)
    assert sentence, "README.md: no 'exit codes (...)' sentence"
    documented = dict(
        re.match(r"\s*(\d+) (.*)", part).groups()  # type: ignore[union-attr]
        for part in sentence.group(1).split(",")
    )
    helped = dict(re.findall(r"^  (\d+) +(.*)$", runs["help"].result.stdout, re.M))
    assert (
        documented.keys()
        == helped.keys()
        == {str(c) for c in (EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_VALIDATION, EXIT_INTERRUPTED)}
    )
    for code, meaning in documented.items():
        first_word = meaning.split()[0]
        assert first_word in helped[code], (code, meaning, helped[code])


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


def test_an_invalid_nested_schema_is_warned_about_where_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "bogus.yaml"
    spec.write_text(
        "openapi: 3.0.3\n"
        "info: {title: x, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    Thing:\n"
        "      type: object\n"
        "      properties:\n"
        "        a: {type: string}\n"
        "        b: {type: string, nullable: true, bogus: 1}\n"
    )
    assert cli.main(["ir", "--spec", str(spec)]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("warning: /components/schemas/Thing/properties/b"), warnings
    assert "bogus" in warnings[0] and "{'type': 'object'" not in warnings[0], warnings


def test_a_duplicate_yaml_key_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "dup.yaml"
    spec.write_text(
        "openapi: 3.1.0\n"
        "info: {title: x, version: '1'}\n"
        "paths:\n"
        "  /a:\n"
        "    get:\n"
        "      operationId: a1\n"
        "      responses: {'200': {description: ok}}\n"
        "    get:\n"
        "      operationId: a2\n"
        "      responses: {'200': {description: ok}}\n"
    )
    code = cli.main(["ir", "--spec", str(spec)])
    err = capsys.readouterr().err
    assert code == EXIT_ERROR, err
    assert re.search(r"dup\.yaml:8:\d+: .*duplicate.*'get'", err), err
