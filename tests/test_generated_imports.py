"""The committed client in generated/: every module imports, and `mypy --strict` passes."""

from __future__ import annotations

import pytest

from tests.conftest import GENERATED, import_modules, module_names, run_python

PACKAGE = GENERATED / "telnyx_client"

pytestmark = pytest.mark.skipif(
    not (PACKAGE / "__init__.py").is_file(),
    reason=f"{PACKAGE} does not exist yet: run `make generate`",
)


def test_every_module_imports() -> None:
    modules = module_names(PACKAGE)
    assert "telnyx_client._client" in modules
    failures = import_modules(modules, cwd=GENERATED)
    assert not failures, "\n".join(f"{m}: {e}" for m, e in failures.items())


def test_mypy_strict() -> None:
    config = (GENERATED / "pyproject.toml").read_text(encoding="utf-8")
    assert "strict = true" in config  # [tool.mypy] of the generated project
    proc = run_python("-m", "mypy", "telnyx_client", cwd=GENERATED, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
