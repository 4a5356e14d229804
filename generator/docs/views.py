"""What the README, `api.md` and the guides show, prepared for their templates:
example call source, short signatures, parameter and returned-field lists."""

from __future__ import annotations

from dataclasses import dataclass

from ..ir.model import (
    IR,
    Definition,
    Example,
    ModelDef,
    Operation,
    Param,
    Resource,
    TList,
    TNullable,
    TRef,
    TypeExpr,
)
from ..signature import signature
from .docstrings import returns
from .text import plain, readable, summary_and_body


@dataclass(frozen=True)
class ParamDoc:
    name: str
    annotation: str
    description: str  # one line of Markdown


@dataclass(frozen=True)
class OperationDoc:
    op: Operation
    sends: str  # the body's media types where the route has twins, else ""
    title: str  # the summary, else the method
    description: str  # Markdown, "" when it only repeats the title
    required: tuple[ParamDoc, ...]
    optional: tuple[ParamDoc, ...]
    example: str  # Python source of a call (and a look at the result)
    fields: tuple[tuple[str, str], ...]  # (name, annotation) of what it returns
    returns: str


@dataclass(frozen=True)
class MethodRef:
    """One line of `api.md`."""

    call: str  # client.addresses.retrieve(id, **params)
    route: str  # GET /addresses/{id}
    sends: str  # the body's media types where the route has twins, else ""
    returns: str
    file: str  # the resource module, relative to the generated project


@dataclass(frozen=True)
class ResourceRef:
    resource: Resource
    heading: str  # Markdown heading marks: one more per level of nesting
    imports: tuple[str, ...]  # names to import from <package>.types
    methods: tuple[MethodRef, ...]


def call_source(op: Operation, example: Example | None) -> str:
    """A call with the example's arguments, then a look at what it returns."""
    args = list(example.positional) if example else []
    args += [f"{k}={v}" for k, v in example.keywords] if example else []
    target = "page" if op.pagination else "result"
    if not args:
        call = f"{target} = client.{op.python_method}()"
    elif len(args) == 1 and len(args[0]) < 50 and "\n" not in args[0]:
        call = f"{target} = client.{op.python_method}({args[0]})"
    else:
        call = f"{target} = client.{op.python_method}(\n" + "".join(f"    {a},\n" for a in args)
        call += ")"
    if op.pagination:
        return (
            call
            + "\nfor item in page.data:  # this page; iterate `page` for every page\n    print(item)"
        )
    if op.response_kind == "none":
        return call.removeprefix("result = ")
    return call + "\nprint(result)"


def examples_by_method(ir: IR) -> dict[str, Example]:
    return {e.python_method: e for e in ir.examples}


def sends(op: Operation) -> str:
    """The body's media types where the route has more methods (which tells them
    apart), else ""."""
    if not op.twins or op.body is None:
        return ""
    return ", ".join(c.media_type for c in op.body.contents)


def api_reference(ir: IR) -> tuple[ResourceRef, ...]:
    """Every resource in the client's order (a parent, then its children) and its methods."""
    ops = {op.python_method: op for op in ir.operations}
    refs = []
    for resource in ir.resources:
        base = f"{ir.package}/resources/" + resource.module.replace(".", "/")
        file = f"{base}/__init__.py" if resource.is_package else f"{base}.py"
        methods = []
        for name in resource.operations:
            op = ops[name]
            sig = signature(op)
            args = [p.name for p in sig.positional] + (["**params"] if sig.keyword else [])
            methods.append(
                MethodRef(
                    call=f"client.{op.python_method}({', '.join(args)})",
                    route=f"{op.http_method.upper()} {op.path}",
                    sends=sends(op),
                    returns=returns(op),
                    file=file,
                )
            )
        refs.append(
            ResourceRef(
                resource=resource,
                heading="#" * min(len(resource.path), 6),
                imports=tuple(sorted({n for _, names in resource.imports for n in names})),
                methods=tuple(methods),
            )
        )
    return tuple(refs)


def operation_doc(
    op: Operation, examples: dict[str, Example], definitions: dict[tuple[str, str], Definition]
) -> OperationDoc:
    summary, description = summary_and_body(op.summary, op.description)
    title = " ".join(summary.split("\n")[0].split()) or op.python_method
    if "\n" in summary.strip():  # a multi-line summary: its first line heads the entry
        description = "\n\n".join(filter(None, [summary.split("\n", 1)[1].strip(), description]))
    return OperationDoc(
        op=op,
        sends=sends(op),
        title=title,
        description=description,
        required=tuple(_param(p) for p in op.params if p.required),
        optional=tuple(_param(p) for p in op.params if not p.required),
        example=call_source(op, examples.get(op.python_method)),
        fields=_fields(op, definitions),
        returns=returns(op),
    )


def definitions(ir: IR) -> dict[tuple[str, str], Definition]:
    return {(m.name, d.name): d for m in ir.type_modules for d in m.definitions}


def _param(p: Param) -> ParamDoc:
    return ParamDoc(p.name, readable(p.annotation), " ".join(plain(p.description).split()))


def _model(t: TypeExpr, defs: dict[tuple[str, str], Definition]) -> ModelDef | None:
    while isinstance(t, TNullable | TList):
        t = t.inner if isinstance(t, TNullable) else t.item
    if isinstance(t, TRef):
        found = defs.get((t.module, t.name))
        return found if isinstance(found, ModelDef) else None
    return None


def _fields(op: Operation, defs: dict[tuple[str, str], Definition]) -> tuple[tuple[str, str], ...]:
    """The fields of the returned record: a page's item, or what the `data`
    envelope holds (the fields a reader looks for), else the model's own."""
    model = _model(op.pagination.item if op.pagination else op.returns_type, defs)
    if model is None:
        return ()
    data = next((f for f in model.fields if f.wire == "data"), None)
    inner = _model(data.type, defs) if data is not None and len(model.fields) <= 2 else None
    chosen = inner or model
    return tuple((f.name, readable(f.annotation)) for f in chosen.fields)
