"""2. Import, construct the client, touch one resource: ours (full API) vs the official SDK."""

from __future__ import annotations

from .common import (
    GENERATED,
    PYTHON,
    TELNYX,
    Config,
    Measured,
    Section,
    Stat,
    Target,
    alternating,
    clean_env,
    measure,
    ratios,
    table,
    venv_python,
)

# Prints the in-process seconds for import + construct + touch (excludes interpreter start-up).
SNIPPET = """\
import time
start = time.perf_counter()
import {module}
client = {module}.Telnyx(api_key="x")
client.addresses
print(time.perf_counter() - start)
"""
BARE = "pass"  # interpreter start-up alone: the floor of any fresh-process figure


def run(cfg: Config) -> Section:
    section = Section("Import: `import; construct the client; touch one resource`")
    official = venv_python("telnyx", TELNYX, install=cfg.install)
    pycache = cfg.work / "pycache"  # ours compiles its .pyc here, not into generated/
    ours_env = clean_env(PYTHONPATH=str(GENERATED), PYTHONPYCACHEPREFIX=str(pycache))
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "ours": ([PYTHON, "-c", SNIPPET.format(module="telnyx_client")], ours_env),
        "python": ([PYTHON, "-c", BARE], clean_env()),
    }
    if official:
        commands["official"] = (
            [str(official), "-c", SNIPPET.format(module="telnyx")],
            clean_env(),
        )
    if not cfg.smoke:
        for cmd, env in commands.values():  # warm-up: .pyc files, OS file cache
            measure(cmd, env=env)
    runs = cfg.runs if cfg.smoke else max(cfg.runs, 15)  # cheap: more runs, steadier medians
    results: dict[str, list[Measured]] = {name: [] for name in commands}
    for _, order in alternating(list(commands), runs):
        for name in order:
            cmd, env = commands[name]
            results[name].append(measure(cmd, env=env))
    _report(section, results, runs)
    return section


def _inproc(m: Measured) -> float:
    return float(m.stdout.strip().splitlines()[-1]) if m.stdout.strip() else 0.0


def _report(section: Section, results: dict[str, list[Measured]], runs: int) -> None:
    labels = {
        "ours": "ours (`telnyx_client`, full API, from generated/)",
        "official": f"official `{TELNYX}`",
        "python": "bare interpreter (`python -c pass`)",
    }
    rows = []
    for name, ms in results.items():
        wall = Stat.of(m.wall for m in ms)
        rss = Stat.of(m.rss_mb for m in ms)
        inproc = Stat.of(_inproc(m) for m in ms) if name != "python" else None
        rows.append(
            [
                labels[name],
                wall.fmt("ms", 0, 1000),
                inproc.fmt("ms", 0, 1000) if inproc else "-",
                rss.fmt("MB", 1),
            ]
        )
        section.data[name] = {
            "wall": wall.json(),
            "rss_mb": rss.json(),
            "inproc": inproc.json() if inproc else None,
        }
    section.add(
        f"Fresh interpreter per run, {runs} runs per contender, alternating; .pyc files warm. "
        "`process` is the whole process (interpreter start-up included), `in-process` the "
        "import + constructor + attribute access alone.",
        "",
        *table(["contender", "process wall", "in-process", "peak RSS"], rows),
        "",
    )
    if "official" not in results:
        section.add("The official SDK's virtualenv is not installed: skipped.", "")
        return
    ours, official = results["ours"], results["official"]
    wall = ratios([m.wall for m in official], [m.wall for m in ours])
    inproc = ratios([_inproc(m) for m in official], [_inproc(m) for m in ours])
    rss_ours = Stat.of(m.rss_mb for m in ours)
    section.add(
        *table(
            ["ratio, official / ours (>1: ours is faster)", "median (min-max)"],
            [
                ["process wall", wall.fmt("x", 1)],
                ["in-process import + construct + touch", inproc.fmt("x", 1)],
                [
                    "peak RSS",
                    ratios([m.rss_mb for m in official], [m.rss_mb for m in ours]).fmt("x", 2),
                ],
            ],
        ),
        "",
    )
    section.data["ratios"] = {"wall": wall.json(), "inproc": inproc.json()}
    met_speed = inproc.median >= 10
    section.targets.append(
        Target(
            "import speed",
            ">= 10x faster than the official SDK",
            f"{inproc.median:.1f}x in-process, {wall.median:.1f}x whole process",
            met_speed,
            "" if met_speed else f"missed: {inproc.median:.1f}x of the 10x asked",
        )
    )
    met_mem = rss_ours.median <= 50
    section.targets.append(
        Target(
            "import memory",
            "<= 50 MB peak RSS",
            f"{rss_ours.median:.1f} MB",
            met_mem,
            "" if met_mem else f"missed by {rss_ours.median - 50:.1f} MB",
        )
    )
