"""Acceptance: the 98 operations of shared/seeds/seed_operations.tsv on the generated client.

For every row, `client.<python_method>` exists on `Telnyx` and `AsyncTelnyx` (imported
from the committed generated/ package), takes the row's path params positionally and
the others keyword-only, with defaults exactly for the optional ones, and the IR puts
that method on the row's HTTP method and path. A seed param the method lacks is
accepted only when the pinned spec's operation has no param or body property of that
name (the seed documents were written for another SDK); such absences are printed.
"""

from __future__ import annotations

import csv
import inspect
from dataclasses import dataclass
from typing import Any

import pytest

from generator import pin
from generator.ir.model import IR
from generator.load import load_spec
from generator.naming import attribute
from generator.pipeline import Options, Progress, build
from generator.refs import Resolver
from tests.conftest import GENERATED, SEEDS_TSV

if not SEEDS_TSV.is_file():
    pytest.skip(
        f"seed table not found at {SEEDS_TSV} (expected <repo>/../shared/seeds/)",
        allow_module_level=True,
    )

EXPECTED_ROWS = 98

# Rows that fail because of a known generator defect: {python_method: reason}.
# (Strict xfail: remove an entry when its defect is fixed.)
KNOWN_ROW_DEFECTS: dict[str, str] = {}


@dataclass(frozen=True)
class SeedParam:
    name: str
    in_path: bool
    required: bool


@dataclass(frozen=True)
class Row:
    http_method: str
    path: str
    operation_id: str
    python_method: str
    params: tuple[SeedParam, ...]

    @property
    def id(self) -> str:
        return self.python_method


def read_rows() -> list[Row]:
    with SEEDS_TSV.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle, delimiter="\t"))
    rows = []
    for record in records:
        params = []
        for column, required in (
            ("sdk_python_params_required", True),
            ("sdk_python_params_optional", False),
        ):
            for item in (record[column] or "").split(","):
                item = item.strip()
                if item:
                    name = item.removesuffix("(path)")
                    params.append(SeedParam(name, name != item, required))
        rows.append(
            Row(
                record["http_method"].strip().lower(),
                record["path"].strip(),
                record["operation_id"].strip(),
                record["python_method"].strip(),
                tuple(params),
            )
        )
    return rows


ROWS = read_rows()


@dataclass(frozen=True)
class Pinned:
    ir: IR
    document: dict[str, Any]


@pytest.fixture(scope="session")
def pinned() -> Pinned:
    """The IR of the pinned spec, built once as `make generate` does, and the spec itself."""
    ir = build(Options(), Progress(quiet=True))
    return Pinned(ir, load_spec(pin.default_spec()).document)


@pytest.fixture(scope="session")
def clients() -> tuple[Any, Any]:
    if not (GENERATED / "telnyx_client" / "__init__.py").is_file():
        pytest.skip(f"{GENERATED}/telnyx_client does not exist yet: run `make generate`")
    import telnyx_client

    return telnyx_client.Telnyx(api_key="x"), telnyx_client.AsyncTelnyx(api_key="x")


# ---- the pinned spec's names for an operation ---------------------------------------------


def spec_names(document: dict[str, Any], method: str, path: str) -> set[str]:
    """Every name the operation could offer: params (wire and Python spelling,
    deepObject members flattened like `page_number`) and body properties."""
    resolver = Resolver(document)
    item = document["paths"][path]
    op = item[method]
    names: set[str] = set()
    for raw in [*(item.get("parameters") or []), *(op.get("parameters") or [])]:
        param, _ = resolver.deref(raw, at="")
        wire = str(param.get("name"))
        names |= {wire, attribute(wire)}
        schema, _ = resolver.deref(param.get("schema") or {}, at="")
        for prop in schema.get("properties") or {}:
            names.add(attribute(f"{wire}_{prop}"))
    body, _ = resolver.deref(op.get("requestBody") or {}, at="")
    for media in (body.get("content") or {}).values():
        for prop in _properties(resolver, media.get("schema"), depth=0):
            names |= {prop, attribute(prop)}
    return names


def _properties(resolver: Resolver, schema: Any, depth: int) -> set[str]:
    """Property names of an object schema, through $ref and all/one/anyOf members."""
    schema, _ = resolver.deref(schema, at="")
    if not isinstance(schema, dict) or depth > 16:
        return set()
    names = set(schema.get("properties") or {})
    for keyword in ("allOf", "oneOf", "anyOf"):
        for member in schema.get(keyword) or []:
            names |= _properties(resolver, member, depth + 1)
    return names


