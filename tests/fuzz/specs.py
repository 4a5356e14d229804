"""Hypothesis strategies for random, hostile OpenAPI 3.0/3.1 documents.

The documents are valid enough to describe an API (every `$ref` resolves, path
templates match their path parameters) and hostile everywhere else: names are
keywords, builtins, the generator's own identifiers, unicode, case-only
collisions, symbols, empty strings and leading digits; descriptions carry
docstring terminators, Jinja syntax, control characters and code; enums hold odd
values; schemas nest, recurse and mix 3.0 `nullable` with 3.1 type arrays.
"""

from __future__ import annotations

import keyword
from typing import Any

from hypothesis import strategies as st

from generator.naming import (
    MODULE_RESERVED,
    PYDANTIC_RESERVED,
    REQUEST_OPTION_NAMES,
    RESOURCE_RESERVED,
)

JSON = dict[str, Any]

KEYWORDS = sorted(set(keyword.kwlist) | set(keyword.softkwlist))
BUILTINS = [
    "str",
    "int",
    "float",
    "bool",
    "bytes",
    "object",
    "list",
    "dict",
    "set",
    "type",
    "id",
    "print",
    "len",
    "self",
    "cls",
    "super",
    "property",
    "classmethod",
    "Exception",
    "NotImplemented",
    "Ellipsis",
    "__init__",
    "__class__",
    "__dict__",
    "__all__",
    "__version__",
    "__getattr__",
    "__dir__",
    "__name__",
]
# Names the generated code itself uses: imports, runtime classes, template locals.
GENERATED_NAMES = [
    "Any",
    "Dict",
    "List",
    "Literal",
    "Optional",
    "Union",
    "Required",
    "TypedDict",
    "BaseModel",
    "Field",
    "FileTypes",
    "annotations",
    "NOT_GIVEN",
    "NotGiven",
    "RequestOptions",
    "Unpack",
    "Endpoint",
    "PageSpec",
    "Lazy",
    "TypesModule",
    "SyncPage",
    "AsyncPaginator",
    "SyncAPIResource",
    "AsyncAPIResource",
    "SyncAPIClient",
    "AsyncAPIClient",
    "Webhooks",
    "cached_property",
    "TYPE_CHECKING",
    "ClassVar",
    "importlib",
    "_types",
    "_MODULES",
    "_client",
    "_models",
    "api_key",
    "base_url",
    "webhooks",
    "with_options",
    "request",
    "request_page",
    "httpx",
    "pydantic",
    "typing_extensions",
    "Telnyx",
    "Param",
    "Response",
    "Variant0",
    "Item",
    *sorted(PYDANTIC_RESERVED),
    *sorted(REQUEST_OPTION_NAMES),
    *sorted(RESOURCE_RESERVED),
    *sorted(MODULE_RESERVED),
]
CASE_COLLISIONS = [
    "Foo",
    "foo",
    "FOO",
    "fooBar",
    "foo_bar",
    "foo-bar",
    "FooBar",
    "foo bar",
    "Foo.Bar",
    "foo__bar",
    "_foo",
    "foo_",
    "from",
    "From",
    "FROM",
    "from_",
    "type_",
    "Type",
    "data",
    "Data",
    "meta",
]
UNICODE = [
    "名前",
    "中文",
    "café",
    "Café",
    "ß",
    "SS",
    "straße",
    "Ωmega",
    "ñandú",
    "émoji🙂",
    "🙂",
    "ﬁle",  # ligature, NFKD -> "file"
    "\uff26\uff55\uff4c\uff4c",  # fullwidth "Full", NFKD -> "Full"
    "ǅ",
    "İ",
    "\u0131",  # dotless i
    "a\u2028b",
    "\u200b",
]
SYMBOLS = [
    "+",
    "-",
    "$",
    "@",
    "#",
    "*",
    "%",
    "&",
    "=",
    "!",
    "~",
    "/",
    ".",
    "..",
    "../../x",
    "/abs",
    "+1",
    "-1",
    "$ref",
    "@timestamp",
    "@type",
    "::",
    "{}",
    "[]",
    "page[number]",
    "filter[a][b]",
    '"',
    "'",
    "\\",
    "`",
    "a'b",
    'a"b',
    "a\\b",
    " ",
    "\t",
    "\x00",
    "a\nb",
]
DIGITS = ["1", "2fa", "3d_secure", "007", "1st", "0", "9lives", "1.5", "10dlc"]
EMPTYISH = ["", "_", "__", "___"]
LONG = ["x" * 120, "VeryLong" * 12, "a long name with spaces " * 5, "名前" * 50]
# Past the line length: lines black and ruff must split (or leave) the same way.
LONG_TEXT = [
    "A long description, " * 8,
    'a "quoted" word and ' * 6,
    "back\\slash " * 12,
    "名前 " * 40,
    "x" * 100 + '"',
    "no_spaces_at_all_" * 8,
]
NAME_POOL = (
    KEYWORDS
    + BUILTINS
    + GENERATED_NAMES
    + CASE_COLLISIONS
    + UNICODE
    + SYMBOLS
    + DIGITS
    + EMPTYISH
    + LONG
)

