"""format: ruff where black agrees, black elsewhere; deterministic, cached per file, and bad
code names its file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import black
import pytest

import generator.format
from generator import format as format_module
from generator.errors import GeneratorError
from generator.format import format_sources

SOURCES = {
    "pkg/a.py": "x = {  'a':1 }\n",
    "pkg/b.py": "def f( a,b ):\n  return a+b\n",
    "pkg/README.md": "x = {  'a':1 }\n",
}


@pytest.fixture
def format_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every source that reached a formatter (ruff or black): the cache misses."""
    calls: list[str] = []
    real = format_module._format_all

    def counting(
        todo: list[tuple[str, str]], *args: Any
    ) -> tuple[list[tuple[str, str | None, str | None]], set[str]]:
        calls.extend(source for _, source in todo)
        return real(todo, *args)

    monkeypatch.setattr(format_module, "_format_all", counting)
    return calls


@pytest.fixture
def black_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """No ruff: black formats every file (in a process pool from _PARALLEL_FROM files)."""
    monkeypatch.setattr(format_module, "_ruff", lambda todo: None)


def test_formats_python_files_only() -> None:
    result = format_sources(SOURCES)
    assert result["pkg/a.py"] == 'x = {"a": 1}\n'
    assert result["pkg/b.py"] == "def f(a, b):\n    return a + b\n"
    assert result["pkg/README.md"] == SOURCES["pkg/README.md"]


def test_deterministic_and_idempotent() -> None:
    first = format_sources(SOURCES)
    assert format_sources(dict(SOURCES)) == first
    assert format_sources(first) == first


@pytest.mark.usefixtures("black_only")
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


def many_sources(n: int) -> dict[str, str]:
    return {f"pkg/m{i}.py": f"def f{i}( a ):\n  return {{ 'i':{i}, 'a':a }}\n" for i in range(n)}


@pytest.mark.usefixtures("black_only")
def test_parallel_output_equals_serial_output(monkeypatch: pytest.MonkeyPatch) -> None:
    sources = many_sources(40)
    parallel = format_sources(sources)  # >= _PARALLEL_FROM: a process pool where cores allow
    monkeypatch.setattr(format_module, "_PARALLEL_FROM", 10**9)
    monkeypatch.setenv("XDG_CACHE_HOME", str(Path(str(os.environ["XDG_CACHE_HOME"])) / "again"))
    assert format_sources(sources) == parallel
    assert list(parallel) == list(sources)  # order kept
    assert parallel["pkg/m7.py"] == 'def f7(a):\n    return {"i": 7, "a": a}\n'


