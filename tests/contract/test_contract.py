"""Every generated operation, called on the sync and async clients against Prism.

Prism validates each request against the spec (422 on a bad one, which raises)
and answers with the spec's example; the answer must parse into the declared model.
"""

from __future__ import annotations

import asyncio
import importlib
from contextlib import aclosing
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from generator import ROOT
from generator.docs.examples import Arguments
from generator.ir.model import IR, Operation
from tests.runtime.support import Reply, ScriptedServer, json_reply

pytestmark = pytest.mark.contract

GENERATED = ROOT / "generated"

# Operations Prism cannot serve, with the reason; each is covered elsewhere.
UNSERVABLE: dict[str, str] = {
    "documents.download": "declares the media type `*`, which Prism cannot negotiate; "
    "covered by test_unservable_download_against_local_server",
    "messaging_tollfree.verification.requests.retrieve_status_history": "its query params "
    "`page[number]` and `page[size]` are required, and Prism 5.14.2 never finds a required "
    "query param whose name has brackets (it looks for `page%5bnumber%5d`, sent encoded or "
    "not: 422); covered by test_unservable_status_history_against_local_server",
}


# Operations whose static mock response (what Prism serves without `Prefer:
# dynamic=true`) does not fit the declared schema, with the field the client's
# APIResponseValidationError names and why. Their contract call asks Prism for a
# schema-generated body instead; test_static_response_misfit keeps each visible.
_PHONE_NUMBER_TYPE = (
    "spec defect: AdvancedOrder.phone_number_type declares `items` (an array of enums) but "
    'no `type`, and `default: ""`; Prism serves the default, the array model rejects it'
)
STATIC_RESPONSE_MISFITS: dict[str, tuple[str, str]] = {
    "advanced_orders.list": ("data.0.phone_number_type", _PHONE_NUMBER_TYPE),
    "advanced_orders.create": ("phone_number_type", _PHONE_NUMBER_TYPE),
    "advanced_orders.update_requirement_group": ("phone_number_type", _PHONE_NUMBER_TYPE),
    "advanced_orders.retrieve": ("phone_number_type", _PHONE_NUMBER_TYPE),
    "ai.clusters.retrieve": (
        "data.clusters.0.subclusters.0.subclusters.0.cluster_id",
        "Prism's static example generator stops the self-recursive RecursiveCluster "
        "(subclusters: [RecursiveCluster]) at depth 3 with `{}`, which lacks the required "
        "cluster_id/cluster_summary/total_number_of_nodes (Prism flags its own response)",
    ),
    "email_validations.batch.retrieve": (
        "data.results.property2",
        "Prism's static example for the map `results` (additionalProperties: "
        "EmailValidationResult) has a second entry `property2: {}` lacking the required "
        "email/valid/risk_score/checks (Prism flags its own response)",
    ),
}
DYNAMIC = {"Prefer": "dynamic=true"}

# Operations whose contract call is known not to pass yet: name -> (exception class
# name in the package, why). Strict xfails with `raises=`: a fix makes them XPASS
# and fail, and any other failure is not excused, so the list cannot go stale.
KNOWN_GAPS: dict[str, tuple[str, str]] = {}


