"""Property-based fuzzing of the generator with random hostile OpenAPI documents.

For every example (tests/fuzz/specs.py draws it): build the IR with every
operation, render, compile each module, write the package, import every module,
check that spec text stayed inert (docstrings read back as the spec's text, no
module imports or calls what hostile text names), parse a valid value through
every response model (unknown enum values too) and dump it back unchanged, and
call every operation through a mock transport. A document with references the
generator cannot follow gives exactly the located warnings it must (kinds and
pointers), and the command line generates it but stops under `--strict` (exit 3).
After the run, all packages are
black-formatted in one parallel pass and type-checked by one `mypy --strict` per
batch of packages (two batches at a time).

Two runs: a fixed seed (the same examples every time) and a random seed printed
in the test id and the session summary (`FUZZ_SEED=<n>` reproduces it). A failing
example is shrunk by hypothesis; its package and `spec.json` stay in the
pytest tmp dir, named in the failure.
"""

from __future__ import annotations

import io
import itertools
import json
import random
import re
import subprocess
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from generator.errors import EXIT_VALIDATION, GeneratorError
from generator.pipeline import Options, Progress, build
from generator.validate import ref_problems
from tests.fuzz import harness
from tests.fuzz.seeds import EXAMPLES, FIXED_SEED, MYPY_BATCH, RANDOM_SEED, REPORT, SHRINK
from tests.fuzz.specs import documents_and_warnings

Warnings = frozenset[tuple[str, str]]


@dataclass
class Run:
    tag: str
    workspace: harness.Workspace
    files: dict[str, dict[str, str]] = field(default_factory=dict)  # passing packages
    examples: int = 0
    models: int = 0
    calls: int = 0
    degraded: int = 0  # examples with references the generator cannot follow


# One in this many documents with reference warnings also goes through the whole
# pipeline without --strict (the in-memory generation already shows it finishes).
FULL_PIPELINE_EVERY = 8


def check_warnings(spec: Path, package: str, expected: Warnings, *, full: bool) -> None:
    """The command line's pipeline on the document: under --strict it stops with exit 3
    before generating; without (`full`), it builds the IR and reports exactly `expected`."""
    quiet = Progress(stream=io.StringIO(), quiet=True)
    report = spec.with_name("warnings.json")
    try:
        build(Options(spec=spec, package=package, strict=True), quiet)
    except GeneratorError as error:
        assert error.exit_code == EXIT_VALIDATION, str(error)
    else:
        raise AssertionError(f"{spec}: --strict did not stop on {sorted(expected)}")
    if full:
        build(Options(spec=spec, package=package, warnings_json=report), quiet)
        found = {(w["kind"], w["pointer"]) for w in json.loads(report.read_text())["warnings"]}
        assert found == expected, f"{spec}: warnings {sorted(found)}, expected {sorted(expected)}"


def fuzz(run: Run, seed_value: int, examples: int) -> None:
    counter = itertools.count()

    @seed(seed_value)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=False,
        print_blob=True,
        phases=[Phase.explicit, Phase.generate, *([Phase.shrink] if SHRINK else [])],
        suppress_health_check=list(HealthCheck),
    )
    @given(drawn=documents_and_warnings(), rnd_seed=st.integers(0, 2**32))
    def check(drawn: tuple[dict[str, Any], Warnings], rnd_seed: int) -> None:
        document, expected = drawn
        rnd = random.Random(rnd_seed)
        package = f"fz_{run.tag}_{next(counter)}"
        ir, files = harness.generate(document, package, fmt=False)
        found = {(d.kind, d.pointer) for d in [*ref_problems(document), *ir.diagnostics]}
        assert found == expected, f"warnings {sorted(found)}, expected {sorted(expected)}"
        harness.check_inert(ir, files)
        where = run.workspace.write(package, files, spec=document)
        if expected:
            full = run.degraded % FULL_PIPELINE_EVERY == 0
            check_warnings(where / "spec.json", package, expected, full=full)
            run.degraded += 1
        try:
            modules = run.workspace.import_all(package)
        except Exception as exc:
            raise AssertionError(f"{where}: import failed: {exc!r}") from exc
        harness.check_docs(ir, modules)
        models = harness.roundtrip_models(ir, document, modules, rnd)
        calls = 0
        for call in harness.call_operations(ir, document, modules, rnd):
            harness.check_call(call)
            calls += 1
        run.workspace.forget(package)
        run.files[package] = {k: v for k, v in files.items() if k.startswith(package + "/")}
        run.examples += 1
        run.models += models
        run.calls += calls

    check()


