"""Page objects for list endpoints (page-number and cursor pagination).

A page knows how to fetch its successor through a ``fetch(query)`` callback
supplied by the client, so this module does no I/O of its own.

Page parameters are wire names. A bracketed one (``page[number]``) also reaches
into an object parameter the caller passed whole (``page={"size": 5}`` is sent as
``page[size]=5``), so the pager moves the number inside that mapping instead of
sending the key twice.
"""

from __future__ import annotations

from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    Mapping,
)
from dataclasses import dataclass
from functools import cached_property
from typing import (
    Any,
    Generic,
    TypeVar,
)
from urllib.parse import parse_qsl, urlsplit

from ._endpoint import PageSpec
from ._logs import logger
from ._types import NotGiven

__all__ = ["MAX_PAGES", "AsyncPage", "AsyncPaginator", "BasePage", "PageInfo", "SyncPage"]

T = TypeVar("T")

# Iteration stops after this many pages even if the server keeps answering
# with fresh cursors: a runaway loop is worse than a truncated listing.
MAX_PAGES = 50_000


def dig(data: object, path: tuple[str, ...]) -> object:
    """``data[path[0]][path[1]]...`` or None when any step is missing."""
    for key in path:
        if not isinstance(data, Mapping):
            return None
        data = data.get(key)
    return data


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():  # a `number` field: 2.0
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _split(name: str) -> tuple[str, str] | None:
    """``"page[number]"`` -> ``("page", "number")``; None for a plain name."""
    head, sep, rest = name.partition("[")
    if not sep or not head or not rest.endswith("]") or "[" in rest:
        return None
    return head, rest[:-1]


def get_param(query: Mapping[str, object], name: str) -> object:
    """The value sent for wire name ``name``: a top-level key, else the key inside
    an object param (``page[number]`` -> ``query["page"]["number"]``)."""
    if name in query:
        return query[name]
    split = _split(name)
    if split is not None:
        outer = query.get(split[0])
        if isinstance(outer, Mapping):
            return outer.get(split[1])
    return None


def set_param(query: Mapping[str, object], name: str, value: object) -> dict[str, object]:
    """A copy of ``query`` sending ``value`` as wire name ``name`` (see ``get_param``)."""
    result = dict(query)
    split = _split(name)
    outer = result.get(split[0]) if split is not None else None
    if name not in result and split is not None and isinstance(outer, Mapping):
        result[split[0]] = {**outer, split[1]: value}
    else:
        result[name] = value
    return result


def _current_number(spec: PageSpec, query: Mapping[str, object], raw: object) -> int:
    """This page's number: from the body when it says, else from the request (default 1)."""
    current = _as_int(dig(raw, spec.page_number)) if spec.page_number else None
    if current is None and spec.number_param:
        current = _as_int(get_param(query, spec.number_param))
    return 1 if current is None else current


def items_before(spec: PageSpec, query: Mapping[str, object], raw: object, n_items: int) -> int:
    """How many items the listing holds before this page, assuming the pages before
    it were as long as this one (exact for the first page)."""
    return max(0, _current_number(spec, query, raw) - 1) * n_items