@pytest.mark.usefixtures("black_only")
def test_a_pool_that_cannot_start_falls_back_to_one_core(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoProcesses:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(format_module, "ProcessPoolExecutor", NoProcesses)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    sources = many_sources(20)
    assert format_sources(sources)["pkg/m3.py"].startswith("def f3(a):\n")


def test_a_syntax_error_in_the_parallel_path_names_the_file() -> None:
    sources = {**many_sources(30), "pkg/broken.py": "class (:\n"}
    with pytest.raises(GeneratorError) as info:
        format_sources(sources)
    assert info.value.file == "pkg/broken.py" and "black" in str(info.value)


def test_cache_key_is_the_same_in_another_process() -> None:
    # The mode has sets (target versions): their order must not leak into the key.
    code = "from generator.format import _SALT; print(_SALT)"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=Path(__file__).resolve().parents[2],
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1 and "line_length=88" in outputs.pop()


@pytest.mark.usefixtures("black_only")
def test_a_rerun_of_the_same_sources_reads_one_bundle(
    format_calls: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = many_sources(3)
    first = format_sources(sources)
    reads: list[str] = []
    real_read = format_module.disk_cache.read

    def counting_read(folder: str, key: str) -> bytes | None:
        reads.append(key)
        return real_read(folder, key)

    monkeypatch.setattr(format_module.disk_cache, "read", counting_read)
    assert format_sources(sources) == first
    assert len(reads) == 1 and reads[0].startswith("bundle-")
    assert len(format_calls) == 3  # only the first run formatted
    # Another set of files misses the bundle and uses the per-file entries.
    fewer = dict(list(sources.items())[:2])
    assert format_sources(fewer) == {k: first[k] for k in fewer}
    assert len(format_calls) == 3


def test_one_pass_is_black_stable_on_generated_shapes() -> None:
    """One pass gives what black.format_str (two passes when the first changed
    anything) gives, on code shaped like the generator's output."""
    source = (
        "class A(B):\n    def f(self, *, a: Optional[Union[Literal['x', 'y'], str]] | NotGiven"
        " = NOT_GIVEN, b: int = 1, **options: Unpack[RequestOptions]) -> SyncPage[Item]:\n"
        "        return self._client.request_page(_list, query={'a': a, 'b': b, }, options=options)\n"
    )
    once = format_sources({"m.py": source})["m.py"]
    mode = generator.format._mode()
    assert once == black.format_str(source, mode=mode) != source
    assert black.format_str(once, mode=mode) == once


# A signature ruff splits at `|` (not black-stable) beside code both format alike.
SPLIT_ANNOTATION = (
    "class Things:\n"
    "    def list(self, *, sort: Literal['created_at', 'first_name', 'last_name', "
    "'business_name', 'street_address'] | NotGiven = NOT_GIVEN, page: int | NotGiven"
    " = NOT_GIVEN) -> SyncPage[Thing]:\n"
    '        """List things."""\n'
    "        return self._client.request_page(_list, query={'sort': sort, 'page': page})\n"
    "\n"
    "    def other(self) -> None:\n"
    "        x = {  'a':1 }\n"
)


def black_stable(text: str) -> bool:
    return bool(black.format_str(text, mode=generator.format._mode()) == text)


def test_ruff_output_is_patched_by_black_where_it_is_not_black_stable() -> None:
    sources = {"pkg/things.py": SPLIT_ANNOTATION, **many_sources(3)}
    ruffed = format_module._ruff(list(sources.items()))
    assert ruffed is not None, "ruff is a dependency: it must run here"
    assert not black_stable(ruffed["pkg/things.py"])  # the shape _MAY_DIFFER is for
    assert format_module._MAY_DIFFER.search(ruffed["pkg/things.py"])
    result = format_sources(sources)
    assert all(black_stable(text) for text in result.values())
    # Only the signature went through black: the rest is ruff's, byte for byte.
    assert result["pkg/things.py"].endswith('x = {"a": 1}\n')
    assert result["pkg/m1.py"] == ruffed["pkg/m1.py"]


LONG_NAME_ANNOTATION = (
    "from typing import TypedDict\n\n\nclass Param(TypedDict, total=False):\n"
    f"    {'x' * 90}: object\n"
)


def test_an_over_long_attribute_is_parenthesized_as_black_does() -> None:
    """A name too long for the line: black wraps its annotation, ruff leaves it."""
    sources = {"pkg/param.py": LONG_NAME_ANNOTATION, **many_sources(3)}
    ruffed = format_module._ruff(list(sources.items()))
    assert ruffed is not None
    assert not black_stable(ruffed["pkg/param.py"])
    assert format_module._MAY_DIFFER.search(ruffed["pkg/param.py"])
    assert black_stable(format_sources(sources)["pkg/param.py"])


@pytest.mark.parametrize("value", ["str", "typing.Any", "-1", "None", '"abc"'])
def test_an_over_long_plain_assignment_is_parenthesized_as_black_does(value: str) -> None:
    """A name too long for the line, given a plain value: black wraps the value, ruff
    leaves the line (a type alias of a long name, say)."""
    source = f"class A:\n    {'VeryLong' * 12} = {value}\n"
    ruffed = format_module._ruff([("pkg/a.py", source), *many_sources(1).items()])
    assert ruffed is not None
    assert not black_stable(ruffed["pkg/a.py"])
    assert black_stable(format_sources({"pkg/a.py": source, **many_sources(3)})["pkg/a.py"])


def test_a_docstring_ending_in_an_escaped_quote_is_black_stable() -> None:
    """Spec text `\"\"\"` as a class docstring: ruff and black must agree on it."""
    from generator.render import docstring

    source = f'class A:\n    """{docstring(chr(34) * 3)}"""\n'
    result = format_sources({"pkg/a.py": source, **many_sources(3)})["pkg/a.py"]
    assert black_stable(result)
    namespace: dict[str, object] = {}
    exec(result, namespace)
    cls = namespace["A"]
    assert isinstance(cls, type) and cls.__doc__ == chr(34) * 3


def test_code_with_non_ascii_text_is_measured_as_black_measures_it() -> None:
    """A combining mark is zero columns wide for ruff and one for black: a line one
    column short of the limit for ruff is one over it for black, which splits it."""
    pad = "x" * 29  # the line: 89 characters, 88 columns for ruff
    source = (
        "from typing import Literal\n\n\ndef f(\n    a: int,\n"
        f') -> list[tuple[bool | float | int, Literal["{pad}\u00a8\u0320"], object]]:\n'
        '    """Docstrings keep their text: caf\u00e9."""\n'
    )
    ruffed = format_module._ruff([("pkg/f.py", source), *many_sources(1).items()])
    assert ruffed is not None
    assert not black_stable(ruffed["pkg/f.py"])  # the shape this is about
    result = format_sources({"pkg/f.py": source, **many_sources(3)})["pkg/f.py"]
    assert black_stable(result)
    assert "caf\u00e9" in result


@pytest.mark.parametrize("indent", ["", "    "])
def test_an_over_long_last_docstring_line_gets_its_quotes_as_black_puts_them(indent: str) -> None:
    """black moves the closing quotes of a docstring of several lines off an over-long
    last line; ruff leaves them. A string after an attribute is no docstring to black."""
    words = "word " * 18
    head = "def f() -> None:\n" if indent else ""
    source = (
        f'{head}{indent}"""First line.\n{indent}{words}end."""\n'
        f'{indent}x: int = 1\n{indent}"""{words}{words}end."""\n'
    )
    ruffed = format_module._ruff([("pkg/d.py", source), *many_sources(1).items()])
    assert ruffed is not None
    assert not black_stable(ruffed["pkg/d.py"])  # the shape this is about
    assert black_stable(format_sources({"pkg/d.py": source, **many_sources(3)})["pkg/d.py"])


def test_without_ruff_black_formats_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    sources = {"pkg/things.py": SPLIT_ANNOTATION, **many_sources(3)}
    monkeypatch.setattr(format_module, "_ruff_binary", lambda: None)
    mode = generator.format._mode()
    result = format_sources(sources)
    assert result == {path: black.format_str(text, mode=mode) for path, text in sources.items()}


def test_a_statement_that_cannot_be_cut_out_leaves_the_file_to_black() -> None:
    # The flagged line is in a class statement's bases: no simple statement or
    # signature holds it, so the whole file is black's.
    text = "class A(\n    B\n    | C\n):\n    pass\n"
    assert format_module._MAY_DIFFER.search(text)
    assert format_module._black_where_they_differ(text) is None


def test_only_what_black_formatted_is_cached_per_file(format_calls: list[str]) -> None:
    sources = {"pkg/things.py": SPLIT_ANNOTATION, **many_sources(2)}
    first = format_sources(sources)
    assert len(format_calls) == 3
    changed = {**sources, "pkg/m0.py": "y=2\n"}
    result = format_sources(changed)
    # things.py went through black (its signature): read back from the cache; the
    # ruff-only files are formatted again, by one ruff process.
    assert format_calls[3:] == ["y=2\n", sources["pkg/m1.py"]]
    assert result == {**first, "pkg/m0.py": "y = 2\n"}


def test_black_s_fragments_are_reused_when_only_other_code_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sources = {"pkg/things.py": SPLIT_ANNOTATION, **many_sources(2)}
    first = format_sources(sources)
    blacked: list[str] = []
    real = format_module._black_fragment

    def counting(fragment: list[str], signature: bool) -> list[str] | None:
        blacked.append("".join(fragment))
        return real(fragment, signature)

    monkeypatch.setattr(format_module, "_black_fragment", counting)
    header = "# another header line\n"
    again = format_sources({**sources, "pkg/things.py": header + SPLIT_ANNOTATION})
    assert again["pkg/things.py"] == header + first["pkg/things.py"]
    assert blacked == []  # the signature's layout came from the cache
