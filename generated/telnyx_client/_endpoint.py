"""Per-operation fact sheets emitted by the generator (see ARCHITECTURE.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = ["Endpoint", "PageSpec"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PageSpec:
    kind: str  # "page_number" | "cursor"
    items: tuple[str, ...]  # JSON path of the item list in the body, e.g. ("data",)
    item_type: Any  # type of one item
    number_param: str | None = None  # wire query name, e.g. "page[number]"
    size_param: str | None = None
    cursor_param: str | None = None  # e.g. "page[after]"
    next_cursor: tuple[str, ...] = ()  # JSON path of the next cursor in the body
    page_number: tuple[str, ...] = ("meta", "page_number")
    total_pages: tuple[str, ...] = ("meta", "total_pages")


@dataclass(frozen=True, slots=True)
class Endpoint(Generic[T]):
    method: str  # "get", "post", ...
    path: str  # "/addresses/{id}" (wire names in braces)
    cast_to: Any  # type the 2xx body parses into (model, list[...], str, bytes, None)
    body_encodings: tuple[str, ...] = ()  # subset of json/multipart/form/binary
    response_kind: str = "json"  # "json" | "text" | "binary" | "none"
    page: PageSpec | None = None  # set for paginated list operations
    server: str | None = None  # per-operation base URL override
