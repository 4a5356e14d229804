"""Page-number, cursor and next-link pagination, including misbehaving servers."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import Field

from generator.runtime import _pagination
from generator.runtime._endpoint import Endpoint, PageSpec
from generator.runtime._exceptions import APIResponseValidationError
from generator.runtime._models import BaseModel
from generator.runtime._pagination import SyncPage

from .resources import Document, DocumentList, list_cursor
from .support import API_KEY, AsyncClient, Client, Recorded, Reply, ScriptedServer, json_reply


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


def test_a_page_decodes_its_body_only_for_a_pagination_decision(
    server: ScriptedServer, client: Client
) -> None:
    """The models come from the JSON text; plain data is decoded once, when asked."""
    server.default = numbered(total_pages=2)
    page = client.documents.list()
    assert [d.id for d in page.data] == ["1-0", "1-1"]
    assert "_raw" not in vars(page)
    assert page.next_page_info() is not None
    assert vars(page)["_raw"] == {
        "data": [{"id": "1-0"}, {"id": "1-1"}],
        "meta": {"page_number": 1, "total_pages": 2},
    }


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
        client.with_options(strict_response_validation=True).documents.list()
    page = client.documents.list()  # tolerant by default: the item keeps its data
    assert page.data[0].model_extra == {"no_id": 1}
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


# ---- records style (10DLC, toll-free), object page params, next-page links ----------


class RecordSet(BaseModel):
    """10DLC lists: {page, records, totalRecords} (camelCase on the wire)."""

    page: int | None = None
    records: list[Document] | None = None
    total_records: int | None = Field(default=None, alias="totalRecords")


RECORDS = PageSpec(
    "page_number",
    ("records",),
    Document,
    number_param="page",
    size_param="recordsPerPage",
    page_number=("page",),
    total_pages=(),
    total_items=("totalRecords",),
)
list_records: Endpoint[RecordSet] = Endpoint("get", "/10dlc/brand", RecordSet, page=RECORDS)


def records(total: int, clamp: int | None = None, ignore_page: bool = False):  # type: ignore[no-untyped-def]
    """Server handler: `total` items "r0".."r<total-1>", `recordsPerPage` a page
    (default 10, at most `clamp`); `ignore_page` always answers page 1."""

    def handle(request: Recorded) -> Reply:
        query = dict(request.query)
        number = 1 if ignore_page else int(query.get("page", "1"))
        size = int(query.get("recordsPerPage", "10"))
        size = min(size, clamp) if clamp else size
        ids = [f"r{i}" for i in range((number - 1) * size, min(total, number * size))]
        return json_reply(
            {"page": number, "records": [{"id": i} for i in ids], "totalRecords": total}
        )

    return handle


def test_records_style_iterates_every_page(server: ScriptedServer, client: Client) -> None:
    server.default = records(total=5)
    page = client.request_page(list_records, query={"recordsPerPage": 2})
    assert [d.id for d in page.data] == ["r0", "r1"]
    # The API's own envelope stays as parsed: `.records`, `.total_records`, `.page`.
    assert page.records is page.data and isinstance(page.records[0], Document)
    assert page.total_records == 5 and page.page == 1
    assert isinstance(page.response, RecordSet)
    assert [d.id for d in page] == ["r0", "r1", "r2", "r3", "r4"]
    assert [r.query for r in server.requests] == [
        [("recordsPerPage", "2")],
        [("recordsPerPage", "2"), ("page", "2")],
        [("recordsPerPage", "2"), ("page", "3")],
    ]


def test_records_style_stops_at_the_total(server: ScriptedServer, client: Client) -> None:
    server.default = records(total=4)  # two full pages: no third request
    assert len(list(client.request_page(list_records, query={"recordsPerPage": 2}))) == 4
    assert len(server.requests) == 2
    server.reset_state()
    server.default = records(total=3)  # no size sent: the server's 10 a page
    page = client.request_page(list_records)
    assert not page.has_next_page() and len(list(page)) == 3
    assert len(server.requests) == 1


def test_records_style_server_clamping_the_page_size(
    server: ScriptedServer, client: Client
) -> None:
    # Asked for 100 a page, the server sends 2: counting items still reaches the end.
    server.default = records(total=5, clamp=2)
    assert [d.id for d in client.request_page(list_records, query={"recordsPerPage": 100})] == [
        f"r{i}" for i in range(5)
    ]
    assert len(server.requests) == 3


def test_records_style_get_next_page_counts_items(server: ScriptedServer, client: Client) -> None:
    server.default = records(total=5, clamp=2)
    first = client.request_page(list_records, query={"recordsPerPage": 2})
    second = first.get_next_page()
    third = second.get_next_page()
    assert [d.id for d in third.data] == ["r4"] and not third.has_next_page()
    with pytest.raises(RuntimeError, match="has_next_page"):
        third.get_next_page()


def test_records_style_never_loops_on_a_repeating_page(
    server: ScriptedServer, client: Client
) -> None:
    server.default = records(total=50, ignore_page=True)  # page 1 of 50, whatever we ask
    assert [d.id for d in client.request_page(list_records)] == [f"r{i}" for i in range(10)]
    assert len(server.requests) == 2


def test_records_style_empty_page_ends_despite_the_total(
    server: ScriptedServer, client: Client
) -> None:
    server.queue(
        json_reply({"page": 1, "records": [{"id": "a"}], "totalRecords": 9}),
        json_reply({"page": 2, "records": [], "totalRecords": 9}),
    )
    assert [d.id for d in client.request_page(list_records)] == ["a"]
    assert len(server.requests) == 2


def test_records_style_starting_mid_listing(server: ScriptedServer, client: Client) -> None:
    server.default = records(total=7)
    ids = [d.id for d in client.request_page(list_records, query={"page": 2, "recordsPerPage": 3})]
    assert ids == ["r3", "r4", "r5", "r6"]
    assert [dict(r.query)["page"] for r in server.requests] == ["2", "3"]


class TollFreePage(BaseModel):
    records: list[Document]
    total_records: int


list_toll_free: Endpoint[TollFreePage] = Endpoint(
    "get",
    "/messaging_tollfree/verification/requests",
    TollFreePage,
    page=PageSpec(
        "page_number",
        ("records",),
        Document,
        number_param="page",
        size_param="page_size",
        page_number=(),
        total_pages=(),
        total_items=("total_records",),
    ),
)


def test_total_records_without_a_page_number_in_the_body(
    server: ScriptedServer, client: Client
) -> None:
    def handle(request: Recorded) -> Reply:
        number, size = int(dict(request.query)["page"]), int(dict(request.query)["page_size"])
        ids = range((number - 1) * size, min(5, number * size))
        return json_reply({"records": [{"id": f"t{i}"} for i in ids], "total_records": 5})

    server.default = handle
    page = client.request_page(list_toll_free, query={"page": 1, "page_size": 2})
    assert page.total_records == 5
    assert [d.id for d in page] == ["t0", "t1", "t2", "t3", "t4"]
    assert [dict(r.query)["page"] for r in server.requests] == ["1", "2", "3"]


async def test_records_style_async(server: ScriptedServer) -> None:
    server.default = records(total=5)
    async with AsyncClient(api_key=API_KEY, base_url=server.base_url) as aclient:
        paginator = aclient.request_page(list_records, query={"recordsPerPage": 2})
        assert [d.id async for d in paginator] == ["r0", "r1", "r2", "r3", "r4"]
        first = await aclient.request_page(list_records, query={"recordsPerPage": 2})
        assert first.total_records == 5
        second = await first.get_next_page()
        third = await second.get_next_page()
        assert [d.id for d in third.data] == ["r4"] and not third.has_next_page()
    assert len(server.requests) == 6


def test_page_number_inside_an_object_param(server: ScriptedServer, client: Client) -> None:
    # `page: {number, size}` (SIM cards): the pager moves `number` inside the caller's
    # mapping, so page[size] is kept and page[number] is sent once.
    endpoint: Endpoint[DocumentList] = Endpoint(
        "get",
        "/sim_cards",
        DocumentList,
        page=PageSpec(
            "page_number", ("data",), Document, number_param="page[number]", size_param="page[size]"
        ),
    )

    def handle(request: Recorded) -> Reply:
        number = int(dict(request.query).get("page[number]", "1"))
        return json_reply(
            {"data": [{"id": f"s{number}"}], "meta": {"page_number": number, "total_pages": 3}}
        )

    server.default = handle
    ids = [d.id for d in client.request_page(endpoint, query={"page": {"size": 1}})]
    assert ids == ["s1", "s2", "s3"]
    assert [r.query for r in server.requests] == [
        [("page[size]", "1")],
        [("page[size]", "1"), ("page[number]", "2")],
        [("page[size]", "1"), ("page[number]", "3")],
    ]
    server.reset_state()
    server.default = handle  # the caller's own start page is moved, not duplicated
    assert [d.id for d in client.request_page(endpoint, query={"page": {"number": 2}})] == [
        "s2",
        "s3",
    ]
    assert [r.query for r in server.requests] == [[("page[number]", "2")], [("page[number]", "3")]]


@pytest.mark.parametrize(
    ("name", "query", "value", "expected"),
    [
        ("page", {}, 2, {"page": 2}),
        ("page[number]", {}, 2, {"page[number]": 2}),
        ("page[number]", {"page": {"size": 5}}, 2, {"page": {"size": 5, "number": 2}}),
        ("page[number]", {"page[number]": 1}, 2, {"page[number]": 2}),
        ("page[number]", {"page": 3}, 2, {"page": 3, "page[number]": 2}),  # not a mapping
    ],
)
def test_set_param(name: str, query: dict[str, Any], value: int, expected: dict[str, Any]) -> None:
    assert _pagination.set_param(query, name, value) == expected
    assert _pagination.get_param(expected, name) == value


class CallIndex(BaseModel):
    calls: list[Document]
    page: int | None = None
    next_page_uri: str | None = None


list_calls: Endpoint[CallIndex] = Endpoint(
    "get",
    "/texml/Accounts/{account_sid}/Calls",
    CallIndex,
    page=PageSpec(
        "next_uri",
        ("calls",),
        Document,
        number_param="Page",
        size_param="PageSize",
        cursor_param="PageToken",
        next_cursor=("next_page_uri",),
        page_number=(),
        total_pages=(),
    ),
)


def test_next_page_uri_supplies_the_page_params(server: ScriptedServer, client: Client) -> None:
    base = "/v2/texml/Accounts/A1/Calls.json"
    server.queue(
        json_reply(
            {
                "calls": [{"id": "c0"}, {"id": "c1"}],
                "page": 0,
                "next_page_uri": f"{base}?Page=1&PageSize=2&PageToken=T1&Status=busy&To=%2B1",
            }
        ),
        json_reply({"calls": [{"id": "c2"}], "page": 1, "next_page_uri": None}),
    )
    page = client.request_page(
        list_calls, path={"account_sid": "A1"}, query={"PageSize": 2, "Status": "completed"}
    )
    assert page.has_next_page() and page.next_page_uri.startswith(base)
    assert [d.id for d in page] == ["c0", "c1", "c2"]
    # Page params from the link; the caller's Status kept; the link's To filled in.
    assert server.requests[1].path == server.requests[0].path  # ours, not the link's
    assert sorted(server.requests[1].query) == [
        ("Page", "1"),
        ("PageSize", "2"),
        ("PageToken", "T1"),
        ("Status", "completed"),
        ("To", "+1"),
    ]


@pytest.mark.parametrize("link", [None, "", "/v2/x/Calls.json", "/v2/x/Calls.json?Page=0"])
def test_next_page_uri_that_goes_nowhere_ends(
    server: ScriptedServer, client: Client, link: str | None
) -> None:
    # Missing, empty, without page params, or naming the page we asked for.
    server.default = json_reply({"calls": [{"id": "c0"}], "page": 0, "next_page_uri": link})
    page = client.request_page(list_calls, path={"account_sid": "A1"}, query={"Page": 0})
    assert not page.has_next_page()
    assert len(list(page)) == 1 and len(server.requests) == 1


def test_next_page_uri_cycle_terminates(server: ScriptedServer, client: Client) -> None:
    counter = iter(range(1000))

    def handle(request: Recorded) -> Reply:
        token = "T1" if dict(request.query).get("PageToken") != "T1" else "T2"
        link = f"/v2/x/Calls.json?PageToken={token}"
        return json_reply({"calls": [{"id": str(next(counter))}], "next_page_uri": link})

    server.default = handle  # T1 -> T2 -> T1 ...: fresh items, a cycle of links
    assert [d.id for d in client.request_page(list_calls, path={"account_sid": "A1"})] == [
        "0",
        "1",
        "2",
    ]
    assert len(server.requests) == 3


def test_bare_list_response(server: ScriptedServer, client: Client) -> None:
    # GET /ai/mcp_servers answers a JSON array; page[number]/page[size], no totals.
    endpoint: Endpoint[list[Document]] = Endpoint(
        "get",
        "/ai/mcp_servers",
        list[Document],
        page=PageSpec(
            "page_number",
            (),
            Document,
            number_param="page[number]",
            size_param="page[size]",
            page_number=(),
            total_pages=(),
        ),
    )

    def handle(request: Recorded) -> Reply:
        number = int(dict(request.query).get("page[number]", "1"))
        return json_reply([{"id": f"m{i}"} for i in range((number - 1) * 2, min(3, number * 2))])

    server.default = handle
    page = client.request_page(endpoint, query={"page[size]": 2})
    assert page.response == page.data and isinstance(page.data[0], Document)
    assert [d.id for d in page] == ["m0", "m1", "m2"]
    assert len(server.requests) == 2  # the second page is short: the last one


@pytest.mark.parametrize(
    ("body", "query", "before", "expected"),
    [
        ({"page": 1, "records": [1, 2], "totalRecords": 5}, {}, None, {"page": 2}),
        ({"page": 2, "records": [1, 2], "totalRecords": 4}, {}, None, None),  # 2*2 >= 4
        ({"page": 2, "records": [1], "totalRecords": 9}, {}, 2, {"page": 3}),  # 2+1 < 9
        ({"page": 3, "records": [1], "totalRecords": 5}, {}, 4, None),  # 4+1 >= 5
        ({"page": 1.0, "records": [1], "totalRecords": 2.0}, {}, None, {"page": 2}),
        ({"records": [1], "totalRecords": "3"}, {"page": 2}, None, {"page": 3}),
        ({"records": [1]}, {"recordsPerPage": 2}, None, None),  # no total: short page
        ({"records": [1, 2]}, {"recordsPerPage": 2}, None, {"recordsPerPage": 2, "page": 2}),
    ],
)
def test_total_items_next_query(
    body: dict[str, Any], query: dict[str, Any], before: int | None, expected: Any
) -> None:
    n = len(body["records"])
    assert _pagination.next_page_query(RECORDS, query, body, n, before) == expected
