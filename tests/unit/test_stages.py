"""load, select, write: errors with locations, caching, atomic output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import load as load_module
from generator.errors import EXIT_USAGE, GeneratorError
from generator.load import load_spec
from generator.select import Section, SectionsConfig, select_operations
from generator.write import MANIFEST, write_tree

MINIMAL = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n"


def spec_file(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("openapi: [unclosed\n", "invalid YAML"),
        ('{"openapi": ', "invalid JSON"),
        ("- a\n- b\n", "not a mapping"),
        ("swagger: '2.0'\n", "Swagger 2.0"),
        ("info: {}\n", "no `openapi`"),
        ("openapi: 2.5.0\n", "unsupported OpenAPI version"),
    ],
)
def test_bad_specs_give_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(GeneratorError) as info:
        load_spec(spec_file(tmp_path, text))
    assert message in str(info.value)
    assert str(tmp_path) in str(info.value)


def test_yaml_errors_have_line_and_column(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError) as info:
        load_spec(spec_file(tmp_path, "openapi: 3.1.0\npaths:\n  /a: [unclosed\n"))
    assert info.value.line is not None and info.value.column is not None
    assert f":{info.value.line}:{info.value.column}:" in str(info.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError, match="not found"):
        load_spec(tmp_path / "nope.yaml")
    with pytest.raises(GeneratorError, match="directory"):
        load_spec(tmp_path)


def test_yaml_keys_and_timestamps_are_json_strings(tmp_path: Path) -> None:
    text = (
        MINIMAL.replace(
            "paths: {}",
            "paths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n",
        )
        + "x-date: 2024-01-01\n"
    )
    document = load_spec(spec_file(tmp_path, text)).document
    assert "200" in document["paths"]["/a"]["get"]["responses"]
    assert document["x-date"] == "2024-01-01"


def test_second_load_comes_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = spec_file(tmp_path, MINIMAL)
    first = load_spec(path)

    def boom(raw: bytes, where: str) -> dict[str, object]:
        raise AssertionError("parsed again")

    monkeypatch.setattr(load_module, "_parse", boom)
    assert load_spec(path).document == first.document


CONFIG = SectionsConfig({"a": Section("a", ("Tag A",)), "b": Section("b", ("Tag B",))}, ("a",))
DOC = {
    "paths": {
        "/x": {"get": {"tags": ["Tag A"]}, "post": {"tags": ["Tag B"]}},
        "/y": {"get": {}},
    }
}


def test_select_sections() -> None:
    assert select_operations(DOC, CONFIG, None).operations == (("/x", "get"),)
    assert select_operations(DOC, CONFIG, ["b"]).operations == (("/x", "post"),)
    everything = select_operations(DOC, CONFIG, ["all"])
    assert everything.operations == (("/x", "get"), ("/x", "post"), ("/y", "get"))
    assert everything.unsectioned == (("/y", "get"),)


def test_unknown_section_lists_the_known_ones() -> None:
    with pytest.raises(GeneratorError) as info:
        select_operations(DOC, CONFIG, ["nope"])
    assert info.value.exit_code == EXIT_USAGE
    assert "'nope'" in str(info.value) and "a, b" in str(info.value)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_write_is_atomic_and_keeps_unchanged_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"pkg/a.py": b"a", "pkg/b.py": b"b"})
    inode = os.stat(out / "pkg" / "a.py").st_ino
    stats = write_tree(out, {"pkg/a.py": b"a", "pkg/c.py": b"c"})
    assert (stats.written, stats.unchanged, stats.deleted) == (1, 1, 1)
    assert os.stat(out / "pkg" / "a.py").st_ino == inode
    assert not (out / "pkg" / "b.py").exists()
    assert (out / MANIFEST).is_file()


@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()])
def test_failed_write_leaves_the_old_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    out = tmp_path / "out"
    write_tree(out, {"a.py": b"old"})
    before = snapshot(out)
    calls = {"n": 0}
    real = Path.write_bytes

    def failing(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise error
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises((GeneratorError, KeyboardInterrupt)):
        write_tree(out, {"a.py": b"new", "b.py": b"new", "c.py": b"new"})
    monkeypatch.undo()
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging left behind


@pytest.mark.parametrize("name", ["../x.py", "/abs.py", "a/../../b.py"])
def test_paths_outside_the_output_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(GeneratorError, match="outside"):
        write_tree(tmp_path / "out", {name: b"x"})
    assert not (tmp_path / "x.py").exists()


def test_foreign_directory_is_refused_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep")
    with pytest.raises(GeneratorError, match="--force"):
        write_tree(out, {"a.py": b"x"})
    assert (out / "mine.txt").read_text() == "keep"
    write_tree(out, {"a.py": b"x"}, force=True)
    assert (out / "a.py").read_bytes() == b"x"
