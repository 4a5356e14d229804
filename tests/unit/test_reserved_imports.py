"""The names a generated module imports from outside the package's own types and
resources are reserved: no type, resource or client class may take them (a schema
called `NotGiven` would shadow the runtime's sentinel), no method or model field
defined in a class body (a method `cached_property` would be what a later
`@cached_property` calls, a field `date` what a later `x: date` names), and no
parameter of a method whose body uses it (`file_param`). The reserved
sets are kept by hand beside the templates; this test reads what the templates really
import, in the full Telnyx package and in every golden package."""

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
from generator.naming import PARAM_RESERVED, PYDANTIC_RESERVED, RESOURCE_RESERVED
from tests.conftest import GENERATED

GOLDEN = Path(__file__).parent.parent / "golden"
PACKAGES = [GENERATED / "telnyx_client", *sorted(GOLDEN.glob("*/files/*/"))]


def _packages() -> list[Path]:
    return [p for p in PACKAGES if (p / "__init__.py").is_file()]


def imported(files: Iterable[Path], package: str) -> set[str]:
    """Names bound by imports from outside the package's own types and resources."""
    names: set[str] = set()
    own = (f"{package}.types", f"{package}.resources")
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.asname or alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and not (node.module or "").startswith(own):
                assert node.level == 0, f"{path}: the templates import absolutely"
                names |= {alias.asname or alias.name for alias in node.names}
    return names


def imported_class_like(files: Iterable[Path], package: str) -> set[str]:
    """The imported names a class could take (they start with a capital letter)."""
    return {name for name in imported(files, package) if name[0].isupper()}


def imported_lower(files: Iterable[Path], package: str) -> set[str]:
    """The imported names a method or field could take (snake_case ones)."""
    return {name for name in imported(files, package) if not name[0].isupper()}


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
    # `annotations` is the __future__ feature; `importlib` serves the lazy `__getattr__`
    # of `types/__init__.py`, whose namespace holds type names only.
    for where, files, reserved in (
        ("resources", checks["resources"][0], RESOURCE_RESERVED),
        ("_client.py", checks["_client.py"][0], RESOURCE_RESERVED),
        ("types", checks["types"][0], PYDANTIC_RESERVED | {"importlib"}),
    ):
        loose = imported_lower(files, name) - reserved - {"annotations"}
        assert (
            not loose
        ), f"{package}/{where} imports names no method or field is kept from: {sorted(loose)}"


def _client_names(package: Path) -> set[str]:
    """The client classes and error root `__init__.py` imports: named after the API."""
    tree = ast.parse((package / "_client.py").read_text(encoding="utf-8"))
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    errors = ast.parse((package / "_error_root.py").read_text(encoding="utf-8"))
    classes |= {node.name for node in errors.body if isinstance(node, ast.ClassDef)}
    return classes


@pytest.mark.parametrize("package", _packages(), ids=lambda p: str(p.relative_to(p.parents[1])))
def test_what_method_bodies_use_is_no_parameter_name(package: Path) -> None:
    """Imported names a method body reads could be shadowed by a parameter of that name."""
    files = sorted(package.glob("resources/**/*.py"))
    read: set[str] = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                body = ast.Module(body=node.body, type_ignores=[])
                read |= {n.id for n in ast.walk(body) if isinstance(n, ast.Name)}
    loose = (read & imported_lower(files, package.name)) - PARAM_RESERVED
    assert not loose, f"{package}: method bodies read {sorted(loose)}, a parameter may shadow"
