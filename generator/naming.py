"""Every Python name the generator emits is made here.

Rules are pure functions of the wire name (so names are stable across spec
versions); collisions are settled by `Namespace`, which hands out names in the
order claims are made. Callers claim in a deterministic order (sorted keys).
"""

from __future__ import annotations

import functools
import keyword
import re
import unicodedata
from collections.abc import Mapping

# The types generated annotations name that a field or method could be called: one
# defined in a class body would be what a later `x: str` or `at: datetime` names.
ANNOTATION_TYPES = frozenset({"str", "int", "float", "bool", "bytes", "object", "date", "datetime"})

# Names that would shadow pydantic.BaseModel attributes or break model classes.
PYDANTIC_RESERVED = (
    frozenset(
        {
            "model_config",
            "model_fields",
            "model_computed_fields",
            "model_extra",
            "model_fields_set",
            "model_construct",
            "model_copy",
            "model_dump",
            "model_dump_json",
            "model_json_schema",
            "model_parametrized_name",
            "model_post_init",
            "model_rebuild",
            "model_validate",
            "model_validate_json",
            "model_validate_strings",
            "copy",
            "dict",
            "json",
            "schema",
            "schema_json",
            "construct",
            "validate",
            "fields",
            "parse_obj",
            "parse_raw",
            "parse_file",
            "from_orm",
            "update_forward_refs",
        }
    )
    | ANNOTATION_TYPES
)

# Keyword names every generated method accepts (the runtime's RequestOptions).
# (An `Idempotency-Key` goes through extra_headers or the spec's own header param.)
REQUEST_OPTION_NAMES = frozenset(
    {"extra_headers", "extra_query", "extra_body", "timeout", "options"}  # `**options` itself
)
# What a parameter may not be called: the request options, and the names the method
# body uses (a parameter `file_param` would be what the body calls for a file field).
PARAM_RESERVED = REQUEST_OPTION_NAMES | {"self", "file_param"}

# Attributes a resource class already has, and the module-level names its body uses:
# a method `str` defined in the class body would be what a later `x: str` names, one
# called `cached_property` what a later `@cached_property` calls.
RESOURCE_RESERVED = (
    frozenset(
        {
            "with_raw_response",
            "with_streaming_response",
            # the async twins and the response views are declared with these
            "async_method",
            "async_binary_method",
            "async_pager",
            "raw_response",
            "async_raw_response",
            "streamed_response",
            "async_streamed_response",
            "cached_property",
            "file_param",
        }
    )
    | ANNOTATION_TYPES
)

# Module names that would clash with the package's own modules or stdlib used by it.
MODULE_RESERVED = frozenset({"types", "resources", "typing", "builtins"})

_SYMBOLS = {
    "+": "plus",
    "-": "minus",
    "@": "at",
    "$": "dollar",
    "#": "hash",
    "*": "star",
    "%": "percent",
    "&": "and",
    "=": "eq",
    "<": "lt",
    ">": "gt",
    "!": "not",
    "~": "tilde",
    "/": "slash",
    ".": "dot",
}

# An acronym's plural is one word: `ImageURLs` -> `image urls`, `IDs` -> `ids` (the
# camel rules below would read `URLs` as `UR` + `Ls`).
_ACRONYM_PLURAL = re.compile(r"([A-Z]{2,})s(?![a-z])")
_CAMEL_1 = re.compile(r"([A-Z]+)([A-Z][a-z])")
_CAMEL_2 = re.compile(r"([a-z0-9])([A-Z])")
_NON_WORD = re.compile(r"[^0-9a-zA-Z]+")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def words(name: str) -> list[str]:
    """Split any wire name into lowercase words: `PageNumber`, `page[number]`, `page-number`."""
    return list(_words(name))


@functools.lru_cache(maxsize=65536)
def _words(name: str) -> tuple[str, ...]:
    # ~120k calls for ~7k distinct names on the Telnyx spec: cached.
    text = _ascii(name)
    if text and not any(ch.isalnum() for ch in text):
        # A name made only of symbols (`+1` has a digit, `+` does not): spell them.
        text = " ".join(_SYMBOLS.get(ch, "") for ch in text)
    elif text[:1] in _SYMBOLS and len(text) > 1 and not text[0].isalnum():
        text = _SYMBOLS[text[0]] + " " + text[1:]
    text = _ACRONYM_PLURAL.sub(lambda m: f" {m.group(1).lower()}s ", text)
    text = _CAMEL_1.sub(r"\1 \2", text)
    text = _CAMEL_2.sub(r"\1 \2", text)
    return tuple(w.lower() for w in _NON_WORD.split(text) if w)


def snake(name: str, *, fallback: str = "value") -> str:
    parts = words(name)
    result = "_".join(parts) or fallback
    if result[0].isdigit():
        result = f"{fallback}_{result}"
    return result


# Words class names spell in capitals, as the official Telnyx SDK does (`GlobalIPAssignment`,
# `OAuthClient`, `AlphanumericSenderID`); every other word is capitalised.
_CLASS_WORDS = {
    "ai": "AI",
    "api": "API",
    "http": "HTTP",
    "id": "ID",
    "ids": "IDs",
    "ip": "IP",
    "ips": "IPs",
    "oauth": "OAuth",
    "sdk": "SDK",
    "sms": "SMS",
    "url": "URL",
    "urls": "URLs",
}


def pascal(name: str, *, fallback: str = "Model") -> str:
    parts = words(name)
    result = "".join(_CLASS_WORDS.get(p) or p[:1].upper() + p[1:] for p in parts) or fallback
    if result[0].isdigit():
        result = fallback[:1].upper() + result
    return result


