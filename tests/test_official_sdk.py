"""Acceptance: the generated client is a drop-in for the official `telnyx` SDK.

The reference is `../shared/telnyx-sdk-reference/` (the official SDK's public
surface at release 4.169.0, see its README). For every route of its method table:
the IR places the operation at the official dotted name, and `Telnyx` and
`AsyncTelnyx` (the committed generated/ package) take the official positional
parameters in order, exactly the official required keywords (no default) and
every official optional keyword (with a default). Extra optional keywords are
allowed: a call written for the official SDK still works. For every name of its
type table, `from telnyx_client.<module> import <Name>` works. Every row and every
name: where the spec alone does not give the official shape, specs/overrides.yaml
says what does.
"""

from __future__ import annotations

import csv
import importlib
import inspect
from dataclasses import dataclass
from typing import Any

import pytest

from generator.ir.model import IR
from generator.pipeline import Options, Progress, build
from tests.conftest import GENERATED, SHARED

REFERENCE = SHARED / "telnyx-sdk-reference"
METHODS_TSV = REFERENCE / "official_sdk_4.169.0.tsv"
TYPES_TSV = REFERENCE / "official_types_4.169.0.tsv"

if not METHODS_TSV.is_file() or not TYPES_TSV.is_file():
    pytest.skip(
        f"official SDK reference not found at {REFERENCE} (expected <repo>/../shared/)",
        allow_module_level=True,
    )

EXPECTED_ROWS = 1106
EXPECTED_TYPES = 1376
EXPECTED_PARAMS_TYPES = 668


@dataclass(frozen=True)
class Row:
    http_method: str
    path: str
    python_method: str
    positional: tuple[str, ...]
    required: frozenset[str]
    optional: frozenset[str]


def _names(cell: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in (cell or "").split(",") if n.strip())


def read_rows() -> list[Row]:
    with METHODS_TSV.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle, delimiter="\t"))
    return [
        Row(
            r["http_method"].strip().lower(),
            r["path"].strip(),
            r["python_method"].strip(),
            _names(r["positional"]),
            frozenset(_names(r["required"])),
            frozenset(_names(r["optional"])),
        )
        for r in records
    ]


def read_types() -> list[tuple[str, str]]:
    with TYPES_TSV.open(encoding="utf-8", newline="") as handle:
        return [
            (r["module"].strip(), r["name"].strip()) for r in csv.DictReader(handle, delimiter="\t")
        ]


ROWS = read_rows()


@pytest.fixture(scope="module")
def ir() -> IR:
    return build(Options(), Progress(quiet=True))


@pytest.fixture(scope="module")
def clients() -> tuple[Any, Any]:
    if not (GENERATED / "telnyx_client" / "__init__.py").is_file():
        pytest.skip(f"{GENERATED}/telnyx_client does not exist yet: run `make generate`")
    import telnyx_client

    return telnyx_client.Telnyx(api_key="x"), telnyx_client.AsyncTelnyx(api_key="x")


def problems(row: Row, ir: IR, clients: tuple[Any, Any]) -> list[str]:
    """What keeps `row` from resolving (empty: it resolves)."""
    found = [
        op
        for op in ir.operations
        if row.python_method in (op.python_method, *(f"{op.resource}.{a}" for a in op.aliases))
    ]
    # `POST /documents?content-type=multipart` names the multipart twin of the route:
    # the route's method (or an alias of it) must send that content type.
    path, _, query = row.path.partition("?")
    twin = query.removeprefix("content-type=")
    encodings = {c.encoding for op in found if op.body for c in op.body.contents}
    if [(op.http_method, op.path) for op in found] != [(row.http_method, path)] or (
        twin and twin not in encodings
    ):
        placed = [f"{op.http_method.upper()} {op.path}" for op in found]
        return [
            f"{row.python_method} is {placed or 'not placed'}, not {row.http_method.upper()} {row.path}"
        ]
    result = []
    for label, client in zip(("Telnyx", "AsyncTelnyx"), clients, strict=True):
        target: Any = client
        for part in row.python_method.split("."):
            target = getattr(target, part)
        params = inspect.signature(target).parameters.values()
        positional = tuple(
            p.name for p in params if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        )
        keyword = {p.name: p for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY}
        required = {n for n, p in keyword.items() if p.default is inspect.Parameter.empty}
        optional = {n for n, p in keyword.items() if p.default is not inspect.Parameter.empty}
        if positional != row.positional:
            result.append(
                f"{label}.{row.python_method}: positional {positional} != {row.positional}"
            )
        if required != row.required:
            result.append(
                f"{label}.{row.python_method}: required {sorted(required)} != {sorted(row.required)}"
            )
        if missing := row.optional - optional:
            result.append(f"{label}.{row.python_method}: lacks optional {sorted(missing)}")
    return result


def test_reference_table_has_all_rows() -> None:
    assert len(ROWS) == EXPECTED_ROWS
    assert len(read_types()) == EXPECTED_TYPES


def test_every_route_has_its_official_name_and_signature(ir: IR, clients: tuple[Any, Any]) -> None:
    found = {row.python_method: problems(row, ir, clients) for row in ROWS}
    unresolved = {name: p for name, p in found.items() if p}
    print(f"\nofficial routes resolved: {len(ROWS) - len(unresolved)}/{len(ROWS)}")
    assert not unresolved, "\n".join(p for ps in unresolved.values() for p in ps)


def test_every_params_type_imports(clients: tuple[Any, Any]) -> None:
    """The table's `params_type`: the method's keyword parameters as a TypedDict, in
    the package of its resource's parent, as the official SDK places it, with every
    official keyword as a key."""
    with METHODS_TSV.open(encoding="utf-8", newline="") as handle:
        records = [r for r in csv.DictReader(handle, delimiter="\t") if r["params_type"].strip()]
    missing = []
    for r in records:
        module = ".".join(["telnyx_client", "types", *r["python_method"].split(".")[:-2]])
        params = getattr(importlib.import_module(module), r["params_type"].strip(), None)
        official = {*_names(r["required"]), *_names(r["optional"])}
        keys = set(getattr(params, "__annotations__", ()))
        if params is None or not keys >= official:
            missing.append(f"{r['python_method']}: {module}.{r['params_type']}")
    print(f"\nofficial params types: {len(records) - len(missing)}/{len(records)}")
    assert len(records) == EXPECTED_PARAMS_TYPES
    assert not missing, "\n".join(missing)


def test_type_imports(clients: tuple[Any, Any]) -> None:
    missing = set()
    for module, name in read_types():
        target = "telnyx_client" + module.removeprefix("telnyx")
        try:
            ok = hasattr(importlib.import_module(target), name)
        except ImportError:
            ok = False
        if not ok:
            missing.add(f"{module}.{name}")
    print(f"\nofficial type imports resolved: {EXPECTED_TYPES - len(missing)}/{EXPECTED_TYPES}")
    assert not missing, "do not import:\n" + "\n".join(sorted(missing))
