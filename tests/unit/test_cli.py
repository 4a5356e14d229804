"""The CLI contract: exit codes, one readable line, output left intact on failure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SPEC = """\
openapi: 3.1.0
info: {title: Tiny API, version: 1.0.0}
servers: [{url: "https://tiny.example/v1"}]
paths:
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
components:
  schemas:
    Thing:
      type: object
      properties:
        from: {type: string}
        kind: {type: string, enum: [a-b, "1x"], default: null}
"""


def run(*args: str, env_home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "XDG_CACHE_HOME": str(env_home / "cache"),
        "HOME": str(env_home),
    }
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_generate_ir_and_errors(tmp_path: Path) -> None:
    spec = tmp_path / "tiny.yaml"
    spec.write_text(SPEC)
    out = tmp_path / "out"
    ok = run(
        "generate",
        "--spec",
        str(spec),
        "--out",
        str(out),
        "--package",
        "tiny_client",
        env_home=tmp_path,
    )
    assert ok.returncode == 0, ok.stderr
    for stage in ("load", "validate", "select", "ir", "render", "format", "write"):
        assert stage in ok.stderr
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import tiny_client; c = tiny_client.Tiny(api_key='k'); print(c.things.retrieve)",
        ],
        cwd=out,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    before = tree(out)

    ir = run("ir", "--spec", str(spec), env_home=tmp_path)
    ops = json.loads(ir.stdout)["operations"]
    assert [(o["http_method"], o["path"], o["operation_id"], o["python_method"]) for o in ops] == [
        ("get", "/things/{id}", "GetThing", "things.retrieve")
    ]

    strict = run("generate", "--spec", str(spec), "--out", str(out), "--strict", env_home=tmp_path)
    assert strict.returncode == 3
    assert "/components/schemas/Thing/properties/kind/default" in strict.stderr

    broken = tmp_path / "broken.yaml"
    broken.write_text(SPEC.replace("#/components/schemas/Thing", "#/components/schemas/Nope"))
    bad_ref = run("generate", "--spec", str(broken), "--out", str(out), env_home=tmp_path)
    assert bad_ref.returncode == 1
    assert (
        "/paths/~1things~1{id}/get/responses/200" in bad_ref.stderr
        and "Traceback" not in bad_ref.stderr
    )

    missing = run(
        "generate", "--spec", str(tmp_path / "none.yaml"), "--out", str(out), env_home=tmp_path
    )
    assert missing.returncode == 1 and "not found" in missing.stderr

    unknown = run(
        "generate", "--spec", str(spec), "--sections", "nope", "--out", str(out), env_home=tmp_path
    )
    assert unknown.returncode == 2 and "known sections" in unknown.stderr

    assert tree(out) == before  # every failure left the output as it was


def test_help_documents_exit_codes(tmp_path: Path) -> None:
    result = run("--help", env_home=tmp_path)
    assert result.returncode == 0
    for code in ("0", "1", "2", "3", "130"):
        assert f"  {code} " in result.stdout
