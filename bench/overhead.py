"""3. Per-request overhead against a local server: ours vs the official SDK vs raw httpx."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from .common import (
    BENCH,
    GENERATED,
    PYTHON,
    TELNYX,
    Config,
    Section,
    Stat,
    Target,
    alternating,
    clean_env,
    json_spec,
    pinned_spec,
    ratios,
    table,
    venv_python,
)

LIST_ITEMS = 20  # Telnyx's default page[size]
LABELS = {
    "socket": "server floor: raw socket client",
    "httpx": "raw httpx + json.loads",
    "httpx_pydantic": "raw httpx + json.loads + pydantic (our model)",
    "httpx_async": "raw httpx.AsyncClient + json.loads",
    "ours_sync": "ours, sync",
    "ours_async": "ours, async",
    "official_sync": f"official `{TELNYX}`, sync",
    "official_async": f"official `{TELNYX}`, async",
}


# ------------------------------------------------------------ canned responses


def example(document: dict[str, Any], schema: Any, depth: int = 0) -> Any:
    """An instance of `schema` built from the spec's own `example` values."""
    if not isinstance(schema, dict) or depth > 12:
        return None
    if "$ref" in schema:
        node: Any = document
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return example(document, node, depth + 1)
    if "example" in schema:
        return schema["example"]
    if isinstance(schema.get("examples"), list) and schema["examples"]:
        return schema["examples"][0]
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = example(document, part, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    for key in ("oneOf", "anyOf"):
        if schema.get(key):
            return example(document, schema[key][0], depth + 1)
    if schema.get("enum"):
        return schema["enum"][0]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        return {
            name: example(document, sub, depth + 1)
            for name, sub in (schema.get("properties") or {}).items()
        }
    if kind == "array":
        return [example(document, schema.get("items") or {}, depth + 1)]
    defaults: dict[str, Any] = {"string": "string", "integer": 0, "number": 0.0, "boolean": False}
    return defaults.get(str(kind))


def canned_bodies(document: dict[str, Any]) -> dict[str, Any]:
    """Bodies of GET /addresses/{id} and GET /addresses (one page of LIST_ITEMS addresses)."""

    def schema(path: str) -> Any:
        response = document["paths"][path]["get"]["responses"]["200"]
        return response["content"]["application/json"]["schema"]

    retrieve = example(document, schema("/addresses/{id}"))
    listing = example(document, schema("/addresses"))
    item = listing["data"][0]
    listing["data"] = [dict(item, id=str(int(item["id"]) + i)) for i in range(LIST_ITEMS)]
    listing["meta"] = {
        "page_number": 1,
        "page_size": LIST_ITEMS,
        "total_pages": 1,
        "total_results": LIST_ITEMS,
    }
    return {"retrieve": retrieve, "list": listing}


# ------------------------------------------------------------ processes


class Worker:
    def __init__(self, python: Path | str, kind: str, base_url: str, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [str(python), str(BENCH / "_worker.py"), kind, base_url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )

    def ask(self, command: str) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"worker died on {command!r} (exit {self.proc.wait()})")
        reply: dict[str, Any] = json.loads(line)
        if "error" in reply:
            raise RuntimeError(reply["error"])
        return reply

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


def run(cfg: Config) -> Section:
    section = Section("Per-request overhead against a local server")
    document = json.loads(json_spec(pinned_spec()).read_text())
    bodies = canned_bodies(document)
    work = cfg.scratch("overhead")
    routes = work / "routes.json"
    routes.write_text(json.dumps(bodies))
    sizes = {op: len(json.dumps(body).encode()) for op, body in bodies.items()}
    official_python = venv_python("telnyx", TELNYX, install=cfg.install)

    server = subprocess.Popen(
        [PYTHON, str(BENCH / "_server.py"), str(routes)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=clean_env(),
    )
    workers: dict[str, Worker] = {}
    try:
        assert server.stdout is not None
        base_url = f"http://127.0.0.1:{int(server.stdout.readline())}"
        pycache = str(cfg.work / "pycache")
        workers["ours"] = Worker(
            PYTHON,
            "ours",
            base_url,
            clean_env(PYTHONPATH=str(GENERATED), PYTHONPYCACHEPREFIX=pycache),
        )
        if official_python:
            workers["official"] = Worker(official_python, "official", base_url, clean_env())
        checks: dict[str, str] = {}
        contenders: dict[str, Worker] = {}
        for worker in workers.values():
            reply = worker.ask("check")  # one call each: the canned bodies parse
            checks.update(reply)
            contenders.update({key.split()[0]: worker for key in reply})
        order = [n for n in LABELS if n in contenders]
        calls = 20 if cfg.smoke else 2000
        warmup = 5 if cfg.smoke else 200
        for name in order:
            for op in ("retrieve", "list"):
                contenders[name].ask(f"run {name} {op} {warmup}")
        per_call: dict[str, dict[str, list[float]]] = {
            op: {n: [] for n in order} for op in ("retrieve", "list")
        }
        for r, rotated in alternating(order, cfg.runs):
            print(f"  overhead round {r + 1}/{cfg.runs}", flush=True)
            for op in ("retrieve", "list"):
                for name in rotated:
                    seconds = contenders[name].ask(f"run {name} {op} {calls}")["seconds"]
                    per_call[op][name].append(seconds / calls * 1e6)
    finally:
        for worker in workers.values():
            worker.close()
        if server.stdin:
            server.stdin.close()
        server.wait(timeout=30)
    _report(section, per_call, checks, sizes, calls, cfg)
    return section


def _report(
    section: Section,
    per_call: dict[str, dict[str, list[float]]],
    checks: dict[str, str],
    sizes: dict[str, int],
    calls: int,
    cfg: Config,
) -> None:
    section.add(
        f"{calls} calls per figure, {cfg.runs} rounds, contenders alternating within each round; "
        "one keep-alive connection each, `max_retries=0`. Server: a separate asyncio process "
        "on 127.0.0.1 answering with prebuilt bytes. Responses are built from the spec's "
        f"`example` values: retrieve {sizes['retrieve']:,} bytes (one `Address`), list "
        f"{sizes['list']:,} bytes ({LIST_ITEMS} addresses + meta; `list()` fetches the first page "
        "only). Per call, each contender returns: "
        + "; ".join(f"{k}: {v}" for k, v in sorted(checks.items()))
        + ".",
        "",
    )
    floor = "httpx"
    for op in ("retrieve", "list"):
        rows = []
        data = per_call[op]
        for name, values in data.items():
            stat = Stat.of(values)
            cells = []
            for base in (floor, "httpx_async"):
                is_floor = name == base
                cells.append("1 (floor)" if is_floor else ratios(values, data[base]).fmt("x"))
            rows.append([LABELS[name], stat.fmt("µs", 0), *cells])
        header = ["contender", "µs per call", "/ raw httpx + json", "/ raw async httpx + json"]
        section.add(f"`{op}`:", "", *table(header, rows), "")
        section.data[op] = {n: Stat.of(v).json() for n, v in data.items()}

    sync = {op: ratios(per_call[op]["ours_sync"], per_call[op][floor]) for op in per_call}
    pyd = {op: ratios(per_call[op]["ours_sync"], per_call[op]["httpx_pydantic"]) for op in per_call}
    worst = max(s.median for s in sync.values())
    section.targets.append(
        Target(
            "per-request overhead vs raw httpx + json",
            "<= 1.3x",
            ", ".join(f"{op} {s.median:.2f}x" for op, s in sync.items())
            + " (vs httpx + json + pydantic: "
            + ", ".join(f"{op} {s.median:.2f}x" for op, s in pyd.items())
            + ")",
            worst <= 1.3,
            "" if worst <= 1.3 else f"missed: {worst:.2f}x ({(worst / 1.3 - 1) * 100:.0f}% over)",
        )
    )
    asyn = {op: ratios(per_call[op]["ours_async"], per_call[op]["httpx_async"]) for op in per_call}
    worst_async = max(s.median for s in asyn.values())
    section.targets.append(
        Target(
            "async per-request overhead vs raw httpx.AsyncClient + json",
            "<= 1.3x",
            ", ".join(f"{op} {s.median:.2f}x" for op, s in asyn.items()),
            worst_async <= 1.3,
            "" if worst_async <= 1.3 else f"missed: {worst_async:.2f}x",
        )
    )
    if "official_sync" in per_call["retrieve"]:
        vs = {
            op: ratios(per_call[op]["ours_sync"], per_call[op]["official_sync"]) for op in per_call
        }
        worst_vs = max(s.median for s in vs.values())
        section.targets.append(
            Target(
                "per-request overhead vs the official SDK",
                "below it (< 1x)",
                ", ".join(f"{op} {s.median:.2f}x of its time" for op, s in vs.items()),
                worst_vs < 1,
                "" if worst_vs < 1 else f"missed: {worst_vs:.2f}x",
            )
        )
        section.add(
            *table(
                ["ours sync / official sync (<1: ours is faster)", "median (min-max)"],
                [[op, s.fmt("x")] for op, s in vs.items()],
            ),
            "",
        )
        if "official_async" in per_call["retrieve"]:
            avs = {
                op: ratios(per_call[op]["ours_async"], per_call[op]["official_async"])
                for op in per_call
            }
            section.add(
                *table(
                    ["ours async / official async", "median (min-max)"],
                    [[op, s.fmt("x")] for op, s in avs.items()],
                ),
                "",
            )
