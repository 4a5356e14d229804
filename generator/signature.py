"""The order of a generated method's parameters, as the official SDK has it.

Only the last path parameter is positional (`versions.retrieve(version_id, *,
assistant_id)`): the resource it names is what the method acts on, and the
parent ids before it read better as keywords. The other path parameters come
first among the keyword-only ones (they are required), then the other required
parameters, then the optional ones; each group keeps the IR's order. Where the
official SDK puts others before `*` (a raw body after the key it is stored
under: `keys.update(key, body, *, id)`), the operation names them
(`Operation.positional`, from specs/overrides.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .ir.model import Operation, Param

_TEMPLATE_VAR = re.compile(r"\{([^}]*)\}")


@dataclass(frozen=True, slots=True)
class Signature:
    positional: tuple[Param, ...]
    keyword: tuple[Param, ...]


def signature(op: Operation) -> Signature:
    order = {wire: i for i, wire in enumerate(_TEMPLATE_VAR.findall(op.path))}
    in_path = sorted(
        (p for p in op.params if p.location == "path"), key=lambda p: order.get(p.wire, len(order))
    )
    others = [p for p in op.params if p.location != "path"]
    ordered = (
        in_path[:-1] + [p for p in others if p.required] + [p for p in others if not p.required]
    )
    if op.positional:
        by_name = {p.name: p for p in op.params}
        positional = tuple(by_name[name] for name in op.positional)
        rest = tuple(p for p in [*in_path[-1:], *ordered] if p.name not in op.positional)
        return Signature(positional, rest)
    return Signature(tuple(in_path[-1:]), tuple(ordered))
