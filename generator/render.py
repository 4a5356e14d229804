"""IR -> source files, through the Jinja2 templates in `templates/`.

The views built here only regroup IR facts per output file (which operations a
module holds, which names it imports); every naming and typing decision was
made when the IR was built.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import cast

import jinja2

from . import ROOT, __version__
from .api_snapshot import API_FILE, snapshot
from .api_snapshot import dump as dump_snapshot
from .docs.docstrings import class_docstring, method_docstring
from .docs.views import api_reference, call_source, definitions, examples_by_method, operation_doc
from .ir.annotate import type_kind, typing_names
from .ir.model import (
    IR,
    TYPE_EXPRS,
    AliasDef,
    Example,
    ModelDef,
    Operation,
    Resource,
    TFile,
    TypedDictDef,
    TypeExpr,
    TypeModule,
)
from .lock import LOCK_FILE, dump_lock
from .official_types import TypeAlias, type_aliases
from .pin import SpecIdentity
from .runtime import _constants as runtime_defaults
from .signature import signature

TEMPLATES = ROOT / "templates"
RUNTIME = Path(__file__).resolve().parent / "runtime"
GENERATOR_VERSION = __version__
# Every runtime module a package may get verbatim. `_error_root.py` is not one: each
# package gets its own (templates/error_root.py.j2), the runtime's is the Telnyx
# stand-in its own tests import.
RUNTIME_FILES = tuple(
    sorted(p.name for p in RUNTIME.glob("_*.py") if p.name not in ("__init__.py", "_error_root.py"))
)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u0085]")


def docstring(text: str, indent: int = 4) -> str:
    """Spec text as the inside of a triple-quoted docstring: always inert."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    text = _CONTROL.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )
    pad = " " * indent
    lines = [line.rstrip() for line in text.strip().split("\n")]
    result = ("\n" + pad).join(lines).replace("\n" + pad + "\n", "\n\n")
    if not result.endswith('"'):
        return result
    body = result[:-1]
    if (len(body) - len(body.rstrip("\\"))) % 2:
        # An escaped closing quote: black puts a space before the docstring's own
        # `"""` and ruff takes it out again; `\x22` is the same quote to both.
        return body[:-1] + "\\x22"
    # A closing quote right before the docstring's own `"""` would end it early.
    return result + " "


def comment(text: str) -> str:
    """Spec text on a single `#` comment line."""
    return _CONTROL.sub(" ", text.replace("\n", " ").replace("\r", " "))


def py(value: object) -> str:
    """A Python literal for a value taken from the spec (repr escapes everything)."""
    return repr(value)


@dataclass(frozen=True)
class ResourceView:
    resource: Resource
    operations: tuple[Operation, ...]
    children: tuple[Resource, ...]
    typing: tuple[str, ...]
    datetime: tuple[str, ...]  # `date`, `datetime`: imported from the datetime module
    uses_file: bool
    uses_discriminated: bool
    uses_page: bool
    uses_request: bool  # a plain (not paginated, not download) method: `async_method`
    uses_binary: bool  # a download: returns `BinaryAPIResponse`
    uses_not_given: bool
    uses_lazy: bool
    # (method, param) of body fields typed as one file: the method checks them
    # with `file_param`, so a str is a TypeError, not a text field.
    file_params: frozenset[tuple[str, str]]
    docstring: str  # the resource classes'
    method_docstrings: dict[str, str]  # method name -> its docstring's text


@dataclass(frozen=True)
class ClientView:
    """What `_client.py` imports: only what it uses. A document without operations
    has no resources to import for type checking, one without webhooks no verifier."""

    typing: tuple[str, ...]  # names from `typing`
    type_checking: tuple[tuple[str, str], ...]  # (module, names) under `if TYPE_CHECKING:`


@dataclass(frozen=True)
class ReadmeView:
    """What the README says about the API's shape. A document without operations
    is a package of its component types: no resources, methods or pagination to
    show, a model to parse with instead."""

    operations: int
    resources: int  # top-level ones, the README's table
    types: int  # named type definitions
    model: str | None  # a response model the no-operations README parses a value with


def _readme_view(ir: IR, top: list[Resource]) -> ReadmeView:
    models = sorted(
        d.name for m in ir.type_modules for d in m.definitions if isinstance(d, ModelDef)
    )
    return ReadmeView(
        operations=len(ir.operations),
        resources=len(top),
        types=sum(len(m.definitions) for m in ir.type_modules),
        model=models[0] if models else None,
    )


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["docstring"] = docstring
    env.filters["comment"] = comment
    env.filters["py"] = py
    env.filters["signature"] = signature
    return env


