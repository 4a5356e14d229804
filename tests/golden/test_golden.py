"""Golden snapshots of the generator's output for the fixture specs in tests/fixtures/,
plus checks that the generated packages import, pass `mypy --strict`, and behave as
each construct requires.

Snapshots live in tests/golden/<fixture>/: `ir.json` and `files/<path>` (the runtime
files copied from generator/runtime are left out: they are tested by tests/runtime).
`UPDATE_GOLDEN=1 pytest tests/golden` (`make update-golden`) rewrites them.
"""

from __future__ import annotations

import ast
import datetime
import functools
import importlib
import inspect
import json
import os
import re
import shutil
import sys
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pydantic
import pytest

from generator.format import format_sources
from generator.ir.build import build_ir
from generator.ir.model import (
    IR,
    Operation,
    Param,
    TFile,
    TList,
    TNullable,
    TPrim,
    TRef,
    TUnion,
)
from generator.load import load_spec
from generator.render import RUNTIME_FILES, ir_json, render, runtime_files
from generator.schema.document import HTTP_METHODS
from tests.conftest import ROOT, import_modules, module_names, run_python

FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = Path(__file__).resolve().parent
NAMES = sorted(p.stem for p in FIXTURES.glob("*.yaml"))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
MYPY_CACHE = ROOT / ".mypy_cache" / "golden-fixtures"

# Fixtures that reproduce a known generator defect: which checks fail, and why.
# ("golden" fails when the output cannot even be generated/formatted.) The marks are
# strict: when a defect is fixed the test XPASSes, fails, and this entry must go.
# Fixtures a known generator defect breaks: {name: (checks, reason)}; strict xfails.
KNOWN_DEFECTS: dict[str, tuple[frozenset[str], str]] = {}


def marked(check: str, names: list[str] = NAMES) -> list[Any]:
    """Fixture names as parameters, strict-xfail where a known defect breaks `check`."""
    result: list[Any] = []
    for name in names:
        checks, reason = KNOWN_DEFECTS.get(name, (frozenset(), ""))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if check in checks else []
        result.append(pytest.param(name, marks=marks, id=name))
    return result


# ---- generation ---------------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    name: str
    package: str
    ir: IR
    files: dict[str, str]  # formatted output, runtime files left out (the snapshot)
    runtime: dict[str, str]  # the runtime files, as copied


def load(path: Path) -> tuple[dict[str, Any], str]:
    spec = load_spec(path)
    return spec.document, spec.sha256


def is_runtime(package: str, rel: str) -> bool:
    head, _, tail = rel.partition("/")
    return head == package and tail in RUNTIME_FILES


@functools.cache
def generate(name: str) -> Generated:
    document, sha256 = load(FIXTURES / f"{name}.yaml")
    selected = [
        (path, method)
        for path, item in (document.get("paths") or {}).items()
        for method in HTTP_METHODS
        if isinstance(item, dict) and isinstance(item.get(method), dict)
    ]
    package = f"fx_{name}"
    ir = build_ir(document, selected, package=package, spec_sha256=sha256, overrides={})
    files = render(ir)
    runtime = {k: v for k, v in files.items() if is_runtime(package, k)}
    formatted = format_sources({k: v for k, v in files.items() if k not in runtime})
    return Generated(name, package, ir, formatted, runtime)


# ---- golden snapshots -----------------------------------------------------------------


def snapshot_of(gen: Generated) -> dict[str, str]:
    return {"ir.json": ir_json(gen.ir), **{f"files/{k}": v for k, v in gen.files.items()}}


