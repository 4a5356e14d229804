"""The stages in order, timed: load -> validate -> select -> IR -> render -> format -> write."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import yaml

from . import pin
from .errors import EXIT_VALIDATION, GeneratorError
from .format import format_sources
from .ir.build import build_ir
from .ir.model import IR
from .load import Spec, load_spec
from .render import render
from .select import Selection, load_sections, select_operations
from .validate import summarize, validate
from .write import write_tree

ROOT = Path(__file__).resolve().parent.parent
SECTIONS_FILE = ROOT / "specs" / "sections.yaml"
OVERRIDES_FILE = ROOT / "specs" / "overrides.yaml"


@dataclass(frozen=True)
class Options:
    spec: Path | None = None
    sections: list[str] | None = None  # None: the defaults; ["all"]: everything
    out: Path = ROOT / "generated"
    package: str = "telnyx_client"
    strict: bool = False
    force: bool = False


class Progress:
    """One line per stage on stderr: name, seconds, what it did."""

    def __init__(self, stream: TextIO = sys.stderr, quiet: bool = False) -> None:
        self.stream = stream
        self.quiet = quiet
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[Callable[[str], None]]:
        start = time.perf_counter()
        detail: list[str] = []
        yield detail.append
        elapsed = time.perf_counter() - start
        self.timings[name] = elapsed
        if not self.quiet:
            print(f"{name:<9} {elapsed:6.2f}s  {' '.join(detail)}", file=self.stream, flush=True)

    def total(self) -> None:
        if not self.quiet:
            print(f"{'total':<9} {sum(self.timings.values()):6.2f}s", file=self.stream, flush=True)


def load_overrides(path: Path = OVERRIDES_FILE) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    operations = data.get("operations") or {}
    if not isinstance(operations, dict):
        raise GeneratorError("`operations` must be a mapping", file=str(path))
    return {str(k): dict(v or {}) for k, v in operations.items()}


def build(options: Options, progress: Progress) -> IR:
    """Everything up to the IR (shared by `generate` and `ir`)."""
    with progress.stage("load") as note:
        path = options.spec or pin.default_spec()
        spec = load_spec(path)
        doc = spec.document
        note(
            f"{path.name} ({len(doc.get('paths') or {})} paths, {len((doc.get('components') or {}).get('schemas') or {})} schemas)"
        )
    with progress.stage("validate") as note:
        diagnostics = validate(spec)
        note(
            f"{len(diagnostics)} spec violations"
            + (f": {summarize(diagnostics)}" if diagnostics else "")
        )
    if diagnostics:
        for d in diagnostics[:10] if not options.strict else diagnostics:
            print(f"warning: {d.pointer}: {d.message}", file=progress.stream)
        if len(diagnostics) > 10 and not options.strict:
            print(f"warning: ... {len(diagnostics) - 10} more (see --strict)", file=progress.stream)
        if options.strict:
            raise GeneratorError(
                f"{len(diagnostics)} spec violations and --strict was given",
                file=str(spec.path),
                exit_code=EXIT_VALIDATION,
            )
    with progress.stage("select") as note:
        selection = _select(spec, options)
        note(f"{len(selection.operations)} operations ({', '.join(selection.sections)})")
    with progress.stage("ir") as note:
        ir = build_ir(
            doc,
            selection.operations,
            package=options.package,
            spec_sha256=spec.sha256,
            overrides=load_overrides(),
            file=str(spec.path),
        )
        types = sum(len(m.definitions) for m in ir.type_modules)
        note(f"{len(ir.operations)} operations, {len(ir.resources)} resources, {types} types")
    return ir


def _select(spec: Spec, options: Options) -> Selection:
    config = load_sections(SECTIONS_FILE)
    names = options.sections
    if names is None and options.spec is not None and not _uses_section_tags(spec, config):
        names = ["all"]  # another API: its tags mean nothing to specs/sections.yaml
    return select_operations(spec.document, config, names)


def _uses_section_tags(spec: Spec, config: Any) -> bool:
    tags = {t.get("name") for t in spec.document.get("tags", []) or [] if isinstance(t, dict)}
    for path_item in (spec.document.get("paths") or {}).values():
        for op in (path_item or {}).values() if isinstance(path_item, dict) else []:
            if isinstance(op, dict):
                tags.update(t for t in op.get("tags", []) or [] if isinstance(t, str))
    known = {tag for section in config.sections.values() for tag in section.tags}
    return bool(tags & known)


def generate(options: Options, progress: Progress) -> None:
    ir = build(options, progress)
    with progress.stage("render") as note:
        files = render(ir)
        lines = sum(text.count("\n") for text in files.values())
        note(f"{len(files)} files, {lines} lines")
    with progress.stage("format") as note:
        formatted = format_sources(files)
        note(f"{sum(1 for f in formatted if f.endswith('.py'))} Python files")
    with progress.stage("write") as note:
        stats = write_tree(
            options.out, {k: v.encode("utf-8") for k, v in formatted.items()}, force=options.force
        )
        note(
            f"{stats.written} written, {stats.unchanged} unchanged, {stats.deleted} deleted -> {options.out}"
        )
    progress.total()