# Every file's first line. It names no spec or generator version: those live in
# `_version.py` alone, so a spec update rewrites only the files it changes.
HEADER = "# Generated by telnyx-client-generator. Do not edit."


def render(ir: IR, spec: SpecIdentity | None = None) -> dict[str, str]:
    """All files of the generated project, keyed by path relative to the output dir."""
    env = _environment()
    pkg = ir.package
    header = HEADER
    common = {"ir": ir, "pkg": pkg, "header": header}
    files: dict[str, str] = {}

    for name in runtime_files(ir):
        files[f"{pkg}/{name}"] = f"{header}\n" + (RUNTIME / name).read_text(encoding="utf-8")
    files[f"{pkg}/_error_root.py"] = env.get_template("error_root.py.j2").render(**common)
    files[f"{pkg}/py.typed"] = ""
    files[f"{pkg}/_version.py"] = version_module(
        ir, spec or SpecIdentity(ir.spec_sha256, "", "", "")
    )
    files[f"{pkg}/__init__.py"] = env.get_template("package_init.py.j2").render(**common)
    top = [r for r in ir.resources if len(r.path) == 1]
    files[f"{pkg}/_client.py"] = env.get_template("client.py.j2").render(
        resources=top, client=_client_view(ir, top), **common
    )
    files["pyproject.toml"] = env.get_template("pyproject.toml.j2").render(**common)
    examples = examples_by_method(ir)
    by_method = {op.python_method: op for op in ir.operations}
    first = [
        (by_method[name], call_source(by_method[name], examples.get(name)))
        for name in ir.readme_first
    ]
    shown = _readme_examples(ir)
    files["README.md"] = env.get_template("README.md.j2").render(
        top=top,
        examples=shown,
        args=_readme_args(shown, examples),
        first=first,
        defaults=runtime_defaults,
        readme=_readme_view(ir, top),
        **common,
    )
    files["api.md"] = env.get_template("api.md.j2").render(resources=api_reference(ir), **common)
    _guides(files, env, ir, examples, by_method, common)
    files["operations.json"] = _operations_index(ir)
    files[API_FILE] = dump_snapshot(snapshot(ir))  # what `generator diff` compares
    files[LOCK_FILE] = dump_lock(ir.name_lock, header)

    by_path = {r.module: r for r in ir.resources}
    ops_by_resource: dict[str, list[Operation]] = {}
    for op in ir.operations:
        ops_by_resource.setdefault(op.resource, []).append(op)
    files[f"{pkg}/resources/__init__.py"] = (
        f'{header}\n"""Resources of the {docstring(ir.title)} client."""\n'
    )
    resource_template = env.get_template("resource.py.j2")
    for resource in ir.resources:
        view = _resource_view(resource, ops_by_resource.get(resource.module, []), by_path)
        files[_resource_file(pkg, resource)] = resource_template.render(view=view, **common)
        if not resource.is_package:
            _ensure_packages(files, pkg, resource, ir, header)
    type_template = env.get_template("types_module.py.j2")
    for module in ir.type_modules:
        files[f"{pkg}/types/{module.name}.py"] = type_template.render(
            module=module, typing=_module_typing(module), **common
        )
    top_aliases = _type_packages(files, env, ir, common)
    files[f"{pkg}/types/__init__.py"] = env.get_template("types_init.py.j2").render(
        exports=sorted((d.name, m.name) for m in ir.type_modules for d in m.definitions),
        aliases=top_aliases,
        **common,
    )
    return files


def version_module(ir: IR, spec: SpecIdentity) -> str:
    """`_version.py`: the release, and the one place naming the spec and generator."""
    values = {
        "__version__": spec.package_version or ir.package_version,
        "__spec_version__": ir.version,
        "__spec_sha256__": spec.sha256,
        "__spec_url__": spec.url,
        "__spec_commit__": spec.commit,
        "__generator_version__": GENERATOR_VERSION,
    }
    lines = [
        HEADER,
        '"""This release and what it was generated from (info.version is __spec_version__)."""',
        "",
        *(f"{name} = {json.dumps(value)}" for name, value in values.items()),
    ]
    return "\n".join(lines) + "\n"


