"""Generate, write, import, type-check and exercise packages made from arbitrary specs.

Shared by the fuzz tests and tests/test_other_apis.py.

- `generate` runs the generator's stages in memory (IR with every operation, render,
  optionally black), as `python -m generator generate` does.
- `Workspace` holds many generated packages side by side. With `shared_runtime`,
  each package's runtime modules (`_base_client.py`, ...) are one-line re-exports
  of a single copy of generator/runtime, so ONE mypy run over hundreds of packages
  checks the runtime once and spends its time on the generated code.
- `roundtrip_models` parses values valid for each model's schema (tests/fuzz/values.py)
  and dumps them back; `call_operations` calls every method through an
  httpx.MockTransport with its required arguments and a valid response.
"""

from __future__ import annotations

import ast
import functools
import importlib
import json
import random
import shutil
import sys
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pydantic

from generator import render as render_module
from generator.docs.text import summary_and_body
from generator.format import format_sources
from generator.ir.build import build_ir
from generator.ir.model import (
    IR,
    AliasDef,
    ModelDef,
    Operation,
    TAny,
    TFile,
    TList,
    TLiteral,
    TMap,
    TNullable,
    TPrim,
    TRef,
    TTuple,
    TUnion,
    TypedDictDef,
    TypeExpr,
)
from generator.render import RUNTIME
from generator.schema.document import HTTP_METHODS
from generator.signature import signature
from tests.conftest import ROOT, run_python

from .values import Examples, Unsatisfiable, resolve_pointer, same

JSON = dict[str, Any]
RUNTIME_FILES = render_module.RUNTIME_FILES
SHARED_RUNTIME = "fuzz_runtime"
MYPY_CACHE = ROOT / ".mypy_cache"


def all_operations(document: JSON) -> list[tuple[str, str]]:
    return [
        (path, method)
        for path, item in (document.get("paths") or {}).items()
        if isinstance(item, dict)
        for method in HTTP_METHODS
        if isinstance(item.get(method), dict)
    ]


def _cache_templates() -> None:
    """Compiling the templates is most of render()'s time: one Environment serves every
    example (the pipeline renders once per run, so it does not cache it)."""
    if not hasattr(render_module._environment, "cache_info"):
        render_module._environment = functools.cache(render_module._environment)  # type: ignore[method-assign]


def is_runtime(package: str, rel: str) -> bool:
    head, _, tail = rel.partition("/")
    return head == package and tail in RUNTIME_FILES


def generate(document: JSON, package: str, *, fmt: bool = True) -> tuple[IR, dict[str, str]]:
    """IR + every output file (runtime included), black-formatted unless fmt=False."""
    _cache_templates()
    ir = build_ir(
        document, all_operations(document), package=package, spec_sha256="0" * 64, overrides={}
    )
    files = render_module.render(ir)
    if fmt:
        files = format_generated(files, [package])
    return ir, files


def format_generated(files: dict[str, str], packages: list[str]) -> dict[str, str]:
    """black over the generated (non-runtime) files of `packages`, in one parallel run."""
    todo = {
        k: v
        for k, v in files.items()
        if k.endswith(".py") and not any(is_runtime(p, k) for p in packages)
    }
    return {**files, **format_sources(todo)}


def _public_names(source: str) -> list[str]:
    """Top-level names a runtime module defines or lists in `__all__`."""
    tree = ast.parse(source)
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names.add(target.id)
                    if target.id == "__all__" and isinstance(node.value, (ast.List, ast.Tuple)):
                        names |= {
                            e.value
                            for e in node.value.elts
                            if isinstance(e, ast.Constant) and isinstance(e.value, str)
                        }
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    names.discard("__all__")
    return sorted(names)