# ---- one row --------------------------------------------------------------------------------


@dataclass
class Resolution:
    problems: list[str]
    absences: list[str]


def resolve(row: Row, clients: tuple[Any, Any], document: dict[str, Any]) -> Resolution:
    result = Resolution([], [])
    names = spec_names(document, row.http_method, row.path)
    for label, client in zip(("Telnyx", "AsyncTelnyx"), clients, strict=True):
        target: Any = client
        for part in row.python_method.split("."):
            target = getattr(target, part, None)
            if target is None:
                result.problems.append(f"{label}: no attribute {part!r} in {row.python_method}")
                break
        if target is None:
            continue
        if not callable(target):
            result.problems.append(f"{label}.{row.python_method} is not callable")
            continue
        parameters = inspect.signature(target).parameters
        for seed in row.params:
            p = parameters.get(seed.name)
            if p is None:
                if seed.name in names:
                    result.problems.append(
                        f"{label}.{row.python_method}: lacks {seed.name!r}, which the spec has"
                    )
                elif label == "Telnyx":
                    result.absences.append(f"{row.python_method}: {seed.name}")
                continue
            kind = (
                inspect.Parameter.POSITIONAL_OR_KEYWORD
                if seed.in_path
                else inspect.Parameter.KEYWORD_ONLY
            )
            if p.kind is not kind:
                result.problems.append(f"{label}.{row.python_method}({seed.name}): {p.kind!s}")
            has_default = p.default is not inspect.Parameter.empty
            if seed.required == has_default:
                result.problems.append(
                    f"{label}.{row.python_method}({seed.name}): "
                    f"{'required' if seed.required else 'optional'} in the seeds, "
                    f"{'has a' if has_default else 'no'} default"
                )
    return result


def test_seed_table_has_all_rows() -> None:
    assert len(ROWS) == EXPECTED_ROWS
    assert len({row.python_method for row in ROWS}) == EXPECTED_ROWS


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_ir_places_seed_operation(row: Row, pinned: Pinned) -> None:
    ops = {op.python_method: op for op in pinned.ir.operations}
    assert row.python_method in ops, f"no operation at {row.python_method}"
    op = ops[row.python_method]
    assert (op.http_method, op.path) == (row.http_method, row.path)


def _rows_marked() -> list[Any]:
    return [
        pytest.param(
            row,
            id=row.id,
            marks=(
                [pytest.mark.xfail(strict=True, reason=KNOWN_ROW_DEFECTS[row.python_method])]
                if row.python_method in KNOWN_ROW_DEFECTS
                else []
            ),
        )
        for row in ROWS
    ]


@pytest.mark.parametrize("row", _rows_marked())
def test_seed_method_on_clients(row: Row, clients: tuple[Any, Any], pinned: Pinned) -> None:
    resolution = resolve(row, clients, pinned.document)
    assert not resolution.problems, "\n".join(resolution.problems)


@pytest.fixture(scope="session")
def resolutions(clients: tuple[Any, Any], pinned: Pinned) -> dict[str, Resolution]:
    result = {row.python_method: resolve(row, clients, pinned.document) for row in ROWS}
    absences = [a for r in result.values() for a in r.absences]
    print(f"\nseed params absent from the methods and from the spec ({len(absences)}):")
    for absence in absences:
        print(f"  {absence}")
    return result


@pytest.mark.xfail(
    bool(KNOWN_ROW_DEFECTS),
    strict=True,
    reason=f"known generator defects: {sorted(KNOWN_ROW_DEFECTS)}",
)
def test_all_seed_rows_resolve(resolutions: dict[str, Resolution]) -> None:
    problems = [p for r in resolutions.values() for p in r.problems]
    resolved = sum(not r.problems for r in resolutions.values())
    assert resolved == EXPECTED_ROWS, "\n".join(problems)


def test_only_known_defects_keep_rows_from_resolving(resolutions: dict[str, Resolution]) -> None:
    """What the xfail above may hide: nothing but the rows of KNOWN_ROW_DEFECTS."""
    unresolved = {m: r.problems for m, r in resolutions.items() if r.problems}
    unexpected = {m: p for m, p in unresolved.items() if m not in KNOWN_ROW_DEFECTS}
    assert not unexpected, "\n".join(p for ps in unexpected.values() for p in ps)
    assert len(resolutions) == EXPECTED_ROWS
