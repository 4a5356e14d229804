"""How a run's warnings reach the user: on stderr (a short summary, or every one)
and, for CI, as one JSON file.

Warnings come from two stages: validation (the document breaks the OpenAPI
schema) and the IR (a part the generator could not understand and replaced by a
documented fallback). Both are `Diagnostic`s, counted together by kind.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .errors import Diagnostic

WarningsMode = Literal["summary", "all"]
Stage = Literal["validate", "ir"]
SUMMARY_LIMIT = 10  # lines a summary shows; the rest are counted


@dataclass(frozen=True)
class Finding:
    """One warning and the stage that found it (the JSON's `stage`)."""

    stage: Stage
    diagnostic: Diagnostic


def counts(diagnostics: Sequence[Diagnostic]) -> dict[str, int]:
    """Warnings by kind, most frequent first (then by name): stable for CI diffs."""
    found = Counter(d.kind for d in diagnostics)
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))


def by_kind(diagnostics: Sequence[Diagnostic]) -> str:
    """ "63 default-null-not-allowed, 1 duplicate-operation-id" """
    return ", ".join(f"{n} {kind}" for kind, n in counts(diagnostics).items())


def warning_lines(diagnostics: Sequence[Diagnostic], mode: WarningsMode) -> list[str]:
    """The `warning:` lines for stderr: the first few, or every one."""
    shown = diagnostics if mode == "all" else diagnostics[:SUMMARY_LIMIT]
    lines = [f"warning: {d}" for d in shown]
    if len(diagnostics) > len(shown):
        lines.append(
            f"warning: ... {len(diagnostics) - len(shown)} more "
            "(--warnings all prints every one, --warnings-json FILE writes them as JSON)"
        )
    return lines


def summary(warnings: Sequence[Finding]) -> str:
    """What the run's last progress line says about warnings ("" when there are none)."""
    if not warnings:
        return ""
    return f"{plural(len(warnings), 'warning')}: {by_kind([w.diagnostic for w in warnings])}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def warnings_json(warnings: Sequence[Finding], spec: str) -> str:
    """The machine-readable form: every warning with its kind, JSON pointer and
    message, and the counts by kind."""
    document = {
        "spec": spec,
        "total": len(warnings),
        "counts": counts([w.diagnostic for w in warnings]),
        "warnings": [
            {
                "stage": w.stage,
                "kind": w.diagnostic.kind,
                "pointer": w.diagnostic.pointer,
                "message": w.diagnostic.message,
            }
            for w in warnings
        ],
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def write_warnings_json(path: Path, warnings: Sequence[Finding], spec: str) -> None:
    path.write_text(warnings_json(warnings, spec), encoding="utf-8")
