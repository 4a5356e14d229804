"""Names taken from the spec never lead the generator outside `--out`.

Tags, schema names, path segments and operationIds called `../../x`, `..`, `/abs`
(and friends) become ordinary identifiers: every file the generator renders lies
under the package directory (or is one of the three top-level project files), the
real CLI writes nothing outside `--out`, and the generated files carry the header
naming the spec's sha256.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.render import RUNTIME, render
from tests.conftest import ROOT, run_python
from tests.fuzz import harness

TRAVERSAL = [
    "..",
    ".",
    "../../x",
    "../..",
    "/abs",
    "/etc/passwd",
    "../../../../tmp/pwned",
    "..\\..\\x",
    "C:\\x",
    "x/../../y",
    "~",
    "~/x",
    "%2e%2e",
    "..%2f..%2fx",
    "\x00",
    "",
    "__init__",
    "__pycache__",
    "py.typed",
    ".generated-manifest",
]
TOP_LEVEL = {"pyproject.toml", "README.md", "operations.json"}


def spec(names: list[str]) -> dict[str, Any]:
    """Every name as a tag, a schema, an operationId and a path segment."""
    schemas = {name: {"type": "object", "properties": {name: {"type": "string"}}} for name in names}
    paths: dict[str, Any] = {}
    for i, name in enumerate(names):
        segment = name.strip("/") or f"s{i}"
        ref = {"$ref": "#/components/schemas/" + name.replace("~", "~0").replace("/", "~1")}
        op = {
            "operationId": name,
            "tags": [name],
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": ref}}}
            },
        }
        paths.setdefault(f"/{segment}", {"get": op})
        paths.setdefault(f"/{segment}/{{id}}/{segment}", {"post": op})
    return {
        "openapi": "3.1.0",
        "info": {"title": "../../x", "version": "/abs"},
        "tags": [{"name": name} for name in names],
        "paths": paths,
        "components": {"schemas": schemas},
    }


def assert_contained(package: str, files: dict[str, str]) -> None:
    for rel in files:
        normal = posixpath.normpath(rel)
        parts = rel.split("/")
        assert normal == rel and not posixpath.isabs(rel), rel
        assert ".." not in parts and "" not in parts and "\\" not in rel and "\0" not in rel, rel
        assert rel in TOP_LEVEL or parts[0] == package, rel
        assert all(p.isidentifier() for p in parts[:-1]), rel  # importable directories
        if rel.endswith(".py"):
            assert parts[-1][:-3].isidentifier(), rel  # importable modules


def test_traversal_names_render_inside_the_package() -> None:
    ir, files = harness.generate(spec(TRAVERSAL), "safe_pkg", fmt=False)
    assert len(ir.operations) >= len(TRAVERSAL)
    assert_contained("safe_pkg", files)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.one_of(
            st.sampled_from(TRAVERSAL),
            st.lists(st.sampled_from(["..", ".", "/", "x", "\\", "~", "%2e"]), max_size=6).map(
                "".join
            ),
        ),
        min_size=1,
        max_size=5,
        unique=True,
    )
)
def test_any_dotted_or_slashed_name_renders_inside(names: list[str]) -> None:
    ir, _ = harness.generate(spec(names), "safe_pkg", fmt=False)
    assert_contained("safe_pkg", render(ir))


def _tree(directory: Path) -> set[str]:
    return {
        str(p.relative_to(directory))
        for p in directory.rglob("*")
        if "__pycache__" not in p.parts and ".mypy_cache" not in p.parts
    }


def test_cli_writes_only_inside_out(tmp_path: Path) -> None:
    sandbox = tmp_path / "sandbox"
    (sandbox / "sibling").mkdir(parents=True)
    (sandbox / "sibling" / "keep.txt").write_text("mine", encoding="utf-8")
    spec_file = sandbox / "spec.yaml"
    spec_file.write_text(yaml.safe_dump(spec(TRAVERSAL), allow_unicode=False), encoding="utf-8")
    out = sandbox / "deep" / "out"
    before = _tree(tmp_path)
    proc = run_python(
        "-m",
        "generator",
        "generate",
        "--spec",
        str(spec_file),
        "--out",
        str(out),
        "--package",
        "safe_pkg",
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    created = _tree(tmp_path) - before
    outside = {p for p in created if not (tmp_path / p).resolve().is_relative_to(out.resolve())} - {
        os.path.relpath(out.parent, tmp_path),
        os.path.relpath(out, tmp_path),
    }
    assert not outside, sorted(outside)
    assert (sandbox / "sibling" / "keep.txt").read_text(encoding="utf-8") == "mine"

    # Every generated (non-runtime) module names the spec it came from.
    sha256 = hashlib.sha256(spec_file.read_bytes()).hexdigest()
    runtime = {p.name for p in RUNTIME.glob("_*.py")}
    modules = [
        p
        for p in (out / "safe_pkg").rglob("*.py")
        if p.name not in runtime or p.parent.name != "safe_pkg"
    ]
    assert modules
    for module in modules:
        first = module.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# Generated by") and sha256 in first, module
    listed = json.loads((out / "operations.json").read_text(encoding="utf-8"))
    assert {row["operation_id"] for row in listed} >= set(TRAVERSAL) - {""}