def read_tree(directory: Path) -> dict[str, str]:
    if not directory.is_dir():
        return {}
    return {
        p.relative_to(directory).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(directory.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def write_tree(directory: Path, files: dict[str, str]) -> None:
    if directory.exists():
        shutil.rmtree(directory)
    for rel, text in files.items():
        target = directory / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")


def describe_diff(expected: dict[str, str], actual: dict[str, str], limit: int = 150) -> str:
    import difflib

    lines: list[str] = []
    for rel in sorted(expected.keys() - actual.keys()):
        lines.append(f"missing (no longer generated): {rel}")
    for rel in sorted(actual.keys() - expected.keys()):
        lines.append(f"new (not in the snapshot): {rel}")
    for rel in sorted(expected.keys() & actual.keys()):
        if expected[rel] != actual[rel]:
            lines += difflib.unified_diff(
                expected[rel].splitlines(),
                actual[rel].splitlines(),
                f"golden/{rel}",
                f"generated/{rel}",
                lineterm="",
            )
    more = f"\n... {len(lines) - limit} more lines" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more


@pytest.mark.parametrize("name", marked("golden"))
def test_golden(name: str) -> None:
    actual = snapshot_of(generate(name))
    directory = GOLDEN / name
    if UPDATE:
        write_tree(directory, actual)
        return
    expected = read_tree(directory)
    assert expected, f"no snapshot in {directory}; run `make update-golden`"
    if expected != actual:
        pytest.fail(
            f"output for tests/fixtures/{name}.yaml differs from its snapshot "
            f"(if intended: `make update-golden` and review the diff):\n"
            + describe_diff(expected, actual),
            pytrace=False,
        )


def test_no_stale_snapshots() -> None:
    stale = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir() and p.name not in NAMES)
    stale = [s for s in stale if s != "__pycache__"]
    if UPDATE:
        for name in stale:
            shutil.rmtree(GOLDEN / name)
        return
    assert not stale, f"snapshots without a fixture (run `make update-golden`): {stale}"


def test_snapshots_leave_out_runtime_files() -> None:
    gen = generate("params")
    assert gen.runtime.keys() == {f"{gen.package}/{n}" for n in runtime_files(gen.ir)}
    assert f"{gen.package}/_client.py" in gen.files
    assert f"{gen.package}/__init__.py" in gen.files


# ---- every fixture package together: import, mypy --strict -----------------------------


@dataclass
class Workspace:
    root: Path
    built: dict[str, Generated] = field(default_factory=dict)
    errors: dict[str, BaseException] = field(default_factory=dict)
    syntax_errors: dict[str, list[str]] = field(default_factory=dict)

    def require(self, name: str) -> Generated:
        if name in self.errors:
            raise self.errors[name]
        return self.built[name]


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """Every fixture's full package (runtime included) side by side in one directory."""
    ws = Workspace(tmp_path_factory.mktemp("fixture_packages"))
    for name in NAMES:
        try:
            gen = generate(name)
        except Exception as exc:  # reported by the tests of that fixture
            ws.errors[name] = exc
            continue
        ws.built[name] = gen
        for rel, text in {**gen.runtime, **gen.files}.items():
            if rel.startswith(f"{gen.package}/"):
                target = ws.root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
                if rel.endswith(".py"):
                    try:
                        compile(text, rel, "exec")
                    except SyntaxError as exc:
                        ws.syntax_errors.setdefault(name, []).append(
                            f"{rel}:{exc.lineno}: {exc.msg}"
                        )
    return ws


@pytest.fixture(scope="session")
def import_failures(workspace: Workspace) -> dict[str, str]:
    """One fresh interpreter imports every module of every fixture package."""
    modules = [
        m for gen in workspace.built.values() for m in module_names(workspace.root / gen.package)
    ]
    return import_modules(modules, cwd=workspace.root)


@pytest.mark.parametrize("name", marked("import"))
def test_imports(name: str, workspace: Workspace, import_failures: dict[str, str]) -> None:
    gen = workspace.require(name)
    modules = module_names(workspace.root / gen.package)
    assert len(modules) > len(RUNTIME_FILES)
    failures = {m: e for m, e in import_failures.items() if m.split(".")[0] == gen.package}
    assert not failures, "\n".join(f"{m}: {e}" for m, e in failures.items())


@dataclass(frozen=True)
class MypyRun:
    returncode: int
    output: str
    packages: tuple[str, ...]

    def errors_in(self, package: str) -> list[str]:
        return [
            line
            for line in self.output.splitlines()
            if re.match(rf"{re.escape(package)}[/\\]", line) and ": error:" in line
        ]


@pytest.fixture(scope="session")
def mypy_run(workspace: Workspace) -> MypyRun:
    """ONE `mypy --strict` over all fixture packages that compile."""
    packages = tuple(
        gen.package for name, gen in workspace.built.items() if name not in workspace.syntax_errors
    )
    (workspace.root / "mypy.ini").write_text(
        "[mypy]\nstrict = True\npython_version = 3.11\n", encoding="utf-8"
    )
    args = [arg for package in packages for arg in ("-p", package)]
    proc = run_python(
        "-m",
        "mypy",
        "--cache-dir",
        str(MYPY_CACHE),
        "--no-error-summary",
        *args,
        cwd=workspace.root,
    )
    return MypyRun(proc.returncode, proc.stdout + proc.stderr, packages)


def test_mypy_run_is_clean_outside_known_defects(mypy_run: MypyRun) -> None:
    known = {f"fx_{n}" for n, (checks, _) in KNOWN_DEFECTS.items() if "mypy" in checks}
    lines = [line for line in mypy_run.output.splitlines() if line.strip()]
    expected = [line for line in lines if re.split(r"[/\\]", line, maxsplit=1)[0] in known]
    unexpected = [line for line in lines if line not in expected]
    assert not unexpected, mypy_run.output
    assert mypy_run.returncode == (1 if expected else 0), mypy_run.output
    assert len(mypy_run.packages) >= len(NAMES) - len(KNOWN_DEFECTS)


@pytest.mark.parametrize("name", marked("mypy"))
def test_mypy_strict(name: str, workspace: Workspace, mypy_run: MypyRun) -> None:
    gen = workspace.require(name)
    assert name not in workspace.syntax_errors, "\n".join(workspace.syntax_errors[name])
    assert gen.package in mypy_run.packages
    errors = mypy_run.errors_in(gen.package)
    assert not errors, "\n".join(errors)


# ---- behaviour of each construct ----------------------------------------------------


@pytest.fixture(scope="session")
def fx(workspace: Workspace) -> Iterator[Callable[[str, str], ModuleType]]:
    """`fx(fixture, "types.widget")` imports a module of a generated fixture package."""
    sys.path.insert(0, str(workspace.root))
    try:

        def load_module(name: str, module: str = "") -> ModuleType:
            package = workspace.require(name).package
            return importlib.import_module(f"{package}.{module}" if module else package)

        yield load_module
    finally:
        sys.path.remove(str(workspace.root))
        for module in [m for m in sys.modules if m.startswith("fx_")]:
            del sys.modules[module]


def operation(name: str, python_method: str) -> Operation:
    ops = {op.python_method: op for op in generate(name).ir.operations}
    assert python_method in ops, f"{python_method} not in {sorted(ops)}"
    return ops[python_method]


def param(op: Operation, name: str) -> Param:
    params = {p.name: p for p in op.params}
    assert name in params, f"{op.python_method}: no param {name!r} in {sorted(params)}"
    return params[name]


def definition(name: str, type_name: str) -> Any:
    defs = {d.name: d for m in generate(name).ir.type_modules for d in m.definitions}
    assert type_name in defs, f"{type_name} not in {sorted(defs)}"
    return defs[type_name]


def signature(fx: Callable[..., ModuleType], name: str, python_method: str) -> inspect.Signature:
    op = operation(name, python_method)
    resource = generate(name).ir.resources
    res = next(r for r in resource if r.module == op.resource)
    cls = getattr(fx(name, f"resources.{res.module}"), res.class_name)
    return inspect.signature(getattr(cls, op.name))


@dataclass
class Recorder:
    """An httpx MockTransport that records requests and answers with `reply`."""

    reply: Callable[[httpx.Request], httpx.Response]
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.reply(request)


def client(
    fx: Callable[..., ModuleType], name: str, reply: Callable[[httpx.Request], httpx.Response]
) -> tuple[Any, Recorder]:
    recorder = Recorder(reply)
    cls = getattr(fx(name), generate(name).ir.client_name)
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    return cls(api_key="k", base_url="http://test/v2", http_client=http, max_retries=0), recorder


def json_reply(data: object, status: int = 200) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(status, json=data)


KW = inspect.Parameter.KEYWORD_ONLY
# What every generated method accepts besides its own parameters.
REQUEST_OPTIONS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})
POS = inspect.Parameter.POSITIONAL_OR_KEYWORD