def arguments(op: Operation, doc: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    """Positional path args and keyword args with valid values for every required param."""
    return Arguments(doc).of(op)


def _method(client: Any, dotted: str) -> Any:
    target = client
    for part in dotted.split("."):
        target = getattr(target, part)
    return target


def _names() -> list[str]:
    # Collected from the committed client so collection needs no spec parsing.
    import json

    manifest = GENERATED / "operations.json"
    if not manifest.exists():
        return []
    return [op["python_method"] for op in json.loads(manifest.read_text())]


def _operations() -> list[Any]:
    names = _names()
    if not names:
        return []
    exceptions = importlib.import_module("telnyx_client")  # generated/ is on sys.path
    return [
        pytest.param(
            name,
            id=name,
            marks=(
                [
                    pytest.mark.xfail(
                        strict=True,
                        raises=getattr(exceptions, KNOWN_GAPS[name][0]),
                        reason=KNOWN_GAPS[name][1],
                    )
                ]
                if name in KNOWN_GAPS
                else []
            ),
        )
        for name in names
    ]


def _extra(python_method: str) -> dict[str, Any]:
    return {"extra_headers": DYNAMIC} if python_method in STATIC_RESPONSE_MISFITS else {}


def _check_page(page: Any, first: Any, package: Any) -> None:
    """A page, and `first`: the first item iterating it yielded (None if empty).

    Iteration is the page's own item accessor, whatever the list field is called on
    the wire (data, records, ...); `.data` is where the runtime's BasePage keeps them.
    """
    assert isinstance(page, package.SyncPage | package.AsyncPage)
    items = page.data
    assert isinstance(items, list)
    assert first is (items[0] if items else None)
    assert isinstance(page.has_next_page(), bool)


def _check(result: Any, op: Operation) -> None:
    if op.pagination is not None:
        raise AssertionError("pages are checked by _check_page")
    if op.response_kind == "none":
        assert result is None
    elif op.response_kind == "binary":
        assert isinstance(result.content, bytes)  # BinaryAPIResponse or its async twin
    elif op.response_kind == "text":
        assert isinstance(result, str)
    elif op.returns != "object":  # a schema-less body may be empty
        assert result is not None


@pytest.mark.parametrize("python_method", _operations())
def test_sync(
    python_method: str, ir_and_doc: tuple[IR, dict[str, Any]], prism_url: str, package: Any
) -> None:
    ir, doc = ir_and_doc
    if python_method in UNSERVABLE:
        pytest.skip(UNSERVABLE[python_method])
    op = next(o for o in ir.operations if o.python_method == python_method)
    args, kwargs = arguments(op, doc)
    with package.Telnyx(api_key="test-key", base_url=prism_url, max_retries=0) as client:
        result = _method(client, python_method)(*args, **kwargs, **_extra(python_method))
        if op.pagination is not None:
            # The first item only: a page-number pager with no total would walk on.
            _check_page(result, next(iter(result), None), package)
            return
    _check(result, op)


@pytest.mark.parametrize("python_method", _operations())
def test_async(
    python_method: str, ir_and_doc: tuple[IR, dict[str, Any]], prism_url: str, package: Any
) -> None:
    ir, doc = ir_and_doc
    if python_method in UNSERVABLE:
        pytest.skip(UNSERVABLE[python_method])
    op = next(o for o in ir.operations if o.python_method == python_method)
    args, kwargs = arguments(op, doc)
    kwargs.update(_extra(python_method))

    async def call() -> Any:
        async with package.AsyncTelnyx(
            api_key="test-key", base_url=prism_url, max_retries=0
        ) as client:
            method = _method(client, python_method)
            if op.pagination is None:
                return await method(*args, **kwargs)
            # `await` gives the first page; iterating it yields its items.
            page = await method(*args, **kwargs)
            async with aclosing(aiter(page)) as items:
                _check_page(page, await anext(items, None), package)
            # `async for` straight on the paginator fetches and walks the same way.
            async with aclosing(aiter(method(*args, **kwargs))) as walked:
                first = await anext(walked, None)
            assert (first is None) == (not page.data)
            assert first is None or type(first) is type(page.data[0])
            return page

    result = asyncio.run(call())
    if op.pagination is None:
        _check(result, op)


def test_every_operation_is_covered(ir_and_doc: tuple[IR, dict[str, Any]]) -> None:
    ir, _ = ir_and_doc
    assert sorted(_names()) == sorted(op.python_method for op in ir.operations)
    assert set(KNOWN_GAPS) | set(STATIC_RESPONSE_MISFITS) | set(UNSERVABLE) <= set(_names())
    assert Path(GENERATED / "operations.json").exists()


def test_unservable_download_against_local_server(package: Any) -> None:
    """`documents.download` (media type `*`) against a real local HTTP server."""
    body = b"%PDF-1.4\n" + bytes(range(256)) * 64
    server = ScriptedServer()
    server.default = Reply(200, body, {"Content-Type": "application/pdf"})
    try:
        url = server.base_url.removesuffix("/v2")
        with package.Telnyx(api_key="k", base_url=url) as client:
            assert client.documents.download("doc/1").read() == body
            with client.documents.with_streaming_response.download("doc/1") as response:
                assert b"".join(response.iter_bytes()) == body
    finally:
        server.close()
    assert {r.raw_path for r in server.requests} == {"/documents/doc%2F1/download"}


@pytest.mark.parametrize("python_method", sorted(STATIC_RESPONSE_MISFITS))
def test_static_response_misfit(
    python_method: str, ir_and_doc: tuple[IR, dict[str, Any]], prism_url: str, package: Any
) -> None:
    """Prism's static response for these does not fit the declared schema: the client
    still returns the model with the data (tolerant by default), and in strict mode
    raises APIResponseValidationError naming the field (the contract call above
    passes with a schema-generated body instead)."""
    ir, doc = ir_and_doc
    field, _why = STATIC_RESPONSE_MISFITS[python_method]
    op = next(o for o in ir.operations if o.python_method == python_method)
    args, kwargs = arguments(op, doc)
    with package.Telnyx(api_key="test-key", base_url=prism_url, max_retries=0) as client:
        result = _method(client, python_method)(*args, **kwargs)
        model = type(result).__name__
        assert model == op.returns, f"{model} is not {op.returns}"
        with pytest.raises(package.APIResponseValidationError) as caught:
            strict = client.with_options(strict_response_validation=True)
            _method(strict, python_method)(*args, **kwargs)
    assert caught.value.status_code == 200
    assert f"{field}:" in str(caught.value) or f"{field}." in str(caught.value)


def test_unservable_status_history_against_local_server(
    ir_and_doc: tuple[IR, dict[str, Any]], package: Any
) -> None:
    """`messaging_tollfree...retrieve_status_history` sends its required bracketed page params and
    parses the declared answer (Prism cannot serve it, see UNSERVABLE)."""
    python_method = "messaging_tollfree.verification.requests.retrieve_status_history"
    ir, doc = ir_and_doc
    op = next(o for o in ir.operations if o.python_method == python_method)
    args, kwargs = arguments(op, doc)
    body = {
        "records": [
            {
                "verificationStatus": "Verified",
                "updatedAt": "2024-01-01T00:00:00Z",
                "reason": None,
            }
        ],
        "total_records": 1,
    }
    server = ScriptedServer()
    server.default = json_reply(body)
    url = server.base_url.removesuffix("/v2")
    try:
        with package.Telnyx(api_key="k", base_url=url, max_retries=0) as client:
            result = _method(client, python_method)(*args, **kwargs)
            if op.pagination is not None:
                _check_page(result, next(iter(result), None), package)
            else:
                _check(result, op)
                assert [r.verification_status for r in result.records] == ["Verified"]

        async def call() -> Any:
            async with package.AsyncTelnyx(api_key="k", base_url=url, max_retries=0) as client:
                return await _method(client, python_method)(*args, **kwargs)

        asyncio.run(call())
    finally:
        server.close()
    seen = [(r.path, parse_qs(urlsplit(r.raw_path).query)) for r in server.requests]
    expected = (
        f"/messaging_tollfree/verification/requests/{args[0]}/status_history",
        {
            "page[number]": ["1"],
            "page[size]": ["1"],
        },
    )
    assert seen[0] == expected
    assert seen[-1] == expected
