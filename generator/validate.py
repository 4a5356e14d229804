"""Spec validation with openapi-spec-validator; the verdict is cached by content hash.

The library walks the document through `$ref`s and reports most problems
(`default: null` on a non-nullable type, duplicate operationIds, ...) without
saying where. Its keyword validators are subclassed here to record the path
each one was called with; that path is logical (it runs through `$ref`s), so it
is mapped back onto the document to give every diagnostic a real JSON pointer.

It reads the raw document, not the schema layer's typed nodes: validation runs
before those nodes can be built, and its pointers name places in the raw text.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from typing import Any

from . import cache
from .errors import Diagnostic, GeneratorError
from .load import Spec
from .refs import Resolver
from .schema.pointer import pointer, unescape
from .schema.references import iter_refs

DEFAULT_NULL = "default-null-not-allowed"
INVALID_DEFAULT = "invalid-default"
DUPLICATE_ID = "duplicate-operation-id"
UNRESOLVED_REF = "unresolved-ref"
REF_CYCLE = "ref-cycle"
_CLASS_KINDS = {
    "DuplicateOperationIDError": DUPLICATE_ID,
    "ExtraParametersError": "required-property-undefined",
    "ParameterDuplicateError": "duplicate-parameter",
    "UnresolvableParameterError": "unresolved-path-parameter",
}
_RULES = 3  # bump when the kinds or pointers computed here change: invalidates cached verdicts
_MESSAGE_LIMIT = 200


def validate(spec: Spec) -> list[Diagnostic]:
    """Every violation openapi-spec-validator finds, located; [] for a valid spec."""
    cached = cached_verdict(spec)
    if cached is not None:
        return cached
    # The library cannot walk a document whose references break or loop: their
    # warnings alone, then.
    diagnostics = ref_problems(spec.document) or _validate(spec.document)
    cache.write("validation", _key(spec), json.dumps([d.__dict__ for d in diagnostics]).encode())
    return diagnostics


def cached_verdict(spec: Spec) -> list[Diagnostic] | None:
    """The diagnostics of an earlier validation of the same document, or None."""
    cached = cache.read("validation", _key(spec))
    if cached is not None:
        try:
            return [Diagnostic(**d) for d in json.loads(cached)]
        except (ValueError, TypeError):
            pass  # unreadable entry: validate again
    return None


def _key(spec: Spec) -> str:
    return f"{spec.sha256}-osv{version('openapi-spec-validator')}-r{_RULES}.json"


def ref_problems(document: dict[str, Any]) -> list[Diagnostic]:
    """A located diagnostic for every `$ref` that does not resolve locally or whose
    chain loops. The generator types such a spot as `Any` (or leaves out the
    parameter, body or response it names); `--strict` makes it an error.

    (The library would raise its own resolver exception, with a traceback and no
    location, or a RecursionError for a loop.)
    """
    resolver = Resolver(document)
    problems: dict[str, Diagnostic] = {}
    for ref, at in iter_refs(document):
        try:
            resolver.deref({"$ref": ref}, at=at + "/$ref")
        except GeneratorError as error:
            where = error.pointer if error.pointer is not None else at
            kind = REF_CYCLE if "cycle" in error.message else UNRESOLVED_REF
            problems.setdefault(where, Diagnostic(kind, where, f"{error.message}: typed as Any"))
    return list(problems.values())


def summarize(diagnostics: Iterable[Diagnostic]) -> str:
    """Counts by kind, most frequent first: "63 default-null-not-allowed, 1 duplicate-operation-id"."""
    counts = Counter(d.kind for d in diagnostics)
    return ", ".join(
        f"{n} {kind}" for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def _validate(document: dict[str, Any]) -> list[Diagnostic]:
    try:
        errors = list(_validator_class(document)(document).iter_errors())
    except Exception as crash:  # the library can crash on odd input: report it, go on
        return [Diagnostic("validator-crash", "", _short(f"{type(crash).__name__}: {crash}"))]
    # Dedupe: the 3.0 validator reports a null default twice ("None for not
    # nullable" and "None is not of type ..."), one problem at one place.
    unique: dict[tuple[str, str], Diagnostic] = {}
    for error in errors:
        diagnostic = _diagnostic(document, _deepest(error))
        unique.setdefault((diagnostic.kind, diagnostic.pointer), diagnostic)
    return list(unique.values())


def _deepest(error: Any) -> Any:
    """The cause of a oneOf/anyOf failure, not the failure itself: a schema that is
    neither a Schema nor a Reference is reported at its bad keyword, not as the whole
    dumped instance. The deepest sub-error wins; at equal depth, not the Reference
    branch's "'$ref' is a required property" (the schema was not meant as a $ref)."""

    def rank(sub: Any) -> tuple[int, bool]:
        is_ref_branch = sub.validator == "required" and "'$ref'" in str(sub.message)
        return len(sub.absolute_path), not is_ref_branch

    while getattr(error, "context", None):
        error = max(error.context, key=rank)
    return error


