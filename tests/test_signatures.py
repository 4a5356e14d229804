"""The committed client's method signatures, as `help()` and editors show them.

Every method of every resource, sync and async, reached from the client the way a
user reaches it: at most one positional parameter (the last path parameter), then
keyword-only parameters with the required ones before the optional ones, then the
four request options; nothing is a `**kwargs` catch-all.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from functools import cached_property
from typing import Any

import pytest

from tests.conftest import GENERATED

telnyx_client = pytest.importorskip("telnyx_client")

OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout")
# Where the official SDK takes more than one positional parameter (specs/overrides.yaml
# `positional`): the key and the value of a KV pair.
MORE_POSITIONAL = {"storage.kvs.keys.update"}
VIEWS = {"with_raw_response", "with_streaming_response", "webhooks"}


def _methods(obj: Any, path: str) -> Iterator[tuple[str, Any]]:
    """(dotted path, bound method) of every operation under `obj`, depth first."""
    for name, attr in sorted(vars(type(obj)).items()):
        if name.startswith("_") or name in VIEWS:
            continue
        if isinstance(attr, cached_property):
            yield from _methods(getattr(obj, name), f"{path}.{name}")
        elif callable(attr):
            yield f"{path}.{name}", getattr(obj, name)


def _all_methods() -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for client_class in (telnyx_client.Telnyx, telnyx_client.AsyncTelnyx):
        client = client_class(api_key="KEY", base_url="http://127.0.0.1:9")
        for name, attr in sorted(vars(client_class).items()):
            if isinstance(attr, cached_property) and name not in VIEWS:
                found += _methods(getattr(client, name), f"{client_class.__name__}.{name}")
    return found


def test_required_keywords_come_first_and_options_last() -> None:
    methods = _all_methods()
    assert len(methods) > 2 * 1000, len(methods)  # every operation, sync and async
    wrong = []
    for dotted, method in methods:
        params = list(inspect.signature(method).parameters.values())
        positional = [p for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
        keyword = [p for p in params if p.kind is p.KEYWORD_ONLY]
        route = dotted.split(".", 1)[1]
        too_many = len(positional) > 1 and route not in MORE_POSITIONAL
        if too_many or any(p.kind is p.VAR_KEYWORD for p in params):
            wrong.append(f"{dotted}: positional {[p.name for p in positional]}")
        names = [p.name for p in keyword]
        if tuple(names[-len(OPTIONS) :]) != OPTIONS:
            wrong.append(f"{dotted}: request options not last: {names}")
            continue
        required = [p.default is p.empty for p in keyword[: -len(OPTIONS)]]
        if required != sorted(required, reverse=True):
            wrong.append(f"{dotted}: an optional keyword before a required one: {names}")
    assert not wrong, "\n".join(wrong[:20])


def test_help_lists_required_keywords_first() -> None:
    """What a user reads for `addresses.create`: the required fields, then the rest."""
    text = inspect.getdoc(telnyx_client.Telnyx(api_key="KEY").addresses.create) or ""
    signature = inspect.signature(telnyx_client.Telnyx(api_key="KEY").addresses.create)
    names = list(signature.parameters)
    assert names.index("street_address") < names.index("address_book")
    assert "Args:" in text and "Returns:" in text
    assert (GENERATED / "api.md").is_file()
