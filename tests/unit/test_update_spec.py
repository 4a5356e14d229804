"""The maintainer's loop end to end: `make update-spec` against a local HTTP server,
in a stand-in project whose pin is a tiny spec; then the drift check and its causes."""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from generator import ROOT, cli, drift

OLD_COMMIT, NEW_COMMIT = "a" * 40, "b" * 40

OLD = """\
openapi: 3.1.0
info: {title: Tiny API, version: 2.0.0}
servers: [{url: "https://tiny.example/v1"}]
paths:
  /things:
    get:
      operationId: ListThings
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
    post:
      operationId: CreateThing
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: {name: {type: string}, idempotency_key: {type: string}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
  /gadgets:
    get:
      operationId: ListGadgets
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Gadget"}}}}
components:
  schemas:
    Thing:
      type: object
      properties: {id: {type: string}, color: {type: string, enum: [red, green]}}
    Gadget:
      type: object
      properties: {id: {type: string}}
"""

# Same info.version; `idempotency_key` moved to a header, an enum value renamed,
# a method added, and another server.
NEW = (
    OLD.replace("[red, green]", "[red, blue]")
    .replace(", idempotency_key: {type: string}", "")
    .replace(
        "    post:\n      operationId: CreateThing\n",
        "    post:\n      operationId: CreateThing\n"
        "      parameters: [{name: Idempotency-Key, in: header, schema: {type: string}}]\n",
    )
    .replace("https://tiny.example/v1", "https://tiny.example/10dlc")
    + """\
  responses: {}
"""
).replace(
    "  /gadgets:\n",
    "  /things/{id}:\n    delete:\n      operationId: DeleteThing\n"
    "      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n"
    '      responses: {"204": {description: gone}}\n  /gadgets:\n',
)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    www = tmp_path / "www"
    for commit, text in ((OLD_COMMIT, OLD), (NEW_COMMIT, NEW)):
        (www / commit).mkdir(parents=True)
        (www / commit / "spec3.yml").write_text(text)
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(www))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
        httpd.shutdown()


def stand_in(at: Path, url: str) -> Path:
    """A copy of the project pinned to OLD at `url` (its ../shared copy: OLD too)."""
    ignore = shutil.ignore_patterns("__pycache__")
    for part in ("generator", "templates", "specs"):
        shutil.copytree(ROOT / part, at / part, ignore=ignore)
    for name in ("Makefile", "pyproject.toml", "package.json", "package-lock.json", ".gitignore"):
        shutil.copy(ROOT / name, at / name)
    (at / ".venv").symlink_to(ROOT / ".venv")  # the Makefile's interpreter and stamp
    shared = at / "shared" / "spec3.yml"
    shared.parent.mkdir()
    shared.write_text(OLD)
    (at / "specs" / "telnyx.yaml").write_text(
        "# The pinned spec (a tiny stand-in).\n"
        "name: Tiny\n"
        f"source_url: {url}/{OLD_COMMIT}/spec3.yml\n"
        f"commit: {OLD_COMMIT}\n"
        f"sha256: {hashlib.sha256(OLD.encode()).hexdigest()}\n"
        "default_path: shared/spec3.yml\n"
        "package_version: 1.4.0\n"
    )
    (at / "tests").mkdir(parents=True)
    (at / "tests" / "pinned_spec.yaml").write_text(
        "# Facts.\nsha256: old\npaths: 2\noperations: 3\nseed_sections: [sip]\n"
    )
    return at


def make(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(project.parent / "cache")}
    env.pop("PYTHONPATH", None)
    env.pop("MAKEFLAGS", None)
    return subprocess.run(
        ["make", "-s", "--no-print-directory", "-C", str(project), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "python").exists(), reason="needs make env")