HOSTILE_TEXT = [
    '"""',
    "'''",
    'ends with a quote"',
    "ends with a backslash\\",
    "\\",
    '"""\\',
    "{{ x }}",
    "{{ ir.package }}",
    "{% raw %}",
    "{% if true %}x{% endif %}",
    "{# comment",
    "nul\x00byte",
    "\x1b[31mred",
    "bell\x07",
    "line\u2028separator",
    "para\u2029separator",
    "next\x85line",
    '\'); import os; os.system("x") #',
    '"); import os; os.system("x") #',
    '""" + __import__("os").system("x") + """',
    "\r\nwindows\r\nlines\r",
    "tab\there",
    "\\N{BULLET} \\u0041 \\x41",
    "%s %(x)s {0} {x!r}",
    "# not a comment",
    "`code` *md* <b>html</b>",
    "  leading and trailing  ",
    "\n\n\n",
    *LONG_TEXT,
]


# Strategies built once (hypothesis draws are the fuzz loop's main cost: pools are
# cheap, free text is one draw per character, so it comes a quarter of the time).
_POOL_NAMES = st.sampled_from(NAME_POOL)
_FREE_NAMES = st.one_of(st.text(max_size=6), st.text(alphabet="aA_1-. ", min_size=1, max_size=5))
_NAMES = st.one_of(_POOL_NAMES, _POOL_NAMES, _POOL_NAMES, _FREE_NAMES)
_POOL_TEXT = st.sampled_from(HOSTILE_TEXT)
_TEXTS = st.one_of(
    _POOL_TEXT,
    _POOL_TEXT,
    st.lists(_POOL_TEXT, min_size=2, max_size=3).map("".join),
    st.text(max_size=12),
)


def _path_safe(name: str) -> bool:
    return bool(name) and not (set(name) & _PATH_UNSAFE)


def names() -> st.SearchStrategy[str]:
    return _NAMES


def texts() -> st.SearchStrategy[str]:
    return _TEXTS


ENUM_STRINGS = [
    *HOSTILE_TEXT,
    "a",
    "A",
    "\uff41",
    "active",
    "ACTIVE",
    "Active",
    "",
    " ",
    "1",
    "true",
]
# No 0 or 1 beside booleans (pydantic's Literal takes 0 for False: see test_found.py).
ENUM_SCALARS: list[Any] = [2, -1, 2**40, 2**63, -(2**70), 1.5, -0.0, 1e300, True, False, None]


def enum_values() -> st.SearchStrategy[list[Any]]:
    """1-6 values: strings, ints, bools, null, duplicates and case-fold twins."""
    value = st.one_of(
        st.sampled_from(ENUM_STRINGS),
        st.text(max_size=6),
        st.sampled_from(ENUM_SCALARS),
        st.integers(-1000, 1000).filter(lambda n: n not in (0, 1)),
    )
    return st.lists(value, min_size=1, max_size=6)


