"""5. Regeneration after a spec update: the 2026-06-01 spec, then the pinned one, same --out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .common import (
    Config,
    Section,
    Stat,
    clean_env,
    generate_cmd,
    json_spec,
    measure,
    operation_keys,
    pinned_spec,
    previous_spec,
    stage_times,
    subset_document,
    table,
    tree_size,
    write_counts,
    write_json,
)

SMOKE_OPERATIONS = 12


def specs_for(cfg: Config) -> tuple[Path, Path]:
    """(old, new): the two spec files as given, or the same few operations of each (smoke)."""
    old, new = previous_spec(), pinned_spec()
    if not cfg.smoke:
        return old, new
    new_doc = json.loads(json_spec(new).read_text())
    old_doc = json.loads(json_spec(old).read_text())
    keep = set(operation_keys(new_doc)[:SMOKE_OPERATIONS])
    small_new = cfg.work / "specs" / "regen-new.json"
    small_old = cfg.work / "specs" / "regen-old.json"
    write_json(small_new, subset_document(new_doc, keep))
    write_json(small_old, subset_document(old_doc, keep & set(operation_keys(old_doc))))
    return small_old, small_new


def run(cfg: Config) -> Section:
    section = Section("Regeneration after a spec update")
    old, new = specs_for(cfg)
    work = cfg.scratch("regen")
    base_cache, base_out = work / "base-cache", work / "base-out"
    print("  regen: generating from the old spec (not timed)", flush=True)
    measure(
        generate_cmd(old, base_out, "--sections", "all", "--quiet"),
        env=clean_env(XDG_CACHE_HOME=str(base_cache)),
    )
    old_size = tree_size(base_out)

    scenarios = {
        "update": "caches as the old-spec run left them (the new spec is parsed and validated cold)",
        "warm": "caches that have seen both specs (every stage warm)",
    }
    results: dict[str, list[tuple[float, dict[str, float], tuple[int, int, int]]]] = {
        k: [] for k in scenarios
    }
    cache, out = work / "cache", work / "out"
    for scenario in scenarios:
        for r in range(cfg.runs):
            print(f"  regen {scenario} {r + 1}/{cfg.runs}", flush=True)
            shutil.rmtree(out, ignore_errors=True)
            shutil.copytree(base_out, out, symlinks=True)
            if scenario == "update":  # "warm" keeps the cache the last update run filled
                shutil.rmtree(cache, ignore_errors=True)
                shutil.copytree(base_cache, cache)
            m = measure(
                generate_cmd(new, out, "--sections", "all"),
                env=clean_env(XDG_CACHE_HOME=str(cache)),
            )
            results[scenario].append((m.wall, stage_times(m.stderr), write_counts(m.stderr)))
    new_size = tree_size(out)
    changed, header_only = header_only_changes(base_out, out)
    for path in (cache, out, base_cache, base_out):
        shutil.rmtree(path, ignore_errors=True)

    section.add(
        f"`python -m generator generate --spec {old.name} --out D`, then "
        f"`--spec {new.name} --out D` (both with `--sections all`), {cfg.runs} runs per scenario; "
        f"D holds {old_size.files} files before and {new_size.files} after.",
        "",
    )
    rows = []
    for scenario, label in scenarios.items():
        runs = results[scenario]
        wall = Stat.of(w for w, _, _ in runs)
        written, unchanged, deleted = runs[-1][2]
        stage_names = [k for k in runs[0][1] if k != "total"]
        slowest = sorted(
            ((Stat.of(s.get(k, 0.0) for _, s, _ in runs).median, k) for k in stage_names),
            reverse=True,
        )[:3]
        rows.append(
            [
                label,
                wall.fmt("s", 1),
                f"{written} written, {unchanged} unchanged, {deleted} deleted",
                ", ".join(f"{k} {v:.1f} s" for v, k in slowest),
            ]
        )
        section.data[scenario] = {
            "wall": wall.json(),
            "written": written,
            "unchanged": unchanged,
            "deleted": deleted,
            "stages": {k: Stat.of(s.get(k, 0.0) for _, s, _ in runs).json() for k in stage_names},
        }
    section.add(
        *table(["second run, with", "wall", "files", "slowest stages (median)"], rows),
        "",
        "Files reported `unchanged` keep their inode and mtime (hard-linked from the old tree). "
        f"Of the {changed} files present in both trees whose bytes changed, {header_only} differ "
        "only in their first line (the generated-file header).",
        "",
    )
    section.data.update(changed=changed, header_only=header_only)
    return section


def header_only_changes(old: Path, new: Path) -> tuple[int, int]:
    """(files in both trees whose bytes differ, of those the ones equal past line 1)."""
    changed = header_only = 0
    for path in new.rglob("*"):
        before = old / path.relative_to(new)
        if not path.is_file() or not before.is_file():
            continue
        a, b = before.read_bytes(), path.read_bytes()
        if a != b:
            changed += 1
            header_only += a.partition(b"\n")[2] == b.partition(b"\n")[2]
    return changed, header_only
