"""What every benchmark section shares: paths, statistics, measured subprocesses, venvs, specs."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import ROOT

BENCH = ROOT / "bench"
WORK = ROOT / ".bench"
GENERATED = ROOT / "generated"
PYTHON = sys.executable  # the project's interpreter (.venv): runs our generator and client

# Peers, pinned; each gets its own virtualenv under .bench/venvs/.
OPC = "openapi-python-client==0.29.1"
TELNYX = "telnyx==4.189.0"
MATPLOTLIB = "matplotlib==3.11.2"

FULL_OPERATIONS = 1156  # in the pinned spec (shared/telnyx-openapi/README.md)
FULL_SCHEMAS = 1875


@dataclass(frozen=True)
class Config:
    smoke: bool
    runs: int  # repetitions of every figure (>= 5 for real runs)
    work: Path  # scratch folder for this invocation
    install: bool  # may create the peers' virtualenvs (pip)

    def scratch(self, *parts: str) -> Path:
        path = self.work.joinpath(*parts)
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        return path


@dataclass(frozen=True)
class Target:
    """A generation-speed goal, the measured value, and whether it was met (None: not measured)."""

    name: str
    goal: str
    measured: str
    met: bool | None
    note: str = ""


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)  # markdown
    targets: list[Target] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)  # raw figures, saved as JSON

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)


# ---------------------------------------------------------------- statistics


@dataclass(frozen=True)
class Stat:
    values: tuple[float, ...]

    @classmethod
    def of(cls, values: Iterable[float]) -> Stat:
        vals = tuple(values)
        if not vals:
            raise ValueError("no values")
        return cls(vals)

    @property
    def median(self) -> float:
        return float(statistics.median(self.values))

    @property
    def min(self) -> float:
        return min(self.values)

    @property
    def max(self) -> float:
        return max(self.values)

    def fmt(self, unit: str = "", digits: int = 2, scale: float = 1.0) -> str:
        """`12.3 s (11.9-13.0)`: median, then min-max across the runs."""
        m, lo, hi = (v * scale for v in (self.median, self.min, self.max))
        suffix = f" {unit}" if unit else ""
        if len(self.values) == 1:
            return f"{m:.{digits}f}{suffix}"
        return f"{m:.{digits}f}{suffix} ({lo:.{digits}f}-{hi:.{digits}f})"

    def json(self) -> dict[str, Any]:
        return {"median": self.median, "min": self.min, "max": self.max, "runs": list(self.values)}


def ratios(numerators: Sequence[float], denominators: Sequence[float]) -> Stat:
    """Per-run ratios of paired measurements (same round), so drifting load cancels out."""
    return Stat.of(a / b for a, b in zip(numerators, denominators, strict=True) if b > 0)


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out.extend("| " + " | ".join(str(c) for c in row) + " |" for row in rows)
    return out


def alternating(names: Sequence[str], rounds: int) -> Iterator[tuple[int, list[str]]]:
    """Round r runs every contender once; the order rotates so none is always first."""
    for r in range(rounds):
        k = r % len(names)
        yield r, list(names[k:]) + list(names[:k])


# ------------------------------------------------------ measured subprocesses

# Runs argv[2:] as its only child; then RUSAGE_CHILDREN holds that child's tree
# (every descendant it waited for): ru_maxrss is the largest single process's peak.
_WRAPPER = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
rc = subprocess.call(sys.argv[2:])
wall = time.perf_counter() - start
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    json.dump({"rc": rc, "wall": wall, "maxrss_kb": ru.ru_maxrss,
               "cpu": ru.ru_utime + ru.ru_stime}, f)
"""


@dataclass(frozen=True)
class Measured:
    rc: int
    wall: float  # seconds, the child only (not the wrapper's own start-up)
    rss_mb: float  # peak RSS of the largest process in the child's tree
    cpu: float  # user + system seconds of the whole tree
    stdout: str
    stderr: str