def test_update_spec_pins_regenerates_and_prints_the_changelog(tmp_path: Path, server: str) -> None:
    project = stand_in(tmp_path / "project", server)
    first = make(project, "generate")
    assert first.returncode == 0, first.stderr
    generated = project / "generated"
    gadget = generated / "telnyx_client" / "resources" / "gadgets.py"
    before = gadget.stat()

    result = make(project, "update-spec", f"COMMIT={NEW_COMMIT}")
    assert result.returncode == 0, result.stderr

    # The pin: URL at the new commit, its checksum, the version bumped (a breaking change).
    pin = yaml.safe_load((project / "specs" / "telnyx.yaml").read_text())
    assert pin["source_url"] == f"{server}/{NEW_COMMIT}/spec3.yml"
    assert pin["commit"] == NEW_COMMIT
    assert pin["sha256"] == hashlib.sha256(NEW.encode()).hexdigest()
    assert pin["package_version"] == "2.0.0"
    assert (project / "specs" / "telnyx.yaml").read_text().startswith("# The pinned spec")

    facts = yaml.safe_load((project / "tests" / "pinned_spec.yaml").read_text())
    assert facts == {
        "sha256": pin["sha256"],
        "paths": 3,
        "schemas": 2,
        "operations": 4,
        "seed_sections": ["sip"],
        "seed_sections_operations": 0,
    }

    # The changelog: on stdout, Markdown, each kind of change classed.
    log = result.stdout
    assert log.startswith("## 2.0.0 (spec 2.0.0, commit bbbbbbbbbbbb)")
    assert "- method `things.delete`: added (DELETE /things/{id})" in log
    assert "enum value 'green' renamed to 'blue'" in log
    assert "`idempotency_key` is sent as header `Idempotency-Key` (was body" in log
    assert "the default server changed from `https://tiny.example/v1`" in log
    assert "suggested bump major (1.4.0 -> 2.0.0)" in result.stderr
    # generate warned about the server too.
    assert "warning: the default server changed" in result.stderr

    # The regenerated package names the new spec in _version.py only; an untouched
    # resource module kept its bytes and inode (stale ../shared copy notwithstanding).
    version = (generated / "telnyx_client" / "_version.py").read_text()
    assert f'__spec_commit__ = "{NEW_COMMIT}"' in version
    assert '__version__ = "2.0.0"' in version
    after = gadget.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)

    # A regeneration of the same spec writes nothing; the drift check passes,
    # and ignores what `pip install ./generated` leaves behind.
    again = make(project, "generate")
    assert "up to date" in again.stderr or " 0 written" in again.stderr, again.stderr
    after_again = gadget.stat()
    assert (after_again.st_ino, after_again.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    (generated / "telnyx_client.egg-info").mkdir()
    (generated / "telnyx_client.egg-info" / "PKG-INFO").write_text("x")
    check = make(project, "check-drift")
    assert check.returncode == 0, check.stdout + check.stderr


def test_drift_ignores_what_gitignore_ignores() -> None:
    patterns = ["__pycache__/", "*.pyc", "*.egg-info/", "build/", "/tmp/"]
    assert drift.ignored("telnyx_client.egg-info/PKG-INFO", patterns)
    assert drift.ignored("telnyx_client/__pycache__/x.cpython-311.pyc", patterns)
    assert drift.ignored("build/lib/x.py", patterns)
    assert drift.ignored("x.txt", patterns, prefix="tmp/")
    assert not drift.ignored("telnyx_client/_client.py", patterns)
    assert not drift.ignored("tmp.py", patterns)


def test_drift_names_a_spec_mismatch(tmp_path: Path) -> None:
    package = tmp_path / "generated" / "telnyx_client"
    package.mkdir(parents=True)
    (package / "_version.py").write_text('__spec_sha256__ = "0123456789ab"\n')
    message = drift.cause(tmp_path / "generated")
    assert message.startswith("spec mismatch: ") and "0123456789ab" in message
    assert "specs/telnyx.yaml pins" in message


def test_generate_warns_when_another_spec_writes_the_pinned_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.yml"
    other.write_text(OLD)
    cli._warn_if_unpinned_into_pinned_output(other, ROOT / "generated")
    err = capsys.readouterr().err
    assert err.startswith("warning: writing the pinned output") and "make update-spec" in err
    cli._warn_if_unpinned_into_pinned_output(other, tmp_path / "elsewhere")
    assert capsys.readouterr().err == ""


def test_diff_command_compares_two_specs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "old.yml").write_text(OLD)
    (tmp_path / "new.yml").write_text(NEW)
    assert cli.main(["diff", str(tmp_path / "old.yml"), str(tmp_path / "new.yml")]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("## ") and "### Breaking changes" in out
    assert "- method `things.delete`: added (DELETE /things/{id})" in out
    assert "suggested bump major" in err
