"""Fixtures shared by the contract tests: the IR, one Prism for every operation,
the committed client package."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from generator import ROOT
from generator.ir.model import IR
from generator.pipeline import Options, Progress, build
from tests.contract.prism import PRISM, prism, trimmed

GENERATED = ROOT / "generated"


@pytest.fixture(scope="session")
def ir_and_doc() -> tuple[IR, dict[str, Any]]:
    from generator import pin
    from generator.load import load_spec

    ir = build(Options(), Progress(quiet=True))
    return ir, load_spec(pin.default_spec()).document


@pytest.fixture(scope="session")
def prism_url(
    ir_and_doc: tuple[IR, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if not PRISM.exists():
        pytest.fail("Prism is not installed: run `make node`")
    ir, doc = ir_and_doc
    keep = {(op.path, op.http_method) for op in ir.operations}
    with prism(trimmed(doc, keep), tmp_path_factory.mktemp("prism")) as url:
        yield url


@pytest.fixture(scope="session")
def package() -> Any:
    if not GENERATED.is_dir():
        pytest.fail("generated/ is missing: run `make generate`")
    sys.path.insert(0, str(GENERATED))
    return importlib.import_module("telnyx_client")
