"""4. Scale: generation time and output size against the number of operations."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from .common import (
    BENCH,
    MATPLOTLIB,
    PYTHON,
    Config,
    Section,
    Stat,
    Target,
    alternating,
    clean_env,
    generate_cmd,
    json_spec,
    measure,
    operation_keys,
    pinned_spec,
    stage_times,
    subset_document,
    table,
    tree_size,
    venv_python,
    write_json,
)

SIZES = (100, 300, 600, None)  # None: every operation
SMOKE_SIZES = (3, 6, 12)
PLOT = BENCH / "scale.png"
PREWARM = (
    "import sys; from pathlib import Path; from generator.load import load_spec; "
    "from generator.validate import validate; validate(load_spec(Path(sys.argv[1])))"
)


def linear_fit(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """Least squares y = a*x + b; returns (a, b, R^2)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    a = sxy / sxx if sxx else 0.0
    b = my - a * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - (a * x + b)) ** 2 for x, y in zip(xs, ys, strict=True))
    return a, b, (1 - ss_res / ss_tot) if ss_tot else 1.0


def run(cfg: Config, plot: Path | None = None) -> Section:
    section = Section("Scale: generation time against the number of operations")
    full: dict[str, Any] = json.loads(json_spec(pinned_spec()).read_text())
    total = len(operation_keys(full))
    sizes = [n or total for n in (SMOKE_SIZES if cfg.smoke else SIZES)]
    work = cfg.scratch("scale")

    # One document per size: the first N operations in document order and what they reach.
    specs: dict[int, Path] = {}
    warm: dict[int, Path] = {}
    for n in sizes:
        specs[n] = work / f"ops-{n}.json"
        write_json(specs[n], subset_document(full, n))
        # Parse + validate once, so each measured run starts with only those cached:
        # the per-document constant stays out, render/format/write are cold every run.
        warm[n] = work / f"warm-{n}"
        measure([PYTHON, "-c", PREWARM, specs[n]], env=clean_env(XDG_CACHE_HOME=str(warm[n])))

    walls: dict[int, list[float]] = {n: [] for n in sizes}
    stages: dict[int, list[dict[str, float]]] = {n: [] for n in sizes}
    lines: dict[int, int] = {}
    files: dict[int, int] = {}
    ops: dict[int, int] = {}
    for r, order in alternating([str(n) for n in sizes], cfg.runs):
        print(f"  scale round {r + 1}/{cfg.runs}", flush=True)
        for key in order:
            n = int(key)
            cache = work / "cache"
            out = work / "out"
            shutil.rmtree(cache, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            shutil.copytree(warm[n], cache)
            m = measure(
                generate_cmd(specs[n], out, "--sections", "all", "--force"),
                env=clean_env(XDG_CACHE_HOME=str(cache)),
            )
            walls[n].append(m.wall)
            stages[n].append(stage_times(m.stderr))
            size = tree_size(out)
            lines[n], files[n] = size.py_lines, size.files
            ops[n] = len(json.loads((out / "operations.json").read_text()))
    shutil.rmtree(work / "cache", ignore_errors=True)
    shutil.rmtree(work / "out", ignore_errors=True)

    stat = {n: Stat.of(v) for n, v in walls.items()}
    scaled = {n: Stat.of(_scaling_part(s) for s in stages[n]) for n in sizes}
    rows = [
        [
            ops[n],
            stat[n].fmt("s", 2),
            scaled[n].fmt("s", 2),
            f"{1000 * stat[n].median / ops[n]:.1f}",
            f"{lines[n]:,}",
            files[n],
        ]
        for n in sizes
    ]
    xs = [float(ops[n]) for n in sizes]
    t_fit = linear_fit(xs, [stat[n].median for n in sizes])
    s_fit = linear_fit(xs, [scaled[n].median for n in sizes])
    l_fit = linear_fit(xs, [float(lines[n]) for n in sizes])
    section.add(
        "Documents: the first N operations of the pinned spec in document order, with the "
        "components they reach. Each run starts with the parsed document and validation "
        "verdict cached (a per-document constant, see the generation section for cold "
        "validation) and nothing else: IR, render, black and write run cold. "
        f"{cfg.runs} runs per size, sizes alternating.",
        "",
        *table(
            [
                "operations",
                "wall",
                "ir+render+format+write",
                "ms per operation",
                "lines of Python",
                "files",
            ],
            rows,
        ),
        "",
        f"Least-squares fits: wall = {t_fit[0] * 1000:.1f} ms/op x N + {t_fit[1]:.2f} s "
        f"(R² {t_fit[2]:.3f}); ir+render+format+write = {s_fit[0] * 1000:.1f} ms/op x N + "
        f"{s_fit[1]:.2f} s (R² {s_fit[2]:.3f}); lines = {l_fit[0]:.0f}/op x N + {l_fit[1]:.0f} "
        f"(R² {l_fit[2]:.3f}).",
        "",
    )
    first, last = sizes[0], sizes[-1]
    per_op_growth = (stat[last].median / ops[last]) / (stat[first].median / ops[first])
    section.data.update(
        ops=ops,
        wall={n: s.json() for n, s in stat.items()},
        scaled={n: s.json() for n, s in scaled.items()},
        lines=lines,
        files=files,
        fit={"wall": t_fit, "scaled": s_fit, "lines": l_fit},
    )
    # Linear or better: the time per operation must not grow with the number of operations
    # (a fixed start-up cost makes small runs dearer per operation, so it may shrink).
    linear = per_op_growth <= 1.25
    section.targets.append(
        Target(
            "scale",
            "cost grows linearly with operations (not faster)",
            f"R² {t_fit[2]:.3f} (wall), {s_fit[2]:.3f} (ir..write); time per operation "
            f"x{per_op_growth:.2f} from {ops[first]} to {ops[last]} operations",
            linear,
            "" if linear else f"superlinear: time per operation x{per_op_growth:.2f}",
        )
    )
    if plot is not None:
        made = _plot(cfg, plot, ops, stat, scaled, lines, sizes)
        section.add(
            (
                f"![generation time and output size against operations]({plot.name})"
                if made
                else f"(no plot: {MATPLOTLIB} is not installed in .bench/venvs/plot)"
            ),
            "",
        )
    return section


def _scaling_part(stages: dict[str, float]) -> float:
    return sum(stages.get(k, 0.0) for k in ("ir", "render", "format", "write"))


def _plot(
    cfg: Config,
    out: Path,
    ops: dict[int, int],
    wall: dict[int, Stat],
    scaled: dict[int, Stat],
    lines: dict[int, int],
    sizes: list[int],
) -> bool:
    python = venv_python("plot", MATPLOTLIB, install=cfg.install)
    if python is None:
        return False
    data = {
        "ops": [ops[n] for n in sizes],
        "wall": [wall[n].median for n in sizes],
        "wall_min": [wall[n].min for n in sizes],
        "wall_max": [wall[n].max for n in sizes],
        "scaled": [scaled[n].median for n in sizes],
        "lines": [lines[n] for n in sizes],
        "runs": cfg.runs,
    }
    source = cfg.work / "scale" / "plot.json"
    source.write_text(json.dumps(data))
    subprocess.run([str(python), str(BENCH / "_plot.py"), str(source), str(out)], check=True)
    return True
