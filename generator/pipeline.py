"""The stages in order, timed: load -> validate -> select -> IR -> render -> format -> write."""

from __future__ import annotations

import hashlib
import multiprocessing
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TextIO

import yaml

from . import ROOT, official_types, pin, uptodate
from .api_snapshot import server_change
from .docs.plan import DocsConfig, load_docs_config, with_docs
from .errors import EXIT_VALIDATION, Diagnostic, GeneratorError
from .format import format_sources
from .ir.build import build_ir
from .ir.model import IR
from .load import Spec, load_spec
from .lock import LOCK_FILE, read_lock, settle
from .render import render
from .report import Finding, WarningsMode, plural, summary, warning_lines, write_warnings_json
from .select import (
    Selection,
    check_names,
    load_sections,
    select_operations,
    uses_section_tags,
)
from .validate import cached_verdict, summarize, validate
from .write import write_tree

SECTIONS_FILE = ROOT / "specs" / "sections.yaml"
OVERRIDES_FILE = ROOT / "specs" / "overrides.yaml"
DOCS_FILE = ROOT / "specs" / "docs.yaml"


@dataclass(frozen=True)
class Options:
    spec: Path | None = None
    sections: list[str] | None = None  # None: the defaults; ["all"]: everything
    out: Path = ROOT / "generated"
    package: str = "telnyx_client"
    strict: bool = False
    force: bool = False
    lock: Path | None = None  # the names lock to keep; default: `<out>/names.lock`
    warnings: WarningsMode = "summary"  # on stderr: the first few, or every one
    warnings_json: Path | None = None  # also write every warning there, as JSON


