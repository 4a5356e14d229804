"""Base class for generated response models and cached validators."""

from __future__ import annotations

import inspect
from typing import Any

import pydantic

__all__ = ["BaseModel", "get_adapter", "validate_json", "validate_python"]


class BaseModel(pydantic.BaseModel):
    # extra="allow": new API fields must not break old clients and stay reachable.
    # protected_namespaces=(): API fields may be called `model_*`.
    model_config = pydantic.ConfigDict(
        extra="allow", populate_by_name=True, protected_namespaces=()
    )

    def to_dict(
        self, *, by_alias: bool = True, exclude_unset: bool = True
    ) -> dict[str, Any]:
        """JSON-compatible dict using wire names, without unset fields."""
        return self.model_dump(
            mode="json", by_alias=by_alias, exclude_unset=exclude_unset
        )

    def to_json(self, *, indent: int | None = 2, exclude_unset: bool = True) -> str:
        return self.model_dump_json(
            indent=indent, by_alias=True, exclude_unset=exclude_unset
        )


# Building a TypeAdapter compiles a validator; doing it per response is slow.
_ADAPTERS: dict[Any, pydantic.TypeAdapter[Any]] = {}


def get_adapter(tp: Any) -> pydantic.TypeAdapter[Any]:
    try:
        return _ADAPTERS[tp]
    except KeyError:
        adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(tp)
        _ADAPTERS[tp] = adapter
        return adapter
    except TypeError:  # unhashable type expression (e.g. Annotated with a dict)
        return pydantic.TypeAdapter(tp)


def _is_model(tp: Any) -> bool:
    return inspect.isclass(tp) and issubclass(tp, pydantic.BaseModel)


def validate_json(tp: Any, data: bytes | str) -> Any:
    """Parse and validate JSON text; raises ``pydantic.ValidationError``."""
    if _is_model(tp):
        return tp.model_validate_json(data)
    return get_adapter(tp).validate_json(data)


def validate_python(tp: Any, data: object) -> Any:
    if _is_model(tp):
        return tp.model_validate(data)
    return get_adapter(tp).validate_python(data)