@dataclass
class Workspace:
    """A directory of generated packages, importable and type-checkable together."""

    root: Path
    shared_runtime: bool = True
    packages: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "mypy.ini").write_text(
            "[mypy]\nstrict = True\npython_version = 3.11\n", encoding="utf-8"
        )
        self._shims: dict[str, str] = {}
        if self.shared_runtime:
            target = self.root / SHARED_RUNTIME
            if target.exists():
                shutil.rmtree(target)
            target.mkdir()
            (target / "__init__.py").write_text("", encoding="utf-8")
            # The runtime's own root stand-in: each package still has its own root.
            shutil.copy(RUNTIME / "_error_root.py", target / "_error_root.py")
            for name in RUNTIME_FILES:
                source = (RUNTIME / name).read_text(encoding="utf-8")
                (target / name).write_text(source, encoding="utf-8")
                names = ", ".join(f"{n} as {n}" for n in _public_names(source))
                self._shims[name] = (
                    f'"""Re-exports the shared runtime copy (fuzz tests only)."""\n\n'
                    f"from {SHARED_RUNTIME}.{name[:-3]} import {names}\n"
                )

    def write(self, package: str, files: dict[str, str], spec: JSON | None = None) -> Path:
        """Write the package's files (those under `<package>/`), runtime shimmed if shared."""
        directory = self.root / package
        if directory.exists():
            shutil.rmtree(directory)
        for rel, text in files.items():
            if not rel.startswith(f"{package}/"):
                continue
            if self.shared_runtime and is_runtime(package, rel):
                text = self._shims[rel.split("/", 1)[1]]
            target = self.root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if spec is not None:
            (directory / "spec.json").write_text(
                json.dumps(spec, indent=1, ensure_ascii=True), encoding="utf-8"
            )
        if package not in self.packages:
            self.packages.append(package)
        return directory

    def import_all(self, package: str) -> dict[str, ModuleType]:
        """Import every module of the package in this process; failures raise."""
        if str(self.root) not in sys.path:
            sys.path.insert(0, str(self.root))
        importlib.invalidate_caches()
        modules: dict[str, ModuleType] = {}
        base = self.root
        for path in sorted((base / package).rglob("*.py")):
            parts = path.relative_to(base).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = importlib.import_module(name)
        return modules

    def forget(self, package: str) -> None:
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]

    def mypy(self, packages: list[str], *, cache: str) -> tuple[int, str]:
        """ONE `mypy --strict` over `packages` (and the shared runtime copy)."""
        args = [a for p in packages for a in ("-p", p)]
        if self.shared_runtime:
            args += ["-p", SHARED_RUNTIME]
        proc = run_python(
            "-m",
            "mypy",
            "--cache-dir",
            str(MYPY_CACHE / cache),
            "--no-error-summary",
            *args,
            cwd=self.root,
            timeout=600,
        )
        return proc.returncode, proc.stdout + proc.stderr


# ---- models: parse valid values, dump them back --------------------------------------


def model_class(modules: dict[str, ModuleType], package: str, d: ModelDef) -> type[Any]:
    cls: type[Any] = getattr(modules[f"{package}.types.{d.module}"], d.name)
    return cls


# Response enums are closed Literals; a value a newer API adds is kept by the
# client's tolerant response parsing, not by the model alone, so only listed
# values round-trip through `model_validate_json` here.
UNKNOWN_ENUM_ROUNDS = (False,)


def roundtrip_models(
    ir: IR, document: JSON, modules: dict[str, ModuleType], rnd: random.Random
) -> int:
    """Every response model parses a valid value, with unknown enum values too,
    and dumps it back (by alias, unset fields left out) unchanged. Returns the
    number of values checked."""
    checked = 0
    for module in ir.type_modules:
        for d in module.definitions:
            if not isinstance(d, ModelDef) or not d.source:
                continue
            try:
                resolve_pointer(document, d.source)
            except (KeyError, IndexError, ValueError, TypeError):
                continue  # an allOf-merged property's pointer: checked through its owner
            cls = model_class(modules, ir.package, d)
            for unknown in UNKNOWN_ENUM_ROUNDS:
                try:
                    value = Examples(document, rnd, unknown_enums=unknown).value_at(
                        d.source, null_ok=False
                    )
                except Unsatisfiable:
                    continue
                if not isinstance(value, dict):
                    continue  # e.g. allOf whose merge is not an object
                payload = json.dumps(value)
                try:
                    parsed = cls.model_validate_json(payload)
                except pydantic.ValidationError as exc:
                    raise AssertionError(
                        f"{d.name} ({d.source}) rejects a valid value"
                        f"{' with unknown enum values' if unknown else ''}:\n"
                        f"value: {payload}\n{exc}"
                    ) from None
                dumped = json.loads(parsed.model_dump_json(by_alias=True, exclude_unset=True))
                assert same(dumped, value), (
                    f"{d.name} ({d.source}) does not round-trip:\n"
                    f"in:  {payload}\nout: {json.dumps(dumped)}"
                )
                checked += 1
    return checked


# ---- operations: call every method through a mock transport ----------------------------


class _NoValue(Exception):
    pass


