"""1. Generating the full Telnyx spec: ours (cold and warm cache) vs openapi-python-client."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

from .common import (
    OPC,
    Config,
    Measured,
    Section,
    Stat,
    Target,
    TreeSize,
    alternating,
    clean_env,
    generate_cmd,
    json_spec,
    measure,
    pinned_spec,
    ratios,
    reachable_refs,
    stage_times,
    subset_document,
    table,
    tree_size,
    venv_python,
    write_json,
)

SMOKE_OPERATIONS = 12
OPC_CONFIG = "literal_enums: true\n"  # its default config crashes on this spec

_SKIPPED_ENDPOINT = re.compile(
    r"^WARNING parsing (\w+) (\S+) within .*Endpoint will not be generated"
)
_DROPPED_SCHEMA = re.compile(r"^Unable to (?:parse|process) schema /components/schemas/([^\s:]+)")
_OMITTED_RESPONSE = re.compile(r"response will be omitted from generated client")


def spec_for(cfg: Config) -> Path:
    """The same JSON input for both tools: the pinned spec, or its first few operations."""
    full = json_spec(pinned_spec())
    if not cfg.smoke:
        return full
    small = cfg.work / "specs" / f"first-{SMOKE_OPERATIONS}.json"
    write_json(small, subset_document(json.loads(full.read_text()), SMOKE_OPERATIONS))
    return small


def run(cfg: Config) -> Section:
    section = Section("Generation of the full spec: ours vs openapi-python-client")
    spec = spec_for(cfg)
    document: dict[str, Any] = json.loads(spec.read_text())
    opc = venv_python("opc", OPC, install=cfg.install)
    work = cfg.scratch("generation")
    (work / "opc.yml").write_text(OPC_CONFIG)

    names = ["ours-cold", "opc"] if opc else ["ours-cold"]
    results: dict[str, list[Measured]] = {"ours-cold": [], "ours-warm": [], "opc": []}
    stages: dict[str, list[dict[str, float]]] = {"ours-cold": [], "ours-warm": []}
    sizes: dict[str, TreeSize] = {}
    last_out: dict[str, Path] = {}
    cache = work / "cache-0"
    for r, order in alternating(names, cfg.runs):
        shutil.rmtree(cache, ignore_errors=True)
        cache = work / f"cache-{r}"  # fresh per round: the first run is cold, the next warm
        for name in [*order, "ours-warm"]:
            out = work / f"out-{name}-{r}"
            print(f"  generation round {r + 1}/{cfg.runs}: {name}", flush=True)
            if name == "opc":
                assert opc is not None
                m = measure(
                    [
                        opc.parent / "openapi-python-client",
                        "generate",
                        "--path",
                        spec,
                        "--config",
                        work / "opc.yml",
                        "--output-path",
                        out,
                        "--overwrite",
                        "--meta",
                        "none",
                    ],
                    env=clean_env(),
                    cwd=work,
                )
            else:
                m = measure(
                    generate_cmd(spec, out, "--sections", "all", "--force"),
                    env=clean_env(XDG_CACHE_HOME=str(cache)),
                )
                stages[name].append(stage_times(m.stderr))
            results[name].append(m)
            sizes[name] = tree_size(out)
            if name in last_out:
                shutil.rmtree(last_out[name], ignore_errors=True)
            last_out[name] = out

    ours = _ours_coverage(document, last_out["ours-cold"], spec, cache)
    shutil.rmtree(cache, ignore_errors=True)
    opc_cov = _opc_coverage(results["opc"][-1].stderr, last_out["opc"]) if opc else None
    n_ops = len(_operations(document))
    n_schemas = len((document.get("components") or {}).get("schemas") or {})
    _report(section, results, stages, sizes, ours, opc_cov, n_ops, n_schemas, cfg)
    for path in last_out.values():
        shutil.rmtree(path, ignore_errors=True)
    return section


def _operations(document: dict[str, Any]) -> list[tuple[str, str]]:
    from .common import operation_keys

    return operation_keys(document)


def _ours_coverage(document: dict[str, Any], out: Path, spec: Path, cache: Path) -> dict[str, int]:
    """Operations in operations.json; named types per component schema, from the IR."""
    operations = json.loads((out / "operations.json").read_text())
    import io
    import os

    from generator import pipeline

    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(cache)  # warm: the IR is built without re-validating
    try:
        progress = pipeline.Progress(stream=io.StringIO(), quiet=True)
        ir = pipeline.build(pipeline.Options(spec=spec, sections=["all"]), progress)
    finally:
        if saved is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = saved
    named = {
        d.source.split("/")[3]
        for m in ir.type_modules
        for d in m.definitions
        if re.fullmatch(r"/components/schemas/[^/]+", d.source)
    }
    reach = {
        ref.split("/")[3]
        for ref in reachable_refs(document, document.get("paths") or {})
        if ref.startswith("#/components/schemas/")
    }
    return {
        "operations": len(operations),
        "diagnostics": len(ir.diagnostics),
        "types": sum(len(m.definitions) for m in ir.type_modules),
        "named_components": len(named),
        "reachable_components": len(reach),
    }


def _opc_coverage(stderr: str, out: Path) -> dict[str, int]:
    """Endpoint functions and model files written; endpoints/schemas/responses it warned away."""
    functions = sum(
        path.read_text(encoding="utf-8").count("\ndef sync_detailed(")
        for path in out.rglob("api/**/*.py")
    )
    models = sum(1 for p in out.rglob("models/*.py") if p.name != "__init__.py")
    skipped = {
        m.group(1, 2) for line in stderr.splitlines() if (m := _SKIPPED_ENDPOINT.match(line))
    }
    dropped = {m.group(1) for line in stderr.splitlines() if (m := _DROPPED_SCHEMA.match(line))}
    kinds = Counter(
        line.split(" ")[0] for line in stderr.splitlines() if line.startswith("WARNING")
    )
    return {
        "operations": functions,
        "models": models,
        "skipped_endpoints": len(skipped),
        "dropped_schemas": len(dropped),
        "omitted_responses": len(_OMITTED_RESPONSE.findall(stderr)),
        "warnings": kinds["WARNING"],
    }


def _report(
    section: Section,
    results: dict[str, list[Measured]],
    stages: dict[str, list[dict[str, float]]],
    sizes: dict[str, TreeSize],
    ours: dict[str, int],
    opc: dict[str, int] | None,
    n_ops: int,
    n_schemas: int,
    cfg: Config,
) -> None:
    wall = {k: Stat.of(m.wall for m in v) for k, v in results.items() if v}
    rss = {k: Stat.of(m.rss_mb for m in v) for k, v in results.items() if v}
    cpu = {k: Stat.of(m.cpu for m in v) for k, v in results.items() if v}
    labels = {
        "ours-cold": "ours, cold cache",
        "ours-warm": "ours, warm cache",
        "opc": "openapi-python-client",
    }
    section.add(
        f"Input: the pinned spec converted once to JSON ({n_ops} operations, {n_schemas} component "
        f"schemas); {cfg.runs} rounds, each `ours cold`/`openapi-python-client` (order alternating) "
        "then `ours warm` (same cache as that round's cold run; a fresh output directory every run). "
        "Peak RSS is the largest single process (black's workers and ruff are separate processes).",
        "",
    )
    rows = []
    for key in ("ours-cold", "ours-warm", "opc"):
        if key not in wall:
            continue
        size = sizes[key]
        rows.append(
            [
                labels[key],
                wall[key].fmt("s", 1),
                cpu[key].fmt("s", 1),
                rss[key].fmt("MB", 0),
                f"{size.py_files} / {size.files}",
                f"{size.py_lines:,}",
            ]
        )
    section.add(
        *table(
            [
                "tool",
                "wall",
                "CPU (user+sys)",
                "peak RSS",
                ".py files / all files",
                "lines of Python",
            ],
            rows,
        ),
        "",
    )
    section.data.update(
        wall={k: s.json() for k, s in wall.items()},
        rss={k: s.json() for k, s in rss.items()},
        cpu={k: s.json() for k, s in cpu.items()},
        sizes={k: vars(v) for k, v in sizes.items()},
        ours=ours,
        opc=opc,
    )
    # Where our time goes.
    stage_rows = []
    for key in ("ours-cold", "ours-warm"):
        names = list(stages[key][0]) if stages[key] else []
        cells = [
            Stat.of(s.get(n, 0.0) for s in stages[key]).fmt("", 1) for n in names if n != "total"
        ]
        stage_rows.append([labels[key], *cells])
        section.data.setdefault("stages", {})[key] = {
            n: Stat.of(s.get(n, 0.0) for s in stages[key]).json() for n in names
        }
    if stages["ours-cold"]:
        header = [n for n in stages["ours-cold"][0] if n != "total"]
        section.add("Our stages (seconds, median and range):", "")
        section.add(*table(["run", *header], stage_rows), "")

    coverage = [
        [
            "ours",
            f"{ours['operations']} / {n_ops}",
            f"{n_ops - ours['operations']}",
            f"0 (named classes for {ours['named_components']} of the "
            f"{ours['reachable_components']} schemas reachable from an operation; "
            f"{ours['diagnostics']} IR diagnostics)",
        ]
    ]
    if opc:
        coverage.append(
            [
                "openapi-python-client",
                f"{opc['operations']} / {n_ops}",
                f"{opc['skipped_endpoints']} (\"Endpoint will not be generated\")",
                f"{opc['dropped_schemas']} of {n_schemas} (\"Unable to parse/process schema\"); "
                f"{opc['models']} model files; {opc['omitted_responses']} responses omitted",
            ]
        )
    section.add(
        "Coverage:",
        "",
        *table(["tool", "operations generated", "operations skipped", "schemas dropped"], coverage),
        "",
        "Ours generates no class for a component schema that no operation reaches "
        f"({n_schemas - ours['reachable_components']} here, e.g. webhook payloads) and inlines "
        "the reachable ones that are primitives or request bodies (flattened into keyword "
        "arguments); none is dropped with a warning. openapi-python-client models every component "
        "schema it can parse.",
        "",
    )
    if "opc" in wall:
        cold = ratios([m.wall for m in results["opc"]], [m.wall for m in results["ours-cold"]])
        warm = ratios([m.wall for m in results["opc"]], [m.wall for m in results["ours-warm"]])
        mem = ratios([m.rss_mb for m in results["opc"]], [m.rss_mb for m in results["ours-cold"]])
        section.add(
            "Ratios, openapi-python-client time / ours time, per round (>1: ours is faster):",
            "",
            *table(
                ["", "median (min-max)"],
                [
                    ["cold: opc / ours", cold.fmt("x")],
                    ["warm: opc / ours", warm.fmt("x")],
                    ["peak RSS: opc / ours cold", mem.fmt("x")],
                ],
            ),
            "",
        )
        section.data["ratios"] = {"cold": cold.json(), "warm": warm.json(), "rss": mem.json()}
        met = cold.median >= 2
        slower = 1 / cold.median if cold.median > 0 else float("inf")
        section.targets.append(
            Target(
                "cold generation",
                ">= 2x faster than openapi-python-client",
                f"{cold.median:.2f}x" + ("" if met else f" (ours is {slower:.1f}x slower)"),
                met,
                "" if met else f"{2 / cold.median:.1f}x short of the goal",
            )
        )
        section.targets.append(
            Target(
                "warm generation (not a goal, context)",
                "-",
                f"{warm.median:.2f}x opc / ours",
                None,
            )
        )
