"""Pure helpers: query/form flattening, file detection, NOT_GIVEN."""

from __future__ import annotations

import copy
import datetime
import enum
import io
import pickle
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.runtime import _qs
from generator.runtime._files import is_file, read_binary, to_httpx_file
from generator.runtime._models import BaseModel
from generator.runtime._types import NOT_GIVEN, NotGiven


class Color(enum.Enum):
    RED = "red"


class Filter(BaseModel):
    status: str
    count: int | None = None


def test_flatten_rules() -> None:
    assert _qs.flatten(
        {
            "filter": {"created_at": {"gte": datetime.date(2024, 5, 1)}, "tag": ["a", "b"]},
            "flag": False,
            "color": Color.RED,
            "ratio": 0.5,
            "none": None,
            "skip": NOT_GIVEN,
            "objs": [{"x": 1}, {"x": 2}],
            "model": Filter(status="active"),
        }
    ) == [
        ("filter[created_at][gte]", "2024-05-01"),
        ("filter[tag]", "a"),
        ("filter[tag]", "b"),
        ("flag", "false"),
        ("color", "red"),
        ("ratio", "0.5"),
        ("objs[0][x]", "1"),
        ("objs[1][x]", "2"),
        ("model[status]", "active"),  # unset fields are not sent
    ]


def test_encode_percent_encodes_brackets_and_values() -> None:
    encoded = _qs.encode({"filter": {"q": "a&b=c"}})
    assert encoded == "filter%5Bq%5D=a%26b%3Dc"
    assert parse_qsl(encoded) == [("filter[q]", "a&b=c")]


scalars = st.one_of(st.text(), st.integers(), st.booleans())
trees = st.recursive(
    st.dictionaries(st.text(min_size=1), scalars, max_size=3),
    lambda children: st.dictionaries(st.text(min_size=1), children, max_size=3),
    max_leaves=10,
)


@settings(database=None, max_examples=60)
@given(trees)
def test_flatten_round_trips_through_url_encoding(tree: dict[str, object]) -> None:
    # Whatever the nesting and characters, encoding loses no pair.
    pairs = _qs.flatten(tree)
    assert parse_qsl(_qs.encode(tree), keep_blank_values=True) == pairs
    assert len(pairs) == sum(1 for _ in _leaves(tree))


def _leaves(tree: object) -> list[object]:
    if isinstance(tree, dict):
        return [leaf for value in tree.values() for leaf in _leaves(value)]
    return [tree]


def test_is_file_and_normalisation(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"hi")
    assert all(is_file(v) for v in (b"x", path, io.BytesIO(b""), ("n", b"x"), ("n", b"x", "t/p")))
    assert not any(is_file(v) for v in ("text", 1, {"a": 1}, ("a", "b"), None))
    assert to_httpx_file(path) == ("a.txt", b"hi", None)
    assert to_httpx_file(b"x") == ("upload", b"x", None)
    assert to_httpx_file(("n.pdf", path, "application/pdf")) == ("n.pdf", b"hi", "application/pdf")
    with open(path, "rb") as handle:
        name, content, _ = to_httpx_file(handle)
        assert name == "a.txt" and content is handle
    assert read_binary(path) == b"hi"
    assert read_binary(io.BytesIO(b"abc")) == b"abc"


def test_not_given_is_a_falsy_singleton() -> None:
    assert not NOT_GIVEN
    assert repr(NOT_GIVEN) == "NOT_GIVEN"
    assert copy.deepcopy(NOT_GIVEN) is NOT_GIVEN
    assert pickle.loads(pickle.dumps(NOT_GIVEN)) is NOT_GIVEN
    assert isinstance(NOT_GIVEN, NotGiven)


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("csv", [("near", "1.5,2.5"), ("q", "x")]),
        ("space", [("near", "1.5 2.5"), ("q", "x")]),
        ("pipe", [("near", "1.5|2.5"), ("q", "x")]),
        ("indexed", [("near[0]", "1.5"), ("near[1]", "2.5"), ("q", "x")]),
    ],
)
def test_param_styles(style: str, expected: list[tuple[str, str]]) -> None:
    from generator.runtime._qs import apply_param_styles, flatten

    params = {"near": [1.5, 2.5], "q": "x"}
    assert flatten(apply_param_styles(params, (("near", style), ("q", style)))) == expected
    assert flatten(apply_param_styles(params, ())) == [("near", "1.5"), ("near", "2.5"), ("q", "x")]


def test_a_dotted_param_sends_its_keys_after_a_dot() -> None:
    from generator.runtime._qs import apply_param_styles, flatten

    params = {"a": 1, "metadata": {"assistant_id": "x", "n": [1, 2]}, "z": NOT_GIVEN}
    assert flatten(apply_param_styles(params, (("metadata", "dotted"),))) == [
        ("a", "1"),
        ("metadata.assistant_id", "x"),
        ("metadata.n", "1"),
        ("metadata.n", "2"),
    ]