@pytest.mark.parametrize("name", [n for n in NAMES if n not in KNOWN_DEFECTS])
def test_async_methods_mirror_sync(name: str, fx: Any) -> None:
    gen = generate(name)
    paged = {op.python_method for op in gen.ir.operations if op.pagination}
    for res in gen.ir.resources:
        module = fx(name, f"resources.{res.module}")
        sync, async_ = getattr(module, res.class_name), getattr(module, f"Async{res.class_name}")
        for dotted in res.operations:
            method = dotted.rsplit(".", 1)[-1]
            s, a = getattr(sync, method), getattr(async_, method)
            assert inspect.signature(s).parameters == inspect.signature(a).parameters, dotted
            assert inspect.iscoroutinefunction(a) is (dotted not in paged), dotted
            assert not inspect.iscoroutinefunction(s), dotted


async def test_async_client_end_to_end(fx: Any) -> None:
    seen: list[httpx.Request] = []

    def reply(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/v2/things":
            return httpx.Response(
                200, json={"data": [{"id": "a"}, {"id": "b"}], "meta": {"total_pages": 1}}
            )
        return httpx.Response(200, json={"id": "t1", "status": "active"})

    cls = getattr(fx("params"), "Async" + generate("params").ir.client_name)
    http = httpx.AsyncClient(transport=httpx.MockTransport(reply))
    api = cls(api_key="k", base_url="http://test/v2", http_client=http, max_retries=0)
    thing = await api.things.retrieve("t1")
    assert (thing.id, thing.status) == ("t1", "active")
    ids = [t.id async for t in api.things.list(page_size=2, x_request_id="r")]
    assert ids == ["a", "b"]
    assert dict(seen[1].url.params) == {"page[size]": "2"}
    await http.aclose()


# params.yaml


def test_params_page_deep_object_flattens_to_keywords(fx: Any) -> None:
    op = operation("params", "things.list")
    assert "page" not in {p.name for p in op.params}
    number, size = param(op, "page_number"), param(op, "page_size")
    assert (number.wire, number.location, number.type) == ("page[number]", "query", TPrim("int"))
    assert (size.wire, size.location, size.type) == ("page[size]", "query", TPrim("int"))
    assert op.pagination is not None
    assert (op.pagination.number_param, op.pagination.size_param) == ("page[number]", "page[size]")
    sig = signature(fx, "params", "things.list")
    for keyword in ("page_number", "page_size", "filter", "authorization_bearer"):
        assert sig.parameters[keyword].kind is KW
        assert sig.parameters[keyword].default is not inspect.Parameter.empty
    assert sig.parameters["x_request_id"].default is inspect.Parameter.empty


def test_params_filter_deep_object_nested_operators(fx: Any) -> None:
    filt = param(operation("params", "things.list"), "filter")
    assert (filt.wire, filt.location, filt.style, filt.explode) == (
        "filter",
        "query",
        "deepObject",
        True,
    )
    assert isinstance(filt.type, TRef) and filt.type.kind == "typeddict"
    fields = {f.wire: f for f in definition("params", filt.type.name).fields}
    created = fields["created_at"].type
    assert isinstance(created, TRef)
    assert {f.wire for f in definition("params", created.name).fields} == {"gt", "lt"}

    api, rec = client(
        fx,
        "params",
        json_reply({"data": [{"id": "t1"}], "meta": {"page_number": 2, "total_pages": 2}}),
    )
    page = api.things.list(
        filter={"created_at": {"gt": "2024-01-01T00:00:00Z"}, "status": {"eq": "active"}},
        page_number=2,
        page_size=5,
        authorization_bearer="tok",
        x_request_id="r1",
    )
    assert [t.id for t in page.data] == ["t1"]
    sent = rec.requests[0]
    assert sent.url.path == "/v2/things"
    assert dict(sent.url.params) == {
        "filter[created_at][gt]": "2024-01-01T00:00:00Z",
        "filter[status][eq]": "active",
        "page[number]": "2",
        "page[size]": "5",
    }
    assert sent.headers["authorization_bearer"] == "tok"
    assert sent.headers["X-Request-Id"] == "r1"


def test_params_path_id_renamed_when_body_has_id(fx: Any) -> None:
    op = operation("params", "things.update")
    path = [p for p in op.params if p.location == "path"]
    assert [(p.name, p.wire) for p in path] == [("thing_id", "id")]
    assert param(op, "id").location == "body"
    sig = signature(fx, "params", "things.update")
    assert sig.parameters["thing_id"].kind is POS
    assert sig.parameters["id"].kind is KW
    assert sig.parameters["id"].default is inspect.Parameter.empty

    api, rec = client(fx, "params", json_reply({"id": "new"}))
    assert api.things.update("old", id="new").id == "new"
    assert rec.requests[0].method == "PATCH"
    assert rec.requests[0].url.path == "/v2/things/old"
    assert json.loads(rec.requests[0].content) == {"id": "new"}
    # With no body property `id`, the path param keeps its name.
    assert [p.name for p in operation("params", "things.retrieve").params] == ["id"]


# bodies.yaml


def test_bodies_read_only_excluded_from_requests(fx: Any) -> None:
    widget = fx("bodies", "types.widget")
    settings = fx("bodies", "types.widget_settings")
    assert set(widget.WidgetParam.__annotations__) == {"name", "secret", "settings"}
    # (`__required_keys__` is empty at runtime: the annotations are strings.)
    assert [f.wire for f in definition("bodies", "WidgetParam").fields if f.required] == ["name"]
    assert set(settings.WidgetSettingsParam.__annotations__) == {"color"}
    # Responses keep readOnly properties and drop writeOnly ones.
    assert set(widget.Widget.model_fields) == {"id", "created_at", "name", "settings"}
    assert set(settings.WidgetSettings.model_fields) == {"color", "updated_at"}
    sig = signature(fx, "bodies", "widgets.create")
    assert [n for n, p in sig.parameters.items() if p.kind is KW and n not in REQUEST_OPTIONS] == [
        "name",
        "secret",
        "settings",
    ]


def test_bodies_json_and_multipart(fx: Any) -> None:
    op = operation("bodies", "documents.create")
    assert op.body is not None
    assert [(c.media_type, c.encoding) for c in op.body.contents] == [
        ("application/json", "json"),
        ("multipart/form-data", "multipart"),
    ]
    api, rec = client(fx, "bodies", json_reply({"id": "d1"}))
    assert api.documents.create(url="https://x/doc.pdf", filename="doc.pdf").id == "d1"
    assert rec.requests[0].headers["content-type"] == "application/json"
    assert json.loads(rec.requests[0].content) == {
        "url": "https://x/doc.pdf",
        "filename": "doc.pdf",
    }


def test_bodies_multipart_file_field_is_a_keyword() -> None:
    op = operation("bodies", "documents.create")
    assert param(op, "file").type == TFile()
    assert not param(op, "url").required


def test_bodies_file_field_rejects_a_str(fx: Any) -> None:
    """A str for a file field is a TypeError, not a text field sent as the file."""
    api, rec = client(fx, "bodies", json_reply({"id": "d1"}))
    with pytest.raises(TypeError, match=r"'file' expects file content .* got a str"):
        api.documents.create(file="doc.pdf")
    assert rec.requests == []
    assert api.documents.create(file=("doc.pdf", b"%PDF")).id == "d1"
    assert rec.requests[0].headers["content-type"].startswith("multipart/form-data")


def test_bodies_binary_and_array_bodies(fx: Any) -> None:
    op = operation("bodies", "documents.update_content")
    assert op.body is not None and op.body.style == "whole"
    assert param(op, "body").type == TFile()
    api, rec = client(fx, "bodies", lambda request: httpx.Response(204))
    assert api.documents.update_content("d1", body=b"%PDF-1.7") is None
    assert rec.requests[0].content == b"%PDF-1.7"
    assert rec.requests[0].headers["content-type"] == "application/octet-stream"

    api, rec = client(fx, "bodies", json_reply([{"name": "a", "id": "w1"}]))
    created = api.widgets.bulk.create(body=[{"name": "a"}])
    assert [w.id for w in created] == ["w1"]
    assert json.loads(rec.requests[0].content) == [{"name": "a"}]


# responses.yaml


@pytest.mark.parametrize(
    ("python_method", "kind", "returns"),
    [
        ("reports.retrieve", "json", "ReportRetrieveResponse"),
        ("reports.delete", "none", "None"),
        ("documents.download", "binary", "bytes"),
        ("invoices.pdf", "binary", "bytes"),
        ("health.list", "text", "str"),
        ("tags.list", "json", "List[Tag]"),
    ],
)
def test_responses_kinds(python_method: str, kind: str, returns: str) -> None:
    op = operation("responses", python_method)
    assert (op.response_kind, op.returns) == (kind, returns)


def test_responses_parse(fx: Any) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/v2/reports/r1" and request.method == "GET":
            data = {
                "id": "r1",
                "totals": {"calls": 3, "cost": 1.5},
                "rows": [{"day": "2024-01-01", "count": 2}],
            }
            return httpx.Response(200, json={"data": data})
        if path == "/v2/reports/r1":
            return httpx.Response(204)
        if path.endswith("/download"):
            return httpx.Response(
                200, content=b"\x00\x01raw", headers={"content-type": "image/png"}
            )
        if path.endswith("/pdf"):
            return httpx.Response(200, content=b"%PDF", headers={"content-type": "application/pdf"})
        if path == "/v2/health":
            return httpx.Response(200, text="ok\n", headers={"content-type": "text/plain"})
        return httpx.Response(200, json=[{"name": "a", "usage": 1}, {"name": "b"}])

    api, _ = client(fx, "responses", reply)
    report = api.reports.retrieve("r1")
    assert report.data.totals.calls == 3
    assert report.data.rows[0].day == datetime.date(2024, 1, 1)  # format: date, parsed
    assert api.reports.delete("r1") is None
    assert api.documents.download("d1").read() == b"\x00\x01raw"
    assert api.invoices.pdf("i1").read() == b"%PDF"
    assert api.health.list() == "ok\n"
    tags = api.tags.list()
    assert [(t.name, t.usage) for t in tags] == [("a", 1), ("b", None)]
    assert type(tags[0]).__name__ == "Tag"


# enums.yaml


def test_enums_non_identifier_values_and_closed_literals(fx: Any) -> None:
    kind = fx("enums", "types.kind").Kind
    assert typing.get_args(kind) == ("a-b", "1x", "with space", "class", "it's", "plain")
    record = fx("enums", "types.record").Record
    parsed = record.model_validate({"kind": "with space", "nickname": None, "inline_state": "a-b"})
    assert (parsed.kind, parsed.nickname, parsed.inline_state) == ("with space", None, "a-b")
    # Responses and requests alike: the closed Literal, for type checkers.
    fields = {f.wire: f.annotation for f in definition("enums", "Record").fields}
    assert fields["kind"] == "Kind"
    assert param(operation("enums", "records.create"), "kind").annotation == "Kind"
    assert param(operation("enums", "records.list"), "kind").annotation == "Kind"


def test_enums_unknown_values_from_a_newer_api_are_kept(fx: Any) -> None:
    """The models' Literals are closed; the client's tolerant parsing keeps the value."""
    record = fx("enums", "types.record").Record
    payload = {"kind": "brand-new", "nickname": "n", "color": "blue", "level": 9}
    with pytest.raises(pydantic.ValidationError):
        record.model_validate(payload)
    newer = fx("enums", "_models").validate_lenient(record, payload)
    assert isinstance(newer, record)
    assert (newer.kind, newer.color, newer.level) == ("brand-new", "blue", 9)


def test_enums_nullability(fx: Any) -> None:
    record = fx("enums", "types.record").Record
    assert typing.get_args(fx("enums", "types.color").Color) == ("red", "green")
    assert record.model_validate({"kind": "1x", "nickname": None, "color": None}).color is None
    with pytest.raises(pydantic.ValidationError):
        record.model_validate({"kind": "1x"})  # `nickname` is required even though nullable
    op = operation("enums", "records.create")
    nickname = param(op, "nickname")
    assert nickname.required and isinstance(nickname.type, TNullable)
    assert isinstance(param(op, "color").type, TNullable)
    # `default: null` on a non-nullable string: optional, but not made nullable.
    label = param(op, "label")
    assert (label.required, label.type) == (False, TPrim("str"))
    assert param(operation("enums", "records.list"), "label").type == TPrim("str")
    assert record.model_validate({"kind": "1x", "nickname": None}).label is None


# composition.yaml


def test_composition_all_of(fx: Any) -> None:
    pet = fx("composition", "types.pet").Pet
    fields = pet.model_fields
    assert list(fields) == ["id", "created_at", "name", "tag", "species", "nickname"]
    assert {n for n, f in fields.items() if f.is_required()} == {"id", "name", "tag", "species"}
    assert pet.__doc__ == "A pet (allOf of two refs and an inline object, plus sibling keys)."
    sig = signature(fx, "composition", "pets.create")
    keywords = {
        n: p for n, p in sig.parameters.items() if p.kind is KW and n not in REQUEST_OPTIONS
    }
    assert list(keywords) == ["name", "tag", "species", "nickname"]  # readOnly id/created_at gone
    assert keywords["species"].default is inspect.Parameter.empty


def test_composition_recursive(fx: Any) -> None:
    tree = fx("composition", "types.tree_node").TreeNode
    node = tree.model_validate(
        {"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]}
    )
    assert node.children[0].children[0].name == "c"
    param_type = fx("composition", "types.tree_node").TreeNodeParam
    assert "children" in param_type.__annotations__


def test_composition_discriminated_one_of(fx: Any) -> None:
    op = operation("composition", "shapes.create")
    assert isinstance(op.returns_type, TUnion) and op.returns_type.discriminator is not None
    assert op.returns_type.discriminator.paths == (("kind",),)
    assert op.returns_type.discriminator.mapping == (("circle", "Circle"), ("square", "Square"))
    assert [v.name for v in op.returns_type.variants if isinstance(v, TRef)] == ["Circle", "Square"]
    listing = fx("composition", "types.shapes_types").ShapeListResponse
    shapes = listing.model_validate(
        {"data": [{"kind": "circle", "radius": 1}, {"kind": "square", "side": 2}]}
    )
    assert [type(s).__name__ for s in shapes.data] == ["Circle", "Square"]
    api, rec = client(fx, "composition", json_reply({"kind": "square", "side": 2}))
    created = api.shapes.create(body={"kind": "square", "side": 2})
    assert type(created).__name__ == "Square"
    assert json.loads(rec.requests[0].content) == {"kind": "square", "side": 2}


def test_webhooks_unwrap_into_typed_events(fx: Any) -> None:
    ir = generate("webhooks").ir
    assert [(w.name, w.event_types, w.alias) for w in ir.webhooks] == [
        ("callAnswered", ("call.answered",), "CallAnsweredWebhookEvent"),
        ("campaign.update", (), "CampaignUpdateWebhookEvent"),
        ("floorChanged", ("conference.floor.changed",), ""),  # inline: named so already
    ]
    types = fx("webhooks", "types")
    api, _ = client(fx, "webhooks", json_reply({}))
    hooks = api.webhooks
    answered = hooks.unsafe_unwrap('{"data": {"event_type": "call.answered", "call_id": "c"}}')
    assert isinstance(answered, types.CallAnsweredWebhookEvent) and answered.data.call_id == "c"
    floor = hooks.unsafe_unwrap('{"event_type": "conference.floor.changed"}')
    assert isinstance(floor, types.FloorChangedWebhookEvent)
    assert isinstance(hooks.unsafe_unwrap('{"campaignId": "x"}'), types.CampaignUpdateWebhookEvent)
    # No tag and not the untagged event: the package's webhook error, pydantic's as cause.
    with pytest.raises(fx("webhooks").WebhookVerificationError) as caught:
        hooks.unsafe_unwrap('{"data": {"event_type": "call.new_kind"}}')
    assert isinstance(caught.value.__cause__, pydantic.ValidationError)
    assert types.UnsafeUnwrapWebhookEvent is types.UnwrapWebhookEvent


def test_discriminator_tags_from_mapping_or_none(fx: Any) -> None:
    """Variants sharing one enum are told apart by the mapping (a `$ref` or a bare
    name); variants with no literal and no mapping stay a plain validated union."""
    listing = fx("webhooks", "types.port_events_types").PortEventListResponse
    parsed = listing.model_validate(
        {
            "data": [{"event_type": "port.closed", "to": "x"}, {"event_type": "port.moved"}],
            "records": [{"record_type": "sms", "parts": 2}, {"record_type": "call", "duration": 1}],
        }
    )
    assert [type(e).__name__ for e in parsed.data] == ["PortClosed", "PortMoved"]
    assert [type(r).__name__ for r in parsed.records] == ["SMSRecord", "CallRecord"]
    fields = {f.name: f.type for f in definition("webhooks", "PortEventListResponse").fields}
    records = fields["records"]
    assert isinstance(records, TList) and isinstance(records.item, TUnion)
    assert records.item.discriminator is None


def test_composition_map(fx: Any) -> None:
    counters = fx("composition", "types.counters").Counters
    assert counters.model_validate({"counts": {"a": 1, "b": 2}, "labels": None}).counts == {
        "a": 1,
        "b": 2,
    }
    with pytest.raises(pydantic.ValidationError):
        counters.model_validate({"counts": {"a": "many"}})


# names.yaml


def test_names_response_aliases(fx: Any) -> None:
    event = fx("names", "types.event").Event
    wire = {
        "from": "a",
        "class": "b",
        "createdAt": "2024-01-01T00:00:00Z",
        "model_config": "m",
        "json": {"k": 1},
        "data-type": "d",
        "import": {"def": 1, "fileName": "f"},
    }
    parsed = event.model_validate(wire)
    created = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)  # format: date-time, parsed
    assert (parsed.from_, parsed.class_, parsed.created_at) == ("a", "b", created)
    assert (parsed.model_config_, parsed.json_, parsed.data_type) == ("m", {"k": 1}, "d")
    assert (parsed.import_.def_, parsed.import_.file_name) == (1, "f")
    assert parsed.model_dump(mode="json", by_alias=True, exclude_none=True) == wire
    assert isinstance(event.model_config, dict)  # pydantic's own config is intact


def test_names_request_keywords(fx: Any) -> None:
    assert fx("names", "types.import_info").ImportInfoParam.__annotations__.keys() == {
        "def",
        "fileName",
    }
    api, rec = client(fx, "names", json_reply({"from": "a", "class": "b"}))
    api.events.create(
        from_="a",
        class_="b",
        created_at="t",
        model_config="m",
        json={},
        data_type="d",
        import_={"def": 1},
    )
    assert json.loads(rec.requests[0].content) == {
        "from": "a",
        "class": "b",
        "createdAt": "t",
        "model_config": "m",
        "json": {},
        "data-type": "d",
        "import": {"def": 1},
    }
    api.events.list(from_="x", created_at="y")
    assert dict(rec.requests[1].url.params) == {"from": "x", "createdAt": "y"}
    api.events.replay("e1", self_2="s", timeout_2=5)
    assert json.loads(rec.requests[2].content) == {"self": "s", "timeout": 5}


# docs.yaml


def test_docs_hostile_text_is_inert(fx: Any) -> None:
    document, _ = load(FIXTURES / "docs.yaml")
    note = fx("docs", "types.note").Note
    assert note.__doc__ == document["components"]["schemas"]["Note"]["description"]
    op = document["paths"]["/notes/{id}"]["get"]
    retrieve = fx("docs", "resources.notes").Notes.retrieve
    assert retrieve.__doc__.startswith(op["summary"] + "\n")
    # Docstrings are reflowed to the line length: compare words, not lines.
    words = " ".join(retrieve.__doc__.split())
    assert " ".join(op["description"].strip().splitlines()[2].split()) in words
    mood = fx("docs", "types.mood").Mood
    assert typing.get_args(mood) == ("happy", '"""', "{{ x }}")
    assert fx("docs").Docs._default_base_url == document["servers"][0]["url"]
    assert set(note.model_fields) == {"body", "quote", "back_slash", "mood"}
    # No generated module (the runtime aside) imports what the hostile text names.
    imported = set()
    for rel, text in generate("docs").files.items():
        if rel.endswith(".py"):
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.Import):
                    imported |= {a.name for a in node.names}
    assert "os" not in imported