def is_identifier(name: str) -> bool:
    """Usable as a class-syntax TypedDict key / attribute as is."""
    return (
        name.isidentifier()
        and name.isascii()
        and not keyword.iskeyword(name)
        and name not in PYDANTIC_RESERVED
    )


def attribute(name: str, *, reserved: frozenset[str] = frozenset()) -> str:
    """snake_case attribute safe from keywords and the given reserved names."""
    result = snake(name, fallback="n")
    if keyword.iskeyword(result) or keyword.issoftkeyword(result) or result in reserved:
        result += "_"
    return result


# Device names Windows will not create as files, whatever the extension.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{d}{i}" for d in ("com", "lpt") for i in "123456789"}
)


def module_name(name: str) -> str:
    """snake_case module name an import statement accepts (`Import` -> `import_`)
    and every file system can hold (`Con` -> `con_`)."""
    return file_safe(snake(name))


def file_safe(name: str) -> str:
    """`name` as a module file/directory name: not a keyword, not a Windows device."""
    reserved = keyword.iskeyword(name) or name.casefold() in WINDOWS_RESERVED
    return name + "_" if reserved else name


def class_name(name: str, *, fallback: str = "Model") -> str:
    result = pascal(name, fallback=fallback)
    if keyword.iskeyword(result):
        result += "_"
    return result


_IRREGULAR = {"addresses": "address", "statuses": "status", "aliases": "alias"}


def singular(word: str) -> str:
    """Good enough English singular for resource names (`addresses` -> `address`)."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch")):
        if word.endswith(suffix):
            return word[: -len(suffix)] + repl
    # -ss (access), -us (status), -is (analysis) are singular already.
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


class NameLock:
    """The names an earlier run handed out, so a claimant keeps its name as the spec grows.

    Namespaces settle collisions in claim order, so a new operation or schema
    that is claimed first would take an existing claimant's name (which becomes
    `Name2`). With the lock of the previous run, a claimant with a key (its JSON
    pointer, `method path`...) gets back the name it held, as long as that name
    still derives from what it prefers now; the names held are reserved, so a
    newcomer that wants one gets the next free variant instead.
    `claimed` is what this run handed out: the next run's lock.
    """

    def __init__(self, previous: Mapping[tuple[str, str], str] | None = None) -> None:
        self.previous: dict[tuple[str, str], str] = dict(previous or {})
        self.claimed: dict[tuple[str, str], str] = {}

    def held(self, scope: str) -> dict[str, str]:
        return {key: name for (s, key), name in self.previous.items() if s == scope}

    def entries(self) -> tuple[tuple[str, str, str], ...]:
        return tuple(sorted((s, k, n) for (s, k), n in self.claimed.items()))


class Namespace:
    """Allocates unique names in one scope; the first claimant keeps the plain name.

    With a `NameLock`, a claim that gives a `key` keeps the name the key held
    in the previous run (see NameLock).
    """

    def __init__(
        self,
        reserved: frozenset[str] | set[str] = frozenset(),
        *,
        lock: NameLock | None = None,
        scope: str = "",
    ) -> None:
        self._reserved = frozenset(reserved)
        self._taken: set[str] = set(reserved)
        self._folded: set[str] = {n.lower() for n in reserved}
        self._lock: NameLock | None = None
        self._scope = scope
        self._held: dict[str, str] = {}
        if lock is not None:
            self.attach(lock, scope)

    def attach(self, lock: NameLock, scope: str) -> None:
        """Reserve the names `lock` says this scope's keys held (those not taken already)."""
        self._lock, self._scope = lock, scope
        self._held = {k: n for k, n in lock.held(scope).items() if n not in self._taken}
        self._taken.update(self._held.values())
        self._folded.update(n.lower() for n in self._held.values())

    def unreserve(self, name: str) -> None:
        """Free `name` if only the lock holds it (no claim of this run has it)."""
        for key, held in list(self._held.items()):
            if held == name:
                del self._held[key]
                self._taken.discard(name)
                self._folded.discard(name.lower())

    def __contains__(self, name: str) -> bool:
        return name in self._taken

    def free(self, name: str, key: str | None = None) -> bool:
        """`name` can be claimed (by `key`, which may hold it from the previous run)."""
        return name not in self._taken or (key is not None and self._held.get(key) == name)

    def claim(self, preferred: str, *, fold_case: bool = False, key: str | None = None) -> str:
        """Return `preferred` or `preferred2`, `preferred3`... (`_2` for snake names).

        With fold_case, names equal ignoring case collide too (module file names on
        case-insensitive file systems). A `key` that held `preferred` or one of its
        numbered variants in the locked run gets it again.
        """
        sep = "_" if preferred == preferred.lower() else ""  # snake_2, Pascal2
        base = preferred.rstrip("_")
        held = self._held.pop(key, None) if key is not None else None
        if held is not None and (
            held == preferred or (held.startswith(base + sep) and _digits(held[len(base + sep) :]))
        ):
            candidate = held
        else:
            if held is not None:
                # The key wants another name now (an override): what it held is free again.
                self._taken.discard(held)
                self._folded.discard(held.lower())
            candidate, n = preferred, 1
            while candidate in self._taken or (fold_case and candidate.lower() in self._folded):
                n += 1
                candidate = f"{base}{sep}{n}"
        self._taken.add(candidate)
        self._folded.add(candidate.lower())
        if key is not None and self._lock is not None:
            self._lock.claimed.setdefault((self._scope, key), candidate)
        return candidate


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()