def measure(
    cmd: Sequence[str | Path],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 1800,
    check: bool = True,
) -> Measured:
    fd, result_path = tempfile.mkstemp(prefix="measure-", suffix=".json")
    os.close(fd)
    try:
        proc = subprocess.run(
            [PYTHON, "-c", _WRAPPER, result_path, *map(str, cmd)],
            capture_output=True,
            text=True,
            env=env,
            cwd=cwd,
            timeout=timeout,
            check=False,
        )
        data = json.loads(Path(result_path).read_text() or "{}")
    finally:
        os.unlink(result_path)
    if not data:
        raise RuntimeError(f"measurement wrapper failed: {proc.stderr[-2000:]}")
    result = Measured(
        rc=int(data["rc"]),
        wall=float(data["wall"]),
        rss_mb=float(data["maxrss_kb"]) / 1024,
        cpu=float(data["cpu"]),
        stdout=proc.stdout,
        stderr=proc.stderr,
    )
    if check and result.rc != 0:
        joined = " ".join(map(str, cmd))
        raise RuntimeError(f"{joined} exited {result.rc}:\n{result.stderr[-3000:]}")
    return result


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything that would change a client's or generator's behaviour."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELNYX_", "PYTHON", "VIRTUAL_ENV", "XDG_CACHE_HOME"))
    }
    env.update(extra)
    return env


# ------------------------------------------------------------------ venvs


