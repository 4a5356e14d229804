"""Local `$ref` resolution over the raw document, with JSON pointers in every error.

It walks the raw dicts on purpose: the schema layer (generator/schema/) builds its
typed nodes on top of it, and validation reports errors at raw-document pointers.
"""

from __future__ import annotations

from typing import Any, NoReturn

from .errors import GeneratorError
from .schema.pointer import unescape

JSON = dict[str, Any]
_DEFS = "#/$defs/"


class Resolver:
    def __init__(self, document: JSON, file: str | None = None) -> None:
        self.document = document
        self.file = file

    def resolve(self, ref: str, *, at: str, location: str | None = None) -> tuple[Any, str]:
        """The node `ref` points to and its pointer. `at` is the pointer of the `$ref`
        (for errors); `location`, where the `$ref` sits (default: `at`).

        `#/$defs/X` resolves against the nearest enclosing schema with `$defs` that
        holds `X`: an inline schema made by pydantic (or any JSON Schema tool)
        carries its own `$defs` and refers to them from its own root.
        """
        if ref.startswith(_DEFS):
            scope = self._defs_scope(ref[len(_DEFS) :].split("/")[0], location or at)
            if scope is not None:
                target = "#" + scope + ref[1:]
                return self.lookup(target, at=at), target[1:]
        return self.lookup(ref, at=at), ref[1:]

    def _defs_scope(self, name: str, location: str) -> str | None:
        """The pointer of the deepest object around `location` whose `$defs` has `name`."""
        node: Any = self.document
        found: str | None = None
        walked = ""
        for raw in location.split("/")[1:] if location else []:
            defs = node.get("$defs") if isinstance(node, dict) else None
            if isinstance(defs, dict) and unescape(name) in defs:
                found = walked
            found_child, node = _step(node, unescape(raw))
            if not found_child:
                return found
            walked += "/" + raw
        defs = node.get("$defs") if isinstance(node, dict) else None
        return walked if isinstance(defs, dict) and unescape(name) in defs else found

    def lookup(self, ref: str, *, at: str) -> Any:
        """The node `ref` points to; `at` is the pointer of the `$ref` (for errors)."""
        if not ref.startswith("#"):
            raise GeneratorError(
                f"$ref {ref!r} points outside the document (only local refs are supported)",
                file=self.file,
                pointer=at,
            )
        node: Any = self.document
        for raw in ref[1:].split("/")[1:] if ref != "#" else []:
            token = unescape(raw)
            found_child, node = _step(node, token)
            if not found_child:
                raise GeneratorError(
                    f"$ref {ref!r} does not resolve (no {token!r})", file=self.file, pointer=at
                )
        return node

    def cycle(self, ref: str, *, at: str) -> NoReturn:
        raise GeneratorError(f"$ref cycle through {ref!r}", file=self.file, pointer=at)

    def deref(self, node: Any, *, at: str) -> tuple[Any, str]:
        """Follow a chain of `$ref`s; returns the target and its pointer."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                self.cycle(ref, at=at)
            seen.add(ref)
            node, at = self.resolve(ref, at=at)
        return node, at


def _step(node: Any, token: str) -> tuple[bool, Any]:
    """Whether `node` has the child a pointer token names, and that child."""
    if isinstance(node, dict) and token in node:
        return True, node[token]
    if isinstance(node, list) and token.isdigit() and int(token) < len(node):
        return True, node[int(token)]
    return False, node