def _validator_class(document: dict[str, Any]) -> Any:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    base: Any = (
        OpenAPIV31SpecValidator
        if str(document.get("openapi", "")).startswith("3.1")
        else OpenAPIV30SpecValidator
    )
    keywords = dict(base.keyword_validators)
    keywords["schema"] = _quick_meta(_set_backed(keywords["schema"]))
    # (keyword, index of the SchemaPath argument, suffix naming the field at fault)
    for keyword, arg, suffix in (
        ("default", 0, ("default",)),
        ("schema", 0, ()),
        ("operation", 2, ()),
        ("parameters", 0, ()),
        ("tags", 0, ()),
    ):
        keywords[keyword] = _locating(keywords[keyword], arg, suffix)
    attributes: dict[str, Any] = {"keyword_validators": keywords}
    whole = _crawled(base.schema_validator)
    if whole is not None:
        attributes["schema_validator"] = whole
    return type("LocatingSpecValidator", (base,), attributes)


# The library builds its jsonschema validator for the whole document with the
# OpenAPI schema added to the `referencing` registry but not crawled, so every
# `$dynamicRef` lookup that misses (the 3.1 schema uses them throughout) crawls it
# again, thousands of times on a large spec. A registry crawled once up front
# answers the same lookups with the same resources, so the verdicts are the same.


def _crawled(validator: Any) -> Any:
    """`validator` with its registry crawled once; None if it is not built that way."""
    try:
        resolver = validator._resolver  # jsonschema >= 4.18 (referencing), private
        registry = resolver._registry.crawl()
        return validator.evolve(_resolver=registry.resolver(base_uri=resolver._base_uri))
    except Exception:  # another jsonschema: the library's own validator will do
        return None


class _IdList(list[int]):
    """A list that answers `in` from a set: the library's visited-schema lists are."""

    def __init__(self) -> None:
        super().__init__()
        self._ids: set[int] = set()

    def append(self, item: int) -> None:
        self._ids.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._ids


def _set_backed(cls: Any) -> Any:
    """The schema validator keeps the ids of the schemas it visited and meta-checked in
    lists, so on a large spec each of its many calls scans thousands of ids: sets
    answer the same membership questions in constant time."""

    def __init__(self: Any, registry: Any) -> None:
        cls.__init__(self, registry)
        for name in ("visited_schema_ids", "meta_checked_schema_ids"):
            if type(getattr(self, name, None)) is list:
                setattr(self, name, _IdList())

    return type(cls.__name__, (cls,), {"__init__": __init__})


def _quick_meta(cls: Any) -> Any:
    """The schema validator with a fast path for its metaschema check (see _plainly_valid)."""

    def _get_schema_checker(self: Any, schema: Any, schema_value: Any) -> Any:
        checker = cls._get_schema_checker(self, schema, schema_value)
        format_checker = _oas31_base_check(checker)
        if format_checker is None:
            return checker

        def check(value: Any) -> None:
            if not _plainly_valid(value, format_checker, 0):
                checker(value)  # the library's verdict and error

        return check

    return type(cls.__name__, (cls,), {"_get_schema_checker": _get_schema_checker})


