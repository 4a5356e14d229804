"""validate: located diagnostics (kind + JSON pointer), verdict cached by content hash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import validate as validate_module
from generator.errors import Diagnostic, GeneratorError
from generator.load import Spec, load_spec
from generator.validate import DEFAULT_NULL, DUPLICATE_ID, INVALID_DEFAULT, summarize, validate

TWO_PROBLEMS = """\
openapi: {version}
info: {{title: T, version: '1'}}
paths:
  /a:
    get:
      operationId: same
      parameters:
        - {{name: q, in: query, schema: {{type: string, default: null}}}}
      responses: {{'200': {{description: ok}}}}
  /b/{{id}}:
    post:
      operationId: same
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
      responses: {{'200': {{description: ok}}}}
"""

VALID = """\
openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      parameters:
        - {name: q, in: query, schema: {type: [string, 'null'], default: null}}
      responses: {'200': {description: ok}}
"""


def spec(tmp_path: Path, text: str) -> Spec:
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    return load_spec(path)


@pytest.mark.parametrize(
    "version",
    [
        "3.0.3",  # its validator reports each null default twice: one diagnostic
        "3.1.0",
    ],
)
def test_default_null_and_duplicate_operation_id(tmp_path: Path, version: str) -> None:
    diagnostics = validate(spec(tmp_path, TWO_PROBLEMS.format(version=version)))
    assert sorted((d.kind, d.pointer) for d in diagnostics) == [
        (DEFAULT_NULL, "/paths/~1a/get/parameters/0/schema/default"),
        (DUPLICATE_ID, "/paths/~1b~1{id}/post/operationId"),
    ]
    duplicate = next(d for d in diagnostics if d.kind == DUPLICATE_ID)
    assert "/paths/~1a/get/operationId" in duplicate.message  # names the first user
    assert all(d.message and "\n" not in d.message for d in diagnostics)


def test_a_valid_spec_has_no_diagnostics(tmp_path: Path) -> None:
    assert validate(spec(tmp_path, VALID)) == []


def test_verdict_is_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = spec(tmp_path, TWO_PROBLEMS.format(version="3.1.0"))
    calls = []
    real = validate_module._validate

    def counting(document: dict[str, object]) -> list[Diagnostic]:
        calls.append(1)
        if len(calls) > 1:
            raise AssertionError("validated again")
        return real(document)

    monkeypatch.setattr(validate_module, "_validate", counting)
    first = validate(loaded)
    assert validate(loaded) == first
    assert len(calls) == 1
    # A different document is validated afresh.
    other = spec(tmp_path, VALID)
    monkeypatch.setattr(validate_module, "_validate", real)
    assert validate(other) == []


def test_summarize() -> None:
    diagnostics = [
        Diagnostic(DEFAULT_NULL, "/a", "x"),
        Diagnostic(DUPLICATE_ID, "/b", "y"),
        Diagnostic(DEFAULT_NULL, "/c", "z"),
    ]
    assert summarize(diagnostics) == f"2 {DEFAULT_NULL}, 1 {DUPLICATE_ID}"
    assert summarize([]) == ""


SHARED_SCHEMA = """\
openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /a:
    get:
      parameters:
        - $ref: '#/components/parameters/Limit'
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
  /b:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  parameters:
    Limit: {name: limit, in: query, schema: {type: integer, default: 'ten'}}
  schemas:
    Thing:
      type: object
      properties:
        name: {type: string, default: null}
        nested: {$ref: '#/components/schemas/Nested'}
    Nested: {type: object, properties: {n: {type: integer, default: null}}}
"""


def test_pointers_are_real_locations_not_paths_through_refs(tmp_path: Path) -> None:
    diagnostics = validate(spec(tmp_path, SHARED_SCHEMA))
    assert sorted((d.kind, d.pointer) for d in diagnostics) == [
        (DEFAULT_NULL, "/components/schemas/Nested/properties/n/default"),
        (DEFAULT_NULL, "/components/schemas/Thing/properties/name/default"),
        (INVALID_DEFAULT, "/components/parameters/Limit/schema/default"),
    ]  # Thing is used twice, reported once


def test_structural_errors_use_the_validator_keyword(tmp_path: Path) -> None:
    text = "openapi: 3.1.0\ninfo: {version: '1'}\npaths:\n  /a:\n    get:\n      responses: []\n"
    diagnostics = validate(spec(tmp_path, text))
    kinds = {(d.kind, d.pointer) for d in diagnostics}
    assert ("required", "/info") in kinds  # no title
    assert all(d.message and "\n" not in d.message for d in diagnostics)


def test_messages_are_short(tmp_path: Path) -> None:
    long_default = "x" * 500
    text = VALID.replace(
        "{type: [string, 'null'], default: null}", f"{{type: integer, default: {long_default}}}"
    )
    (diagnostic,) = validate(spec(tmp_path, text))
    assert diagnostic.kind == INVALID_DEFAULT and len(diagnostic.message) <= 200


def test_a_broken_ref_is_a_located_diagnostic(tmp_path: Path) -> None:
    text = VALID.replace("{type: [string, 'null'], default: null}", "{$ref: '#/nowhere'}")
    (diagnostic,) = validate(spec(tmp_path, text))
    assert (diagnostic.kind, diagnostic.pointer) == (
        "unresolved-ref",
        "/paths/~1a/get/parameters/0/schema/$ref",
    )
    assert "'#/nowhere'" in diagnostic.message


def test_a_validator_crash_is_a_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(document: dict[str, object]) -> object:
        raise KeyError("boom")

    monkeypatch.setattr(validate_module, "_validator_class", crash)
    (diagnostic,) = validate(spec(tmp_path, VALID))
    assert diagnostic.kind == "validator-crash" and "boom" in diagnostic.message


@pytest.mark.parametrize(
    "schema",
    [
        "{type: strin}",
        "{type: [string, string]}",
        "{type: string, minLength: -1}",
        "{type: string, maxLength: 2.5}",
        "{type: string, pattern: '['}",
        "{type: object, required: [a, a]}",
        "{type: object, properties: {a: {type: 1}}}",
        "{allOf: []}",
        "{type: object, discriminator: {mapping: {}}}",
        "{type: object, discriminator: {propertyName: k, other: 1}}",
    ],
)
def test_metaschema_violations_are_found(tmp_path: Path, schema: str) -> None:
    """Schemas the fast metaschema reading cannot accept still get the library's verdict."""
    text = VALID.replace("{type: [string, 'null'], default: null}", schema)
    diagnostics = validate(spec(tmp_path, text))
    assert diagnostics and all(d.pointer.startswith("/paths/~1a/get") for d in diagnostics)


