"""What type checkers see of the committed client: a script of typical user calls
passes mypy --strict and pyright (strict), and a script of typical mistakes fails
on exactly the lines marked ``# ERROR``."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import GENERATED, ROOT, run_python

CASES = Path(__file__).resolve().parent / "typing_cases"
OK = CASES / "usage_ok.py"
ERRORS = CASES / "usage_errors.py"
PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"

pytestmark = pytest.mark.skipif(
    not (GENERATED / "telnyx_client" / "__init__.py").is_file(),
    reason="generated/ does not exist yet: run `make generate`",
)


def _marked_lines() -> set[int]:
    lines = ERRORS.read_text(encoding="utf-8").splitlines()
    return {n for n, line in enumerate(lines, 1) if "# ERROR" in line}


def _mypy(script: Path) -> str:
    # From generated/: its pyproject's [tool.mypy] applies, and its cache is reused.
    proc = run_python("-m", "mypy", "--strict", str(script), cwd=GENERATED, timeout=600)
    return proc.stdout + proc.stderr


def _pyright(script: Path) -> str:
    if not PYRIGHT.exists():
        pytest.fail(f"{PYRIGHT} is missing: run `make node`")
    proc = subprocess.run(
        [str(PYRIGHT), "--pythonpath", str(ROOT / ".venv" / "bin" / "python"), str(script)],
        cwd=GENERATED,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return proc.stdout + proc.stderr


def _error_lines(output: str, pattern: str) -> set[int]:
    return {int(n) for n in re.findall(pattern, output)}


MYPY_ERROR = rf"{ERRORS.name}:(\d+): error"
PYRIGHT_ERROR = rf"{ERRORS.name}:(\d+):\d+ - error"


def test_mypy_strict_accepts_typical_calls() -> None:
    output = _mypy(OK)
    assert "Success: no issues found" in output, output


def test_mypy_strict_reports_typical_mistakes() -> None:
    output = _mypy(ERRORS)
    assert _error_lines(output, MYPY_ERROR) == _marked_lines(), output
    assert '"AddressesWithRawResponse" has no attribute "retreive"' in output
    assert 'Module "telnyx_client.types" has no attribute "DefinitelyNotAType"' in output
    assert 'Unexpected keyword argument "timout"' in output
    # date-time fields are datetime; an enum is a closed Literal, also in comparisons
    assert 'Item "None" of "datetime | None" has no attribute "year"' in output
    assert (
        "expression has type \"Literal['actve']\", variable has type \"Literal['pending', 'added']\""
        in output
    )
    assert "Non-overlapping equality check" in output


def test_pyright_strict_accepts_typical_calls() -> None:
    output = _pyright(OK)
    assert "0 errors" in output, output


def test_pyright_strict_reports_typical_mistakes() -> None:
    output = _pyright(ERRORS)
    # The unknown import also makes its later use an unknown-typed argument.
    marked = _marked_lines()
    assert marked <= _error_lines(output, PYRIGHT_ERROR), output
    assert 'Cannot access attribute "retreive" for class "AddressesWithRawResponse"' in output
    assert '"DefinitelyNotAType" is unknown import symbol' in output
    assert 'No parameter named "timout"' in output
    assert '"year" is not a known attribute of "None"' in output
    assert (
        'Type "Literal[\'actve\']" is not assignable to declared type "CloudflareSyncStatus"'
        in output
    )
    assert "Condition will always evaluate to False" in output
