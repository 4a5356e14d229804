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
import re
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.render import RUNTIME, render
from generator.uptodate import INPUTS_FILE
from tests.conftest import GENERATED, ROOT, run_python
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
TOP_LEVEL = {
    "pyproject.toml",
    "README.md",
    "api.md",
    "operations.json",
    "api.json",
    "names.lock",
    INPUTS_FILE,
}


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

    # Every generated file says so; _version.py alone names the spec it came from.
    sha256 = hashlib.sha256(spec_file.read_bytes()).hexdigest()
    assert headerless(out, "safe_pkg", sha256) == []
    manifest = (out / ".generated-manifest").read_text(encoding="utf-8").splitlines()
    assert {line.partition("  ")[2] for line in manifest} | {".generated-manifest"} == {
        p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
    }
    listed = json.loads((out / "operations.json").read_text(encoding="utf-8"))
    assert {row["operation_id"] for row in listed} >= set(TRAVERSAL) - {""}


# ---- the "Generated ... Do not edit." header; the spec named in _version.py only -----------

# Files that cannot carry a comment: JSON and PEP 561's marker.
NO_COMMENTS = {"operations.json", "api.json", "py.typed", INPUTS_FILE}
# The header names no spec: a spec update then rewrites only the files it changes.
HEADER = re.compile(r"^(# |<!-- )Generated by telnyx-client-generator\. Do not edit\.( -->)?$")


def runtime_copies(package: str) -> set[str]:
    """The runtime modules copied into the package (all but the runtime's __init__.py)."""
    return {f"{package}/{p.name}" for p in RUNTIME.glob("_*.py") if p.name != "__init__.py"}


def headerless(out: Path, package: str, sha256: str) -> list[str]:
    """Files the generator wrote to `out` whose first line is not the header, and
    `_version.py` if it does not name `sha256`.

    Exempt: files that cannot hold a comment.
    """
    exempt = NO_COMMENTS
    # The files the generator wrote (generated/ may also hold caches and build output).
    manifest = (out / ".generated-manifest").read_text(encoding="utf-8")
    files = sorted(line.partition("  ")[2] for line in manifest.splitlines())
    assert f"{package}/__init__.py" in files and "pyproject.toml" in files, files
    missing = []
    for rel in files:
        if rel in exempt or Path(rel).name in NO_COMMENTS:
            continue
        first = (out / rel).read_text(encoding="utf-8").partition("\n")[0]
        if not HEADER.match(first):
            missing.append(f"{rel}: {first[:120]!r}")
    version = (out / package / "_version.py").read_text(encoding="utf-8")
    if f'__spec_sha256__ = "{sha256}"' not in version:
        missing.append(f"{package}/_version.py names no spec sha256 {sha256}")
    return missing


def pinned_sha256() -> str:
    pin = yaml.safe_load((ROOT / "specs" / "telnyx.yaml").read_text(encoding="utf-8"))
    return str(pin["sha256"])


@pytest.mark.skipif(not GENERATED.is_dir(), reason="generated/ is made by `make generate`")
def test_every_committed_generated_file_names_the_pinned_spec() -> None:
    """generated/ came from the pinned spec (its _version.py says so); each file has the header."""
    assert headerless(GENERATED, "telnyx_client", pinned_sha256()) == []
    # What is exempt is no more than it says: no other file of the package lacks it.
    manifest = (GENERATED / ".generated-manifest").read_text(encoding="utf-8")
    listed = {line.partition("  ")[2] for line in manifest.splitlines()}
    without = {
        rel
        for rel in listed
        if not HEADER.match((GENERATED / rel).read_text(encoding="utf-8").partition("\n")[0])
    }
    runtime = runtime_copies("telnyx_client")
    assert runtime <= listed and len(runtime) >= 10
    assert without == {"operations.json", "api.json", INPUTS_FILE, "telnyx_client/py.typed"}


@pytest.mark.skipif(not GENERATED.is_dir(), reason="generated/ is made by `make generate`")
def test_runtime_copies_carry_the_header() -> None:
    for rel in sorted(runtime_copies("telnyx_client")):
        first = (GENERATED / rel).read_text(encoding="utf-8").partition("\n")[0]
        assert HEADER.match(first), rel


# ---- file names that other file systems treat specially -------------------------------------

CASES = ["Foo", "foo", "FOO", "foo_", "Foo-", "f\u00f3o", "Con", "con", "aux", "NUL", "nul.txt"]
WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{d}{i}" for d in ("com", "lpt") for i in "123456789"
}


def cased_files() -> dict[str, str]:
    return harness.generate(spec(CASES), "cased_pkg", fmt=False)[1]


def test_file_names_are_unique_ignoring_case() -> None:
    """Schemas/tags differing only in case get distinct files on macOS/Windows too."""
    files = cased_files()
    assert_contained("cased_pkg", files)
    folded: dict[str, list[str]] = {}
    for rel in files:
        folded.setdefault(rel.casefold(), []).append(rel)
    assert not {k: v for k, v in folded.items() if len(v) > 1}
    assert all(rel.isascii() for rel in files), sorted(files)


def test_no_windows_reserved_file_names() -> None:
    stems = {PurePosixPath(rel).stem.casefold() for rel in cased_files()}
    assert not stems & WINDOWS_RESERVED, sorted(stems & WINDOWS_RESERVED)