def venv_python(name: str, requirement: str, *, install: bool) -> Path | None:
    """`.bench/venvs/<name>/bin/python` with `requirement` installed, or None if absent.

    Created (pip, from PyPI) only when `install` is true; a venv built for another
    requirement is rebuilt.
    """
    venv = WORK / "venvs" / name
    python = venv / "bin" / "python"
    marker = venv / ".bench-requirement"
    if python.exists() and marker.exists() and marker.read_text().strip() == requirement:
        return python
    if not install:
        return None
    print(f"  installing {requirement} into {venv.relative_to(ROOT)} ...", flush=True)
    base = getattr(sys, "_base_executable", None) or sys.executable
    subprocess.run([base, "-m", "venv", "--clear", str(venv)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", requirement],
        check=True,
    )
    marker.write_text(requirement + "\n")
    return python


def installed_version(python: Path | str, dist: str) -> str:
    proc = subprocess.run(
        [str(python), "-c", f"import importlib.metadata as m; print(m.version({dist!r}))"],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.strip() or "?"


# ------------------------------------------------------------------ specs


def pinned_spec() -> Path:
    """The pinned spec, checksum verified (generator.pin); CI finds it in ../shared."""
    from generator.pin import default_spec

    return default_spec()


def previous_spec() -> Path:
    return pinned_spec().parent / "spec3.2026-06-01.yml"


def load_document(path: Path) -> dict[str, Any]:
    """The spec as the generator reads it (YAML 1.2 scalars), parsed with a scratch cache."""
    from generator.load import load_spec

    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(WORK / "cache-convert")
    try:
        return load_spec(path).document
    finally:
        if saved is None:
            del os.environ["XDG_CACHE_HOME"]
        else:
            os.environ["XDG_CACHE_HOME"] = saved


def json_spec(yaml_path: Path) -> Path:
    """The YAML spec converted once to JSON under .bench/ (the same input for every tool)."""
    digest = hashlib.sha256(yaml_path.read_bytes()).hexdigest()[:16]
    out = WORK / "specs" / f"{yaml_path.stem}.{digest}.json"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        write_json(out, load_document(yaml_path))
    return out


def write_json(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def operation_keys(document: dict[str, Any]) -> list[tuple[str, str]]:
    """(path, method) of every operation in document order (the generator's order)."""
    keys: list[tuple[str, str]] = []
    for path, item in (document.get("paths") or {}).items():
        if isinstance(item, dict):
            keys.extend((path, m) for m in HTTP_METHODS if isinstance(item.get(m), dict))
    return keys


def _refs(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            for key, value in cur.items():
                if key == "$ref" and isinstance(value, str):
                    yield value
                else:
                    stack.append(value)
        elif isinstance(cur, list):
            stack.extend(cur)


def _resolve(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def reachable_refs(document: dict[str, Any], roots: Any) -> set[str]:
    """Every local $ref reachable from `roots`, transitively."""
    seen: set[str] = set()
    todo = list(_refs(roots))
    while todo:
        ref = todo.pop()
        if ref in seen or not ref.startswith("#/"):
            continue
        seen.add(ref)
        todo.extend(_refs(_resolve(document, ref)))
    return seen


def subset_document(
    document: dict[str, Any], keep: Iterable[tuple[str, str]] | int
) -> dict[str, Any]:
    """A valid document with only some operations and the components they reach.

    `keep`: (path, method) pairs, or N for the first N operations in document order.
    Webhooks are dropped (no generator here uses them); tags, servers and
    security schemes are kept whole.
    """
    wanted = set(operation_keys(document)[:keep] if isinstance(keep, int) else keep)
    paths: dict[str, Any] = {}
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        methods = {m for m in HTTP_METHODS if (path, m) in wanted}
        if methods:
            paths[path] = {k: v for k, v in item.items() if k not in HTTP_METHODS or k in methods}
    refs = reachable_refs(document, paths)
    components: dict[str, dict[str, Any]] = {}
    source = document.get("components") or {}
    for ref in sorted(refs):
        parts = ref.removeprefix("#/").split("/")
        if len(parts) >= 3 and parts[0] == "components":
            kind, name = parts[1], parts[2].replace("~1", "/").replace("~0", "~")
            components.setdefault(kind, {})[name] = source[kind][name]
    if "securitySchemes" in source:
        components["securitySchemes"] = source["securitySchemes"]
    result = {k: v for k, v in document.items() if k not in ("paths", "components", "webhooks")}
    result["paths"] = paths
    result["components"] = {k: dict(sorted(v.items())) for k, v in sorted(components.items())}
    return result


# ------------------------------------------------------------------ output trees


@dataclass(frozen=True)
class TreeSize:
    files: int
    py_files: int
    py_lines: int


def tree_size(root: Path) -> TreeSize:
    files = py_files = py_lines = 0
    for path in root.rglob("*"):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        files += 1
        if path.suffix == ".py":
            py_files += 1
            with path.open("rb") as handle:
                py_lines += sum(1 for _ in handle)
    return TreeSize(files, py_files, py_lines)


_STAGE = re.compile(r"^(\w+)\s+([0-9.]+)s\b(.*)$")


def stage_times(progress: str) -> dict[str, float]:
    """`load 0.08s ...` progress lines of `python -m generator generate` -> {stage: seconds}."""
    result: dict[str, float] = {}
    for line in progress.splitlines():
        match = _STAGE.match(line.strip())
        if match and match.group(1) != "warning":
            result[match.group(1)] = float(match.group(2))
    return result


_WRITE = re.compile(r"(\d+) written, (\d+) unchanged, (\d+) deleted")


def write_counts(progress: str) -> tuple[int, int, int]:
    """(written, unchanged, deleted) from the write stage's progress line."""
    match = _WRITE.search(progress)
    if not match:
        raise ValueError(f"no write line in:\n{progress[-1500:]}")
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


def generate_cmd(spec: Path, out: Path, *extra: str) -> list[str]:
    return [PYTHON, "-m", "generator", "generate", "--spec", str(spec), "--out", str(out), *extra]


# ------------------------------------------------------------------ machine


def machine() -> dict[str, str]:
    cpu = "?"
    mem = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "generator", "templates", "generated", "specs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    if commit and dirty:
        commit += f" + {len(dirty)} uncommitted changes in generator/ templates/ generated/ specs/"
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": cpu,
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "commit": commit or "?",
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