# Objects with a `$ref` key, as SCIM and JSON:API payloads carry them: data, never followed.
REF_DATA: list[Any] = [
    {"$ref": "https://example.com/scim/v2/Users/2819c223"},
    {"$ref": "#/components/schemas/Nowhere"},
    {"$ref": "../Groups/e9e30dba", "value": "e9e30dba", "display": "Admins"},
    {"$ref": "#/components/schemas/Nowhere/properties/x"},
    [{"$ref": "#"}, {"$ref": 1}],
]
_REF_DATA = st.sampled_from(REF_DATA)
UNRESOLVED_REF = "unresolved-ref"
REF_CYCLE = "ref-cycle"


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def component_ref(name: str) -> JSON:
    return {"$ref": "#/components/schemas/" + escape(name)}


# Characters that would change what a path template means (or is not a URL path).
_PATH_UNSAFE = set("{}?#%/\\ \t\r\n\x00\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029\x7f") | {
    chr(c) for c in range(32)
}
_SEGMENTS = st.one_of(
    st.sampled_from(["actions", "items", "v1", "things", "me"]),
    st.sampled_from([n for n in NAME_POOL if _path_safe(n)]),
    st.text(alphabet="aZ_1-.~$@+é名", min_size=1, max_size=5),
)
_PATH_PARAMS = st.one_of(
    st.sampled_from([n for n in NAME_POOL if _path_safe(n)]),
    st.text(alphabet="aZ_1-.$@é", min_size=1, max_size=5),
)
# Header names must be HTTP tokens for any client to send them.
_HEADER_NAMES = [
    "X-Request-Id",
    "x-request-id",
    "Idempotency-Key",
    "X-Api-Version",
    "Authorization",
    "If-Match",
    "X-Class",
    "x-from",
    "X-1",
    "X--",
]


