"""Reproducible fuzz seeds; print them (and what ran) at the end of the session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis.internal.cache import LRUCache
from hypothesis.internal.conjecture import providers
from hypothesis.internal.constants_ast import Constants

from .seeds import FIXED_SEED, RANDOM_SEED, REPORT


@pytest.fixture(autouse=True)
def _seed_alone_decides() -> Iterator[None]:
    """hypothesis also draws literals found in the local modules already imported, and
    which ones depends on the tests that ran before (and on the packages the fuzz
    imports): without them a seed draws the same examples in any test selection."""
    patch = pytest.MonkeyPatch()
    patch.setattr(providers.HypothesisProvider, "_local_constants", Constants())
    patch.setattr(providers, "CONSTANTS_CACHE", LRUCache(1024))  # may hold them from earlier tests
    yield
    patch.undo()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not REPORT:
        return
    terminalreporter.section("fuzz")
    terminalreporter.write_line(
        f"seeds: fixed {FIXED_SEED}, random {RANDOM_SEED} "
        f"(reproduce the random run with FUZZ_SEED={RANDOM_SEED})"
    )
    for line in REPORT:
        terminalreporter.write_line(line)
