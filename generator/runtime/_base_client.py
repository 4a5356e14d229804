"""HTTP client core: configuration, request building, retries, parsing.

``SyncAPIClient`` and ``AsyncAPIClient`` share everything except sending; the
generated ``Telnyx``/``AsyncTelnyx`` classes subclass them, set the class
attributes below and attach resources.

Why one module of this size: the three classes are one object seen from two
sides. ``_BaseClient`` (configuration copies, request building, response
handling) is only ever used through the two clients, whose retry loops, page
fetching and raw routes mirror each other line for line, so a reader compares
the twins side by side here. What stands alone already has its own module:
timeouts (``_timeouts``), retry policy (``_retries``), OAuth2 tokens
(``_oauth``), the httpx clients (``_http_clients``), errors (``_exceptions``),
pagination (``_pagination``), responses (``_response``), the defaults
(``_constants``). The lazy ``httpx`` import below also rebinds this module's
globals on first use, which a split would have to repeat in every part.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Mapping
from copy import copy as _shallow_copy
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Generic,
    Self,
    TypedDict,
    TypeVar,
    cast,
)
from urllib.parse import quote

from . import _qs
from ._constants import DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_TOTAL_TIMEOUT
from ._endpoint import Endpoint, PageSpec, resolve
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    ErrorRoot,
    decode_body,
    make_status_error,
    redact,
    secrets_to_redact,
)
from ._files import is_file, read_binary, to_httpx_file
from ._logs import logger, redact_headers, setup_logging
from ._pagination import AsyncPage, AsyncPaginator, SyncPage, dig
from ._response import (
    APIResponse,
    AsyncAPIResponse,
    AsyncBinaryAPIResponse,
    AsyncStreamedResponse,
    BinaryAPIResponse,
    StreamedResponse,
)
from ._retries import is_retryable_method, parse_retry_after, retry_delay, should_retry
from ._types import (
    NOT_GIVEN,
    CallOptions,
    NotGiven,
    RawRequestOptions,
    RequestOptions,
    Timeout,
    raw_request_options,
    request_options,
)

if TYPE_CHECKING:
    import httpx
    from pydantic import ValidationError

    from . import _timeouts
    from ._oauth import ClientCredentials

__all__ = [
    "DEFAULT_CONNECTION_LIMITS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "AsyncAPIClient",
    "SyncAPIClient",
]


class _LazyModule:
    """Stands in for a module until first used, then replaces itself in this
    module's globals (later lookups hit the module directly).

    httpx is the largest part of this package's import time; importing it (and
    ``_timeouts``, which imports it) on the first request keeps `import` + client
    creation light.
    """

    def __init__(self, global_name: str, module: str) -> None:
        self._names = (global_name, module)

    def __getattr__(self, name: str) -> Any:
        global_name, module_name = self._names
        module = importlib.import_module(module_name, __package__)
        globals()[global_name] = module
        return getattr(module, name)


if not TYPE_CHECKING:
    httpx = _LazyModule("httpx", "httpx")
    _timeouts = _LazyModule("_timeouts", "._timeouts")

T = TypeVar("T")
_HttpxClientT = TypeVar("_HttpxClientT", bound="httpx.Client | httpx.AsyncClient")

if TYPE_CHECKING:
    DEFAULT_TIMEOUT: httpx.Timeout
    DEFAULT_CONNECTION_LIMITS: httpx.Limits


def _defaults() -> tuple[httpx.Timeout, httpx.Limits]:
    return (
        httpx.Timeout(DEFAULT_TOTAL_TIMEOUT, connect=DEFAULT_CONNECT_TIMEOUT),
        httpx.Limits(max_connections=100, max_keepalive_connections=20),
    )


def _cookie_jar() -> Any:
    """A cookie jar that keeps nothing: the client is stateless, so a Set-Cookie
    is never replayed on a later request (cookie parameters are sent as headers)."""
    from http.cookiejar import CookieJar, CookiePolicy

    class _Refuse(CookiePolicy):
        netscape = True
        rfc2965 = False
        hide_cookie2 = True

        def set_ok(self, cookie: Any, request: Any) -> bool:
            return False

        def return_ok(self, cookie: Any, request: Any) -> bool:
            return False

        def domain_return_ok(self, domain: str, request: Any) -> bool:
            return False

        def path_return_ok(self, path: str, request: Any) -> bool:
            return False

    return CookieJar(policy=_Refuse())


def __getattr__(name: str) -> Any:
    # DEFAULT_TIMEOUT / DEFAULT_CONNECTION_LIMITS are httpx objects: made on demand.
    if name in ("DEFAULT_TIMEOUT", "DEFAULT_CONNECTION_LIMITS"):
        timeout, limits = _defaults()
        globals().update(DEFAULT_TIMEOUT=timeout, DEFAULT_CONNECTION_LIMITS=limits)
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# "parsed": return models; "raw": APIResponse; "stream": StreamedResponse.
ResponseMode = str

_PATH_PARAM = re.compile(r"\{([^{}]+)\}")
_FORBIDDEN_HEADER_CHARS = ("\r", "\n", "\0")


def _strip_not_given(value: Any) -> Any:
    """Drop NOT_GIVEN from dicts and lists at any depth (tuples are file specs)."""
    if isinstance(value, Mapping):
        return {k: _strip_not_given(v) for k, v in value.items() if not isinstance(v, NotGiven)}
    if isinstance(value, list):
        return [_strip_not_given(v) for v in value if not isinstance(v, NotGiven)]
    return value


def _format_path(template: str, params: Mapping[str, object]) -> str:
    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        value = params.get(name, NOT_GIVEN)
        if value is None or isinstance(value, NotGiven) or value == "":
            # An empty segment would silently address a different endpoint.
            raise ValueError(f"Expected a non-empty value for path parameter {name!r}")
        # safe="" keeps "/", "?" and "#" inside this one segment.
        segment = quote(_qs.primitive_to_str(value), safe="")
        if segment in (".", ".."):  # would be collapsed as a dot-segment
            segment = segment.replace(".", "%2E")
        return segment

    return _PATH_PARAM.sub(substitute, template)


def _set_headers(target: httpx.Headers, source: Mapping[str, object] | None) -> None:
    """Merge headers into ``target``; ``None`` removes a header, NOT_GIVEN leaves it.

    An optional header param the caller left out must not delete the client's own
    header of that name (``Accept``, the automatic ``Idempotency-Key``).
    """
    for name, value in (source or {}).items():
        if isinstance(value, NotGiven):
            continue
        if value is None:
            target.pop(name, None)
            continue
        text = _qs.primitive_to_str(value)
        if any(c in text or c in name for c in _FORBIDDEN_HEADER_CHARS):
            # Reject instead of letting a CR/LF smuggle extra headers. The value
            # is not echoed: it may be a credential.
            raise ValueError(f"Header {name!r} contains a CR, LF or NUL character")
        target[name] = text


def _route(method: str, path: str, cast_to: type[T]) -> Endpoint[T]:
    """The endpoint of a ``client.get/post/...`` call."""
    kind = "none" if cast_to is None else "json"
    return Endpoint(method, path, cast_to, body_encodings=("json", "binary"), response_kind=kind)


def _custom_headers(text: str | None) -> dict[str, str]:
    """Headers from the custom-headers environment variable: one ``Name: value``
    per line, as the official SDK reads it."""
    headers: dict[str, str] = {}
    for line in (text or "").split("\n"):
        name, colon, value = line.partition(":")
        if colon and name.strip():
            headers[name.strip()] = value.strip()
    return headers


def _is_invalid_json(exc: ValidationError) -> bool:
    return any(e["type"] == "json_invalid" for e in exc.errors())


def _type_name(tp: Any) -> str:
    return str(getattr(tp, "__name__", tp))


def _model_list(obj: object, path: tuple[str, ...]) -> list[Any] | None:
    """Follow ``path`` (wire names) through declared model fields; None if the
    path leaves the declared schema, so the caller validates the raw items."""
    import pydantic  # already loaded: a model was just parsed

    for key in path:
        if not isinstance(obj, pydantic.BaseModel):
            return None
        fields = type(obj).model_fields
        name = key if key in fields and fields[key].alias in (None, key) else None
        if name is None:
            name = next((n for n, f in fields.items() if f.alias == key), None)
        if name is None:
            return None
        obj = getattr(obj, name)
    return obj if isinstance(obj, list) else None


class ClientOptions(TypedDict, Generic[_HttpxClientT], total=False):
    """A client's keywords, for a subclass that adds its own (see ``_webhooks``)."""

    api_key: str | None
    base_url: str | None
    timeout: Timeout | NotGiven
    max_retries: int
    default_headers: Mapping[str, str] | None
    default_query: Mapping[str, object] | None
    http_client: _HttpxClientT | None
    backoff_scale: float
    strict_response_validation: bool
    client_id: str | None
    client_secret: str | None