def next_page_query(
    spec: PageSpec,
    query: Mapping[str, object],
    raw: object,
    n_items: int,
    before: int | None = None,
) -> dict[str, object] | None:
    """Query for the page after ``raw`` (the decoded body), or None at the end.

    ``before`` is the number of items on the pages before this one when known
    (pages fetched from a first page count them); it decides when a listing that
    reports its total item count (``spec.total_items``) is done.
    """
    if n_items == 0:  # an empty page is always the last one
        return None
    if spec.has_more and dig(raw, spec.has_more) is False:
        return None
    if spec.kind == "item_cursor":  # Stripe: starting_after=<id of the last item>
        items = dig(raw, spec.items)
        last = items[-1] if isinstance(items, list) and items else None
        cursor = dig(last, spec.next_cursor)
        if not spec.cursor_param or not isinstance(cursor, str | int) or cursor == "":
            return None
        return set_param(query, spec.cursor_param, cursor)
    if spec.kind == "cursor":
        cursor = dig(raw, spec.next_cursor)
        if not spec.cursor_param or cursor is None or cursor == "":
            return None
        if cursor == get_param(query, spec.cursor_param):  # server echoed our cursor
            return None
        return set_param(query, spec.cursor_param, cursor)
    if spec.kind == "next_uri":
        return _query_from_uri(spec, query, dig(raw, spec.next_cursor))
    if spec.kind == "page_number":
        if not spec.number_param:
            return None
        current = _current_number(spec, query, raw)
        total_pages = _as_int(dig(raw, spec.total_pages)) if spec.total_pages else None
        total_items = _as_int(dig(raw, spec.total_items)) if spec.total_items else None
        if total_pages is not None:
            if current >= total_pages:
                return None
        elif total_items is not None:
            # Counting items, not pages: robust to a server that clamps the page size.
            seen = before if before is not None else items_before(spec, query, raw, n_items)
            if seen + n_items >= total_items:
                return None
        else:
            # No total: a short page means there is nothing after it.
            size = _as_int(get_param(query, spec.size_param)) if spec.size_param else None
            if size is not None and n_items < size:
                return None
        return set_param(query, spec.number_param, current + 1)
    raise ValueError(f"Unknown pagination kind {spec.kind!r}")


def _query_from_uri(
    spec: PageSpec, query: Mapping[str, object], uri: object
) -> dict[str, object] | None:
    """TeXML/Twilio style: the body links the next page (``next_page_uri``); its query
    string has the page params to send next (``Page=1&PageToken=...``). The page
    params come from the link; other keys of the link only fill in what the caller
    did not send (the caller's filters stay as typed)."""
    if not isinstance(uri, str) or not uri.strip():
        return None
    linked: dict[str, list[str]] = {}
    for key, value in parse_qsl(urlsplit(uri.strip()).query, keep_blank_values=True):
        linked.setdefault(key, []).append(value)
    page_params = {p for p in (spec.number_param, spec.size_param, spec.cursor_param) if p}
    result: dict[str, object] = dict(query)
    for key, values in linked.items():
        if key in page_params or get_param(result, key) is None:
            result = set_param(result, key, values[0] if len(values) == 1 else values)
    if not page_params & linked.keys() or all(
        str(get_param(result, p)) == str(get_param(query, p)) for p in page_params
    ):
        return None  # the link does not move any page param: nothing to follow
    return result


@dataclass(frozen=True)
class PageInfo:
    """The query parameters (wire names) that fetch the next page."""

    params: Mapping[str, object]


class BasePage(Generic[T]):
    """One page: ``data`` holds its items, ``response`` the whole parsed body.

    Unknown attributes are looked up on ``response`` so ``page.meta`` works.
    """

    data: list[T]
    response: Any

    def __init__(
        self,
        *,
        data: list[T],
        response: Any,
        body: bytes,
        spec: PageSpec,
        query: Mapping[str, object],
    ) -> None:
        self.data = data
        self.response = response
        self._body = body
        self._spec = spec
        self._query = {k: v for k, v in query.items() if not isinstance(v, NotGiven)}
        # Items on the pages before this one, when known (set on pages we fetched).
        self._before: int | None = None

    @cached_property
    def _raw(self) -> object:
        """The body as plain data, decoded when a pagination decision first needs it
        (the models were validated from the JSON text)."""
        import json

        return json.loads(self._body)

    def __getattr__(self, name: str) -> Any:
        # Only reached for attributes not found normally; never recurse on
        # private names (e.g. during copy/pickle before __init__ ran).
        if name.startswith("_") or "response" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.__dict__["response"], name)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} items={len(self.data)}>"

    def _next_query(self) -> dict[str, object] | None:
        return next_page_query(self._spec, self._query, self._raw, len(self.data), self._before)

    def _follows(self, previous: BasePage[T]) -> None:
        """Record that this page was fetched as the successor of ``previous``."""
        before = previous._before
        if before is None:
            before = items_before(
                previous._spec, previous._query, previous._raw, len(previous.data)
            )
        self._before = before + len(previous.data)

    def has_next_page(self) -> bool:
        return self._next_query() is not None

    def next_page_info(self) -> PageInfo | None:
        """What the next page's request asks for (None on the last page)."""
        query = self._next_query()
        return None if query is None else PageInfo(params=query)

    def _is_repeat_of(self, previous: BasePage[T]) -> bool:
        """True when the server ignored our page parameter."""
        if dig(self._raw, self._spec.items) == dig(previous._raw, previous._spec.items):
            return True
        if self._spec.kind == "page_number" and self._spec.page_number:
            number = _as_int(dig(self._raw, self._spec.page_number))
            before = _as_int(dig(previous._raw, self._spec.page_number))
            return number is not None and before is not None and number <= before
        return False