# The metaschema check of every schema object through jsonschema's $dynamicRef
# machinery is the bulk of validating a large spec. The OpenAPI 3.1
# base dialect (JSON Schema 2020-12 + the OAS vocabulary) asks little of the
# schemas real specs hold, so those are accepted here by a direct reading of its
# rules; anything this reading does not cover plainly (a keyword it does not
# model, a float where an integer is wanted, ...) goes to the library, which
# then gives the verdict and error it would give on its own. Only an exact copy of the
# metaschemas below is read this way (fingerprint), so a library update that
# changes them turns the fast path off rather than making it wrong.
_OAS31_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"
_DIALECT_PARTS = (
    _OAS31_DIALECT,
    "https://spec.openapis.org/oas/3.1/meta/base",
    "https://json-schema.org/draft/2020-12/schema",
    *(
        f"https://json-schema.org/draft/2020-12/meta/{vocabulary}"
        for vocabulary in (
            "core",
            "applicator",
            "unevaluated",
            "validation",
            "meta-data",
            "format-annotation",
            "content",
        )
    ),
)
_DIALECT_SHA256 = "650c92b9a34623838c026edbb96d7ccc52d39e301a57f259c5937b7cb1fef1bf"
_dialect_keywords: frozenset[str] | None = None  # every keyword the dialect constrains


def _oas31_base_check(checker: Any) -> Any:
    """The format checker, if `checker` is the library's OAS 3.1 base dialect check."""
    global _dialect_keywords
    try:
        from openapi_schema_validator._specifications import REGISTRY
        from openapi_schema_validator.validators import check_openapi_schema

        func = getattr(checker, "func", None)
        owner = getattr(func, "__self__", None)
        if getattr(func, "__func__", None) is not check_openapi_schema or owner is None:
            return None
        if owner.META_SCHEMA.get("$id") != _OAS31_DIALECT:
            return None
        if _dialect_keywords is None:
            parts = [REGISTRY.contents(uri) for uri in _DIALECT_PARTS]
            fingerprint = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
            keywords = {k for part in parts for k in part.get("properties", {})}
            _dialect_keywords = frozenset(keywords if fingerprint == _DIALECT_SHA256 else ())
        if not _dialect_keywords:
            return None
        return checker.keywords.get("format_checker", owner.FORMAT_CHECKER)
    except Exception:
        return None


_SIMPLE_TYPES = frozenset(("array", "boolean", "integer", "null", "number", "object", "string"))
_STRINGS = frozenset(
    ("title", "description", "format", "$comment", "contentEncoding", "contentMediaType")
)
_BOOLEANS = frozenset(("deprecated", "readOnly", "writeOnly", "uniqueItems"))
_ANYTHING = frozenset(("default", "const", "example"))
_COUNTS = frozenset(
    (
        "maxLength",
        "minLength",
        "maxItems",
        "minItems",
        "maxProperties",
        "minProperties",
        "maxContains",
        "minContains",
    )
)
_BOUNDS = frozenset(("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"))
_SUBSCHEMA = frozenset(
    (
        "items",
        "additionalProperties",
        "not",
        "contains",
        "propertyNames",
        "if",
        "then",
        "else",
        "unevaluatedItems",
        "unevaluatedProperties",
        "contentSchema",
    )
)
_SUBSCHEMA_MAPS = frozenset(("properties", "$defs", "dependentSchemas"))
_SUBSCHEMA_LISTS = frozenset(("allOf", "anyOf", "oneOf", "prefixItems"))
_DEPTH_LIMIT = 200  # deeper: the library decides (and reports any recursion problem)


def _plainly_valid(node: Any, formats: Any, depth: int) -> bool:
    """True: `node` is valid against the OAS 3.1 base dialect. False: not known here."""
    if isinstance(node, bool):
        return True
    if not isinstance(node, dict) or depth > _DEPTH_LIMIT:
        return False
    keywords = _dialect_keywords or frozenset()
    for key, value in node.items():
        if key not in keywords or key in _ANYTHING:
            continue  # unknown keywords (x-..., nullable, ...) and `default` take anything
        if key in _STRINGS:
            ok = type(value) is str
        elif key in _SUBSCHEMA:
            ok = _plainly_valid(value, formats, depth + 1)
        elif key in _SUBSCHEMA_MAPS:
            ok = type(value) is dict and all(
                _plainly_valid(v, formats, depth + 1) for v in value.values()
            )
        elif key in _SUBSCHEMA_LISTS:
            ok = (
                type(value) is list
                and len(value) > 0
                and all(_plainly_valid(v, formats, depth + 1) for v in value)
            )
        elif key == "type":
            ok = (type(value) is str and value in _SIMPLE_TYPES) or (
                type(value) is list
                and len(value) > 0
                and all(type(t) is str and t in _SIMPLE_TYPES for t in value)
                and len(set(value)) == len(value)
            )
        elif key == "$ref":
            ok = type(value) is str and formats.conforms(value, "uri-reference")
        elif key == "pattern":
            ok = type(value) is str and formats.conforms(value, "regex")
        elif key in ("enum", "examples"):
            ok = type(value) is list
        elif key == "required":
            ok = (
                type(value) is list
                and all(type(v) is str for v in value)
                and len(set(value)) == len(value)
            )
        elif key in _BOOLEANS:
            ok = type(value) is bool
        elif key in _COUNTS:
            ok = type(value) is int and value >= 0
        elif key in _BOUNDS:
            ok = type(value) in (int, float)
        elif key == "multipleOf":
            ok = type(value) in (int, float) and value > 0
        elif key == "discriminator":
            ok = _plain_discriminator(value)
        else:
            ok = False  # a dialect keyword not modelled here: ask the library
        if not ok:
            return False
    return True


