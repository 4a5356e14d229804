"""The generation-speed goals, measured in a few minutes (`make bench-goals`).

1. Cold: the full spec (as JSON, the same input for both) into an empty directory
   with a fresh cache, ours and openapi-python-client alternating.
2. Fresh clone: `python -m generator generate` (as `make generate` runs it) into a
   copy of the committed `generated/` (`git archive HEAD`), with an empty cache.
3. No change: the same command again, same directory and cache.
4. Spec update: the previous spec generated into D (untimed), then the pinned one
   into D with a copy of the cache that run left (it has seen only the old spec).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path

from generator import ROOT

from .common import (
    OPC,
    PYTHON,
    Config,
    Measured,
    Section,
    Stat,
    Target,
    alternating,
    clean_env,
    generate_cmd,
    measure,
    pinned_spec,
    previous_spec,
    ratios,
    stage_times,
    table,
    venv_python,
)
from .generation import OPC_CONFIG, spec_for
from .regen import specs_for

Record = Callable[[str, Measured], None]
STAGES = ("check", "load", "validate", "select", "ir", "render", "format", "write")


def run(cfg: Config) -> Section:
    section = Section("Generation-speed goals")
    work = cfg.scratch("goals")
    stages: dict[str, list[dict[str, float]]] = {}
    walls: dict[str, list[float]] = {}

    def record(name: str, m: Measured) -> None:
        walls.setdefault(name, []).append(m.wall)
        stages.setdefault(name, []).append(stage_times(m.stderr))

    cold_ratio = _cold(cfg, work, record)
    _fresh_clone(cfg, work, record)
    update_beyond_parse = _update(cfg, work, record)

    labels = {
        "cold": "cold: full spec (JSON), empty --out, fresh cache",
        "opc": "openapi-python-client, same input",
        "clone": "fresh clone: `make generate`'s command, committed generated/, empty cache",
        "no-change": "no change: the same command again",
        "update": "spec update: the new spec into the old output, cache of the old run",
    }
    rows = []
    for name, label in labels.items():
        if name not in walls:
            continue
        cells = [
            Stat.of(s.get(stage, 0.0) for s in stages[name]).fmt("", 2) if stages[name][0] else "-"
            for stage in STAGES
        ]
        rows.append([label, Stat.of(walls[name]).fmt("s", 2), *cells])
    section.add(
        f"{cfg.runs} runs per figure; the cold runs alternate with openapi-python-client "
        "(ratios are per round). Stage columns are the generator's own progress lines "
        "(seconds, median and range; `check` appears only when the recorded inputs match "
        "and the run stops there; `validate` is the wait for the background validation).",
        "",
        *table(["run", "wall", *STAGES], rows),
        "",
    )
    section.data.update(
        walls={k: Stat.of(v).json() for k, v in walls.items()},
        stages={
            k: {s: Stat.of(x.get(s, 0.0) for x in v).json() for s in STAGES}
            for k, v in stages.items()
        },
    )
    if cold_ratio is not None:
        section.add(f"Cold, openapi-python-client / ours per round: {cold_ratio.fmt('x')}", "")
        met = cold_ratio.median >= 2
        section.targets.append(
            Target(
                "cold generation",
                ">= 2x faster than openapi-python-client",
                f"{cold_ratio.median:.2f}x",
                met,
                "" if met else f"{2 / cold_ratio.median:.2f}x short",
            )
        )
        section.data["cold_ratio"] = cold_ratio.json()
    for name, goal, limit in (("clone", "<= 5 s", 5.0), ("no-change", "<= 1 s", 1.0)):
        median = Stat.of(walls[name]).median
        section.targets.append(
            Target(
                "fresh clone `make generate`" if name == "clone" else "no-change regeneration",
                goal,
                f"{median:.2f} s",
                median <= limit,
            )
        )
    if update_beyond_parse is not None:
        section.add(
            "Spec update, wall minus the cold parse of the new spec (its `load` stage): "
            f"{update_beyond_parse.fmt('s', 2)}",
            "",
        )
        section.targets.append(
            Target(
                "regeneration after a spec update",
                "<= 5 s plus the cold parse of the new spec",
                f"{update_beyond_parse.median:.2f} s plus the parse",
                update_beyond_parse.median <= 5,
            )
        )
        section.data["update_beyond_parse"] = update_beyond_parse.json()
    return section


def _cold(cfg: Config, work: Path, record: Record) -> Stat | None:
    spec = spec_for(cfg)
    opc = venv_python("opc", OPC, install=cfg.install)
    (work / "opc.yml").write_text(OPC_CONFIG)
    names = ["cold", "opc"] if opc else ["cold"]
    ours: list[float] = []
    theirs: list[float] = []
    for r, order in alternating(names, cfg.runs):
        for name in order:
            out, cache = work / f"out-{name}", work / f"cache-{name}"
            for path in (out, cache):
                shutil.rmtree(path, ignore_errors=True)
            print(f"  goals: cold round {r + 1}/{cfg.runs}: {name}", flush=True)
            if name == "opc":
                assert opc is not None
                options: list[str | Path] = ["--config", work / "opc.yml", "--output-path", out]
                m = measure(
                    [
                        opc.parent / "openapi-python-client",
                        "generate",
                        "--path",
                        spec,
                        *options,
                        "--overwrite",
                        "--meta",
                        "none",
                    ],
                    env=clean_env(),
                    cwd=work,
                )
                theirs.append(m.wall)
                walls_record(record, "opc", m, stages=False)
            else:
                m = measure(
                    generate_cmd(spec, out, "--sections", "all"),
                    env=clean_env(XDG_CACHE_HOME=str(cache)),
                )
                ours.append(m.wall)
                walls_record(record, "cold", m)
    for name in names:
        for path in (work / f"out-{name}", work / f"cache-{name}"):
            shutil.rmtree(path, ignore_errors=True)
    return ratios(theirs, ours) if theirs else None


def walls_record(record: Record, name: str, m: Measured, *, stages: bool = True) -> None:
    """`stages=False`: a peer's output, whose lines are not our progress lines."""
    record(name, m if stages else Measured(m.rc, m.wall, m.rss_mb, m.cpu, m.stdout, ""))


