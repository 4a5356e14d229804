"""load: one clear, located error per bad input; JSON-clean documents; cached parses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import load as load_module
from generator.errors import GeneratorError
from generator.load import load_spec

MINIMAL = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n"


def spec_file(tmp_path: Path, text: str | bytes, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> GeneratorError:
    with pytest.raises(GeneratorError) as info:
        load_spec(path)
    assert str(info.value).startswith("error: ")
    assert "\n" not in str(info.value)  # the CLI prints it as one line
    return info.value


def test_missing_file(tmp_path: Path) -> None:
    error = load_error(tmp_path / "nope.yaml")
    assert "not found" in str(error) and str(tmp_path / "nope.yaml") in str(error)


def test_directory(tmp_path: Path) -> None:
    assert "directory" in str(load_error(tmp_path))


@pytest.mark.parametrize("text", ["", "   \n\n", b"\n"])
def test_empty_file(tmp_path: Path, text: str | bytes) -> None:
    assert "empty" in str(load_error(spec_file(tmp_path, text)))


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("openapi: 3.1.0\npaths:\n  /a: [unclosed\n", 4, 1),
        ("openapi: 3.1.0\n  bad: indent\n", 2, 6),
        ("openapi: 3.1.0\ninfo: {title: T\n", 3, 1),
    ],
)
def test_invalid_yaml_has_line_and_column(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    path = spec_file(tmp_path, text)
    error = load_error(path)
    assert "invalid YAML" in str(error)
    assert (error.line, error.column) == (line, column)
    assert f"{path}:{line}:{column}: " in str(error)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('{"openapi": "3.1.0",\n  "paths": {,}}', 2, 13),
        ('{"openapi": ', 1, 13),
        ('{"openapi": "3.1.0"}\n}', 2, 1),
    ],
)
def test_invalid_json_has_line_and_column(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    path = spec_file(tmp_path, text, "spec.json")
    error = load_error(path)
    assert "invalid JSON" in str(error)
    assert (error.line, error.column) == (line, column)
    assert f"{path}:{line}:{column}: " in str(error)


def test_not_utf8(tmp_path: Path) -> None:
    assert "UTF-8" in str(load_error(spec_file(tmp_path, b"openapi: \xff\xfe\n")))


@pytest.mark.parametrize(
    ("text", "message", "pointer"),
    [
        ("- a\n- b\n", "not a mapping", None),
        ("just a string\n", "not a mapping", None),
        ('["openapi"]', "not a mapping", None),
        ("swagger: '2.0'\ninfo: {}\n", "Swagger 2.0", "/swagger"),
        ("info: {title: T}\npaths: {}\n", "no `openapi`", ""),
        ("openapi: 2.5.0\n", "unsupported OpenAPI version", "/openapi"),
        ("openapi: 2.5\n", "unsupported OpenAPI version", "/openapi"),
        ("openapi: 4.0.0\n", "unsupported OpenAPI version", "/openapi"),
        ("openapi: 3.1.0\npaths: [a]\n", "`paths` must be a mapping", "/paths"),
    ],
)
def test_not_an_openapi_3_document(
    tmp_path: Path, text: str, message: str, pointer: str | None
) -> None:
    path = spec_file(tmp_path, text)
    error = load_error(path)
    assert message in str(error) and str(path) in str(error)
    assert error.pointer == pointer


@pytest.mark.parametrize("version", ["3.0.0", "3.0.3", "3.1.0", "3.1.1"])
def test_supported_versions(tmp_path: Path, version: str) -> None:
    text = MINIMAL.replace("3.1.0", version)
    assert load_spec(spec_file(tmp_path, text)).document["openapi"] == version


def test_yaml_int_keys_become_strings(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "paths: {}",
        "paths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n"
        "        404: {description: missing}\n",
    )
    document = load_spec(spec_file(tmp_path, text)).document
    assert list(document["paths"]["/a"]["get"]["responses"]) == ["200", "404"]
    json.dumps(document)  # JSON-clean


def test_yaml_timestamps_stay_strings(tmp_path: Path) -> None:
    text = MINIMAL + "x-date: 2024-01-01\nx-time: 2024-01-01T10:00:00Z\n"
    document = load_spec(spec_file(tmp_path, text)).document
    assert document["x-date"] == "2024-01-01"
    assert document["x-time"] == "2024-01-01T10:00:00Z"


def test_json_and_yaml_give_the_same_document(tmp_path: Path) -> None:
    from_yaml = load_spec(spec_file(tmp_path, MINIMAL)).document
    from_json = load_spec(spec_file(tmp_path, json.dumps(from_yaml), "spec.json")).document
    assert from_yaml == from_json


def test_sha256_is_of_the_bytes(tmp_path: Path) -> None:
    import hashlib

    path = spec_file(tmp_path, MINIMAL)
    assert load_spec(path).sha256 == hashlib.sha256(MINIMAL.encode()).hexdigest()


def test_second_load_comes_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = spec_file(tmp_path, MINIMAL.replace("paths: {}", "paths:\n  /a: {}\n"))
    calls = []
    real_parse = load_module._parse

    def counting(raw: bytes, where: str) -> object:
        calls.append(where)
        if len(calls) > 1:
            raise AssertionError("parsed again")
        return real_parse(raw, where)

    monkeypatch.setattr(load_module, "_parse", counting)
    first = load_spec(path)
    second = load_spec(path)
    assert second.document == first.document and second.sha256 == first.sha256
    assert len(calls) == 1
    assert list((tmp_path / "cache").rglob("*.json"))  # under $XDG_CACHE_HOME (conftest)


def test_a_changed_file_is_parsed_again(tmp_path: Path) -> None:
    path = spec_file(tmp_path, MINIMAL)
    load_spec(path)
    path.write_text(MINIMAL.replace("title: T", "title: U"))
    assert load_spec(path).document["info"]["title"] == "U"


def test_a_damaged_cache_entry_is_a_miss(tmp_path: Path) -> None:
    path = spec_file(tmp_path, MINIMAL)
    first = load_spec(path)
    for entry in (tmp_path / "cache").rglob("*.json"):
        entry.write_bytes(b'{"truncated": ')
    assert load_spec(path).document == first.document


def test_errors_are_not_cached(tmp_path: Path) -> None:
    path = spec_file(tmp_path, "openapi: [\n")
    load_error(path)
    load_error(path)


def test_yaml_scalars_follow_yaml_1_2(tmp_path: Path) -> None:
    # YAML 1.1 (PyYAML) would give False/True, 45000, 15 and datetimes here.
    text = MINIMAL + (
        "x-enum: [NO, yes, on, Off, y, true, False]\n"
        "x-numbers: [12:30, 017, 0o17, 0x1F, 1_000, 1e3, -2.5, 7]\n"
        "x-null: [~, null, '']\n"
    )
    document = load_spec(spec_file(tmp_path, text)).document
    assert document["x-enum"] == ["NO", "yes", "on", "Off", "y", True, False]
    assert document["x-numbers"] == ["12:30", 17, 15, 31, "1_000", 1000.0, -2.5, 7]
    assert document["x-null"] == [None, None, ""]


def test_non_string_yaml_keys_become_their_text(tmp_path: Path) -> None:
    text = MINIMAL + "x-keys: {on: a, yes: b, true: c, 1.5: d, null: e, 7: f}\n"
    document = load_spec(spec_file(tmp_path, text)).document
    assert list(document["x-keys"]) == ["on", "yes", "true", "1.5", "null", "7"]


def test_unquoted_version_number_is_accepted(tmp_path: Path) -> None:
    load_spec(spec_file(tmp_path, MINIMAL.replace("3.1.0", "3.0")))


@pytest.mark.parametrize(
    "extra", ["x-bin: !!binary aGVsbG8=\n", "x-set: !!set {a, b}\n", "x-loop: &a [*a]\n"]
)
def test_values_json_cannot_hold_are_refused(tmp_path: Path, extra: str) -> None:
    assert "JSON cannot represent" in str(load_error(spec_file(tmp_path, MINIMAL + extra)))


def test_unsafe_yaml_tags_are_refused(tmp_path: Path) -> None:
    text = MINIMAL + "x: !!python/object/apply:os.system ['true']\n"
    error = load_error(spec_file(tmp_path, text))
    assert "invalid YAML" in str(error) and error.line == 4


def test_an_entry_altered_in_the_cache_is_a_miss(tmp_path: Path) -> None:
    # Valid JSON, wrong content: the entry's checksum no longer matches.
    path = spec_file(tmp_path, MINIMAL)
    first = load_spec(path)
    for entry in (tmp_path / "cache").rglob("*.json"):
        digest, _, payload = entry.read_bytes().partition(b"\n")
        entry.write_bytes(digest + b"\n" + payload.replace(b'"T"', b'"X"'))
    assert load_spec(path).document == first.document


@pytest.mark.parametrize("cache_home", ["file", "relative"])
def test_an_unusable_cache_never_fails_a_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_home: str
) -> None:
    if cache_home == "file":  # e.g. a read-only or broken home: mkdir fails
        blocker = tmp_path / "blocker"
        blocker.write_text("")
        monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    else:  # the XDG spec says to ignore relative paths: ~/.cache is used
        monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        monkeypatch.chdir(tmp_path)
    path = spec_file(tmp_path, MINIMAL)
    assert load_spec(path).document == load_spec(path).document
    assert not (tmp_path / "relative").exists()


def test_error_line_format() -> None:
    error = GeneratorError("boom", file="s.yaml", line=3, column=7, pointer="/paths/~1a")
    assert str(error) == "error: s.yaml:3:7: /paths/~1a: boom"
    assert str(GeneratorError("boom", pointer="")) == "error: /: boom"
    assert str(GeneratorError("boom")) == "error: boom"


def test_errors_survive_pickling() -> None:
    import pickle

    error = GeneratorError("boom", file="f", line=1, column=2, pointer="/p", exit_code=2)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.file, copy.line, copy.column, copy.pointer, copy.exit_code) == ("f", 1, 2, "/p", 2)
    assert str(copy) == str(error)