class Progress:
    """One line per stage on stderr: name, seconds, what it did.

    While validation runs in the background the lines of the later stages are
    held back, so they still come out in pipeline order after its line.
    """

    def __init__(self, stream: TextIO | None = None, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr  # looked up now: callers may have redirected it
        self.quiet = quiet
        self.timings: dict[str, float] = {}
        self._held: list[str] | None = None

    @contextmanager
    def stage(self, name: str) -> Iterator[Callable[[str], None]]:
        start = time.perf_counter()
        detail: list[str] = []
        yield detail.append
        self.record(name, time.perf_counter() - start, " ".join(detail))

    def record(self, name: str, elapsed: float, detail: str) -> None:
        self.timings[name] = elapsed
        if not self.quiet:
            self.say(f"{name:<9} {elapsed:6.2f}s  {detail}")

    def say(self, line: str) -> None:
        if self._held is not None:
            self._held.append(line)
        else:
            print(line, file=self.stream, flush=True)

    def hold(self) -> None:
        if self._held is None:
            self._held = []

    def release(self) -> None:
        held, self._held = self._held or [], None
        for line in held:
            self.say(line)

    def total(self, detail: str = "") -> None:
        if not self.quiet:
            line = f"{'total':<9} {sum(self.timings.values()):6.2f}s"
            print(f"{line}  {detail}" if detail else line, file=self.stream, flush=True)


def load_overrides(path: Path = OVERRIDES_FILE) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    operations = data.get("operations") or {}
    if not isinstance(operations, dict):
        raise GeneratorError("`operations` must be a mapping", file=str(path))
    return {str(k): dict(v or {}) for k, v in operations.items()}


def load_type_exports(path: Path = OVERRIDES_FILE) -> dict[str, list[official_types.Export]]:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    try:
        return official_types.load_type_exports(data)
    except ValueError as e:
        raise GeneratorError(str(e), file=str(path)) from None


def build(options: Options, progress: Progress) -> IR:
    """Everything up to the IR (shared by `generate` and `ir`)."""
    ir, validation = _build(options, progress)
    _finish_validation(validation, options, progress)
    _write_warnings(options, validation, ir)
    return ir


def _build(options: Options, progress: Progress) -> tuple[IR, _Validation]:
    """Load, then the IR while the spec is validated beside it (joined by the caller)."""
    if options.sections is not None:  # a typo fails at once, not after a cold load
        check_names(options.sections, load_sections(SECTIONS_FILE))
    with progress.stage("load") as note:
        path = options.spec or pin.default_spec()
        spec = load_spec(path)
        doc = spec.document
        note(
            f"{path.name} ({len(doc.get('paths') or {})} paths, {len((doc.get('components') or {}).get('schemas') or {})} schemas)"
        )
    # Under --strict a violation must stop the run early: validate first, as a stage.
    validation = _Validation(spec, background=not options.strict)
    if validation.done:
        _finish_validation(validation, options, progress)
    else:
        progress.timings["validate"] = 0.0  # keeps the stage order of the summary
        progress.hold()
    try:
        with progress.stage("select") as note:
            selection = _select(spec, options)
            note(f"{len(selection.operations)} operations ({', '.join(selection.sections)})")
        with progress.stage("ir") as note:
            overrides = load_overrides()
            type_exports = load_type_exports()
            ir = settle(
                lambda locked: build_ir(
                    doc,
                    selection.operations,
                    package=options.package,
                    spec_sha256=spec.sha256,
                    overrides=overrides,
                    type_exports=type_exports,
                    file=str(spec.path),
                    locked=locked,
                ),
                lambda built: built.name_lock,
                read_lock(options.lock or options.out / LOCK_FILE),
            )
            ir = _with_docs(ir, spec, options)
            types = sum(len(m.definitions) for m in ir.type_modules)
            note(f"{len(ir.operations)} operations, {len(ir.resources)} resources, {types} types")
            if ir.diagnostics:
                note(f"({len(ir.diagnostics)} degraded)")
        _report_degraded(ir, validation, options, progress)
    except BaseException as error:
        _abandon(validation, error, options, progress)
        raise
    return ir, validation


def _with_docs(ir: IR, spec: Spec, options: Options) -> IR:
    """Example calls, guides and the README's picks; `specs/` configuration applies to
    the pinned API (another API's tags mean nothing to its sections)."""
    config = load_sections(SECTIONS_FILE)
    if options.spec is not None and not uses_section_tags(spec.document, config):
        return with_docs(ir, spec.document, None, DocsConfig())
    return with_docs(ir, spec.document, config, load_docs_config(DOCS_FILE))


class _Validation:
    """`validate(spec)`, in a forked process while the main one builds, renders and formats.

    Validation only warns (or, under --strict, stops the run before anything is
    written), and nothing before the write depends on it, so on a cold cache its
    ~5 s of CPU overlap the IR (one core busy) and black. A cached verdict, a
    platform without fork, or a child that fails: it runs here, as before.
    """

    def __init__(self, spec: Spec, *, background: bool = True) -> None:
        start = time.perf_counter()
        self.spec = spec
        self.reported = False
        self.seconds = 0.0  # of validation in the child
        self.diagnostics: list[Diagnostic] | None = cached_verdict(spec)
        self._process: Any = None
        self._results: Connection | None = None
        if self.diagnostics is None and not background:
            self.diagnostics = validate(spec)
        elif self.diagnostics is None:
            self._start()
        self.waited = time.perf_counter() - start
        self.started = start

    @property
    def done(self) -> bool:
        return self.diagnostics is not None

    @property
    def forked(self) -> bool:
        return self._process is not None

    def _start(self) -> None:
        if "fork" not in multiprocessing.get_all_start_methods():
            self.diagnostics = validate(self.spec)
            return
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        try:
            process = context.Process(target=_validate_child, args=(self.spec, send), daemon=True)
            process.start()
        except OSError:  # no processes here (sandbox, ulimit): same work, this process
            receive.close()
            self.diagnostics = validate(self.spec)
            return
        finally:
            send.close()
        self._process, self._results = process, receive

    def join(self) -> list[Diagnostic]:
        if self.diagnostics is None:
            start = time.perf_counter()
            payload: Any = None
            assert self._results is not None
            try:
                payload = self._results.recv()
            except (EOFError, OSError):
                payload = None  # the child died
            finally:
                self._results.close()
                self._process.join()
            if isinstance(payload, list) and payload and isinstance(payload[-1], float):
                self.seconds = payload.pop()
                self.diagnostics = [Diagnostic(**d) for d in payload]
            else:  # it failed or died: validate here, for the same result or error
                self.diagnostics = validate(self.spec)
            self.waited += time.perf_counter() - start
        return self.diagnostics

    def stop(self) -> None:
        """End the child now (Ctrl-C or a failure): nothing will read its verdict."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()
        if self._results is not None:
            self._results.close()


def _validate_child(spec: Spec, send: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops it
    payload: Any = None
    start = time.perf_counter()
    try:
        payload = [d.__dict__ for d in validate(spec)]
        payload.append(time.perf_counter() - start)  # the child's own seconds, last
    except BaseException:  # the parent validates again and gets the error itself
        payload = None
    try:
        send.send(payload)
    finally:
        send.close()


def _finish_validation(validation: _Validation, options: Options, progress: Progress) -> None:
    """Join the validation: its progress line and warnings, then the held lines; --strict stops."""
    if validation.reported:
        return
    validation.reported = True
    try:
        diagnostics = validation.join()
    except BaseException:
        validation.stop()
        progress.release()
        raise
    background = ""
    if validation.forked and validation.seconds:
        background = f" ({validation.seconds:.2f}s in the background)"
    held, progress._held = progress._held, None
    progress.record(
        "validate",
        validation.waited,
        f"{len(diagnostics)} spec violations"
        + (f": {summarize(diagnostics)}" if diagnostics else "")
        + background,
    )
    _warn(diagnostics, options, progress)
    progress._held = held
    progress.release()
    if diagnostics and options.strict:
        _write_warnings(options, validation, None)
        raise GeneratorError(
            f"{len(diagnostics)} spec violations and --strict was given",
            file=str(validation.spec.path),
            exit_code=EXIT_VALIDATION,
        )


def _warn(diagnostics: list[Diagnostic], options: Options, progress: Progress) -> None:
    for line in warning_lines(diagnostics, "all" if options.strict else options.warnings):
        print(line, file=progress.stream)


def _report_cached_verdict(spec: Path, options: Options, progress: Progress) -> None:
    """An up-to-date run repeats the spec's violations if this machine has validated it."""
    sha = hashlib.sha256(spec.read_bytes()).hexdigest()
    diagnostics = cached_verdict(Spec(spec, sha, {}))
    if diagnostics is None:
        progress.record("validate", 0.0, "not run: the output is up to date (--strict validates)")
        return
    summary_text = f": {summarize(diagnostics)}" if diagnostics else ""
    progress.record("validate", 0.0, f"{len(diagnostics)} spec violations{summary_text} (cached)")
    _warn(diagnostics, options, progress)


def _report_degraded(ir: IR, validation: _Validation, options: Options, progress: Progress) -> None:
    """The IR's warnings (parts replaced by a fallback), after its line; --strict stops."""
    for line in warning_lines(ir.diagnostics, "all" if options.strict else options.warnings):
        progress.say(line)
    if ir.diagnostics and options.strict:
        _write_warnings(options, validation, ir)
        raise GeneratorError(
            f"{plural(len(ir.diagnostics), 'part')} of the document could not be generated "
            "as written and --strict was given",
            file=str(validation.spec.path),
            exit_code=EXIT_VALIDATION,
        )


def _findings(validation: _Validation, ir: IR | None) -> list[Finding]:
    found = [Finding("validate", d) for d in validation.diagnostics or ()]
    return found + [Finding("ir", d) for d in (ir.diagnostics if ir else ())]


def _write_warnings(options: Options, validation: _Validation, ir: IR | None) -> None:
    """--warnings-json: every warning known so far (all of them, unless --strict stopped)."""
    if options.warnings_json is not None:
        findings = _findings(validation, ir)
        write_warnings_json(options.warnings_json, findings, str(validation.spec.path))


def _abandon(
    validation: _Validation, error: BaseException, options: Options, progress: Progress
) -> None:
    """A later stage failed while validation ran: report what validation would have first."""
    if isinstance(error, Exception):
        _finish_validation(validation, options, progress)  # may raise the --strict error
    else:  # Ctrl-C: stop at once
        validation.stop()
        progress.release()


def _select(spec: Spec, options: Options) -> Selection:
    config = load_sections(SECTIONS_FILE)
    names = options.sections
    if names is None and options.spec is not None and not uses_section_tags(spec.document, config):
        names = ["all"]  # another API: its tags mean nothing to specs/sections.yaml
    return select_operations(spec.document, config, names)


def _settings(options: Options) -> str:
    """The options that change what is generated (`--out`, `--force`, `--strict` do not)."""
    return (
        f"sections={options.sections!r}; package={options.package}; pinned={options.spec is None}"
    )


def _identity(ir: IR, options: Options) -> pin.SpecIdentity:
    try:
        pinned: pin.Pin | None = pin.read_pin()
    except GeneratorError:  # another API's spec needs no Telnyx pin
        pinned = None
    return pin.identity_of(ir.spec_sha256, pinned)


def generate(options: Options, progress: Progress) -> None:
    start = time.perf_counter()
    spec = options.spec or pin.default_spec()
    lock = uptodate.read_lock_bytes(options.lock or options.out / LOCK_FILE)
    try:
        inputs = uptodate.fingerprint(spec, _settings(options), lock)
    except OSError:  # an unreadable spec: the load stage reports it
        inputs = ""
    # --strict must see the violations themselves, and --warnings-json write them:
    # those always run in full.
    full = options.strict or options.warnings_json is not None
    if not full and inputs and uptodate.recorded(options.out, inputs):
        progress.record(
            "check",
            time.perf_counter() - start,
            f"up to date: inputs as recorded in {uptodate.INPUTS_FILE}, nothing to do -> {options.out}",
        )
        _report_cached_verdict(spec, options, progress)
        progress.total()
        return
    ir, validation = _build(options, progress)
    try:
        with progress.stage("render") as note:
            files = render(ir, _identity(ir, options))
            lines = sum(text.count("\n") for text in files.values())
            note(f"{len(files)} files, {lines} lines")
        with progress.stage("format") as note:
            formatted = format_sources(files)
            note(f"{sum(1 for f in formatted if f.endswith('.py'))} Python files")
    except BaseException as error:
        _abandon(validation, error, options, progress)
        raise
    if options.strict:
        _finish_validation(validation, options, progress)  # stops here, before writing
    moved = server_change(options.out, files)
    if moved:
        print(f"warning: {moved}", file=progress.stream)
    if options.lock is None and LOCK_FILE in formatted:  # the lock the next run reads
        written_lock = formatted[LOCK_FILE].encode("utf-8")
        if written_lock != lock or not inputs:
            inputs = uptodate.fingerprint(spec, _settings(options), written_lock)
    formatted[uptodate.INPUTS_FILE] = uptodate.record(inputs)
    try:
        # Without --strict the verdict only warns: the write overlaps the validation.
        with progress.stage("write") as note:
            stats = write_tree(
                options.out,
                {k: v.encode("utf-8") for k, v in formatted.items()},
                force=options.force,
            )
            note(
                f"{stats.written} written, {stats.unchanged} unchanged, {stats.deleted} deleted -> {options.out}"
            )
    except BaseException as error:
        _abandon(validation, error, options, progress)
        raise
    _finish_validation(validation, options, progress)
    _write_warnings(options, validation, ir)
    progress.total(summary(_findings(validation, ir)))