class _PageWalk:
    """Loop guard shared by sync and async page iteration."""

    def __init__(self, spec: PageSpec) -> None:
        self._spec = spec
        self._seen_cursors: set[str] = set()
        self._count = 1

    def allow(self, next_query: Mapping[str, object]) -> bool:
        self._count += 1
        if self._count > MAX_PAGES:
            logger.warning("Stopping pagination after %d pages", MAX_PAGES)
            return False
        if self._spec.kind == "cursor" and self._spec.cursor_param:
            cursor = repr(get_param(next_query, self._spec.cursor_param))
        elif self._spec.kind == "next_uri":
            cursor = repr(sorted(next_query.items(), key=lambda kv: kv[0]))
        else:
            return True
        if cursor in self._seen_cursors:  # cursor cycle A -> B -> A
            return False
        self._seen_cursors.add(cursor)
        return True


_NO_NEXT = "No next page; check `.has_next_page()` before calling `.get_next_page()`."


class SyncPage(BasePage[T]):
    def __init__(
        self,
        *,
        data: list[T],
        response: Any,
        body: bytes,
        spec: PageSpec,
        query: Mapping[str, object],
        fetch: Callable[[Mapping[str, object]], SyncPage[T]],
    ) -> None:
        super().__init__(data=data, response=response, body=body, spec=spec, query=query)
        self._fetch = fetch

    def get_next_page(self) -> SyncPage[T]:
        query = self._next_query()
        if query is None:
            raise RuntimeError(_NO_NEXT)
        following = self._fetch(query)
        following._follows(self)
        return following

    def iter_pages(self) -> Iterator[SyncPage[T]]:
        """This page and every following one; stops on empty or repeated pages."""
        page = self
        walk = _PageWalk(self._spec)
        while True:
            yield page
            query = page._next_query()
            if query is None or not walk.allow(query):
                return
            following = page._fetch(query)
            following._follows(page)
            if following._is_repeat_of(page):
                return
            page = following

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.data


class AsyncPage(BasePage[T]):
    def __init__(
        self,
        *,
        data: list[T],
        response: Any,
        body: bytes,
        spec: PageSpec,
        query: Mapping[str, object],
        fetch: Callable[[Mapping[str, object]], Awaitable[AsyncPage[T]]],
    ) -> None:
        super().__init__(data=data, response=response, body=body, spec=spec, query=query)
        self._fetch = fetch

    async def get_next_page(self) -> AsyncPage[T]:
        query = self._next_query()
        if query is None:
            raise RuntimeError(_NO_NEXT)
        following = await self._fetch(query)
        following._follows(self)
        return following

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        page = self
        walk = _PageWalk(self._spec)
        while True:
            yield page
            query = page._next_query()
            if query is None or not walk.allow(query):
                return
            following = await page._fetch(query)
            following._follows(page)
            if following._is_repeat_of(page):
                return
            page = following

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


class AsyncPaginator(Generic[T]):
    """Returned (not awaited) by async list methods.

    ``await paginator`` gives the first ``AsyncPage``; ``async for item in
    paginator`` walks the items of every page.
    """

    def __init__(self, fetch_first: Callable[[], Awaitable[AsyncPage[T]]]) -> None:
        self._fetch_first = fetch_first

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._fetch_first().__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        page = await self
        async for item in page:
            yield item
