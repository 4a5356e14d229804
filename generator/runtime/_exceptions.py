"""Exception hierarchy. Messages never include request headers, and the API key is
redacted from any server text an exception shows (see ``make_status_error``)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

# The root's class name is the API's (`TelnyxError`): a generated module holds it.
from ._error_root import ErrorRoot

if TYPE_CHECKING:
    import httpx


__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ErrorItem",
    "ErrorMeta",
    "ErrorRoot",
    "ErrorSource",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "WebhookVerificationError",
]

_MAX_BODY_IN_MESSAGE = 500
REDACTED = "<redacted>"
# Shorter "keys" (test placeholders such as "k") are not searched for: replacing
# them would mangle ordinary words, and no real API key is that short.
MIN_SECRET_LENGTH = 8


class WebhookVerificationError(ErrorRoot, ValueError):
    """A webhook payload failed signature, timestamp or key checks, or is not a
    valid event (``__cause__``: the JSON or validation error)."""


class APIError(ErrorRoot):
    message: str
    request: httpx.Request
    body: object | None
    """Decoded JSON body if it was JSON, else the raw text, else None."""

    def __init__(self, message: str, request: httpx.Request, *, body: object | None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body

    def __str__(self) -> str:
        return self.message


class APIConnectionError(APIError):
    def __init__(self, *, message: str = "Connection error.", request: httpx.Request) -> None:
        super().__init__(message, request, body=None)


class APITimeoutError(APIConnectionError):
    def __init__(self, request: httpx.Request) -> None:
        super().__init__(message="Request timed out.", request=request)


class APIResponseValidationError(APIError):
    """A 2xx response whose body is not valid JSON or does not fit the model."""

    response: httpx.Response
    status_code: int

    def __init__(
        self,
        response: httpx.Response,
        body: object | None,
        *,
        message: str | None = None,
    ) -> None:
        super().__init__(
            message or "Data returned by API invalid for expected schema.",
            response.request,
            body=body,
        )
        self.response = response
        self.status_code = response.status_code


@dataclass(frozen=True)
class ErrorSource:
    pointer: str | None = None
    parameter: str | None = None


@dataclass(frozen=True)
class ErrorMeta:
    url: str | None = None


@dataclass(frozen=True)
class ErrorItem:
    """One entry of Telnyx's ``{"errors": [...]}`` envelope."""

    code: str
    """Always a string: the API sends both ``"10015"`` and ``10015``."""
    title: str | None = None
    detail: str | None = None
    source: ErrorSource = field(default_factory=ErrorSource)
    meta: ErrorMeta = field(default_factory=ErrorMeta)
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def source_pointer(self) -> str | None:
        return self.source.pointer

    @property
    def meta_url(self) -> str | None:
        return self.meta.url

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ErrorItem:
        source = data.get("source")
        meta = data.get("meta")
        source = source if isinstance(source, Mapping) else {}
        meta = meta if isinstance(meta, Mapping) else {}
        code = data.get("code")
        return cls(
            code="" if code is None else str(code),
            title=_opt_str(data.get("title")),
            detail=_opt_str(data.get("detail")),
            source=ErrorSource(
                pointer=_opt_str(source.get("pointer")),
                parameter=_opt_str(source.get("parameter")),
            ),
            meta=ErrorMeta(url=_opt_str(meta.get("url"))),
            raw=data,
        )


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


class APIStatusError(APIError):
    """The API answered with a non-2xx status."""

    response: httpx.Response
    status_code: int
    headers: httpx.Headers
    request_id: str | None
    errors: list[ErrorItem]

    def __init__(self, message: str, *, response: httpx.Response, body: object | None) -> None:
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.errors = _parse_errors(body)
        self.request_id = response.headers.get("x-request-id") or _body_request_id(body)


class BadRequestError(APIStatusError):
    pass


class AuthenticationError(APIStatusError):
    pass


class PermissionDeniedError(APIStatusError):
    pass