def runtime_files(ir: IR) -> tuple[str, ...]:
    """The runtime modules `ir`'s package gets verbatim (webhook verification only
    when the document declares webhooks)."""
    return tuple(n for n in RUNTIME_FILES if ir.has_webhooks or n != "_webhooks.py")


def _client_view(ir: IR, top: list[Resource]) -> ClientView:
    checking = [(f"{ir.package}.types.{u.module}", u.name) for u in [ir.webhook_union] if u]
    checking += [
        (f"{ir.package}.resources.{r.module}", ", ".join(_resource_classes(r))) for r in top
    ]
    typing = {"ClassVar"} | ({"TYPE_CHECKING"} if checking else set())
    return ClientView(
        # isort's order, constants first: `TYPE_CHECKING, Any, ClassVar`.
        typing=tuple(sorted(typing | ({"Any"} if ir.has_webhooks else set()), key=_isort)),
        type_checking=tuple(checking),
    )


def _resource_classes(resource: Resource) -> list[str]:
    """The sync, async, raw and streaming classes a top-level resource module exports."""
    suffixes = ("", "WithRawResponse", "WithStreamingResponse")
    return [f"{p}{resource.class_name}{s}" for p in ("", "Async") for s in suffixes]


def _isort(name: str) -> tuple[bool, str]:
    return (not name.isupper(), name)


def _guides(
    files: dict[str, str],
    env: jinja2.Environment,
    ir: IR,
    examples: dict[str, Example],
    by_method: dict[str, Operation],
    common: dict[str, object],
) -> None:
    """`docs/<section>.md`: one guide per section of `specs/sections.yaml`."""
    template = env.get_template("guide.md.j2")
    defs = definitions(ir)
    for guide in ir.guides:
        ops = [operation_doc(by_method[name], examples, defs) for name in guide.operations]
        title = " ".join(word.capitalize() for word in guide.section.split("-"))
        files[f"docs/{guide.section}.md"] = template.render(
            guide=guide, ops=ops, first=ops[0], title=title, **common
        )


def _type_packages(
    files: dict[str, str], env: jinja2.Environment, ir: IR, common: dict[str, object]
) -> list[TypeAlias]:
    """`types/<a>/<b>/__init__.py`: the official SDK's import paths (official_types).
    Returns the aliases of `types` itself."""
    aliases = type_aliases(ir.operations, ir.type_modules, {k: list(v) for k, v in ir.type_exports})
    packages: dict[tuple[str, ...], list[TypeAlias]] = {}
    top = [alias for alias in aliases if not alias.package]
    for alias in aliases:
        if not alias.package:
            continue
        for depth in range(1, len(alias.package)):
            packages.setdefault(alias.package[:depth], [])
        packages.setdefault(alias.package, []).append(alias)
    template = env.get_template("types_package.py.j2")
    for package, members in sorted(packages.items()):
        dotted = ".".join((ir.package, "types", *package))
        files[f"{ir.package}/types/{'/'.join(package)}/__init__.py"] = template.render(
            aliases=members, dotted=dotted, **common
        )
    return top


def _operations_index(ir: IR) -> str:
    """Machine-readable list of what the client offers (docs, tests, tooling)."""
    rows = [
        {
            "python_method": op.python_method,
            "http_method": op.http_method,
            "path": op.path,
            "operation_id": op.operation_id,
        }
        for op in ir.operations
    ]
    return json.dumps(rows, indent=1) + "\n"


def _readme_examples(ir: IR) -> dict[str, Operation | None]:
    """Operations the README shows: a paginated list, a GET taking just one path
    parameter and a download taking just one, when the API has them: from the
    resources of the README's first examples if they have one, then the least
    nested (then document order)."""
    first = {name.split(".")[0] for name in ir.readme_first}
    ops = sorted(
        ir.operations,
        key=lambda op: (
            op.resource.split(".")[0] not in first,
            op.python_method.count("."),
            op.name != "retrieve",
        ),
    )
    page = next((op for op in ops if op.pagination), None)
    by_id = [
        op
        for op in ops
        if op.http_method == "get"
        and not op.pagination
        and [p.location for p in op.params if p.required] == ["path"]
    ]
    single = next((op for op in by_id if op.response_kind == "json"), None)
    download = next((op for op in by_id if op.response_kind == "binary"), None)
    return {"page": page, "single": single, "download": download}