class CopyOptions(TypedDict, Generic[_HttpxClientT], total=False):
    """``with_options``' keywords, for a subclass that adds its own."""

    api_key: str | None
    base_url: str | None
    timeout: Timeout | NotGiven
    max_retries: int | NotGiven
    default_headers: Mapping[str, str] | None
    default_query: Mapping[str, object] | None
    http_client: _HttpxClientT | None
    backoff_scale: float | None
    strict_response_validation: bool | None
    client_id: str | None
    client_secret: str | None


class _BaseClient(Generic[_HttpxClientT]):
    _api_key_env: ClassVar[str] = "TELNYX_API_KEY"
    _base_url_env: ClassVar[str] = "TELNYX_BASE_URL"
    _default_base_url: ClassVar[str] = "https://api.telnyx.com/v2"
    _log_env: ClassVar[str] = "TELNYX_LOG"
    _client_id_env: ClassVar[str] = "TELNYX_CLIENT_ID"
    _client_secret_env: ClassVar[str] = "TELNYX_CLIENT_SECRET"
    _custom_headers_env: ClassVar[str] = "TELNYX_CUSTOM_HEADERS"
    # The spec's OAuth2 client-credentials token URL ("" when it declares none).
    _oauth_token_url: ClassVar[str] = ""
    # "<package>/<version>": every generated client names its own package and release.
    _user_agent: ClassVar[str]

    api_key: str  # "" when the client authenticates with OAuth2 client credentials
    client_id: str | None
    client_secret: str | None
    base_url: str
    max_retries: int
    backoff_scale: float
    _owns_http_client: bool
    _response_mode: ResponseMode = "parsed"
    # What a download returns (the sync or async response object).
    _binary_response: ClassVar[type[BinaryAPIResponse] | type[AsyncBinaryAPIResponse]]

    def _configure(
        self,
        *,
        api_key: str | None,
        base_url: str | None,
        timeout: Timeout | NotGiven,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, object] | None,
        http_client: _HttpxClientT | None,
        backoff_scale: float,
        strict_response_validation: bool,
        client_id: str | None,
        client_secret: str | None,
    ) -> None:
        self.base_url = (
            base_url or os.environ.get(self._base_url_env) or self._default_base_url
        ).rstrip("/")
        self._oauth: ClientCredentials | None = None
        if api_key is None:
            self._oauth = self._client_credentials(client_id, client_secret)
            api_key = "" if self._oauth else os.environ.get(self._api_key_env)
        if not api_key and self._oauth is None:
            raise ErrorRoot(
                "Missing API key: pass `api_key=...` to "
                f"{type(self).__name__}() or set the {self._api_key_env} "
                "environment variable (or use OAuth2: `client_id=...` and "
                f"`client_secret=...`, or {self._client_id_env} and "
                f"{self._client_secret_env})."
            )
        # Keys pasted from files often carry a trailing newline.
        api_key = (api_key or "").strip()
        if any(c in api_key for c in (*_FORBIDDEN_HEADER_CHARS, " ")):
            raise ErrorRoot("The API key contains whitespace or control characters")
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if not (0.0 <= backoff_scale < float("inf")):  # also rejects nan
            raise ValueError("backoff_scale must be a finite number >= 0")
        self.api_key = api_key
        self.client_id = self._oauth.client_id if self._oauth else None
        self.client_secret = self._oauth.client_secret if self._oauth else None
        # Kept out of exception texts.
        self._secrets = secrets_to_redact(api_key, self.client_secret)
        self._timeout = timeout  # NOT_GIVEN: resolved (with httpx) on first use
        self._phases: tuple[Timeout, httpx.Timeout] | None = None  # (timeout, its phases)
        self._http: Any = http_client
        self._closed = False
        self.max_retries = max_retries
        self.backoff_scale = backoff_scale
        self._strict_response_validation = strict_response_validation
        self._default_headers = {
            **_custom_headers(os.environ.get(self._custom_headers_env)),
            **(default_headers or {}),
        }
        # A key in default_headers is the user's: sent as is, never replaced per call.
        self._makes_idempotency_keys = not any(
            name.lower() == "idempotency-key" for name in self._default_headers
        )
        self._default_query = dict(default_query or {})
        self._owns_http_client = http_client is None
        setup_logging(self._log_env)

    def _client_credentials(
        self, client_id: str | None, client_secret: str | None
    ) -> ClientCredentials | None:
        """OAuth2 client credentials from the arguments or the environment, if any."""
        client_id = client_id or os.environ.get(self._client_id_env)
        client_secret = client_secret or os.environ.get(self._client_secret_env)
        if not (client_id and client_secret):
            return None
        from ._oauth import ClientCredentials  # most clients use an API key: import on use

        if not self._oauth_token_url:
            raise ErrorRoot("This API declares no OAuth2 client-credentials token URL")
        token_url = self._oauth_token_url
        if self.base_url != self._default_base_url and token_url.startswith(
            self._default_base_url + "/"
        ):
            # A proxy or mock standing in for the API gets the token requests too.
            token_url = self.base_url + token_url[len(self._default_base_url) :]
        return ClientCredentials(client_id.strip(), client_secret.strip(), token_url)

    @property
    def _client(self) -> _HttpxClientT:
        raise NotImplementedError  # the sync and async clients create their pool lazily

    @property
    def timeout(self) -> Timeout:
        if isinstance(self._timeout, NotGiven):
            self._timeout = self._http.timeout if self._http is not None else _defaults()[0]
        return self._timeout

    def _timeout_phases(self, timeout: Timeout | NotGiven) -> httpx.Timeout:
        """Per-phase limits for a call's ``timeout`` (the client's when not given);
        the total deadline is derived from them (see ``_timeouts``)."""
        if not isinstance(timeout, NotGiven):
            return _timeouts.to_httpx_timeout(timeout)
        cached = self._phases
        if cached is None or cached[0] is not self._timeout:
            cached = self._phases = (self.timeout, _timeouts.to_httpx_timeout(self.timeout))
        return cached[1]

    def __repr__(self) -> str:
        # Never include the API key.
        return f"<{type(self).__name__} base_url={self.base_url!r}>"

    # -- configuration copies -------------------------------------------------

    def with_options(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: _HttpxClientT | None = None,
        backoff_scale: float | None = None,
        strict_response_validation: bool | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
    ) -> Self:
        """A new client with some options overridden.

        It shares this client's connection pool (unless ``http_client`` is
        given) and does not close it; headers and query params are merged.
        """
        oauth = self._oauth is not None and api_key is None
        # The shared base declares no __init__ (the sync and async clients each do,
        # with these keywords), so mypy sees `object`'s signature on `type(self)`.
        make: Callable[..., Self] = type(self)
        new = make(
            api_key=api_key or (None if oauth else self.api_key),
            client_id=client_id or self.client_id,
            client_secret=client_secret or self.client_secret,
            base_url=base_url or self.base_url,
            timeout=self.timeout if isinstance(timeout, NotGiven) else timeout,
            max_retries=(self.max_retries if isinstance(max_retries, NotGiven) else max_retries),
            default_headers={**self._default_headers, **(default_headers or {})},
            default_query={**self._default_query, **(default_query or {})},
            http_client=http_client or self._client,
            backoff_scale=(self.backoff_scale if backoff_scale is None else backoff_scale),
            strict_response_validation=(
                self._strict_response_validation
                if strict_response_validation is None
                else strict_response_validation
            ),
        )
        new._response_mode = self._response_mode
        if (
            new._oauth is not None
            and self._oauth is not None
            and (new.client_id, new.client_secret) == (self.client_id, self.client_secret)
        ):
            new._oauth = self._oauth  # one token for the client and its copies
        return new

    copy = with_options

    def _with_response_mode(self, mode: ResponseMode) -> Self:
        """Cheap view of this client whose ``request`` returns raw/streamed
        responses; used by the ``with_raw_response`` proxies."""
        if mode == self._response_mode:
            return self
        view = _shallow_copy(self)
        view._response_mode = mode
        view._owns_http_client = False
        return view

    # `with_raw_response` / `with_streaming_response`: the generated client class
    # declares them, typed per resource (`_resource.ClientResponseView`).

    # -- request building -----------------------------------------------------

    def _build_request(
        self,
        endpoint: Endpoint[Any],
        *,
        path: Mapping[str, object] | None,
        query: Mapping[str, object] | None,
        headers: Mapping[str, object] | None,
        cookies: Mapping[str, object] | None = None,
        body: object,
        options: RequestOptions,
    ) -> httpx.Request:
        method = endpoint.method.upper()
        # A per-operation server applies unless the user chose a base URL (a
        # proxy or a mock must see every request).
        server = endpoint.server if self.base_url == self._default_base_url else None
        if endpoint.path.startswith(("http://", "https://")):  # `client.get(url)`
            url = endpoint.path
        else:
            # Without path params the path is used as given (`client.get("/x")`).
            route = _format_path(endpoint.path, path) if path else endpoint.path
            url = (server or self.base_url).rstrip("/") + route
        params = _qs.flatten(
            {
                **self._default_query,
                **_qs.apply_param_styles(query or {}, endpoint.param_styles),
                **(options.get("extra_query") or {}),
            }
        )

        merged = httpx.Headers()
        _set_headers(
            merged,
            {
                # Binary/text downloads may be served as any type; JSON
                # (and error bodies of "none" operations) ask for JSON.
                "Accept": (
                    "*/*" if endpoint.response_kind in ("binary", "text") else "application/json"
                ),
                "User-Agent": self._user_agent,
                # With OAuth2 the token is set per attempt (see `_send`).
                "Authorization": f"Bearer {self.api_key}" if self.api_key else NOT_GIVEN,
                **self._default_headers,
            },
        )
        if method in ("POST", "PATCH", "PUT") and self._makes_idempotency_keys:
            # One key per logical call, reused by every retry of it; a key given
            # through the spec's header param or extra_headers replaces it below.
            merged["Idempotency-Key"] = str(uuid.uuid4())
        _set_headers(merged, headers)
        cookie = "; ".join(
            # Percent-encoded: a header carries ASCII only (names from a spec may not).
            f"{quote(name, safe='')}={quote(_qs.primitive_to_str(value), safe='')}"
            for name, value in (cookies or {}).items()
            if value is not None and not isinstance(value, NotGiven)
        )
        if cookie:
            merged["Cookie"] = cookie
        _set_headers(merged, options.get("extra_headers"))

        return self._client.build_request(
            method,
            url,
            params=tuple(params) or None,
            headers=merged,
            timeout=self._timeout_phases(options.get("timeout", NOT_GIVEN)),
            **self._encode_body(endpoint, body, options.get("extra_body"), merged),
        )

    def _encode_body(
        self,
        endpoint: Endpoint[Any],
        body: object,
        extra_body: Mapping[str, object] | None,
        headers: httpx.Headers,
    ) -> dict[str, Any]:
        """httpx keyword arguments (content=/files=) for the request body."""
        if extra_body:
            if body is not None and not isinstance(body, Mapping):
                raise TypeError("extra_body can only be merged into a mapping body")
            body = {**(body or {}), **extra_body}
        if body is None or isinstance(body, NotGiven):
            return {}
        encodings = endpoint.body_encodings or ("json",)

        if not isinstance(body, (Mapping, list)) and ("binary" in encodings or is_file(body)):
            headers.setdefault("Content-Type", "application/octet-stream")
            return {"content": read_binary(body)}
        body = _strip_not_given(body)

        if isinstance(body, Mapping):
            # Files force multipart (they cannot be sent as JSON); otherwise
            # the first non-binary encoding the operation declares wins.
            has_files = any(
                is_file(v) or (isinstance(v, list) and v and all(map(is_file, v)))
                for v in body.values()
            )
            kind = next((e for e in encodings if e != "binary"), None)
            if has_files or kind == "multipart":
                return {"files": self._multipart_fields(body)}
            if kind == "form":
                headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
                form = _qs.apply_param_styles(body, endpoint.param_styles)
                return {"content": _qs.encode(form).encode()}
            if kind is None:
                raise TypeError(f"{endpoint.path} expects a bytes, str or file body")

        headers.setdefault("Content-Type", "application/json")
        import pydantic_core  # on first JSON body: keeps `import` and client setup light

        return {"content": pydantic_core.to_json(body, by_alias=True)}

    @staticmethod
    def _multipart_fields(body: Mapping[str, object]) -> list[tuple[str, Any]]:
        # Non-file values are bracket-encoded like the query string
        # (meta[a]=1), which is what form-parsing servers expect.
        # (None, bytes, None) makes httpx emit a plain field without filename.
        fields: list[tuple[str, Any]] = []
        for key, value in body.items():
            if is_file(value):
                fields.append((key, to_httpx_file(value)))
            elif isinstance(value, list) and value and all(map(is_file, value)):
                fields.extend((key, to_httpx_file(v)) for v in value)
            else:
                fields.extend((k, (None, v.encode(), None)) for k, v in _qs.flatten({key: value}))
        return fields

    # -- response handling ----------------------------------------------------

    def _max_retries_for(self, request: httpx.Request) -> int:
        """How many retries this request may use."""
        if is_retryable_method(request.method, request.headers):
            return self.max_retries
        return 0

    def _refresh_token(self, token: str | None, response: httpx.Response, refreshed: bool) -> bool:
        """Whether to send again with a new token: the API rejected ours (revoked, or
        expired before its time), and this call has not fetched one yet."""
        if token is None or refreshed or response.status_code != 401 or self._oauth is None:
            return False
        self._oauth.invalidate(token)
        return True

    def _delay(self, retries_done: int, response: httpx.Response | None) -> float:
        retry_after = None if response is None else parse_retry_after(response.headers)
        return retry_delay(retries_done, retry_after=retry_after, scale=self.backoff_scale)

    def _log_attempt(
        self,
        request: httpx.Request,
        outcome: httpx.Response | Exception,
        attempt: int,
        started: float,
    ) -> None:
        if not logger.isEnabledFor(logging.INFO):
            return
        elapsed_ms = (time.monotonic() - started) * 1000
        status = (
            str(outcome.status_code)
            if isinstance(outcome, httpx.Response)
            else type(outcome).__name__
        )
        logger.info(
            "%s %s -> %s (attempt %d, %.0f ms)",
            request.method,
            request.url,
            status,
            attempt,
            elapsed_ms,
        )
        if logger.isEnabledFor(logging.DEBUG):
            secrets = [self.api_key]
            logger.debug(
                "request headers: %s",
                redact_headers(request.headers.multi_items(), secrets),
            )
            if isinstance(outcome, httpx.Response):
                logger.debug(
                    "response headers: %s",
                    redact_headers(outcome.headers.multi_items(), secrets),
                )

    def _log_retry(self, request: httpx.Request, delay: float, retry: int) -> None:
        logger.info(
            "Retrying %s %s in %.3f s (retry %d of %d)",
            request.method,
            request.url,
            delay,
            retry,
            self.max_retries,
        )

    def _connection_error(
        self, request: httpx.Request, exc: httpx.TransportError
    ) -> APIConnectionError:
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(request)
        # Transport messages can quote request data; never let the key through.
        detail = redact(str(exc), self._secrets)
        return APIConnectionError(
            message=f"Connection error: {type(exc).__name__}: {detail}", request=request
        )

    def _parse_response(self, endpoint: Endpoint[Any], response: httpx.Response) -> Any:
        kind, cast_to = endpoint.response_kind, resolve(endpoint.cast_to)
        if kind == "none" or cast_to is None or response.status_code == 204:
            # 204 has no body by definition; the call succeeded.
            return None
        if kind == "binary":
            return self._binary_response(response)
        if cast_to is bytes:
            return response.content
        if kind == "text":
            return response.text
        if cast_to is str:
            # A JSON string body (`"x"`) is the string x; a server that sends plain text
            # where the spec says JSON still gets its text through.
            import json

            try:
                decoded = json.loads(response.content)
            except ValueError:
                return response.text
            return decoded if isinstance(decoded, str) else response.text
        if not response.content.strip():
            raise APIResponseValidationError(
                response,
                None,
                message=f"Expected a JSON body but HTTP {response.status_code} "
                "response was empty",
            )
        import pydantic

        from ._models import validate_json

        try:
            return validate_json(cast_to, response.content)
        except pydantic.ValidationError as exc:
            error = self._validation_error(response, cast_to, exc)
            if self._strict_response_validation or _is_invalid_json(exc):
                raise error from exc
            return self._tolerate(error, cast_to, response.content)

    def _tolerate(self, error: APIResponseValidationError, cast_to: Any, content: bytes) -> Any:
        """The body as far as it fits ``cast_to``: APIs drift from their specs, and
        the caller should still get the data (strict mode raises instead)."""
        import json

        from ._models import validate_lenient

        logger.debug("%s; returning the data unvalidated where it does not fit", error)
        return validate_lenient(cast_to, json.loads(content))

    def _validation_error(
        self, response: httpx.Response, cast_to: Any, exc: ValidationError
    ) -> APIResponseValidationError:
        body = redact(decode_body(response), self._secrets)
        first = exc.errors()[0] if exc.error_count() else None
        if first is not None and first["type"] == "json_invalid":
            content_type = response.headers.get("content-type", "<none>")
            message = (
                f"Response body is not valid JSON (HTTP {response.status_code}, "
                f"content-type {content_type!r})"
            )
        else:
            where = ".".join(map(str, first["loc"])) if first else ""
            detail = f": {where}: {first['msg']}" if first else ""
            message = (
                f"Response body does not match {_type_name(cast_to)} "
                f"({exc.error_count()} errors){detail}"
            )
        return APIResponseValidationError(response, body, message=redact(message, self._secrets))

    def _pager(
        self,
        endpoint: Endpoint[Any],
        *,
        path: Mapping[str, object] | None,
        query: Mapping[str, object] | None,
        headers: Mapping[str, object] | None,
        cookies: Mapping[str, object] | None = None,
        body: object,
        options: RequestOptions | CallOptions | None,
    ) -> tuple[PageSpec, dict[str, object], Callable[[Mapping[str, object]], httpx.Request]]:
        """(page spec, first page query, request builder for a page query)."""
        if endpoint.page is None:
            raise TypeError(f"{endpoint.method.upper()} {endpoint.path} is not paginated")
        # extra_query joins the page query so page params can override it.
        rest: dict[str, Any] = dict(request_options(options))
        first_query = {**(query or {}), **(rest.pop("extra_query", None) or {})}
        page_options = cast(RequestOptions, rest)

        def build(page_query: Mapping[str, object]) -> httpx.Request:
            return self._build_request(
                endpoint,
                path=path,
                query=page_query,
                headers=headers,
                cookies=cookies,
                body=body,
                options=page_options,
            )

        return endpoint.page, first_query, build

    def _page_parts(
        self, endpoint: Endpoint[Any], spec: PageSpec, response: httpx.Response
    ) -> tuple[list[Any], Any]:
        """(items, parsed body) of one page response.

        The body is validated from its JSON text, pydantic's fastest path; the page
        decodes it to plain data only if a pagination decision needs it.
        """
        import json

        import pydantic

        from ._models import validate_json, validate_lenient, validate_python

        cast_to = resolve(endpoint.cast_to)
        item_list: Any = list  # list[...] of a runtime type, opaque to mypy
        item_list = item_list[resolve(spec.item_type)]
        try:
            parsed = validate_json(Any if cast_to in (None, object) else cast_to, response.content)
            items = _model_list(parsed, spec.items)
            if items is None:
                raw_items = dig(json.loads(response.content), spec.items)
                items = validate_python(item_list, raw_items or [])
        except pydantic.ValidationError as exc:
            error = self._validation_error(response, cast_to, exc)
            if self._strict_response_validation or _is_invalid_json(exc):
                raise error from exc
            parsed = self._tolerate(error, cast_to, response.content)
            items = _model_list(parsed, spec.items)
            if items is None:
                raw_items = dig(json.loads(response.content), spec.items)
                items = validate_lenient(item_list, raw_items or [])
        return items, parsed


