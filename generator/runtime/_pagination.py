"""Page objects for list endpoints (page-number and cursor pagination).

A page knows how to fetch its successor through a ``fetch(query)`` callback
supplied by the client, so this module does no I/O of its own.
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
from typing import (
    Any,
    Generic,
    TypeVar,
)

from ._endpoint import PageSpec
from ._logs import logger
from ._types import NotGiven

__all__ = ["MAX_PAGES", "AsyncPage", "AsyncPaginator", "BasePage", "SyncPage"]

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
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def next_page_query(
    spec: PageSpec, query: Mapping[str, object], raw: object, n_items: int
) -> dict[str, object] | None:
    """Query for the page after ``raw`` (the decoded body), or None at the end."""
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
        return {**query, spec.cursor_param: cursor}
    if spec.kind == "cursor":
        cursor = dig(raw, spec.next_cursor)
        if not spec.cursor_param or cursor is None or cursor == "":
            return None
        if cursor == query.get(spec.cursor_param):  # server echoed our cursor
            return None
        return {**query, spec.cursor_param: cursor}
    if spec.kind == "page_number":
        if not spec.number_param:
            return None
        current = _as_int(dig(raw, spec.page_number))
        if current is None:
            current = _as_int(query.get(spec.number_param)) or 1
        total = _as_int(dig(raw, spec.total_pages))
        if total is not None:
            if current >= total:
                return None
        else:
            # No total: a short page means there is nothing after it.
            size = _as_int(query.get(spec.size_param)) if spec.size_param else None
            if size is not None and n_items < size:
                return None
        return {**query, spec.number_param: current + 1}
    raise ValueError(f"Unknown pagination kind {spec.kind!r}")


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
        raw: object,
        spec: PageSpec,
        query: Mapping[str, object],
    ) -> None:
        self.data = data
        self.response = response
        self._raw = raw
        self._raw_items = dig(raw, spec.items)
        self._spec = spec
        self._query = {k: v for k, v in query.items() if not isinstance(v, NotGiven)}

    def __getattr__(self, name: str) -> Any:
        # Only reached for attributes not found normally; never recurse on
        # private names (e.g. during copy/pickle before __init__ ran).
        if name.startswith("_") or "response" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.__dict__["response"], name)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} items={len(self.data)}>"

    def _next_query(self) -> dict[str, object] | None:
        return next_page_query(self._spec, self._query, self._raw, len(self.data))

    def has_next_page(self) -> bool:
        return self._next_query() is not None

    def _is_repeat_of(self, previous: BasePage[T]) -> bool:
        """True when the server ignored our page parameter."""
        if self._raw_items == previous._raw_items:
            return True
        if self._spec.kind == "page_number":
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
            cursor = repr(next_query.get(self._spec.cursor_param))
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
        raw: object,
        spec: PageSpec,
        query: Mapping[str, object],
        fetch: Callable[[Mapping[str, object]], SyncPage[T]],
    ) -> None:
        super().__init__(data=data, response=response, raw=raw, spec=spec, query=query)
        self._fetch = fetch

    def get_next_page(self) -> SyncPage[T]:
        query = self._next_query()
        if query is None:
            raise RuntimeError(_NO_NEXT)
        return self._fetch(query)

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
        raw: object,
        spec: PageSpec,
        query: Mapping[str, object],
        fetch: Callable[[Mapping[str, object]], Awaitable[AsyncPage[T]]],
    ) -> None:
        super().__init__(data=data, response=response, raw=raw, spec=spec, query=query)
        self._fetch = fetch

    async def get_next_page(self) -> AsyncPage[T]:
        query = self._next_query()
        if query is None:
            raise RuntimeError(_NO_NEXT)
        return await self._fetch(query)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        page = self
        walk = _PageWalk(self._spec)
        while True:
            yield page
            query = page._next_query()
            if query is None or not walk.allow(query):
                return
            following = await page._fetch(query)
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
