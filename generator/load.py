"""Load an OpenAPI document (JSON or YAML), cached as JSON by content hash.

Parsing the 4 MB Telnyx spec takes ~2-3 s with the C YAML loader, reading the
cached JSON ~0.05 s, so the parsed document is kept under the cache folder
"parsed", keyed by the sha256 of the spec's bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import cache
from .errors import GeneratorError

if TYPE_CHECKING:
    _Loader = yaml.SafeLoader
else:  # the C parser when libyaml is there (~3x faster); the same interface
    _Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_VERSION = re.compile(r"3\.[01](\.\d+)?([-+].*)?")


class _SpecLoader(_Loader):
    """A safe loader with YAML 1.2 core-schema scalars, as OpenAPI recommends.

    PyYAML implements YAML 1.1, where `NO` (Norway), `on` and `yes` are booleans,
    `12:30` is the integer 45000, `017` is octal and dates become datetime
    objects. Spec authors mean the strings they wrote, so only the 1.2 forms
    are typed and everything else stays a string; the result is JSON as is.

    YAML 1.2 also forbids duplicate keys, which PyYAML accepts (the last one
    wins): a second `get:` under a path would silently drop an operation.
    """

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                first = seen.setdefault(key, key_node.start_mark)
            except TypeError:
                continue  # an unhashable key: the base class reports it
            if first is not key_node.start_mark:
                raise yaml.constructor.ConstructorError(
                    f"in a mapping (its first {key!r} is on line {first.line + 1})",
                    node.start_mark,
                    f"duplicate key {key!r}",
                    key_node.start_mark,
                )
        return super().construct_mapping(node, deep=deep)


_SpecLoader.yaml_implicit_resolvers = {
    first: [
        (tag, rx)
        for tag, rx in resolvers
        if not tag.endswith(("bool", "int", "float", "timestamp"))
    ]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}
_SpecLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_SpecLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_SpecLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)  # "017" is 17 in YAML 1.2


def _construct_str(loader: Any, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_SpecLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
# An explicit `!!timestamp` tag still yields the text as written, never a datetime.
_SpecLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_str)


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
            document = json.loads(cached)
        except ValueError:
            pass  # written by an incompatible version: parse again
        else:
            if isinstance(document, dict):
                return Spec(path, sha, document)
    document = _parse(raw, where)
    # One JSON round trip normalises in a single C-speed pass: keys become
    # strings (a YAML `200:` is an int key), and the cold document is identical
    # to the warm (cached) one, which keeps the output deterministic.
    try:
        text = json.dumps(document, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError) as error:
        # !!binary / !!set values, or an alias that contains itself.
        raise GeneratorError(
            f"the spec holds a value JSON cannot represent: {error}", file=where
        ) from None
    cache.write("parsed", f"{sha}.json", text.encode("utf-8"))
    result: dict[str, Any] = json.loads(text)
    return Spec(path, sha, result)


def _parse(raw: bytes, where: str) -> dict[str, Any]:
    if not raw.strip():
        raise GeneratorError("spec file is empty", file=where)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GeneratorError(f"spec is not UTF-8 text (byte {error.start})", file=where) from None
    document: Any
    if text.lstrip().startswith("{"):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise GeneratorError(
                f"invalid JSON: {error.msg}", file=where, line=error.lineno, column=error.colno
            ) from None
    else:
        document = _parse_yaml(text, where)
    _check_openapi(document, where)
    return dict(document)


def _parse_yaml(text: str, where: str) -> Any:
    try:
        return yaml.load(text, Loader=_SpecLoader)  # _SpecLoader derives from a safe loader
    except yaml.YAMLError as error:
        raise yaml_error(error, where) from None
    except RecursionError:
        raise GeneratorError("invalid YAML: nested too deeply", file=where) from None


def yaml_error(error: yaml.YAMLError, where: str) -> GeneratorError:
    """PyYAML's multi-line message as one line, located at its mark (1-based)."""
    if not isinstance(error, yaml.MarkedYAMLError):
        return GeneratorError(f"invalid YAML: {' '.join(str(error).split())}", file=where)
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "syntax error"
    if error.context and error.problem and error.context != error.problem:
        problem = f"{problem} ({error.context})"
    return GeneratorError(
        f"invalid YAML: {' '.join(problem.split())}",
        file=where,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
    )


def _check_openapi(document: Any, where: str) -> None:
    if not isinstance(document, dict):
        kind = "empty" if document is None else type(document).__name__
        raise GeneratorError(
            f"not an OpenAPI document: the top level is {kind}, not a mapping", file=where
        )
    if "swagger" in document:
        raise GeneratorError(
            f"this is a Swagger {document['swagger']} document; convert it to OpenAPI 3 first "
            "(e.g. with swagger2openapi)",
            file=where,
            pointer="/swagger",
        )
    version = document.get("openapi")
    if version is None:
        raise GeneratorError(
            "not an OpenAPI document: no `openapi` version field", file=where, pointer=""
        )
    # An unquoted `openapi: 3.0` is a YAML float; accept what it plainly means.
    if isinstance(version, bool) or not _VERSION.fullmatch(str(version)):
        raise GeneratorError(
            f"unsupported OpenAPI version {version!r} (3.0.x and 3.1.x are supported)",
            file=where,
            pointer="/openapi",
        )
    if not isinstance(document.get("paths", {}), dict):
        raise GeneratorError("`paths` must be a mapping", file=where, pointer="/paths")
