"""Query-string and form encoding in the deepObject / bracket style.

Rules (shared by query strings, form bodies and multipart text fields):

* nested mappings become bracketed keys: ``{"filter": {"a": {"gt": 1}}}`` ->
  ``filter[a][gt]=1``;
* lists and tuples repeat the key: ``{"id": [1, 2]}`` -> ``id=1&id=2``;
  list items that are mappings are indexed (``a[0][x]=1``) so their fields
  stay grouped;
* booleans are ``true``/``false``; dates use ISO 8601; enums their value;
* ``None`` and ``NOT_GIVEN`` are omitted: a query string cannot express null
  and sending ``None`` or an empty string would silently change a filter.
"""

from __future__ import annotations

import datetime
import enum
import sys
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from ._types import NotGiven

__all__ = ["encode", "flatten", "primitive_to_str"]


def primitive_to_str(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return primitive_to_str(value.value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def flatten(params: Mapping[str, object]) -> list[tuple[str, str]]:
    """Flatten a nested mapping into ordered ``(key, value)`` pairs."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        _add(pairs, key, value)
    return pairs


def encode(params: Mapping[str, object]) -> str:
    """``flatten`` then percent-encode (brackets included) for a URL or form."""
    return urlencode(flatten(params))


def _add(pairs: list[tuple[str, str]], key: str, value: Any) -> None:
    if value is None or isinstance(value, NotGiven):
        return
    if _is_model(value):
        value = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        for sub_key, sub_value in value.items():
            _add(pairs, f"{key}[{sub_key}]", sub_value)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            if isinstance(item, Mapping) or _is_model(item):
                _add(pairs, f"{key}[{index}]", item)
            else:
                _add(pairs, key, item)
    else:
        pairs.append((key, primitive_to_str(value)))


def _is_model(value: object) -> bool:
    # No pydantic import here: if pydantic was never imported, nothing is a model.
    pydantic = sys.modules.get("pydantic")
    return pydantic is not None and isinstance(value, pydantic.BaseModel)