def _readme_args(
    shown: dict[str, Operation | None], examples: dict[str, Example]
) -> dict[str, str]:
    """The positional arguments of the README's single-object calls: the guides'
    example values (valid for the API), else a placeholder."""
    args = {}
    for role, op in shown.items():
        example = examples.get(op.python_method) if op else None
        args[role] = ", ".join(example.positional) if example else '"id-value"'
    return args


def _resource_file(pkg: str, resource: Resource) -> str:
    base = f"{pkg}/resources/" + resource.module.replace(".", "/")
    return f"{base}/__init__.py" if resource.is_package else f"{base}.py"


def _ensure_packages(
    files: dict[str, str], pkg: str, resource: Resource, ir: IR, header: str
) -> None:
    """Parents of a nested module must be packages even when they hold no operation."""
    parts = resource.module.split(".")
    for depth in range(1, len(parts)):
        init = f"{pkg}/resources/" + "/".join(parts[:depth]) + "/__init__.py"
        files.setdefault(init, f'{header}\n"""Resources of the {docstring(ir.title)} client."""\n')


def _resource_view(
    resource: Resource, ops: list[Operation], by_path: dict[str, Resource]
) -> ResourceView:
    names: set[str] = set()
    for op in ops:
        for p in op.params:
            names |= typing_names(p.type)
        names |= typing_names(op.returns_type)
        if op.pagination:
            names |= typing_names(op.pagination.item)
    return ResourceView(
        resource=resource,
        operations=tuple(ops),
        children=tuple(by_path[c] for c in resource.children),
        typing=tuple(sorted(names - _RUNTIME_NAMES)),
        datetime=tuple(sorted(names & _DATETIME_NAMES)),
        uses_file="FileTypes" in names,
        uses_discriminated="Discriminated" in names,
        uses_page=any(op.pagination for op in ops),
        uses_request=any(not op.pagination and op.response_kind != "binary" for op in ops),
        uses_binary=any(op.response_kind == "binary" for op in ops),
        uses_not_given=any(not p.required for op in ops for p in op.params),
        uses_lazy=any(
            op.returns_lazy
            or (op.pagination and op.pagination.item_lazy != op.pagination.item_annotation)
            for op in ops
        ),
        file_params=frozenset(
            (op.name, p.name)
            for op in ops
            if op.body and op.body.style == "fields"
            for p in op.params
            if p.location == "body" and isinstance(p.type, TFile)
        ),
        docstring=class_docstring(resource),
        method_docstrings={op.name: method_docstring(op) for op in ops},
    )


# Names `typing_names` reports that come from the package's runtime or `datetime`,
# not `typing`.
_DATETIME_NAMES = frozenset({"date", "datetime"})
_RUNTIME_NAMES = frozenset({"FileTypes", "Discriminated"}) | _DATETIME_NAMES


def _module_typing(module: TypeModule) -> dict[str, object]:
    names: set[str] = set()
    needs = {"BaseModel": False, "Field": False, "TypedDict": False, "Required": False}
    for d in module.definitions:
        if isinstance(d, AliasDef):
            names |= typing_names(d.type)
            continue
        for f in d.fields:
            names |= typing_names(f.type)
            if isinstance(d, ModelDef):
                names |= {"Optional"} if not f.required else set()
                needs["Field"] |= f.name != f.wire
            elif f.required:
                needs["Required"] = True
        needs["BaseModel" if isinstance(d, ModelDef) else "TypedDict"] = True
        if isinstance(d, TypedDictDef) and not d.fields:
            needs["TypedDict"] = True
    view: dict[str, object] = {
        "typing": tuple(sorted(names - _RUNTIME_NAMES)),
        "datetime": tuple(sorted(names & _DATETIME_NAMES)),
        "file": "FileTypes" in names,
        "Discriminated": "Discriminated" in names,
        **needs,
    }
    # Whether anything follows `from __future__ import annotations` before `__all__`.
    view["imports"] = any(view.values()) or bool(module.imports)
    return view


def ir_json(ir: IR) -> str:
    """The IR as deterministic JSON (the `ir` command and golden files)."""
    return json.dumps(_plain(ir), indent=1, ensure_ascii=False) + "\n"


def _plain(obj: object) -> object:
    if is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, object] = {}
        if isinstance(obj, TYPE_EXPRS):
            out["type"] = type_kind(cast(TypeExpr, obj))
        for f in fields(obj):
            out[f.name] = _plain(getattr(obj, f.name))
        return out
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    return obj
