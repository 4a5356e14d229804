"""Page-number and cursor pagination, including misbehaving servers."""

from __future__ import annotations

from typing import Any

import pytest

from generator.runtime import _pagination
from generator.runtime._endpoint import Endpoint, PageSpec
from generator.runtime._exceptions import APIResponseValidationError
from generator.runtime._pagination import SyncPage

from .resources import Document, DocumentList, list_cursor
from .support import Client, Recorded, Reply, ScriptedServer, json_reply


def numbered(total_pages: int | None, per_page: int = 2, items: int | None = None):  # type: ignore[no-untyped-def]
    """Server handler: page N holds ids N-1, N-2 ...; honours page[number]."""

    def handle(request: Recorded) -> Reply:
        number = int(dict(request.query).get("page[number]", "1"))
        count = (
            per_page if items is None else max(0, min(per_page, items - (number - 1) * per_page))
        )
        data = [{"id": f"{number}-{i}"} for i in range(count)]
        meta: dict[str, Any] = {"page_number": number}
        if total_pages is not None:
            meta["total_pages"] = total_pages
        return json_reply({"data": data, "meta": meta})

    return handle


def cursor_pages(pages: dict[str | None, tuple[list[str], str | None]]):  # type: ignore[no-untyped-def]
    def handle(request: Recorded) -> Reply:
        ids, after = pages[dict(request.query).get("page[after]")]
        return json_reply({"data": [{"id": i} for i in ids], "meta": {"cursors": {"after": after}}})

    return handle


def test_page_number_iterates_all_pages(server: ScriptedServer, client: Client) -> None:
    server.default = numbered(total_pages=3)
    page = client.documents.list(page_size=2)
    assert isinstance(page, SyncPage)
    assert [d.id for d in page.data] == ["1-0", "1-1"]
    assert isinstance(page.data[0], Document)
    assert isinstance(page.response, DocumentList)
    assert page.meta.total_pages == 3  # falls through to the response model
    assert page.has_next_page()
    ids = [d.id for d in page]
    assert ids == ["1-0", "1-1", "2-0", "2-1", "3-0", "3-1"]
    assert [r.query for r in server.requests] == [
        [("page[size]", "2")],
        [("page[size]", "2"), ("page[number]", "2")],
        [("page[size]", "2"), ("page[number]", "3")],
    ]


def test_get_next_page_and_iter_pages(server: ScriptedServer, client: Client) -> None:
    server.default = numbered(total_pages=2)
    first = client.documents.list()
    second = first.get_next_page()
    assert second.meta.page_number == 2
    assert not second.has_next_page()
    with pytest.raises(RuntimeError, match="has_next_page"):
        second.get_next_page()
    assert [p.meta.page_number for p in first.iter_pages()] == [1, 2]


def test_page_number_without_total_stops_on_short_or_empty_page(
    server: ScriptedServer, client: Client
) -> None:
    server.default = numbered(total_pages=None, per_page=2, items=5)
    assert len(list(client.documents.list(page_size=2))) == 5
    assert len(server.requests) == 3  # page 3 is short: no 4th request
    server.reset_state()
    server.default = numbered(total_pages=None, per_page=2, items=4)
    assert len(list(client.documents.list())) == 4  # no size known: stop on empty
    assert len(server.requests) == 3


def test_empty_first_page(server: ScriptedServer, client: Client) -> None:
    server.default = json_reply({"data": [], "meta": {"page_number": 1, "total_pages": 5}})
    page = client.documents.list()
    assert page.data == [] and not page.has_next_page()
    assert list(page) == []
    assert len(server.requests) == 1


def test_server_ignoring_page_param_terminates(server: ScriptedServer, client: Client) -> None:
    # Always returns page 1 of 99: a naive loop would never end.
    server.default = json_reply(
        {"data": [{"id": "a"}, {"id": "b"}], "meta": {"page_number": 1, "total_pages": 99}}
    )
    assert [d.id for d in client.documents.list()] == ["a", "b"]
    assert len(server.requests) == 2


def test_page_number_not_advancing_terminates(server: ScriptedServer, client: Client) -> None:
    # Different items but the same page number: still a server ignoring us.
    counter = iter(range(1000))

    def handle(request: Recorded) -> Reply:
        return json_reply(
            {"data": [{"id": str(next(counter))}], "meta": {"page_number": 1, "total_pages": 9}}
        )

    server.default = handle
    assert [d.id for d in client.documents.list()] == ["0"]
    assert len(server.requests) == 2


