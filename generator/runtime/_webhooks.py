"""Telnyx webhook verification (ED25519).

Telnyx signs ``f"{telnyx-timestamp}|{raw body}"`` with its ED25519 key and
sends the base64 signature in ``telnyx-signature-ed25519``. ``cryptography``
is imported only when a signature is checked, keeping client import fast; it is
the package's ``webhooks`` extra, not a dependency.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar, Unpack, cast

from ._base_client import AsyncAPIClient, ClientOptions, CopyOptions, SyncAPIClient
from ._exceptions import WebhookVerificationError

if TYPE_CHECKING:
    import httpx
    import pydantic
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

__all__ = [
    "DEFAULT_TOLERANCE",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "AsyncWebhookAPIClient",
    "AsyncWebhooks",
    "WebhookAPIClient",
    "Webhooks",
    "verify_signature",
]

SIGNATURE_HEADER = "telnyx-signature-ed25519"
TIMESTAMP_HEADER = "telnyx-timestamp"
DEFAULT_TOLERANCE = 300  # seconds; rejects replays of old deliveries

PublicKeyLike = str | bytes
EventT = TypeVar("EventT")


class WebhookAPIClient(SyncAPIClient):
    """The client of an API that declares webhooks: it also holds the key deliveries
    are verified with, ``public_key=`` or the ``<CLIENT>_PUBLIC_KEY`` variable (the
    clients of other APIs take no such key)."""

    _public_key_env: ClassVar[str] = "TELNYX_PUBLIC_KEY"
    public_key: str | None

    def __init__(
        self,
        *,
        public_key: str | None = None,
        **options: Unpack[ClientOptions[httpx.Client]],
    ) -> None:
        """See ``SyncAPIClient``; ``public_key``: the API's webhook signing key."""
        super().__init__(**options)
        self.public_key = public_key or os.environ.get(self._public_key_env)

    def with_options(
        self, *, public_key: str | None = None, **options: Unpack[CopyOptions[httpx.Client]]
    ) -> Self:
        new = super().with_options(**options)
        new.public_key = public_key or self.public_key
        return new


class AsyncWebhookAPIClient(AsyncAPIClient):
    """``WebhookAPIClient``'s async twin."""

    _public_key_env: ClassVar[str] = "TELNYX_PUBLIC_KEY"
    public_key: str | None

    def __init__(
        self,
        *,
        public_key: str | None = None,
        **options: Unpack[ClientOptions[httpx.AsyncClient]],
    ) -> None:
        """See ``SyncAPIClient``; ``public_key``: the API's webhook signing key."""
        super().__init__(**options)
        self.public_key = public_key or os.environ.get(self._public_key_env)

    def with_options(
        self,
        *,
        public_key: str | None = None,
        **options: Unpack[CopyOptions[httpx.AsyncClient]],
    ) -> Self:
        new = super().with_options(**options)
        new.public_key = public_key or self.public_key
        return new


def _require_cryptography() -> None:
    try:
        import cryptography  # noqa: F401
    except ImportError as exc:
        package = __name__.rpartition(".")[0]
        raise ImportError(
            "Verifying webhook signatures needs the `cryptography` package: "
            f"pip install '{package}[webhooks]' (or pip install cryptography)",
            name="cryptography",
        ) from exc


def _load_key(key: PublicKeyLike) -> Ed25519PublicKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if isinstance(key, str) and key.lstrip().startswith("-----BEGIN"):
        loaded = serialization.load_pem_public_key(key.encode())
        if not isinstance(loaded, Ed25519PublicKey):
            raise WebhookVerificationError("Public key is not an ED25519 key")
        return loaded
    raw = key if isinstance(key, bytes) else b""
    if isinstance(key, str) or len(key) != 32:
        # The Telnyx portal shows the key as base64 of the raw 32 bytes.
        try:
            raw = base64.b64decode(key, validate=True)
        except (binascii.Error, ValueError):
            raise WebhookVerificationError("Public key is not valid base64") from None
    if len(raw) != 32:
        raise WebhookVerificationError(f"Public key must be 32 raw bytes (got {len(raw)})")
    return Ed25519PublicKey.from_public_bytes(raw)