def test_plain_schemas_skip_the_library_metaschema_check() -> None:
    from openapi_schema_validator import oas31_format_checker

    validate_module._oas31_base_check(_library_oas31_checker())  # loads the keywords
    plain = {
        "type": "object",
        "required": ["a"],
        "properties": {"a": {"type": ["string", "null"], "maxLength": 3, "x-y": {}}},
        "discriminator": {"propertyName": "a", "mapping": {"b": "#/c"}, "x-z": 1},
        "allOf": [{"$ref": "#/components/schemas/B"}],
        "nullable": True,
    }
    assert validate_module._plainly_valid(plain, oas31_format_checker, 0)
    for odd in ({"$id": "x"}, {"xml": {}}, {"minLength": 1.0}, {"items": [{}]}):
        assert not validate_module._plainly_valid(odd, oas31_format_checker, 0)


def _library_oas31_checker() -> object:
    from functools import partial

    from openapi_schema_validator import OAS31Validator, oas31_format_checker

    return partial(OAS31Validator.check_schema, format_checker=oas31_format_checker)


def _generate(tmp_path: Path, *, strict: bool = False) -> tuple[str, Path]:
    import io

    from generator import pipeline

    path = tmp_path / "spec.yaml"
    path.write_text(TWO_PROBLEMS.format(version="3.1.0"))
    out = tmp_path / "out"
    stream = io.StringIO()
    options = pipeline.Options(spec=path, out=out, package="fx_two", strict=strict)
    try:
        pipeline.generate(options, pipeline.Progress(stream=stream))
    finally:
        stream.seek(0)
    return stream.read(), out


def _firsts(text: str) -> list[str]:
    return [line.split()[0] for line in text.splitlines()]


STAGES_WITH_WARNINGS = [
    "load",
    "validate",
    "warning:",
    "warning:",
    "select",
    "ir",
    "render",
    "format",
    "write",
    "total",
]


def test_background_validation_keeps_the_stage_order(tmp_path: Path) -> None:
    """Validation runs beside IR/render/format; its line and warnings still come second."""
    text, out = _generate(tmp_path)
    assert _firsts(text) == STAGES_WITH_WARNINGS, text
    assert "in the background" in text and (out / ".generated-manifest").is_file()
    shutil.rmtree(out)  # (else the run stops at its up-to-date check)
    again, _ = _generate(tmp_path)  # cached verdict: no child, same order
    assert _firsts(again) == STAGES_WITH_WARNINGS and "in the background" not in again


def test_a_failed_validation_child_validates_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import pipeline

    def dies(spec: Spec, send: object) -> None:
        raise SystemExit(1)  # no verdict sent

    monkeypatch.setattr(pipeline, "_validate_child", dies)
    text, _ = _generate(tmp_path)
    assert _firsts(text) == STAGES_WITH_WARNINGS, text


def test_strict_stops_before_the_ir_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError) as info:
        _generate(tmp_path, strict=True)
    assert info.value.exit_code == 3 and "2 spec violations" in str(info.value)
    assert not (tmp_path / "out").exists()


def test_an_ir_failure_still_reports_the_violations_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import pipeline

    def broken(*args: object, **kwargs: object) -> object:
        raise GeneratorError("the IR failed")

    monkeypatch.setattr(pipeline, "build_ir", broken)
    import io

    path = tmp_path / "spec.yaml"
    path.write_text(TWO_PROBLEMS.format(version="3.1.0"))
    stream = io.StringIO()
    with pytest.raises(GeneratorError, match="the IR failed"):
        pipeline.generate(
            pipeline.Options(spec=path, out=tmp_path / "out"), pipeline.Progress(stream=stream)
        )
    assert _firsts(stream.getvalue())[:4] == ["load", "validate", "warning:", "warning:"]