def format_all(run: Run) -> None:
    """black over every passing package in one parallel run, written over the originals.

    (In the main thread: black's worker processes are forked, and a fork while another
    thread imports could inherit a held import lock.)
    """
    packages = sorted(run.files)
    merged = {k: v for files in run.files.values() for k, v in files.items()}
    formatted = harness.format_generated(merged, packages)
    for package in packages:
        run.workspace.write(
            package, {k: v for k, v in formatted.items() if k.startswith(package + "/")}
        )
    # The generator formats with ruff where black agrees: black must find nothing to change.
    # (The runtime files are copied verbatim, in the project's own black style.)
    checked = [str(run.workspace.root / package) for package in packages]
    runtime = "|".join(re.escape(name) for name in harness.RUNTIME_FILES)
    check = ["--check", "--diff", "--quiet", "--line-length", "88", "--target-version", "py311"]
    black = subprocess.run(
        [sys.executable, "-m", "black", *check, "--force-exclude", f"/({runtime})$", *checked],
        capture_output=True,
        text=True,
        check=False,
    )
    # The diff is the finding: CI keeps no tmp dir, and its examples need not be the ones
    # a local run with the same seed draws.
    assert (
        black.returncode == 0
    ), f"generated code is not black-stable:\n{black.stdout[:6000]}{black.stderr[-2000:]}"


def mypy_batches(run: Run, pool: ThreadPoolExecutor) -> list[Future[str]]:
    """One `mypy --strict` process per batch of packages; each future is its failure."""
    packages = sorted(run.files)
    batches = [packages[i : i + MYPY_BATCH] for i in range(0, len(packages), MYPY_BATCH)]

    def check(index: int, batch: list[str]) -> str:
        code, output = run.workspace.mypy(batch, cache=f"fuzz-{index % 2}")
        if code == 0:
            return ""
        bad = sorted({line.split("/")[0] for line in output.splitlines() if ": error:" in line})
        specs = ", ".join(str(run.workspace.root / p / "spec.json") for p in bad)
        return f"mypy --strict failed on {bad or batch} (specs: {specs}):\n{output}"

    return [pool.submit(check, i, batch) for i, batch in enumerate(batches)]


@pytest.mark.parametrize(
    "seeds",
    [pytest.param((FIXED_SEED, RANDOM_SEED), id=f"fixed-{FIXED_SEED}-random-{RANDOM_SEED}")],
)
def test_fuzz(
    seeds: tuple[int, int],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fixed-seed run, then the random one while mypy checks the first."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("fuzz_cache")))
    runs: list[Run] = []
    checks: list[Future[str]] = []
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        try:
            for tag, seed_value in zip(("fixed", "random"), seeds, strict=True):
                run = Run(tag, harness.Workspace(Path(tmp_path_factory.mktemp(f"fuzz_{tag}"))))
                runs.append(run)
                begun = time.perf_counter()
                try:
                    fuzz(run, seed_value, EXAMPLES)
                finally:
                    REPORT.append(
                        f"{tag} run (seed {seed_value}): {run.examples} examples passed "
                        f"({run.degraded} with reference warnings), "
                        f"{run.models} model values round-tripped, {run.calls} calls, "
                        f"{time.perf_counter() - begun:.0f}s; packages in {run.workspace.root}"
                    )
                begun = time.perf_counter()
                format_all(run)
                REPORT.append(
                    f"{tag} run: format + black check in {time.perf_counter() - begun:.0f}s"
                )
                checks += mypy_batches(run, pool)
        finally:
            begun = time.perf_counter()
            failures = [f for f in (c.result() for c in checks) if f]
            REPORT.append(
                f"mypy --strict over {sum(len(r.files) for r in runs)} packages: "
                f"{time.perf_counter() - begun:.0f}s after the last run; "
                f"{len(failures)} failing batches; total {time.perf_counter() - started:.0f}s"
            )
    assert not failures, "\n\n".join(failures)
    for run in runs:
        assert run.examples >= EXAMPLES * 0.9, run.tag  # (nearly) every example was valid
        assert run.degraded >= EXAMPLES // 20, run.tag  # the reference warnings were drawn