class SyncAPIClient(_BaseClient["httpx.Client"]):
    _binary_response = BinaryAPIResponse

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.Client | None = None,
        backoff_scale: float = 1.0,
        strict_response_validation: bool = False,
        client_id: str | None = None,
        client_secret: str | None = None,
    ) -> None:
        """
        Args:
            timeout: seconds in total per attempt (connecting: at most
                ``DEFAULT_CONNECT_TIMEOUT``), an ``httpx.Timeout`` (per-phase
                limits; the largest is the total) or ``None`` (no limit); default
                ``DEFAULT_TOTAL_TIMEOUT`` in total. Also a per-call option. See
                ``_timeouts``, which defines both defaults.
            backoff_scale: multiplies every retry wait, including server-sent
                ``Retry-After``; ``0`` retries immediately (useful in tests).
            strict_response_validation: raise ``APIResponseValidationError`` when
                a 2xx body does not fit its model. By default the model is built
                from what fits and keeps the rest raw (logged at debug level).
        """
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise TypeError("http_client must be an httpx.Client")
        self._configure(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            backoff_scale=backoff_scale,
            strict_response_validation=strict_response_validation,
            client_id=client_id,
            client_secret=client_secret,
        )

    @property
    def _client(self) -> httpx.Client:
        if self._http is None:  # created on the first request
            if self._closed:
                raise RuntimeError("Cannot send a request, as the client has been closed.")
            self._http = httpx.Client(
                timeout=self._timeout_phases(NOT_GIVEN),
                limits=_defaults()[1],
                follow_redirects=True,
                cookies=_cookie_jar(),
            )
        return cast("httpx.Client", self._http)

    def close(self) -> None:
        """Close the connection pool if this client created it."""
        self._closed = True
        if self._owns_http_client and self._http is not None:
            self._client.close()

    def is_closed(self) -> bool:
        return self._closed or (self._http is not None and self._client.is_closed)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(
        self,
        endpoint: Endpoint[T],
        *,
        path: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, object] | None = None,
        cookies: Mapping[str, object] | None = None,
        body: object = None,
        options: RequestOptions | CallOptions | None = None,
    ) -> T:
        request = self._build_request(
            endpoint,
            path=path,
            query=query,
            headers=headers,
            cookies=cookies,
            body=body,
            options=request_options(options),
        )
        return cast(T, self._dispatch(request, lambda r: self._parse_response(endpoint, r)))

    def request_page(
        self,
        endpoint: Endpoint[Any],
        *,
        path: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, object] | None = None,
        cookies: Mapping[str, object] | None = None,
        body: object = None,
        options: RequestOptions | CallOptions | None = None,
    ) -> SyncPage[Any]:
        spec, first_query, build = self._pager(
            endpoint,
            path=path,
            query=query,
            headers=headers,
            cookies=cookies,
            body=body,
            options=options,
        )

        def make_page(response: httpx.Response, used: Mapping[str, object]) -> SyncPage[Any]:
            items, parsed = self._page_parts(endpoint, spec, response)
            return SyncPage(
                data=items,
                response=parsed,
                body=response.content,
                spec=spec,
                query=used,
                fetch=fetch,
            )

        def fetch(page_query: Mapping[str, object]) -> SyncPage[Any]:
            # Follow-up pages are always parsed, even after a raw first response.
            return make_page(self._send(build(page_query), stream=False), page_query)

        return cast(
            SyncPage[Any],
            self._dispatch(build(first_query), lambda r: make_page(r, first_query)),
        )

    # -- routes the generated resources do not wrap -----------------------------

    def get(self, path: str, *, cast_to: type[T], options: RawRequestOptions | None = None) -> T:
        """``GET path`` (relative to ``base_url``, or a full URL), parsed as ``cast_to``
        (a model, ``object`` for plain JSON, ``str``, ``bytes`` or ``None``)."""
        return self.request(_route("get", path, cast_to), options=raw_request_options(options))

    def post(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        options: RawRequestOptions | None = None,
    ) -> T:
        """``POST path`` with a JSON ``body`` (a mapping or list; bytes are sent as is)."""
        endpoint = _route("post", path, cast_to)
        return self.request(endpoint, body=body, options=raw_request_options(options))

    def put(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        options: RawRequestOptions | None = None,
    ) -> T:
        endpoint = _route("put", path, cast_to)
        return self.request(endpoint, body=body, options=raw_request_options(options))

    def patch(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        options: RawRequestOptions | None = None,
    ) -> T:
        endpoint = _route("patch", path, cast_to)
        return self.request(endpoint, body=body, options=raw_request_options(options))

    def delete(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        options: RawRequestOptions | None = None,
    ) -> T:
        endpoint = _route("delete", path, cast_to)
        return self.request(endpoint, body=body, options=raw_request_options(options))

    def _dispatch(self, request: httpx.Request, parser: Callable[[httpx.Response], Any]) -> Any:
        if self._response_mode == "stream":
            return StreamedResponse(self._send(request, stream=True), parser)
        response = self._send(request, stream=False)
        if self._response_mode == "raw":
            return APIResponse(response, parser)
        return parser(response)

    def _authorize(self, request: httpx.Request) -> str | None:
        """Set the OAuth2 token on ``request`` (fetched if needed); None without OAuth2."""
        if self._oauth is None:
            return None
        try:
            token = self._oauth.token(self._client.send, self._client)
        except httpx.TransportError as exc:
            raise self._connection_error(request, exc) from exc
        request.headers["Authorization"] = f"Bearer {token}"
        return token

    def _send(self, request: httpx.Request, *, stream: bool) -> httpx.Response:
        max_retries = self._max_retries_for(request)
        retries = 0
        refreshed = False
        while True:
            token = self._authorize(request)
            started = time.monotonic()
            failed: httpx.Response | None = None
            try:
                response = _timeouts.send(self._client, request, stream=stream, started=started)
            except httpx.TransportError as exc:
                self._log_attempt(request, exc, retries + 1, started)
                if retries >= max_retries:
                    raise self._connection_error(request, exc) from exc
            else:
                self._log_attempt(request, response, retries + 1, started)
                if response.is_success:
                    return response
                if self._refresh_token(token, response, refreshed):
                    response.close()
                    refreshed = True
                    continue
                if retries >= max_retries or not should_retry(response):
                    if stream:
                        response.read()
                    raise make_status_error(response, secrets=self._secrets)
                response.close()
                failed = response
            delay = self._delay(retries, failed)
            retries += 1
            self._log_retry(request, delay, retries)
            time.sleep(delay)


