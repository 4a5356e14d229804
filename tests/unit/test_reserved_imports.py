"""The names a generated module imports from outside the package's own types and
resources are reserved: no type, resource or client class may take them (a schema
called `NotGiven` would shadow the runtime's sentinel). The reserved sets are kept
by hand beside the templates; this test reads what the templates really import, in
the full Telnyx package and in every golden package."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

from generator.ir.build import (
    CLIENT_MODULE_IMPORTS,
    PACKAGE_INIT_IMPORTS,
    RESOURCE_MODULE_IMPORTS,
)
from generator.ir.schemas import TYPE_MODULE_IMPORTS
from tests.conftest import GENERATED

GOLDEN = Path(__file__).parent.parent / "golden"
PACKAGES = [GENERATED / "telnyx_client", *sorted(GOLDEN.glob("*/files/*/"))]


def _packages() -> list[Path]:
    return [p for p in PACKAGES if (p / "__init__.py").is_file()]


def imported_class_like(files: Iterable[Path], package: str) -> set[str]:
    """Names bound by `from X import Name` where X is not the package's own types or
    resources, and Name could be a class name (it starts with a capital letter)."""
    names: set[str] = set()
    own = (f"{package}.types", f"{package}.resources")
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or (node.module or "").startswith(own):
                continue
            assert node.level == 0, f"{path}: the templates import absolutely"
            bound = (alias.asname or alias.name for alias in node.names)
            names |= {name for name in bound if name[0].isupper()}
    return names


@pytest.mark.parametrize("package", _packages(), ids=lambda p: str(p.relative_to(p.parents[1])))
def test_what_the_templates_import_is_reserved(package: Path) -> None:
    name = package.name
    client = _client_names(package)
    checks = {
        "resources": (sorted(package.glob("resources/**/*.py")), RESOURCE_MODULE_IMPORTS),
        "types": (sorted(package.glob("types/**/*.py")), TYPE_MODULE_IMPORTS),
        "_client.py": ([package / "_client.py"], CLIENT_MODULE_IMPORTS),
        "__init__.py": ([package / "__init__.py"], PACKAGE_INIT_IMPORTS | client),
    }
    for where, (files, reserved) in checks.items():
        loose = imported_class_like(files, name) - reserved - TYPE_MODULE_IMPORTS
        assert not loose, f"{package}/{where} imports names no class is kept from: {sorted(loose)}"


def _client_names(package: Path) -> set[str]:
    """The client classes and error root `__init__.py` imports: named after the API."""
    tree = ast.parse((package / "_client.py").read_text(encoding="utf-8"))
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    errors = ast.parse((package / "_error_root.py").read_text(encoding="utf-8"))
    classes |= {node.name for node in errors.body if isinstance(node, ast.ClassDef)}
    return classes