class NotFoundError(APIStatusError):
    pass


class ConflictError(APIStatusError):
    pass


class UnprocessableEntityError(APIStatusError):
    pass


class RateLimitError(APIStatusError):
    pass


class InternalServerError(APIStatusError):
    pass


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def secrets_to_redact(*values: str | None) -> tuple[str, ...]:
    """The values worth redacting from server text (see ``MIN_SECRET_LENGTH``)."""
    return tuple(v for v in values if v and len(v) >= MIN_SECRET_LENGTH)


def redact(value: Any, secrets: Sequence[str]) -> Any:
    """``value`` with every secret replaced by ``<redacted>``: in a string, or in
    the strings (keys and values) of decoded JSON at any depth."""
    if not secrets:
        return value
    if isinstance(value, str):
        for secret in secrets:
            if secret in value:
                value = value.replace(secret, REDACTED)
        return value
    if isinstance(value, Mapping):
        return {redact(k, secrets): redact(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v, secrets) for v in value]
    return value


def make_status_error(response: httpx.Response, *, secrets: Sequence[str] = ()) -> APIStatusError:
    """Build the right ``APIStatusError`` subclass from a (read) error response.

    ``secrets`` (the API key) are redacted from everything the exception shows of
    the server's answer: ``message``/``str``/``repr``, ``body``, ``errors`` and
    ``headers``. Only ``response`` stays the untouched HTTP response.
    """
    body = redact(decode_body(response), secrets)
    status = response.status_code
    cls = _STATUS_ERRORS.get(status)
    if cls is None:
        cls = InternalServerError if status >= 500 else APIStatusError
    error = cls(redact(_status_message(response, body), secrets), response=response, body=body)
    if secrets and any(redact(v, secrets) != v for v in response.headers.values()):
        error.headers = type(response.headers)(
            [(k, redact(v, secrets)) for k, v in response.headers.multi_items()]
        )
    return error


def decode_body(response: httpx.Response) -> object | None:
    """JSON if it parses, else text, else None for an empty body."""
    if not response.content:
        return None
    try:
        decoded: object = json.loads(response.content)
    except ValueError:
        return response.text
    return decoded


def _parse_errors(body: object) -> list[ErrorItem]:
    if not isinstance(body, Mapping):
        return []
    errors = body.get("errors")
    if not isinstance(errors, list):
        return []
    return [ErrorItem.from_dict(e) for e in errors if isinstance(e, Mapping)]


def _body_request_id(body: object) -> str | None:
    if not isinstance(body, Mapping):
        return None
    meta = body.get("meta")
    value = body.get("request_id") or (
        meta.get("request_id") if isinstance(meta, Mapping) else None
    )
    return None if value is None else str(value)


def _standard_phrase(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:  # a status no standard names, e.g. 599
        return ""


def _status_message(response: httpx.Response, body: object) -> str:
    """``HTTP 404 Not Found: <what the body says>``; the status line alone when the
    body says nothing (empty, or an error item without title, detail or code)."""
    status = response.status_code
    head = f"HTTP {status} {response.reason_phrase or _standard_phrase(status)}".rstrip()
    more = ""
    errors = _parse_errors(body)
    if errors:
        first = errors[0]
        parts = [p for p in (first.title, first.detail) if p]
        if first.detail and first.title and first.detail == first.title:
            parts = [first.title]
        text = ": ".join(parts)
        if first.code:
            text = f"{text} (code {first.code})" if text else f"error code {first.code}"
        if len(errors) > 1:
            more = f" (+{len(errors) - 1} more)"
    elif isinstance(body, str):
        text = body.strip()
    elif body is not None:
        text = json.dumps(body)
    else:
        text = ""
    if len(text) > _MAX_BODY_IN_MESSAGE:
        text = text[:_MAX_BODY_IN_MESSAGE] + "..."
    return f"{head}: {text}{more}" if text else f"{head}{more}"