def test_extra_query_does_not_pin_the_page(server: ScriptedServer, client: Client) -> None:
    server.default = numbered(total_pages=3)
    ids = [d.id for d in client.documents.list(extra_query={"page[number]": 2})]
    assert ids == ["2-0", "2-1", "3-0", "3-1"]


def test_cursor_pagination(server: ScriptedServer, client: Client) -> None:
    server.default = cursor_pages(
        {None: (["a", "b"], "c1"), "c1": (["c"], "c2"), "c2": (["d"], None)}
    )
    page = client.request_page(list_cursor)
    assert page.has_next_page()
    assert [d.id for d in page] == ["a", "b", "c", "d"]
    assert [dict(r.query).get("page[after]") for r in server.requests] == [None, "c1", "c2"]


def test_cursor_empty_string_and_echoed_cursor_stop(server: ScriptedServer, client: Client) -> None:
    server.default = cursor_pages({None: (["a"], "c1"), "c1": (["b"], "c1")})
    assert [d.id for d in client.request_page(list_cursor)] == ["a", "b"]
    server.reset_state()
    server.default = cursor_pages({None: (["a"], "")})
    page = client.request_page(list_cursor)
    assert not page.has_next_page() and len(list(page)) == 1


def test_cursor_cycle_terminates(server: ScriptedServer, client: Client) -> None:
    server.default = cursor_pages({None: (["a"], "c1"), "c1": (["b"], "c2"), "c2": (["c"], "c1")})
    assert [d.id for d in client.request_page(list_cursor)] == ["a", "b", "c"]
    assert len(server.requests) == 3


def test_max_pages_guard(
    server: ScriptedServer, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = iter(range(10**6))

    def endless(request: Recorded) -> Reply:
        n = next(counter)
        return json_reply({"data": [{"id": str(n)}], "meta": {"cursors": {"after": f"c{n}"}}})

    server.default = endless
    monkeypatch.setattr(_pagination, "MAX_PAGES", 5)
    assert len(list(client.request_page(list_cursor))) == 5


def test_items_path_outside_model_and_untyped_cast(server: ScriptedServer, client: Client) -> None:
    spec = PageSpec(
        kind="page_number",
        items=("results", "items"),
        item_type=Document,
        number_param="page",
        page_number=("page",),
        total_pages=("pages",),
    )
    endpoint: Endpoint[Any] = Endpoint("get", "/odd", Any, page=spec)
    server.queue(
        json_reply({"results": {"items": [{"id": "x"}]}, "page": 1, "pages": 2}),
        json_reply({"results": {"items": [{"id": "y"}]}, "page": 2, "pages": 2}),
    )
    page = client.request_page(endpoint)
    assert isinstance(page.data[0], Document)
    assert page.response["pages"] == 2
    assert [d.id for d in page] == ["x", "y"]


def test_invalid_page_body(server: ScriptedServer, client: Client) -> None:
    server.default = json_reply({"data": [{"no_id": 1}]})
    with pytest.raises(APIResponseValidationError):
        client.documents.list()
    server.default = Reply(200, "not json")
    with pytest.raises(APIResponseValidationError):
        client.documents.list()


ITEM_CURSOR = PageSpec(
    "item_cursor",
    ("data",),
    dict,
    size_param="limit",
    cursor_param="starting_after",
    next_cursor=("id",),
    page_number=(),
    total_pages=(),
    has_more=("has_more",),
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {"data": [{"id": "a"}, {"id": "b"}], "has_more": True},
            {"limit": 2, "starting_after": "b"},
        ),
        ({"data": [{"id": "a"}, {"id": "b"}], "has_more": False}, None),  # the last page
        ({"data": [{"id": "a"}, {"nope": 1}], "has_more": True}, None),  # no id to go on from
        ({"data": [{"id": 7}]}, {"limit": 2, "starting_after": 7}),  # no flag: go on
    ],
)
def test_item_cursor_next_query(body: dict[str, Any], expected: dict[str, Any] | None) -> None:
    query = {"limit": 2}
    assert _pagination.next_page_query(ITEM_CURSOR, query, body, len(body["data"])) == expected
