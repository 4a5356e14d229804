"""The document around the schemas: info, servers, operations, webhooks, as nodes.

Parameters, request bodies and responses are resolved through their `$ref`s
here; each keeps the pointer the IR names its inline types after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import GeneratorError
from .node import Schema
from .pointer import child, pointer
from .reader import SchemaReader, text

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
ParamLocation = Literal["path", "query", "header", "cookie"]
PARAM_LOCATIONS: tuple[ParamLocation, ...] = ("path", "query", "header", "cookie")
_SERVER_VAR = re.compile(r"\{([^}]*)\}")


def media_essence(media_type: str) -> str:
    """`type/subtype` of a media type, lower-cased (media types are case-insensitive),
    without its parameters (`; charset=utf-8`)."""
    return media_type.split(";")[0].strip().lower()


def is_json(media_type: str) -> bool:
    """`application/json` or any `+json` media type (parameters ignored)."""
    mt = media_essence(media_type)
    return mt == "application/json" or mt.endswith("+json")


@dataclass(frozen=True, slots=True)
class PropertyEncoding:
    """How a form or multipart body property goes out (`encoding.<prop>`)."""

    style: str = ""
    explode: bool = True


@dataclass(frozen=True, slots=True)
class MediaType:
    media_type: str
    schema: Schema | None  # None: the media type declares no schema
    at: str  # pointer of its schema
    encoding: tuple[tuple[str, PropertyEncoding], ...] = ()


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    location: ParamLocation  # parameters elsewhere are dropped
    schema: Schema
    at: str  # pointer of the parameter (after its `$ref`)
    style: str
    explode: bool
    required: bool
    description: str


@dataclass(frozen=True, slots=True)
class RequestBody:
    content: tuple[MediaType, ...]  # never empty
    required: bool
    at: str


@dataclass(frozen=True, slots=True)
class ResponseNode:
    status: str
    content: tuple[MediaType, ...]  # () when the response has no body
    at: str


@dataclass(frozen=True, slots=True)
class OperationNode:
    path: str
    method: str
    at: str
    operation_id: str
    summary: str
    description: str
    deprecated: bool
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]  # path-level ones merged in, op-level win
    request_body: RequestBody | None
    responses: tuple[ResponseNode, ...]  # 2xx only, sorted by status
    server: str | None  # the first `servers` URL of the operation or its path


@dataclass(frozen=True, slots=True)
class WebhookNode:
    name: str
    method: str
    summary: str
    schema: Schema  # of the JSON request body
    at: str  # pointer of that schema


class Document:
    """The loaded document as nodes. Operations are read when first asked for."""

    def __init__(self, raw: dict[str, Any], file: str | None = None) -> None:
        self.schemas = SchemaReader(raw, file=file)
        self._raw = raw
        info = raw.get("info")
        info = info if isinstance(info, dict) else {}
        self.title = str(info.get("title") or "API")
        self.version = str(info.get("version") or "")
        paths = raw.get("paths")
        self._paths: dict[str, Any] = paths if isinstance(paths, dict) else {}
        # path -> method -> operationId ("" none), for every operation object.
        self.paths: dict[str, dict[str, str]] = {
            path: {
                m: _operation_id(item[m])
                for m in HTTP_METHODS
                if isinstance(item, dict) and isinstance(item.get(m), dict)
            }
            for path, item in self._paths.items()
        }

    def base_url(self) -> str:
        """The first server's URL, variables at their defaults (`http://localhost` none)."""
        servers = self._raw.get("servers")
        if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict):
            return "http://localhost"
        server = servers[0]
        url = str(server.get("url") or "http://localhost")
        variables = server.get("variables") or {}

        def default(match: re.Match[str]) -> str:
            var = variables.get(match.group(1), {})
            return str(var.get("default", "")) if isinstance(var, dict) else ""

        return _SERVER_VAR.sub(default, url).rstrip("/")

    def tag_descriptions(self) -> dict[str, str]:
        """Each declared tag's description ("" none), by tag name."""
        return {
            str(tag["name"]): str(tag.get("description") or "")
            for tag in _list(self._raw.get("tags"))
            if isinstance(tag, dict) and "name" in tag
        }

    def has_webhooks(self) -> bool:
        return bool(_dict(self._raw.get("webhooks")))

    def oauth_token_url(self) -> str:
        """The first (by scheme name) OAuth2 client-credentials token URL, or ""."""
        schemes = _dict(_dict(self._raw.get("components")).get("securitySchemes"))
        for name in sorted(schemes):
            flow = _dict(_dict(_dict(schemes[name]).get("flows")).get("clientCredentials"))
            if isinstance(flow.get("tokenUrl"), str):
                return str(flow["tokenUrl"])
        return ""

    def operation(self, path: str, method: str) -> OperationNode:
        item = self._paths[path]
        op = item[method]
        at = pointer("paths", path, method)
        servers = op.get("servers") or item.get("servers")
        server = (
            servers[0].get("url")
            if isinstance(servers, list) and servers and isinstance(servers[0], dict)
            else None
        )
        return OperationNode(
            path=path,
            method=method,
            at=at,
            operation_id=str(op.get("operationId") or ""),
            summary=text(op.get("summary")),
            description=text(op.get("description")),
            deprecated=op.get("deprecated") is True,
            tags=tuple(t for t in _list(op.get("tags")) if isinstance(t, str)),
            parameters=self._parameters(item, op, path, at),
            request_body=self._request_body(op.get("requestBody"), child(at, "requestBody")),
            responses=self._responses(op.get("responses"), at),
            server=server if isinstance(server, str) else None,
        )

    def webhooks(self) -> tuple[WebhookNode, ...]:
        """Every webhook with a JSON request body, sorted by name and method."""
        hooks = _dict(self._raw.get("webhooks"))
        found: list[WebhookNode] = []
        for name in sorted(hooks, key=str):
            item = _dict(hooks[name])
            for method in sorted(item, key=str):
                op = item[method]
                if not isinstance(op, dict):
                    continue
                at = pointer("webhooks", name, method)
                body = self._webhook_body(op.get("requestBody"), at)
                if body is not None:
                    summary = str(op.get("summary") or op.get("description") or "").strip()
                    found.append(WebhookNode(str(name), str(method), summary, *body))
        return tuple(found)

    # ---- internals --------------------------------------------------------------

    def _deref(self, raw: Any, at: str) -> tuple[Any, str]:
        """Follow `$ref`s; None for one that does not resolve or loops (validation
        warns): the parameter, body or response it names is left out."""
        try:
            return self.schemas.resolver.deref(raw, at=at)
        except GeneratorError:
            return None, at

    def _parameters(
        self, item: dict[str, Any], op: dict[str, Any], path: str, at: str
    ) -> tuple[Parameter, ...]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for owner, owner_at in ((item, pointer("paths", path)), (op, at)):
            for i, raw in enumerate(_list(owner.get("parameters"))):
                param, param_at = self._deref(raw, child(owner_at, "parameters", i))
                if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                    continue
                # An operation's parameter replaces the path's of the same name and
                # location, in the path's place.
                merged[(param["name"], str(param.get("in")))] = (param, param_at)
        return tuple(
            self._parameter(param, location, param_at)
            for param, param_at in merged.values()
            if (location := _location(param.get("in"))) is not None
        )

    def _parameter(self, raw: dict[str, Any], location: ParamLocation, at: str) -> Parameter:
        style = str(raw.get("style") or ("form" if location in ("query", "cookie") else "simple"))
        return Parameter(
            name=raw["name"],
            location=location,
            schema=self.schemas.read(raw.get("schema", {}), child(at, "schema")),
            at=at,
            style=style,
            explode=raw.get("explode", style == "form") is True,
            required=raw.get("required") is True or location == "path",
            description=text(raw.get("description")),
        )

    def _request_body(self, raw: Any, at: str) -> RequestBody | None:
        if raw is None:
            return None
        body, body_at = self._deref(raw, at)
        content = body.get("content") if isinstance(body, dict) else None
        if not isinstance(content, dict) or not content:
            return None
        media = tuple(self._media(mt, m, body_at) for mt, m in content.items())
        return RequestBody(media, body.get("required") is True, body_at)

    def _responses(self, raw: Any, at: str) -> tuple[ResponseNode, ...]:
        responses = raw if isinstance(raw, dict) else {}
        result = []
        for status in sorted(responses, key=str):
            if not str(status).startswith("2"):
                continue
            response, response_at = self._deref(responses[status], child(at, "responses", status))
            content = response.get("content") if isinstance(response, dict) else None
            media = tuple(
                self._media(mt, m, response_at)
                for mt, m in (content.items() if isinstance(content, dict) else ())
            )
            result.append(ResponseNode(str(status), media, response_at))
        return tuple(result)

    def _media(self, media_type: Any, raw: Any, owner_at: str) -> MediaType:
        at = child(owner_at, "content", media_type, "schema")
        media = raw if isinstance(raw, dict) else {}
        schema = self.schemas.read(media["schema"], at) if media.get("schema") is not None else None
        declared = media.get("encoding")
        encoding = tuple(
            (str(prop), _encoding(value))
            for prop, value in (declared.items() if isinstance(declared, dict) else ())
        )
        return MediaType(str(media_type), schema, at, encoding)

    def _webhook_body(self, raw: Any, at: str) -> tuple[Schema, str] | None:
        body, _ = self._deref(raw, child(at, "requestBody"))
        content = _dict(body.get("content") if isinstance(body, dict) else None)
        for media_type in sorted(content, key=str):
            media = content[media_type]
            if is_json(str(media_type)) and isinstance(media, dict) and "schema" in media:
                schema_at = child(at, "requestBody", "content", media_type, "schema")
                return self.schemas.read(media["schema"], schema_at), schema_at
        return None