def _fresh_clone(cfg: Config, work: Path, record: Record) -> None:
    """The committed generated/ (not the work tree's), then `generate` twice."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", "HEAD", "generated"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    for r in range(cfg.runs):
        clone, cache = work / "clone", work / "cache-clone"
        for path in (clone, cache):
            shutil.rmtree(path, ignore_errors=True)
        clone.mkdir()
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(clone, filter="data")
        cmd = [PYTHON, "-m", "generator", "generate", "--out", str(clone / "generated")]
        print(f"  goals: fresh clone and no change {r + 1}/{cfg.runs}", flush=True)
        env = clean_env(XDG_CACHE_HOME=str(cache))
        walls_record(record, "clone", measure(cmd, env=env, cwd=ROOT))
        walls_record(record, "no-change", measure(cmd, env=env, cwd=ROOT))
    shutil.rmtree(work / "clone", ignore_errors=True)
    shutil.rmtree(work / "cache-clone", ignore_errors=True)


def _update(cfg: Config, work: Path, record: Record) -> Stat | None:
    old, new = specs_for(cfg) if cfg.smoke else (previous_spec(), pinned_spec())
    base_out, base_cache = work / "update-base-out", work / "update-base-cache"
    print("  goals: the old spec into D (not timed)", flush=True)
    measure(
        generate_cmd(old, base_out, "--sections", "all", "--quiet"),
        env=clean_env(XDG_CACHE_HOME=str(base_cache)),
    )
    beyond: list[float] = []
    out, cache = work / "update-out", work / "update-cache"
    for r in range(cfg.runs):
        for path in (out, cache):
            shutil.rmtree(path, ignore_errors=True)
        shutil.copytree(base_out, out, symlinks=True)
        shutil.copytree(base_cache, cache)
        print(f"  goals: spec update {r + 1}/{cfg.runs}", flush=True)
        m = measure(
            generate_cmd(new, out, "--sections", "all"), env=clean_env(XDG_CACHE_HOME=str(cache))
        )
        walls_record(record, "update", m)
        beyond.append(m.wall - stage_times(m.stderr).get("load", 0.0))
    for path in (out, cache, base_out, base_cache):
        shutil.rmtree(path, ignore_errors=True)
    return Stat.of(beyond) if beyond else None
