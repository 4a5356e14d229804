"""Print the fuzz seeds (and what ran) at the end of the session."""

from __future__ import annotations

from typing import Any

from .seeds import FIXED_SEED, RANDOM_SEED, REPORT


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