def verify_signature(
    payload: str | bytes,
    headers: Mapping[str, str],
    *,
    key: PublicKeyLike,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> None:
    """Raise ``WebhookVerificationError`` unless ``payload`` is authentic
    (``ImportError`` without ``cryptography``, the ``webhooks`` extra)."""
    _require_cryptography()
    from cryptography.exceptions import InvalidSignature

    lowered = {k.lower(): v for k, v in headers.items()}
    signature = lowered.get(SIGNATURE_HEADER)
    timestamp = lowered.get(TIMESTAMP_HEADER)
    if not signature:
        raise WebhookVerificationError(f"Missing {SIGNATURE_HEADER} header")
    if not timestamp:
        raise WebhookVerificationError(f"Missing {TIMESTAMP_HEADER} header")
    try:
        sent_at = int(timestamp.strip())
    except ValueError:
        raise WebhookVerificationError(
            f"Invalid {TIMESTAMP_HEADER} header: not an integer"
        ) from None
    age = (time.time() if now is None else now) - sent_at
    if abs(age) > tolerance:
        raise WebhookVerificationError(
            f"Webhook timestamp is {abs(age):.0f}s "
            f"{'old' if age > 0 else 'in the future'}, outside the "
            f"{tolerance}s tolerance (possible replay)"
        )
    try:
        signature_bytes = base64.b64decode(signature.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise WebhookVerificationError(f"Invalid {SIGNATURE_HEADER} header: not base64") from None
    body = payload.encode() if isinstance(payload, str) else payload
    signed = timestamp.strip().encode() + b"|" + body
    try:
        _load_key(key).verify(signature_bytes, signed)
    except InvalidSignature:
        raise WebhookVerificationError(
            "Webhook signature does not match the payload and public key"
        ) from None


class Webhooks(Generic[EventT]):
    """``client.webhooks``: verify incoming deliveries and parse them into typed events.

    ``event`` returns the type deliveries parse into (the API's union of event
    models); it is called on first use, so the models load only when needed.
    """

    def __init__(self, client: Any, event: Callable[[], Any] | None = None) -> None:
        self._client = client
        self._event = event

    def _key(self, key: PublicKeyLike | None) -> PublicKeyLike:
        key = key or getattr(self._client, "public_key", None)
        env = getattr(self._client, "_public_key_env", "TELNYX_PUBLIC_KEY")
        key = key or os.environ.get(env)
        if not key:
            raise WebhookVerificationError(
                "No webhook public key: pass `key=...`, set `public_key` on the "
                f"client or set the {env} environment variable"
            )
        return key

    def verify_signature(
        self,
        payload: str | bytes,
        headers: Mapping[str, str],
        *,
        key: PublicKeyLike | None = None,
        tolerance: int = DEFAULT_TOLERANCE,
    ) -> None:
        verify_signature(payload, headers, key=self._key(key), tolerance=tolerance)

    def unwrap(
        self,
        payload: str | bytes,
        headers: Mapping[str, str],
        *,
        key: PublicKeyLike | None = None,
        tolerance: int = DEFAULT_TOLERANCE,
    ) -> EventT:
        """Verify the signature and timestamp, then parse the event.

        Raises ``WebhookVerificationError`` (a ``ValueError``) when the delivery is
        not authentic, and also when an authentic one is not a valid event (not
        JSON, not an object, or not of any event type; its ``__cause__`` holds the
        JSON or pydantic error).
        """
        self.verify_signature(payload, headers, key=key, tolerance=tolerance)
        return self.unsafe_unwrap(payload)

    def unsafe_unwrap(self, payload: str | bytes) -> EventT:
        """Parse an event WITHOUT checking its signature (tests, trusted replays).

        Raises ``WebhookVerificationError`` when the payload is not a valid event.
        """
        if self._event is None:
            try:
                event = json.loads(payload)
            except ValueError as exc:
                raise WebhookVerificationError("Webhook payload is not valid JSON") from exc
            if not isinstance(event, dict):
                raise WebhookVerificationError(
                    f"Webhook payload is not a JSON object (got {type(event).__name__})"
                )
            return cast(EventT, event)
        import pydantic  # loads with the first event

        from ._models import validate_json

        try:
            return cast(EventT, validate_json(self._event(), payload))
        except pydantic.ValidationError as exc:
            raise _invalid_event(exc) from exc


def _invalid_event(exc: pydantic.ValidationError) -> WebhookVerificationError:
    first = exc.errors()[0]
    if first["type"] == "json_invalid":
        return WebhookVerificationError("Webhook payload is not valid JSON")
    # Union branches show in `loc` under their tag (the fallback's is "\x00fallback").
    parts = ("".join(c for c in str(part) if c.isprintable()) for part in first["loc"])
    where = ".".join(part for part in parts if part)
    more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return WebhookVerificationError(
        f"Webhook payload is not a valid event: {where + ': ' if where else ''}"
        f"{first['msg']}{more}"
    )


class AsyncWebhooks(Webhooks[EventT]):
    """Same as ``Webhooks``: verification is CPU-only, so methods stay sync."""
