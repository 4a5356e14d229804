"""The maintainer's loop: `generator diff` (a changelog) and `generator update-spec`."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

import yaml

from . import ROOT, api_snapshot, pin
from .changelog import Change, bump, compare, markdown, next_version
from .errors import GeneratorError
from .load import load_spec
from .lock import LOCK_FILE, read_lock
from .select import load_sections, select_operations

GENERATED = ROOT / "generated"
# Facts of the pinned spec the tests check (counts of paths, operations...).
FACTS = ROOT / "tests" / "pinned_spec.yaml"


@dataclass(frozen=True)
class Side:
    """One side of a diff: the API snapshot, and the names it handed out."""

    snapshot: api_snapshot.Snapshot
    lock: Mapping[tuple[str, str], str]
    label: str


def load_side(source: Path | None, *, lock: Mapping[tuple[str, str], str]) -> Side:
    """A generated directory (its api.json), an api.json, or a spec (built with `lock`).

    None is the pinned spec. A spec is built with the other side's names, as a
    regeneration over that side's output would name its types.
    """
    if source is None:
        spec = pin.default_spec()
        ir = api_snapshot.ir_of_spec(spec, locked=lock)
        label = f"the pinned spec (commit {pin.read_pin().commit[:12]})"
        return Side(api_snapshot.snapshot(ir), _lock_of(ir.name_lock), label)
    if source.is_dir():
        return Side(
            api_snapshot.read(source / api_snapshot.API_FILE),
            read_lock(source / LOCK_FILE),
            str(source),
        )
    if source.suffix == ".json" and _is_snapshot(source):
        return Side(api_snapshot.read(source), read_lock(source.parent / LOCK_FILE), str(source))
    ir = api_snapshot.ir_of_spec(source, locked=lock)
    return Side(api_snapshot.snapshot(ir), _lock_of(ir.name_lock), str(source))


def _is_snapshot(path: Path) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "methods" in data and "openapi" not in data


def _lock_of(entries: tuple[tuple[str, str, str], ...]) -> dict[tuple[str, str], str]:
    return {(scope, key): name for scope, key, name in entries}


@dataclass(frozen=True)
class Report:
    changes: list[Change]
    level: str  # major | minor | patch | none
    version: str  # the suggested next package version
    text: str  # Markdown for CHANGELOG.md


def report(old: Side, new: Side, *, current: str, commit: str = "") -> Report:
    changes = compare(old.snapshot, new.snapshot)
    level = bump(changes)
    version = next_version(current, level)
    spec = str(new.snapshot.get("spec_version") or "?")
    title = f"{version} (spec {spec}" + (f", commit {commit[:12]})" if commit else ")")
    return Report(changes, level, version, markdown(changes, title=title))


def summary(result: Report, current: str) -> str:
    counts = {
        k: sum(c.impact == k for c in result.changes)
        for k in ("breaking", "additive", "compatible")
    }
    parts = ", ".join(f"{n} {k}" for k, n in counts.items())
    if result.level == "none":
        return f"no API changes ({parts}): the version stays {current}"
    return f"{parts}: suggested bump {result.level} ({current} -> {result.version})"


def diff(old: Path | None, new: Path | None, *, out: TextIO, err: TextIO) -> int:
    """`generator diff [OLD [NEW]]`: default OLD is generated/, NEW the pinned spec."""
    old_side = load_side(old or GENERATED, lock={})
    new_side = load_side(new, lock=old_side.lock)
    current = pin.read_pin().package_version
    result = report(old_side, new_side, current=current)
    print(f"changes from {old_side.label} to {new_side.label}", file=err)
    out.write(result.text)
    print(summary(result, current), file=err)
    return 0


# ---- update-spec ----------------------------------------------------------------------


def spec_url(current: pin.Pin, commit: str | None, url: str | None) -> tuple[str, str]:
    """(URL, commit) of the new version: `url` as given, or the pinned URL at `commit`."""
    if url:
        return url, commit or _commit_in(url) or ""
    if not commit:
        raise GeneratorError("update-spec needs COMMIT=<upstream commit> or URL=<spec url>")
    if current.commit not in current.source_url:
        raise GeneratorError(
            "the pinned URL does not contain the pinned commit; pass URL=<spec url>",
            file=str(pin.PIN_FILE),
        )
    return current.source_url.replace(current.commit, commit), commit


def _commit_in(url: str) -> str | None:
    """The 40-hex-digit commit in a raw.githubusercontent.com-style URL, if any."""
    for part in url.split("/"):
        if len(part) == 40 and all(c in "0123456789abcdef" for c in part):
            return part
    return None


def update_spec(
    *, commit: str | None, url: str | None, out: Path = GENERATED, err: TextIO = sys.stderr
) -> Report:
    """Download the new spec, verify and pin it, regenerate `out`, and report the changelog.

    The download goes where `fetch-spec` puts the pinned spec (the user cache,
    by checksum), which `generate` prefers to a stale copy at the pin's default path.
    """
    from .pipeline import Options, Progress, generate  # the pipeline imports this package

    current = pin.read_pin()
    source_url, new_commit = spec_url(current, commit, url)
    print(f"downloading {source_url}", file=err)
    with tempfile.TemporaryDirectory(prefix="update-spec-") as tmp:
        fetched = pin.download(source_url, Path(tmp) / "spec", None)
        sha = pin.sha256_of(fetched)
        candidate = replace(current, source_url=source_url, commit=new_commit, sha256=sha)
        dest = pin.downloaded_path(candidate)
        if dest is None:
            raise GeneratorError("no user cache directory to keep the spec in (set XDG_CACHE_HOME)")
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(fetched, dest)
    print(f"verified sha256 {sha} -> {dest}", file=err)
    old = _previous(out, current)
    new_ir = api_snapshot.ir_of_spec(dest, locked=read_lock(out / LOCK_FILE))
    new = Side(api_snapshot.snapshot(new_ir), _lock_of(new_ir.name_lock), source_url)
    empty = Side({"methods": {}, "types": {}, "servers": []}, {}, "nothing")
    result = report(old or empty, new, current=current.package_version, commit=new_commit)
    pin.write_pin(
        pin.PIN_FILE,
        source_url=source_url,
        commit=new_commit,
        sha256=sha,
        package_version=result.version,
    )
    generate(Options(out=out), Progress(stream=err))
    refresh_facts(FACTS, dest, sha, err=err)
    print(summary(result, current.package_version), file=err)
    return result


def _previous(out: Path, current: pin.Pin) -> Side | None:
    """The API before the update: `out`'s api.json, else the pinned spec's (if at hand)."""
    if (out / api_snapshot.API_FILE).is_file():
        return load_side(out, lock={})
    try:
        return load_side(None, lock=read_lock(out / LOCK_FILE))
    except GeneratorError:
        return None  # no previous API known: everything is listed as added


def refresh_facts(path: Path, spec: Path, sha: str, *, err: TextIO) -> None:
    """Recount what `path` (tests/pinned_spec.yaml) says of the pinned spec."""
    from .pipeline import SECTIONS_FILE

    if not path.is_file():
        return
    facts = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    document = load_spec(spec).document
    config = load_sections(SECTIONS_FILE)
    values: dict[str, object] = {
        "sha256": sha,
        "paths": len(document.get("paths") or {}),
        "schemas": len((document.get("components") or {}).get("schemas") or {}),
        "operations": len(select_operations(document, config, ["all"]).operations),
    }
    try:
        seeds = select_operations(document, config, list(facts.get("seed_sections") or []))
        values["seed_sections_operations"] = len(seeds.operations)
    except GeneratorError as error:
        print(f"warning: {path}: seed_sections: {error}", file=err)
    pin.rewrite_keys(path, values)
