"""format: black output is deterministic, cached per file, and bad code names its file."""

from __future__ import annotations

import black
import pytest

from generator.errors import GeneratorError
from generator.format import format_sources

SOURCES = {
    "pkg/a.py": "x = {  'a':1 }\n",
    "pkg/b.py": "def f( a,b ):\n  return a+b\n",
    "pkg/README.md": "x = {  'a':1 }\n",
}


@pytest.fixture
def format_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = black.format_str

    def counting(source: str, *, mode: black.Mode) -> str:
        calls.append(source)
        return real(source, mode=mode)

    monkeypatch.setattr(black, "format_str", counting)  # format.py calls black.format_str
    return calls


def test_formats_python_files_only() -> None:
    result = format_sources(SOURCES)
    assert result["pkg/a.py"] == 'x = {"a": 1}\n'
    assert result["pkg/b.py"] == "def f(a, b):\n    return a + b\n"
    assert result["pkg/README.md"] == SOURCES["pkg/README.md"]


def test_deterministic_and_idempotent() -> None:
    first = format_sources(SOURCES)
    assert format_sources(dict(SOURCES)) == first
    assert format_sources(first) == first


def test_cache_avoids_reformatting(format_calls: list[str]) -> None:
    first = format_sources(SOURCES)
    assert len(format_calls) == 2
    assert format_sources(SOURCES) == first
    assert len(format_calls) == 2  # both from the cache
    changed = {**SOURCES, "pkg/b.py": "y=2\n"}
    assert format_sources(changed)["pkg/b.py"] == "y = 2\n"
    assert format_calls[2:] == ["y=2\n"]  # only the changed file


def test_syntax_error_names_the_file() -> None:
    with pytest.raises(GeneratorError) as info:
        format_sources({"pkg/ok.py": "x = 1\n", "pkg/broken.py": "def f(:\n"})
    assert info.value.file == "pkg/broken.py"
    assert "pkg/broken.py" in str(info.value) and "\n" not in str(info.value)


def test_a_syntax_error_is_not_cached(format_calls: list[str]) -> None:
    for _ in range(2):
        with pytest.raises(GeneratorError):
            format_sources({"pkg/broken.py": "def f(:\n"})
    assert len(format_calls) == 2