def operations_with_tags(raw: dict[str, Any]) -> list[tuple[str, str, tuple[str, ...]]]:
    """(path, method, tags) of every operation, in document order."""
    result = []
    for path, item in _dict(raw.get("paths")).items():
        for method in HTTP_METHODS:
            op = _dict(item).get(method)
            if isinstance(op, dict):
                tags = tuple(t for t in _list(op.get("tags")) if isinstance(t, str))
                result.append((path, method, tags))
    return result


def declared_tags(raw: dict[str, Any]) -> set[str]:
    """The names in the document's top-level `tags` list."""
    return {t["name"] for t in _list(raw.get("tags")) if isinstance(t, dict) and "name" in t}


def _encoding(value: Any) -> PropertyEncoding:
    declared = value if isinstance(value, dict) else {}
    style = declared.get("style")
    explode = declared.get("explode", style in (None, "form")) is True
    return PropertyEncoding(str(style or ""), explode)


def _location(value: Any) -> ParamLocation | None:
    match value:
        case "path":
            return "path"
        case "query":
            return "query"
        case "header":
            return "header"
        case "cookie":
            return "cookie"
    return None


def _operation_id(op: dict[str, Any]) -> str:
    op_id = op.get("operationId")
    return op_id if isinstance(op_id, str) else ""


def _dict(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