def argument(ir_defs: dict[str, Any], t: TypeExpr, depth: int = 0) -> Any:
    """A value for a parameter of type `t` (the smallest valid one)."""
    if depth > 20:
        raise _NoValue
    if isinstance(t, TPrim):
        return {"str": "v1", "int": 3, "float": 1.5, "bool": True, "None": None}.get(
            t.name, b"x" if t.name == "bytes" else {}
        )
    if isinstance(t, TAny):
        return "any"
    if isinstance(t, TFile):
        return b"file-bytes"
    if isinstance(t, TList):
        return []
    if isinstance(t, TTuple):
        return [argument(ir_defs, i, depth + 1) for i in t.items]
    if isinstance(t, TMap):
        return {}
    if isinstance(t, TLiteral):
        return t.values[0]
    if isinstance(t, TNullable):
        return argument(ir_defs, t.inner, depth + 1)
    if isinstance(t, TUnion):
        return argument(ir_defs, t.variants[0], depth + 1)
    if isinstance(t, TRef):
        d = ir_defs[t.name]
        if isinstance(d, TypedDictDef):
            return {f.wire: argument(ir_defs, f.type, depth + 1) for f in d.fields if f.required}
        if isinstance(d, AliasDef):
            return argument(ir_defs, d.type, depth + 1)
        raise _NoValue  # a response model as a parameter: not expected
    raise _NoValue


def _response_schema(document: JSON, op: Operation, status: str, media_type: str) -> Any:
    response = document["paths"][op.path][op.http_method]["responses"][status]
    while isinstance(response, dict) and "$ref" in response:
        response = resolve_pointer(document, response["$ref"])
    return response["content"][media_type].get("schema", {})


@dataclass
class Call:
    operation: Operation
    request: httpx.Request
    result: Any
    kwargs: dict[str, Any]


def call_operations(
    ir: IR, document: JSON, modules: dict[str, ModuleType], rnd: random.Random
) -> Iterator[Call]:
    """Call every operation with its required arguments; yields what was sent."""
    ir_defs = {d.name: d for m in ir.type_modules for d in m.definitions}
    client_cls = getattr(modules[ir.package], ir.client_name)
    for op in ir.operations:
        reply: Callable[[httpx.Request], httpx.Response]
        json_responses = [r for r in op.responses if r.type is not None and r.media_type]
        if op.response_kind == "json":
            first = next(
                r for r in json_responses if r.media_type.split(";")[0].strip().endswith("json")
            )
            try:
                body = Examples(document, rnd).value(
                    _response_schema(document, op, first.status, first.media_type)
                )
            except Unsatisfiable:
                continue
            content = json.dumps(body).encode()
            reply = _replier(200, content, first.media_type)
        elif op.response_kind == "none":
            reply = _replier(204, b"", "")
        else:
            reply = _replier(200, b"event: x\ndata: {}\n\n", "text/event-stream")
        try:
            positional = signature(op).positional  # the last path param; the others are keywords
            args = [argument(ir_defs, p.type) for p in positional]
            kwargs = {
                p.name: argument(ir_defs, p.type)
                for p in op.params
                if p not in positional and (p.required or p.location == "path")
            }
        except _NoValue:
            continue
        if any(not _header_safe(kwargs.get(p.name)) for p in op.params if p.location == "header"):
            continue  # the runtime refuses CR/LF/NUL and non-ASCII in headers, rightly
        sent: list[httpx.Request] = []

        def record(
            request: httpx.Request,
            reply: Callable[..., httpx.Response] = reply,
            sent: list[httpx.Request] = sent,
        ) -> httpx.Response:
            request.read()
            sent.append(request)
            return reply(request)

        http = httpx.Client(transport=httpx.MockTransport(record))
        client = client_cls(api_key="k", base_url="http://test/base", http_client=http)
        target: Any = client
        for attr in op.python_method.split("."):
            target = getattr(target, attr)
        result = target(*args, **kwargs)
        assert sent, f"{op.python_method}: no request sent"
        yield Call(op, sent[0], result, kwargs)


def _header_safe(value: Any) -> bool:
    return not isinstance(value, str) or (value.isascii() and value.isprintable())


def _replier(status: int, content: bytes, media_type: str) -> Callable[..., httpx.Response]:
    headers = {"content-type": media_type} if media_type else {}
    return lambda request: httpx.Response(status, content=content, headers=headers)


# ---- checks shared by the fuzz run and the other-API fixtures -------------------------

