"""The benchmark scripts (bench/, `make bench`) run once on tiny inputs, so they cannot rot.

`python -m bench --smoke` runs every section with 1 iteration: generation, import,
per-request overhead, scale, regeneration and the generation-speed goals. The peers (openapi-python-client,
the official SDK, matplotlib) are used only if their virtualenvs under .bench/ are
installed; our side always runs. The helpers the figures rest on are checked directly.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.common import (
    Stat,
    alternating,
    operation_keys,
    ratios,
    reachable_refs,
    stage_times,
    subset_document,
    write_counts,
)
from bench.overhead import example
from bench.scale import linear_fit
from generator import ROOT
from generator.errors import GeneratorError
from generator.pin import default_spec


def _spec_or_skip() -> Path:
    try:
        return default_spec()
    except GeneratorError as error:
        pytest.skip(f"pinned spec unavailable: {error}")


def test_smoke_runs_every_section(tmp_path: Path) -> None:
    _spec_or_skip()
    out = tmp_path / "RESULTS.md"
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    elapsed = time.perf_counter() - start
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    for heading in (
        "## 1. Generation",
        "## 2. Import",
        "## 3. Per-request overhead",
        "## 4. Scale",
        "## 5. Regeneration",
        "## 6. Generation-speed goals",
        "## Targets",
        "## Machine",
    ):
        assert heading in text, heading
    for row in (
        "ours, cold cache",
        "ours, warm cache",
        "| ours, sync |",
        "| ours, async |",
        "| fresh clone: ",
        "| no change: ",
    ):
        assert row in text, row
    assert "raw httpx + json.loads" in text
    assert " written, " in text  # regeneration reports the write stage's counts
    print(f"bench smoke: {elapsed:.1f} s")


def test_stat_and_ratios() -> None:
    s = Stat.of([3.0, 1.0, 2.0])
    assert (s.median, s.min, s.max) == (2.0, 1.0, 3.0)
    assert s.fmt("s", 1) == "2.0 s (1.0-3.0)"
    assert ratios([2.0, 6.0], [1.0, 2.0]).values == (2.0, 3.0)
    orders = [order for _, order in alternating(["a", "b"], 3)]
    assert orders == [["a", "b"], ["b", "a"], ["a", "b"]]


def test_linear_fit() -> None:
    a, b, r2 = linear_fit([1.0, 2.0, 3.0], [3.0, 5.0, 7.0])
    assert (round(a, 9), round(b, 9), round(r2, 9)) == (2.0, 1.0, 1.0)


def test_progress_parsing() -> None:
    progress = (
        "load        0.08s  spec3.json (782 paths, 1875 schemas)\n"
        "warning: /components/x: default: null\n"
        "format      2.08s  1879 Python files\n"
        "write       0.70s  18 written, 1865 unchanged, 2 deleted -> out\n"
        "total       4.50s\n"
    )
    assert stage_times(progress) == {"load": 0.08, "format": 2.08, "write": 0.70, "total": 4.5}
    assert write_counts(progress) == (18, 1865, 2)


def test_subset_document_keeps_what_operations_reach() -> None:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/A"}}}},
            "/b": {"post": {"responses": {"204": {"description": "ok"}}}},
        },
        "components": {
            "responses": {
                "A": {
                    "description": "a",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}},
                }
            },
            "schemas": {
                "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
                "B": {"type": "string", "example": "bee"},
                "Unused": {"type": "integer"},
            },
        },
        "webhooks": {"w": {}},
    }
    small = subset_document(doc, 1)
    assert operation_keys(small) == [("/a", "get")]
    assert set(small["components"]["schemas"]) == {"A", "B"}
    assert "webhooks" not in small
    assert reachable_refs(small, small["paths"]) == {
        "#/components/responses/A",
        "#/components/schemas/A",
        "#/components/schemas/B",
    }
    assert example(doc, {"$ref": "#/components/schemas/A"}) == {"b": "bee"}
