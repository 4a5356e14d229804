"""Load an OpenAPI document (JSON or YAML), cached as JSON by content hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import cache
from .errors import GeneratorError

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C loader: 3x faster


class _SpecLoader(_Loader):  # type: ignore[misc]
    """Safe loader that keeps timestamps as the strings they were written as."""


_SpecLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


@dataclass(frozen=True)
class Spec:
    path: Path
    sha256: str
    document: dict[str, Any]


def load_spec(path: Path) -> Spec:
    where = str(path)
    if not path.exists():
        raise GeneratorError("spec file not found", file=where)
    if path.is_dir():
        raise GeneratorError("spec path is a directory, not a file", file=where)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise GeneratorError(f"cannot read spec: {error.strerror}", file=where) from None
    sha = hashlib.sha256(raw).hexdigest()
    cached = cache.read("parsed", f"{sha}.json")
    if cached is not None:
        try:
            return Spec(path, sha, json.loads(cached))
        except ValueError:
            pass  # a damaged cache entry: parse again
    document = _parse(raw, where)
    # One JSON round trip: keys become strings (YAML `200:` is an int) and the
    # cold and warm documents are identical, which keeps output deterministic.
    text = json.dumps(document, ensure_ascii=False)
    cache.write("parsed", f"{sha}.json", text.encode("utf-8"))
    return Spec(path, sha, json.loads(text))


def _parse(raw: bytes, where: str) -> dict[str, Any]:
    if not raw.strip():
        raise GeneratorError("spec file is empty", file=where)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GeneratorError(f"spec is not UTF-8 text (byte {error.start})", file=where) from None
    if text.lstrip().startswith("{"):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise GeneratorError(
                f"invalid JSON: {error.msg}", file=where, line=error.lineno, column=error.colno
            ) from None
    else:
        try:
            document = yaml.load(text, Loader=_SpecLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark else None
            column = mark.column + 1 if mark else None
            problem = error.problem or error.context or "syntax error"
            raise GeneratorError(
                f"invalid YAML: {problem}", file=where, line=line, column=column
            ) from None
        except yaml.YAMLError as error:
            raise GeneratorError(f"invalid YAML: {error}", file=where) from None
    _check_openapi(document, where)
    return dict(document)


def _check_openapi(document: Any, where: str) -> None:
    if not isinstance(document, dict):
        raise GeneratorError("not an OpenAPI document: the top level is not a mapping", file=where)
    if "swagger" in document:
        raise GeneratorError(
            f"this is a Swagger {document['swagger']} document; convert it to OpenAPI 3 first",
            file=where,
            pointer="/swagger",
        )
    version = document.get("openapi")
    if version is None:
        raise GeneratorError(
            "not an OpenAPI document: no `openapi` version field", file=where, pointer=""
        )
    if not str(version).startswith(("3.0", "3.1")):
        raise GeneratorError(
            f"unsupported OpenAPI version {version!r} (3.0 and 3.1 are supported)",
            file=where,
            pointer="/openapi",
        )
    if not isinstance(document.get("paths", {}), dict):
        raise GeneratorError("`paths` must be a mapping", file=where, pointer="/paths")