# Modules generated code may import (besides its own package and the runtime).
ALLOWED_IMPORTS = {
    "__future__",
    "datetime",
    "typing",
    "typing_extensions",
    "pydantic",
    "functools",
    "importlib",
}
FORBIDDEN_CALLS = {"__import__", "exec", "eval", "compile", "open", "system", "popen"}


def squash(text: str) -> str:
    """Text with whitespace runs made one space: docstrings re-indent, black and
    inspect.cleandoc move whitespace, but every other character must survive."""
    return " ".join(text.split())


def check_inert(ir: IR, files: dict[str, str]) -> None:
    """Compiles; imports only what templates import; calls nothing hostile text names."""
    for rel, text in files.items():
        if not rel.endswith(".py") or is_runtime(ir.package, rel):
            continue
        try:
            tree = ast.parse(text, rel)
            compile(tree, rel, "exec")
        except SyntaxError as exc:
            lines = text.splitlines()
            near = lines[exc.lineno - 1] if exc.lineno and exc.lineno <= len(lines) else ""
            raise AssertionError(f"{rel}:{exc.lineno}: {exc.msg}\n{near}") from None
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                modules = {(node.module or "").split(".")[0]}
            else:
                modules = set()
            assert modules <= ALLOWED_IMPORTS | {ir.package}, f"{rel}: imports {modules}"
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                assert name not in FORBIDDEN_CALLS, f"{rel}:{node.lineno}: calls {name}"


def check_docs(ir: IR, modules: dict[str, Any]) -> None:
    """Descriptions and summaries come back from __doc__ as the spec wrote them."""
    for module in ir.type_modules:
        for d in module.definitions:
            if isinstance(d, (ModelDef, TypedDictDef)) and d.description:
                if isinstance(d, TypedDictDef) and d.functional:
                    continue  # functional TypedDicts document with a bare string
                cls = getattr(modules[f"{ir.package}.types.{d.module}"], d.name)
                assert squash(cls.__doc__ or "") == squash(d.description), d.name
    for op in ir.operations:
        resource = next(r for r in ir.resources if r.module == op.resource)
        cls = getattr(modules[f"{ir.package}.resources.{resource.module}"], resource.class_name)
        doc = squash(getattr(cls, op.name).__doc__ or "")
        # Docstrings show spec text as Markdown (HTML converted), the summary once.
        summary, body = summary_and_body(op.summary, op.description)
        first = squash(summary) or op.python_method
        assert doc.startswith(first), f"{op.python_method}: {doc!r} vs {first!r}"
        assert squash(body) in doc, op.python_method


def check_call(call: Call) -> None:
    op, request = call.operation, call.request
    assert request.method == op.http_method.upper(), op.python_method
    raw_path = urllib.parse.unquote(request.url.raw_path.decode("ascii").split("?")[0])
    for p in op.params:
        value = call.kwargs.get(p.name)
        if p.location == "query" and p.required and isinstance(value, (str, int)):
            assert p.wire in request.url.params, f"{op.python_method}: query {p.wire!r} not sent"
        if p.location == "header" and p.required and isinstance(value, str):
            assert request.headers.get(p.wire) == value, f"{op.python_method}: header {p.wire!r}"
    if op.body is not None and op.body.style == "fields":
        body = [p for p in op.params if p.location == "body"]
        scalars = {p.wire for p in body if isinstance(call.kwargs.get(p.name), (str, int))}
        encoding = next((c.encoding for c in op.body.contents if c.encoding != "binary"), "")
        if any("FileTypes" in p.annotation for p in body):
            pass  # a file makes it multipart, whatever the spec's first media type
        elif encoding == "json":
            sent = json.loads(request.content)
            required = {p.wire for p in body if p.required}
            assert required <= set(sent), f"{op.python_method}: body {sorted(sent)}"
        elif encoding == "form":
            form = urllib.parse.parse_qs(request.content.decode(), keep_blank_values=True)
            assert scalars <= set(form), f"{op.python_method}: form {sorted(form)}"
    if not {".", ".."} & set(op.path.split("/")):  # (dot segments are resolved away)
        assert raw_path.startswith("/base"), raw_path
    if op.response_kind == "none":
        assert call.result is None
    elif (
        op.pagination is None
        and isinstance(op.returns_type, TRef)
        and op.returns_type.kind == "model"  # an enum or alias parses to its values' types
    ):
        assert type(call.result).__name__ == op.returns_type.name, op.python_method
