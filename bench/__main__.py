"""`python -m bench [--smoke] [--only NAME,...] [--runs N]`: run, print, write RESULTS.md."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from . import generation, goals, imports, overhead, regen, scale
from .common import (
    BENCH,
    MATPLOTLIB,
    OPC,
    PYTHON,
    TELNYX,
    WORK,
    Config,
    Section,
    Target,
    installed_version,
    machine,
    table,
    venv_python,
)

SECTIONS: dict[str, Callable[[Config], Section]] = {
    "generation": generation.run,
    "import": imports.run,
    "overhead": overhead.run,
    "scale": lambda cfg: scale.run(cfg, plot=(cfg.work / "scale.png") if cfg.smoke else scale.PLOT),
    "regen": regen.run,
    "goals": goals.run,
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="1 run of every section on tiny inputs; peers skipped unless installed; "
        "writes .bench/smoke/RESULTS.md instead of bench/RESULTS.md",
    )
    parser.add_argument("--only", help=f"comma-separated sections: {', '.join(SECTIONS)}")
    parser.add_argument("--runs", type=int, help="runs per figure (default 5; smoke 1)")
    parser.add_argument(
        "--out", type=Path, help="where to write RESULTS.md (default bench/RESULTS.md)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    names = [n.strip() for n in args.only.split(",")] if args.only else list(SECTIONS)
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        print(f"unknown section(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    runs = args.runs or (1 if args.smoke else 5)
    if not args.smoke and runs < 5:
        print("note: fewer than 5 runs per figure; medians need at least 5", file=sys.stderr)
    work = WORK / ("smoke" if args.smoke else "run")
    work.mkdir(parents=True, exist_ok=True)
    cfg = Config(smoke=args.smoke, runs=runs, work=work, install=not args.smoke)
    info = machine()
    started = time.perf_counter()
    sections: list[Section] = []
    for name in names:
        print(f"== {name}", flush=True)
        t0 = time.perf_counter()
        section = SECTIONS[name](cfg)
        section.data["seconds"] = time.perf_counter() - t0
        sections.append(section)
        print("\n".join(section.lines), flush=True)
    elapsed = time.perf_counter() - started
    info["load_after"] = machine()["load"]
    text = render(sections, info, cfg, elapsed, names)
    out = args.out or (work / "RESULTS.md" if args.smoke else BENCH / "RESULTS.md")
    out.write_text(text, encoding="utf-8")
    (work / "results.json").write_text(
        json.dumps({"machine": info, **{s.title: s.data for s in sections}}, indent=1, default=str)
    )
    print(f"\n{_targets_text(sections)}\nwrote {out} ({elapsed / 60:.1f} min)")
    return 0


def _versions(cfg: Config) -> list[list[str]]:
    rows = [
        [dist, installed_version(PYTHON, dist)]
        for dist in (
            "black",
            "ruff",
            "jinja2",
            "openapi-spec-validator",
            "pyyaml",
            "httpx",
            "pydantic",
        )
    ]
    for name, requirement, dist in (
        ("opc", OPC, "openapi-python-client"),
        ("telnyx", TELNYX, "telnyx"),
        ("plot", MATPLOTLIB, "matplotlib"),
    ):
        python = venv_python(name, requirement, install=False)
        rows.append(
            [
                f"{dist} (.bench/venvs/{name})",
                installed_version(python, dist) if python else "not installed",
            ]
        )
        if python and dist != "matplotlib":
            for dep in (
                ("ruff", "httpx", "pydantic")
                if dist.startswith("openapi")
                else ("httpx", "pydantic")
            ):
                version = installed_version(python, dep)
                if version != "?":
                    rows.append([f"  {dep} in that venv", version])
    return rows


def _targets(sections: list[Section]) -> list[Target]:
    return [t for s in sections for t in s.targets]


def _verdict(t: Target) -> str:
    return "-" if t.met is None else ("met" if t.met else "**missed**")


def _targets_text(sections: list[Section]) -> str:
    lines = ["Targets:"]
    for t in _targets(sections):
        lines.append(f"  {t.name}: goal {t.goal}; measured {t.measured} -> {_verdict(t)} {t.note}")
    return "\n".join(lines)


def render(
    sections: list[Section], info: dict[str, str], cfg: Config, elapsed: float, names: list[str]
) -> str:
    out = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python -m bench`; the scripts are in `bench/`). "
        f"Every figure is the median of {cfg.runs} runs or more, with (min-max); comparisons "
        "are ratios of runs made in the same round, contenders alternating (A B A B ...), "
        "because the machine is shared and noisy.",
        "",
        "## Machine",
        "",
        *table(
            ["", ""],
            [
                ["date", info["date"]],
                ["commit", info["commit"]],
                ["CPU", f"{info['cpu']}, {info['nproc']} cores"],
                ["memory", info["memory"]],
                ["OS", info["os"]],
                ["Python", info["python"]],
                [
                    "load average (1/5/15 min) before / after",
                    f"{info['load']} / {info['load_after']}",
                ],
                ["sections run", f"{', '.join(names)} in {elapsed / 60:.1f} min"],
            ],
        ),
        "",
        "Package versions:",
        "",
        *table(["package", "version"], _versions(cfg)),
        "",
        "## Targets",
        "",
        *table(
            ["target", "goal", "measured (median)", "verdict", "by how much"],
            [[t.name, t.goal, t.measured, _verdict(t), t.note] for t in _targets(sections)],
        ),
        "",
    ]
    for number, section in enumerate(sections, 1):
        out += [f"## {number}. {section.title}", "", *section.lines]
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    sys.exit(main())
