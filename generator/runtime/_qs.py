"""Query-string and form encoding in the deepObject / bracket style.

Rules (shared by query strings, form bodies and multipart text fields):

* nested mappings become bracketed keys: ``{"filter": {"a": {"gt": 1}}}`` ->
  ``filter[a][gt]=1`` (a param declared ``dotted``: ``metadata.assistant_id=x``);
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

__all__ = ["apply_param_styles", "encode", "flatten", "primitive_to_str"]


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


_JOINERS = {"csv": ",", "space": " ", "pipe": "|"}


def apply_param_styles(
    params: Mapping[str, object], styles: tuple[tuple[str, str], ...]
) -> Mapping[str, object]:
    """The named params in their declared style: lists joined (`id=1,2` for `style:
    form, explode: false`) or indexed (`id[0]=1&id[1]=2`, a deepObject form field), a
    mapping `dotted` (`metadata.assistant_id=x`, where the API names its query
    params so); other params unchanged (lists repeat the key)."""
    if not styles:
        return params
    by_key = dict(styles)
    result: dict[str, object] = {}
    for key, value in params.items():
        style = by_key.get(key)
        if style == "dotted" and isinstance(value, Mapping):
            result.update({f"{key}.{sub}": item for sub, item in value.items()})
        elif style == "indexed" and isinstance(value, (list, tuple)):
            result[key] = {str(i): item for i, item in enumerate(value)}
        elif style in _JOINERS and isinstance(value, (list, tuple)):
            result[key] = _JOINERS[style].join(primitive_to_str(item) for item in value)
        else:
            result[key] = value
    return result


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