class AsyncAPIClient(_BaseClient["httpx.AsyncClient"]):
    _binary_response = AsyncBinaryAPIResponse

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | None = None,
        backoff_scale: float = 1.0,
        strict_response_validation: bool = False,
        client_id: str | None = None,
        client_secret: str | None = None,
    ) -> None:
        """See ``SyncAPIClient``."""
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise TypeError("http_client must be an httpx.AsyncClient")
        self._configure(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            backoff_scale=backoff_scale,
            strict_response_validation=strict_response_validation,
            client_id=client_id,
            client_secret=client_secret,
        )

    @property
    def _client(self) -> httpx.AsyncClient:
        if self._http is None:  # created on the first request
            if self._closed:
                raise RuntimeError("Cannot send a request, as the client has been closed.")
            self._http = httpx.AsyncClient(
                timeout=self._timeout_phases(NOT_GIVEN),
                limits=_defaults()[1],
                follow_redirects=True,
                cookies=_cookie_jar(),
            )
        return cast("httpx.AsyncClient", self._http)

    async def close(self) -> None:
        """Close the connection pool if this client created it."""
        self._closed = True
        if self._owns_http_client and self._http is not None:
            await self._client.aclose()

    def is_closed(self) -> bool:
        return self._closed or (self._http is not None and self._client.is_closed)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def request(
        self,
        endpoint: Endpoint[T],
        *,
        path: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, object] | None = None,
        cookies: Mapping[str, object] | None = None,
        body: object = None,
        options: RequestOptions | CallOptions | None = None,
    ) -> T:
        request = self._build_request(
            endpoint,
            path=path,
            query=query,
            headers=headers,
            cookies=cookies,
            body=body,
            options=request_options(options),
        )
        return cast(
            T,
            await self._dispatch(request, lambda r: self._parse_response(endpoint, r)),
        )

    def request_page(
        self,
        endpoint: Endpoint[Any],
        *,
        path: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, object] | None = None,
        cookies: Mapping[str, object] | None = None,
        body: object = None,
        options: RequestOptions | CallOptions | None = None,
    ) -> AsyncPaginator[Any]:
        """Not a coroutine: returns an ``AsyncPaginator`` to await or iterate.

        In raw/stream mode it returns a coroutine resolving to the response.
        """
        spec, first_query, build = self._pager(
            endpoint,
            path=path,
            query=query,
            headers=headers,
            cookies=cookies,
            body=body,
            options=options,
        )

        def make_page(response: httpx.Response, used: Mapping[str, object]) -> AsyncPage[Any]:
            items, parsed = self._page_parts(endpoint, spec, response)
            return AsyncPage(
                data=items,
                response=parsed,
                body=response.content,
                spec=spec,
                query=used,
                fetch=fetch,
            )

        async def fetch(page_query: Mapping[str, object]) -> AsyncPage[Any]:
            response = await self._send(build(page_query), stream=False)
            return make_page(response, page_query)

        if self._response_mode != "parsed":
            return cast(
                AsyncPaginator[Any],
                self._dispatch(build(first_query), lambda r: make_page(r, first_query)),
            )
        return AsyncPaginator(lambda: fetch(first_query))

    # -- routes the generated resources do not wrap -----------------------------

    async def get(
        self, path: str, *, cast_to: type[T], options: RawRequestOptions | None = None
    ) -> T:
        """``GET path`` (relative to ``base_url``, or a full URL), parsed as ``cast_to``
        (a model, ``object`` for plain JSON, ``str``, ``bytes`` or ``None``)."""
        return await self.request(
            _route("get", path, cast_to), options=raw_request_options(options)
        )

    async def post(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        options: RawRequestOptions | None = None,
    ) -> T:
        """``POST path`` with a JSON ``body`` (a mapping or list; bytes are sent as is)."""
        endpoint = _route("post", path, cast_to)
        return await self.request(endpoint, body=body, options=raw_request_options(options))

    async def put(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        options: RawRequestOptions | None = None,
    ) -> T:
        endpoint = _route("put", path, cast_to)
        return await self.request(endpoint, body=body, options=raw_request_options(options))

    async def patch(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        options: RawRequestOptions | None = None,
    ) -> T:
        endpoint = _route("patch", path, cast_to)
        return await self.request(endpoint, body=body, options=raw_request_options(options))

    async def delete(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        options: RawRequestOptions | None = None,
    ) -> T:
        endpoint = _route("delete", path, cast_to)
        return await self.request(endpoint, body=body, options=raw_request_options(options))

    async def _dispatch(
        self, request: httpx.Request, parser: Callable[[httpx.Response], Any]
    ) -> Any:
        if self._response_mode == "stream":
            return AsyncStreamedResponse(await self._send(request, stream=True), parser)
        response = await self._send(request, stream=False)
        if self._response_mode == "raw":
            return AsyncAPIResponse(response, parser)
        return parser(response)

    async def _authorize(self, request: httpx.Request) -> str | None:
        """Set the OAuth2 token on ``request`` (fetched if needed); None without OAuth2."""
        if self._oauth is None:
            return None
        try:
            token = await self._oauth.atoken(self._client.send, self._client)
        except httpx.TransportError as exc:
            raise self._connection_error(request, exc) from exc
        request.headers["Authorization"] = f"Bearer {token}"
        return token

    async def _send(self, request: httpx.Request, *, stream: bool) -> httpx.Response:
        import asyncio  # lazy: sync-only users never pay for it

        max_retries = self._max_retries_for(request)
        retries = 0
        refreshed = False
        while True:
            token = await self._authorize(request)
            started = time.monotonic()
            failed: httpx.Response | None = None
            try:
                response = await _timeouts.asend(
                    self._client, request, stream=stream, started=started
                )
            except httpx.TransportError as exc:
                self._log_attempt(request, exc, retries + 1, started)
                if retries >= max_retries:
                    raise self._connection_error(request, exc) from exc
            else:
                self._log_attempt(request, response, retries + 1, started)
                if response.is_success:
                    return response
                if self._refresh_token(token, response, refreshed):
                    await response.aclose()
                    refreshed = True
                    continue
                if retries >= max_retries or not should_retry(response):
                    if stream:
                        await response.aread()
                    raise make_status_error(response, secrets=self._secrets)
                await response.aclose()
                failed = response
            delay = self._delay(retries, failed)
            retries += 1
            self._log_retry(request, delay, retries)
            await asyncio.sleep(delay)
