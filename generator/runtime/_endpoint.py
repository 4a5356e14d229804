"""Per-operation fact sheets emitted by the generator (see ARCHITECTURE.md)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Dict, Generic, List, Literal, Optional, Tuple, TypeVar, Union

__all__ = ["Endpoint", "Lazy", "PageSpec", "TypesModule", "resolve"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PageSpec:
    kind: str  # "page_number" | "cursor" | "item_cursor" | "next_uri"
    # JSON path of the item list in the body, e.g. ("data",), ("records",); () for a bare list
    items: tuple[str, ...]
    item_type: Any  # type of one item
    number_param: str | None = None  # wire query name, e.g. "page[number]"
    size_param: str | None = None
    cursor_param: str | None = None  # e.g. "page[after]"
    # JSON path of the next cursor in the body ("item_cursor": in the last item, e.g. ("id",);
    # "next_uri": a link to the next page whose query string carries its page params)
    next_cursor: tuple[str, ...] = ()
    page_number: tuple[str, ...] = ("meta", "page_number")
    total_pages: tuple[str, ...] = ("meta", "total_pages")
    has_more: tuple[str, ...] = ()  # JSON path of a "more pages follow" flag, if any
    # JSON path of the item count, used when there is no page count, e.g. ("totalRecords",)
    total_items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Endpoint(Generic[T]):
    method: str  # "get", "post", ...
    path: str  # "/addresses/{id}" (wire names in braces)
    cast_to: Any  # type the 2xx body parses into (model, list[...], str, bytes, None)
    body_encodings: tuple[str, ...] = ()  # subset of json/multipart/form/binary
    response_kind: str = "json"  # "json" | "text" | "binary" | "none"
    page: PageSpec | None = None  # set for paginated list operations
    server: str | None = None  # per-operation base URL override
    # List params not sent as repeated keys: (wire name, "csv"|"space"|"pipe"|"indexed").
    param_styles: tuple[tuple[str, str], ...] = ()


class Lazy:
    """A type given by a function, resolved on first use.

    Generated endpoints name their response types this way so that touching a
    resource does not import (and build) its pydantic models until a call needs them.
    """

    __slots__ = ("_load", "_loaded", "_value")

    def __init__(self, load: Callable[[], Any]) -> None:
        self._load = load
        self._value: Any = None
        self._loaded = False

    def resolve(self) -> Any:
        if not self._loaded:
            self._value = self._load()
            self._loaded = True
        return self._value


def resolve(value: Any) -> Any:
    """`value`, or what it names when it is a `Lazy`."""
    return value.resolve() if isinstance(value, Lazy) else value


class TypesModule:
    """`_types.address.Address` imports `<package>.types.address` when first touched."""

    def __init__(self, package: str) -> None:
        self._package = package

    def __getattr__(self, name: str) -> Any:
        return importlib.import_module(f"{self._package}.{name}")

    # Type constructors for lazy expressions (module names never start with "_").
    @staticmethod
    def _list(item: Any) -> Any:
        return List[item]

    @staticmethod
    def _tuple(*items: Any) -> Any:
        return Tuple[items] if items else Tuple[()]

    @staticmethod
    def _dict(value: Any) -> Any:
        return Dict[str, value]

    @staticmethod
    def _optional(inner: Any) -> Any:
        return Optional[inner]

    @staticmethod
    def _union(*variants: Any) -> Any:
        return Union[variants]

    @staticmethod
    def _literal(*values: Any) -> Any:
        return Literal[values]

    @staticmethod
    def _tagged(union: Any, *args: Any, **kwargs: Any) -> Any:
        from ._models import Discriminated  # pydantic loads with the first parsed response

        return Annotated[union, Discriminated(*args, **kwargs)]