def _plain_discriminator(value: Any) -> bool:
    if type(value) is not dict or type(value.get("propertyName")) is not str:
        return False
    mapping = value.get("mapping", {})
    if type(mapping) is not dict or not all(type(v) is str for v in mapping.values()):
        return False
    return all(k in ("propertyName", "mapping") or k.startswith("x-") for k in value)


def _locating(cls: Any, arg: int, suffix: tuple[str, ...]) -> Any:
    """`cls` whose errors carry the (logical) path of the node it was called on."""

    def __call__(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        for error in cls.__call__(self, *args, **kwargs):
            if not getattr(error, "_located", False):
                # The error's own path is relative to the value checked (e.g. inside a
                # default); put the node's path in front of it.
                error.path.extendleft(reversed((*args[arg].parts, *suffix)))
                error._located = True
            yield error

    return type(f"Locating{cls.__name__}", (cls,), {"__call__": __call__})


def _diagnostic(document: dict[str, Any], error: Any) -> Diagnostic:
    logical = list(getattr(error, "absolute_path", None) or [])
    real = _real_path(document, logical)
    name = type(error).__name__
    message = str(getattr(error, "message", error))
    validator = getattr(error, "validator", None)
    if name in _CLASS_KINDS:
        kind = _CLASS_KINDS[name]
    elif "default" in logical:
        is_null = validator in ("type", "nullable") and getattr(error, "instance", 0) is None
        kind = DEFAULT_NULL if is_null else INVALID_DEFAULT
        if is_null:
            message = f"default: null but the schema does not allow null ({message})"
    elif isinstance(validator, str):
        kind = validator
    else:
        kind = "invalid"
    if kind == DUPLICATE_ID:
        real.append("operationId")
        message = _duplicate_message(document, real) or message
    return Diagnostic(kind, pointer(*real), _short(message))


def _real_path(document: Any, logical: list[Any]) -> list[Any]:
    """Follow `logical` from the root, jumping through local `$ref`s as the library did."""
    node: Any = document
    path: list[Any] = []
    for token in logical:
        node, path = _deref(document, node, path, token)
        node = _child(node, token)  # None past the document (e.g. inside a value): path kept
        path.append(token)
    return path


def _deref(document: Any, node: Any, path: list[Any], token: Any) -> tuple[Any, list[Any]]:
    seen: set[str] = set()
    while isinstance(node, dict) and token not in node:
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/") or ref in seen:
            break
        seen.add(ref)
        path = [unescape(t) for t in ref[2:].split("/")]
        node = document
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
    return node, list(path)


def _duplicate_message(document: dict[str, Any], path: list[Any]) -> str | None:
    """Name the first operation that has the same operationId."""
    operation_id = _at(document, path)
    if not isinstance(operation_id, str):
        return None
    for url, item in (document.get("paths") or {}).items():
        for method, operation in item.items() if isinstance(item, dict) else ():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                first = ["paths", url, method, "operationId"]
                if first != path:
                    return f"operationId {operation_id!r} is also used at {pointer(*first)}"
                return None
    return None


def _at(document: Any, path: list[Any]) -> Any:
    node = document
    for token in path:
        node = _child(node, token)
    return node


def _child(node: Any, token: Any) -> Any:
    if isinstance(node, dict):
        return node.get(token)
    if isinstance(node, list) and isinstance(token, int) and 0 <= token < len(node):
        return node[token]
    return None


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 1] + "…"