class _Doc:
    """Draws one document. `draw` is hypothesis's draw function."""

    def __init__(self, draw: Any) -> None:
        self.draw = draw
        self.version = draw(st.sampled_from(["3.1.0", "3.0.3"]))
        self.components: dict[str, JSON] = {}
        self.component_names: list[str] = []
        self.examples: dict[str, JSON] = {}  # components/examples
        self.expected: list[tuple[str, str]] = []  # (kind, pointer) of each warning due

    # ---- schemas ----------------------------------------------------------------

    def annotate(self, schema: JSON) -> JSON:
        draw = self.draw
        flags = draw(st.integers(0, 63))  # one draw for which annotations appear
        if flags & 3 == 0:
            schema["description"] = draw(texts())
        if flags & 12 == 0:
            schema["title"] = draw(names())
        if flags & 48 == 0:
            schema["example"] = draw(
                st.sampled_from(["{{ x }}", '"""', None, 1, {}, [], *REF_DATA])
            )
        elif flags & 48 == 16 and self.version.startswith("3.1"):
            schema["examples"] = [draw(_REF_DATA), draw(st.sampled_from([None, "x", 2]))]
        if flags == 63:
            schema["deprecated"] = True
        return schema

    def nullable(self, schema: JSON) -> JSON:
        """Make `schema` nullable, 3.0 or 3.1 style (both may meet in one document)."""
        style = self.draw(st.sampled_from(["nullable", "type-array", "oneOf", "anyOf"]))
        if style == "nullable" or "$ref" in schema:
            if "$ref" in schema and style != "nullable":
                return {"anyOf": [schema, {"type": "null"}]}
            return {**schema, "nullable": True}
        if style == "type-array" and isinstance(schema.get("type"), str):
            return {**schema, "type": [schema["type"], "null"]}
        return {style if style != "type-array" else "oneOf": [schema, {"type": "null"}]}

    def schema(self, depth: int) -> JSON:
        draw = self.draw
        kinds = ["prim", "prim", "enum", "const", "any", "multi"]
        if self.component_names:
            kinds += ["ref", "ref", "ref-sibling"]
        if depth > 0:
            kinds += ["object", "object", "map", "array", "tuple", "allOf", "oneOf", "union"]
        kind = draw(st.sampled_from(kinds))
        result = self._schema(kind, depth)
        if kind != "ref" and draw(st.integers(0, 5)) == 0:
            result = self.nullable(result)
        if "$ref" not in result:
            result = self.annotate(result)
        return result

    def _schema(self, kind: str, depth: int) -> JSON:
        draw = self.draw
        if kind == "prim":
            t = draw(st.sampled_from(["string", "integer", "number", "boolean"]))
            schema: JSON = {"type": t}
            if t == "string" and draw(st.booleans()):
                schema["format"] = draw(
                    st.sampled_from(["date-time", "uuid", "binary", "byte", "email", "{{x}}"])
                )
            fallback = draw(st.integers(0, 7))
            if fallback == 0:
                schema["default"] = {"string": "d", "integer": 1, "number": 1.5}.get(t, True)
            elif fallback == 1:
                schema["default"] = draw(_REF_DATA)
            return schema
        if kind == "enum":
            values = draw(enum_values())
            if draw(st.integers(0, 7)) == 0:  # an object among the values: no Literal
                values.append(draw(_REF_DATA))
            schema = {"enum": values}
            kinds = {type(v) for v in values if v is not None}
            if kinds == {str}:
                schema["type"] = "string"
            elif kinds == {int}:
                schema["type"] = "integer"
            return schema
        if kind == "const":
            consts = ["x", '"""', "{{ y }}", -3, 7, 2**64, 2.5, True, False, None, {}, [1]]
            consts += REF_DATA[:3]
            return {"const": draw(st.sampled_from(consts))}
        if kind == "any":
            return draw(st.sampled_from([{}, {"type": "object"}, {"description": "anything"}]))
        if kind == "multi":
            types = draw(
                st.lists(
                    st.sampled_from(["string", "integer", "boolean", "number"]),
                    min_size=2,
                    max_size=3,
                    unique=True,
                )
            )
            return {"type": types}
        if kind == "ref":
            return component_ref(draw(st.sampled_from(self.component_names)))
        if kind == "ref-sibling":
            ref = component_ref(draw(st.sampled_from(self.component_names)))
            return {**ref, "description": draw(texts())}
        if kind == "object":
            return self.object_schema(depth - 1)
        if kind == "map":
            values: Any = True if draw(st.integers(0, 3)) == 0 else self.schema(depth - 1)
            return {"type": "object", "additionalProperties": values}
        if kind == "array":
            return {"type": "array", "items": self.schema(depth - 1)}
        if kind == "tuple":
            n = draw(st.integers(1, 3))
            return {"type": "array", "prefixItems": [self.schema(depth - 1) for _ in range(n)]}
        if kind == "allOf":
            members: list[JSON] = []
            if self.component_names and draw(st.booleans()):
                members.append(component_ref(draw(st.sampled_from(self.component_names))))
            members.append(self.object_schema(depth - 1))
            if draw(st.booleans()):
                members.append({"description": draw(texts())})
            return {"allOf": members}
        if kind == "oneOf":
            return self.discriminated(depth - 1)
        # a plain union, oneOf or anyOf, without discriminator
        keyword_ = draw(st.sampled_from(["oneOf", "anyOf"]))
        n = draw(st.integers(1, 3))
        variants = [self.schema(depth - 1) for _ in range(n)]
        for v in variants:
            if "$ref" not in v and draw(st.integers(0, 3)) == 0:
                v["title"] = draw(names())
        return {keyword_: variants}

    def object_schema(self, depth: int, *, min_props: int = 0) -> JSON:
        draw = self.draw
        # Wide at the leaves, narrow higher up: deep documents stay small.
        width = 4 if depth <= 0 else 2
        props = draw(st.lists(names(), min_size=min_props, max_size=width, unique=True))
        properties: JSON = {}
        required: list[str] = []
        for prop in props:
            sub = self.schema(max(depth, 0))
            flags = draw(st.integers(0, 20))  # required 1/3; readOnly, writeOnly 1/21 each
            if flags < 2:
                sub = {**sub, ("readOnly", "writeOnly")[flags]: True}
            properties[prop] = sub
            if flags % 3 == 2:
                required.append(prop)
        schema: JSON = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        extra = draw(st.integers(0, 11))
        if extra == 0:
            schema["additionalProperties"] = False
        elif extra == 1:
            schema["additionalProperties"] = {"type": "string"}
        elif extra == 2:
            schema["default"] = {}
        elif extra == 3:
            schema["default"] = draw(_REF_DATA)
        return schema

    def discriminated(self, depth: int) -> JSON:
        """oneOf objects told apart by a property, inline or through refs + mapping."""
        draw = self.draw
        prop = draw(st.sampled_from(["type", "kind", "object", "$type", "from", "Type", "@type"]))
        tags = draw(st.lists(st.sampled_from(ENUM_STRINGS), min_size=1, max_size=3, unique=True))
        variants: list[JSON] = []
        mapping: dict[str, str] = {}
        for tag in tags:
            body = self.object_schema(depth)
            body["properties"] = {**body["properties"], prop: {"type": "string", "enum": [tag]}}
            body["required"] = [prop, *[r for r in body.get("required", []) if r != prop]]
            body.pop("additionalProperties", None)
            if draw(st.booleans()):
                name = self.new_component(draw(names()), body)
                variants.append(component_ref(name))
                mapping[tag] = "#/components/schemas/" + escape(name)
            else:
                variants.append(body)
        disc: JSON = {"propertyName": prop}
        if mapping and draw(st.booleans()):
            disc["mapping"] = mapping
        return {"oneOf": variants, "discriminator": disc}

    def new_component(self, name: str, schema: JSON) -> str:
        base, n = name, 1
        while name in self.components or name in self.component_names:
            n += 1
            name = f"{base}{n}"
        self.components[name] = schema
        return name

    # ---- references the generator cannot follow ------------------------------------

    def broken(self) -> tuple[str, JSON]:
        """A component whose properties hold references that do not resolve or loop, and
        one that resolves only against its nearest enclosing `$defs`; the warnings due
        go to `expected`. Other schemas may refer to it like to any component."""
        draw = self.draw
        name = draw(names())
        while name in self.component_names or name in self.components:
            name += "_"
        # Taken now, so that the loop's components below get other names.
        self.components[name] = {}
        at = "/components/schemas/" + escape(name)
        kinds = draw(
            st.lists(
                st.sampled_from(["missing", "url", "file", "defs", "cycle"]),
                min_size=1,
                max_size=3,
                unique=True,
            )
        )
        properties: JSON = {}
        for kind in kinds:
            prop = draw(names())
            if prop in properties:
                continue
            where = f"{at}/properties/{escape(prop)}"
            if kind == "missing":
                properties[prop] = {"$ref": "#/components/schemas/" + escape(prop + " (gone)")}
                self.expected.append((UNRESOLVED_REF, where + "/$ref"))
            elif kind == "url":
                properties[prop] = {"$ref": "https://example.com/schemas/thing.json#/Thing"}
                self.expected.append((UNRESOLVED_REF, where + "/$ref"))
            elif kind == "file":
                properties[prop] = {"$ref": "common.yaml#/components/schemas/Thing"}
                self.expected.append((UNRESOLVED_REF, where + "/$ref"))
            elif kind == "defs":
                # pydantic's JSON Schema: `#/$defs/X` means the enclosing schema's `$defs`
                inner = self.schema(0)
                while "$ref" in inner:
                    inner = self.schema(0)
                properties[prop] = {
                    "type": "object",
                    "$defs": {"Inner": inner},
                    "properties": {"inner": {"$ref": "#/$defs/Inner"}},
                }
            else:
                first = self.new_component(draw(names()), {})
                second = self.new_component(draw(names()), {})
                self.components[first] = {"$ref": "#/components/schemas/" + escape(second)}
                self.components[second] = {"$ref": "#/components/schemas/" + escape(first)}
                properties[prop] = {"$ref": "#/components/schemas/" + escape(first)}
                for member in (first, second):
                    self.expected.append((REF_CYCLE, "/components/schemas/" + escape(member)))
        return name, {"type": "object", "properties": properties}

    # ---- operations -----------------------------------------------------------------

    def path_template(self) -> tuple[str, list[str]]:
        draw = self.draw
        segments: list[str] = []
        params: list[str] = []
        for _ in range(draw(st.integers(1, 4))):
            if draw(st.integers(0, 2)) == 0:
                name = draw(_PATH_PARAMS)
                if name in params:
                    continue
                params.append(name)
                segments.append("{" + name + "}")
            else:
                segments.append(draw(_SEGMENTS))
        return "/" + "/".join(segments), params

    def param(self, location: str, name: str) -> JSON:
        draw = self.draw
        param: JSON = {"name": name, "in": location}
        if location == "path":
            param["required"] = True
            param["schema"] = draw(
                st.sampled_from(
                    [{"type": "string"}, {"type": "integer"}, {"type": "string", "enum": ["a"]}]
                )
            )
        elif location == "query" and draw(st.integers(0, 3)) == 0:
            param["style"] = "deepObject"
            param["explode"] = True
            param["schema"] = self.object_schema(1, min_props=1)
        elif location == "query" and draw(st.integers(0, 3)) == 0:
            param["schema"] = {"type": "array", "items": self.schema(0)}
        else:
            param["schema"] = self.schema(0 if location == "header" else 1)
        if location != "path" and draw(st.integers(0, 3)) == 0:
            param["required"] = True
        if draw(st.booleans()):
            param["description"] = draw(texts())
        if draw(st.integers(0, 5)) == 0:
            param["examples"] = {
                "scim": {"value": draw(_REF_DATA)},
                "shared": {"$ref": "#/components/examples/" + escape(self.shared_example())},
            }
        return param

    def shared_example(self) -> str:
        """A `components/examples` entry whose value is `$ref`-shaped data."""
        name = "ref-shaped data"
        self.examples.setdefault(name, {"summary": "a SCIM member", "value": self.draw(_REF_DATA)})
        return name

    def request_body(self) -> JSON:
        draw = self.draw
        kind = draw(st.sampled_from(["json", "json", "form", "multipart", "both", "whole", "bin"]))
        obj = self.object_schema(2, min_props=1)
        if kind in ("json", "form"):
            media = {
                "json": draw(st.sampled_from(["application/json", "application/vnd.x+json"])),
                "form": "application/x-www-form-urlencoded",
            }[kind]
            content = {media: {"schema": obj}}
        elif kind in ("multipart", "both"):
            multipart = {
                **obj,
                "properties": {
                    **obj["properties"],
                    draw(names()): {"type": "string", "format": "binary"},
                },
            }
            content = {"multipart/form-data": {"schema": multipart}}
            if kind == "both":
                content = {"application/json": {"schema": obj}, **content}
        elif kind == "whole":
            content = {"application/json": {"schema": self.schema(2)}}
        else:
            content = {"application/octet-stream": {"schema": {"type": "string"}}}
        body: JSON = {"content": content}
        if draw(st.booleans()):
            body["required"] = True
        if draw(st.booleans()):
            body["description"] = draw(texts())
        return body

    def responses(self, method: str) -> JSON:
        draw = self.draw
        kind = draw(
            st.sampled_from(["json", "json", "json", "page", "none", "text", "sse", "binary"])
        )
        status = draw(st.sampled_from(["200", "201", "202", "2XX"]))
        ok: JSON = {"description": draw(texts())}
        if kind == "json":
            media = draw(st.sampled_from(["application/json", "application/vnd.github+json"]))
            ok["content"] = {media: {"schema": self.schema(3)}}
        elif kind == "page":
            item = self.schema(2)
            meta = draw(
                st.sampled_from(
                    [
                        {"page_number": {"type": "integer"}, "total_pages": {"type": "integer"}},
                        {"next_cursor": {"type": "string"}},
                        {
                            "cursors": {
                                "type": "object",
                                "properties": {"after": {"type": "string"}},
                            }
                        },
                    ]
                )
            )
            ok["content"] = {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "data": {"type": "array", "items": item},
                            "meta": {"type": "object", "properties": meta},
                        },
                    }
                }
            }
        elif kind == "none":
            status = "204"
        elif kind == "text":
            ok["content"] = {"text/plain": {"schema": {"type": "string"}}}
        elif kind == "sse":
            ok["content"] = {"text/event-stream": {"schema": {"type": "string"}}}
        else:
            ok["content"] = {"application/octet-stream": {"schema": {"type": "string"}}}
        result: JSON = {status: ok}
        if draw(st.booleans()):
            result["default"] = {
                "description": "error",
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        return result

    def operation(self, method: str, path_params: list[str]) -> JSON:
        draw = self.draw
        op: JSON = {"responses": self.responses(method)}
        if draw(st.integers(0, 3)) > 0:
            op["operationId"] = draw(names())
        for key in ("summary", "description"):
            if draw(st.booleans()):
                op[key] = draw(texts())
        if draw(st.booleans()):
            op["tags"] = draw(st.lists(names(), max_size=2))
        if draw(st.integers(0, 5)) == 0:
            op["deprecated"] = True
        params = [self.param("path", p) for p in path_params]
        seen = {(p, "path") for p in path_params}
        if method == "get" and draw(st.integers(0, 3)) == 0:
            if draw(st.booleans()):
                params.append(
                    {
                        "name": "page",
                        "in": "query",
                        "style": "deepObject",
                        "schema": {
                            "type": "object",
                            "properties": {
                                "number": {"type": "integer"},
                                "size": {"type": "integer"},
                            },
                        },
                    }
                )
                seen.add(("page", "query"))
            else:
                for name in ("starting_after", "limit"):
                    params.append({"name": name, "in": "query", "schema": {"type": "string"}})
                    seen.add((name, "query"))
        for _ in range(draw(st.integers(0, 2))):
            location = draw(st.sampled_from(["query", "query", "header", "cookie"]))
            name = draw(st.sampled_from(_HEADER_NAMES) if location == "header" else names())
            # Header names are case-insensitive: `X-Request-Id` and `x-request-id` are one
            # parameter, and a document may not define it twice.
            key = name.lower() if location == "header" else name
            if (key, location) in seen:
                continue
            seen.add((key, location))
            params.append(self.param(location, name))
        if params:
            op["parameters"] = params
        if method in ("post", "put", "patch") and draw(st.integers(0, 4)) > 0:
            op["requestBody"] = self.request_body()
        return op

    # ---- the document ---------------------------------------------------------------

    def document(self) -> JSON:
        draw = self.draw
        self.component_names = draw(st.lists(names(), max_size=4, unique=True))
        drawn = list(self.component_names)
        if draw(st.integers(0, 3)) == 0:
            name, schema = self.broken()
            self.component_names.append(name)
            self.components[name] = schema
        # Bodies refer to any component, so recursion (direct and mutual) happens.
        for name in drawn:
            schema = self.schema(draw(st.integers(1, 3)))
            while "$ref" in schema:  # `A: {$ref: B}, B: {$ref: A}` is no schema at all
                schema = self.schema(1)
            self.components[name] = schema
        paths: JSON = {}
        for _ in range(draw(st.integers(1, 2))):
            template, params = self.path_template()
            if template in paths:
                continue
            methods = draw(
                st.lists(
                    st.sampled_from(["get", "post", "put", "patch", "delete"]),
                    min_size=1,
                    max_size=3,
                    unique=True,
                )
            )
            paths[template] = {m: self.operation(m, params) for m in methods}
        info: JSON = {"title": draw(st.one_of(texts(), names())), "version": draw(names())}
        if draw(st.booleans()):
            info["description"] = draw(texts())
        document: JSON = {"openapi": self.version, "info": info, "paths": paths}
        server = draw(st.integers(0, 3))
        if server == 1:
            document["servers"] = [{"url": draw(texts())}]
        elif server >= 2:
            document["servers"] = [
                {
                    "url": "{scheme}://{host}/v{version}",
                    "variables": {
                        "scheme": {"default": "https", "enum": ["https", "http"]},
                        "host": {"default": draw(st.sampled_from(["api.example.com", "h'\"x"]))},
                        "version": {"default": "1"},
                    },
                }
            ]
        if self.components:
            document["components"] = {"schemas": self.components}
        if self.examples:
            document.setdefault("components", {})["examples"] = self.examples
        return document


@st.composite
def documents_and_warnings(draw: Any) -> tuple[JSON, frozenset[tuple[str, str]]]:
    """A random hostile OpenAPI document and the (kind, pointer) of every reference
    warning the generator must give for it."""
    doc = _Doc(draw)
    document = doc.document()
    return document, frozenset(doc.expected)


def documents() -> st.SearchStrategy[JSON]:
    """A random hostile OpenAPI document."""
    return documents_and_warnings().map(lambda pair: pair[0])
