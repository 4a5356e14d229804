"""ED25519 webhook verification with keys generated in the test."""

from __future__ import annotations

import base64
import json
import time
from typing import Annotated, Any, Literal, Union, cast

import pydantic
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from generator.runtime._base_client import SyncAPIClient
from generator.runtime._exceptions import WebhookVerificationError
from generator.runtime._models import BaseModel, Discriminated
from generator.runtime._webhooks import (
    AsyncWebhookAPIClient,
    AsyncWebhooks,
    WebhookAPIClient,
    Webhooks,
)

from .support import API_KEY


class Client(WebhookAPIClient):
    """The client of an API that declares webhooks (the runtime's defaults are Telnyx's)."""


class AsyncClient(AsyncWebhookAPIClient):
    pass


PAYLOAD = json.dumps({"data": {"event_type": "call.initiated", "id": "e1"}})


def make_key() -> tuple[Ed25519PrivateKey, str]:
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return private, base64.b64encode(raw).decode()


def sign(private: Ed25519PrivateKey, payload: str, timestamp: int) -> dict[str, str]:
    signature = private.sign(f"{timestamp}|{payload}".encode())
    return {
        "Telnyx-Signature-Ed25519": base64.b64encode(signature).decode(),
        "Telnyx-Timestamp": str(timestamp),
    }


@pytest.fixture
def keys() -> tuple[Ed25519PrivateKey, str]:
    return make_key()


@pytest.fixture
def webhooks(keys: tuple[Ed25519PrivateKey, str]) -> Webhooks:
    client = Client(api_key=API_KEY, public_key=keys[1])
    return Webhooks(client)


def test_valid_signature_unwraps(webhooks: Webhooks, keys: tuple[Ed25519PrivateKey, str]) -> None:
    headers = sign(keys[0], PAYLOAD, int(time.time()))
    webhooks.verify_signature(PAYLOAD, headers)
    assert webhooks.unwrap(PAYLOAD, headers)["data"]["id"] == "e1"
    assert webhooks.unwrap(PAYLOAD.encode(), headers=headers)["data"]["id"] == "e1"
    # Header names are case-insensitive.
    lowered = {k.lower(): v for k, v in headers.items()}
    webhooks.verify_signature(PAYLOAD, lowered)


class Initiated(BaseModel):
    class Data(BaseModel):
        event_type: Literal["call.initiated"]
        id: str

    data: Data


class Hangup(BaseModel):
    class Data(BaseModel):
        event_type: Literal["call.hangup"]
        hangup_cause: str

    data: Data


class Campaign(BaseModel):
    campaignId: str


Event = Annotated[
    Union[Initiated, Hangup, Campaign],
    Discriminated(
        (("data", "event_type"), "event_type"),
        {"call.initiated": "Initiated", "call.hangup": "Hangup"},
        fallback=("Campaign",),
    ),
]


def test_unwrap_parses_the_event_union(keys: tuple[Ed25519PrivateKey, str]) -> None:
    hooks: Webhooks[Initiated | Hangup | Campaign] = Webhooks(
        Client(api_key=API_KEY, public_key=keys[1]), lambda: Event
    )
    headers = sign(keys[0], PAYLOAD, int(time.time()))
    event = hooks.unwrap(PAYLOAD, headers)
    assert isinstance(event, Initiated) and event.data.id == "e1"
    untagged = json.dumps({"campaignId": "c1"})
    assert isinstance(hooks.unsafe_unwrap(untagged), Campaign)
    # The tag picks one variant: its errors name that variant's fields only.
    with pytest.raises(WebhookVerificationError) as caught:
        hooks.unsafe_unwrap(json.dumps({"data": {"event_type": "call.hangup"}}))
    assert str(caught.value) == (
        "Webhook payload is not a valid event: call.hangup.data.hangup_cause: Field required"
    )
    assert isinstance(caught.value.__cause__, pydantic.ValidationError)
    assert "campaignId" not in str(caught.value.__cause__)
    # Verification comes first: a forged delivery is never parsed.
    with pytest.raises(WebhookVerificationError):
        hooks.unwrap(untagged, headers)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("not json", "Webhook payload is not valid JSON"),
        ('{"data": ', "Webhook payload is not valid JSON"),
        ("42", "Webhook payload is not a valid event: fallback: Input should be an object"),
        ("[1, 2]", "Webhook payload is not a valid event: fallback: Input should be an object"),
        ("null", "Webhook payload is not a valid event: fallback: Input should be an object"),
    ],
)
def test_authentic_but_invalid_payload_raises_the_webhook_error(
    keys: tuple[Ed25519PrivateKey, str], payload: str, message: str
) -> None:
    """A correctly signed body that is no event is the package's error, not pydantic's."""
    hooks: Webhooks[Initiated | Hangup | Campaign] = Webhooks(
        Client(api_key=API_KEY, public_key=keys[1]), lambda: Event
    )
    headers = sign(keys[0], payload, int(time.time()))
    with pytest.raises(WebhookVerificationError) as caught:
        hooks.unwrap(payload, headers)
    assert str(caught.value) == message
    assert isinstance(caught.value.__cause__, pydantic.ValidationError)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("not json", "Webhook payload is not valid JSON"),
        (b"\xff\xfe", "Webhook payload is not valid JSON"),
        ("42", "Webhook payload is not a JSON object (got int)"),
        ("[1]", "Webhook payload is not a JSON object (got list)"),
    ],
)
def test_untyped_unwrap_wants_a_json_object(
    webhooks: Webhooks, keys: tuple[Ed25519PrivateKey, str], payload: str | bytes, message: str
) -> None:
    raw = payload if isinstance(payload, bytes) else payload.encode()
    signature = keys[0].sign(b"%d|%s" % (int(time.time()), raw))
    headers = {
        "telnyx-signature-ed25519": base64.b64encode(signature).decode(),
        "telnyx-timestamp": str(int(time.time())),
    }
    with pytest.raises(WebhookVerificationError) as caught:
        webhooks.unwrap(payload, headers)
    assert str(caught.value) == message


def test_verification_errors_are_value_errors() -> None:
    """Code written for the official SDK catches ValueError."""
    assert issubclass(WebhookVerificationError, ValueError)


def test_tampered_body(webhooks: Webhooks, keys: tuple[Ed25519PrivateKey, str]) -> None:
    headers = sign(keys[0], PAYLOAD, int(time.time()))
    with pytest.raises(WebhookVerificationError, match="signature does not match"):
        webhooks.unwrap(PAYLOAD.replace("e1", "e2"), headers)


def test_tampered_timestamp(webhooks: Webhooks, keys: tuple[Ed25519PrivateKey, str]) -> None:
    now = int(time.time())
    headers = sign(keys[0], PAYLOAD, now)
    headers["Telnyx-Timestamp"] = str(now - 5)  # still within tolerance
    with pytest.raises(WebhookVerificationError, match="signature does not match"):
        webhooks.verify_signature(PAYLOAD, headers)


@pytest.mark.parametrize("offset", [-301, 400, 10_000])
def test_timestamp_outside_tolerance(
    webhooks: Webhooks, keys: tuple[Ed25519PrivateKey, str], offset: int
) -> None:
    # Correctly signed, but too old (replay) or too far in the future.
    headers = sign(keys[0], PAYLOAD, int(time.time()) + offset)
    with pytest.raises(WebhookVerificationError, match="tolerance"):
        webhooks.verify_signature(PAYLOAD, headers)
    webhooks.verify_signature(PAYLOAD, headers, tolerance=20_000)


def test_wrong_key(webhooks: Webhooks) -> None:
    other_private, _ = make_key()
    headers = sign(other_private, PAYLOAD, int(time.time()))
    with pytest.raises(WebhookVerificationError, match="signature does not match"):
        webhooks.verify_signature(PAYLOAD, headers)


def test_key_resolution_argument_then_client_then_env(
    keys: tuple[Ed25519PrivateKey, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = sign(keys[0], PAYLOAD, int(time.time()))
    _, wrong = make_key()
    bare = Webhooks(Client(api_key=API_KEY))
    with pytest.raises(WebhookVerificationError, match="TELNYX_PUBLIC_KEY"):
        bare.verify_signature(PAYLOAD, headers)
    bare.verify_signature(PAYLOAD, headers, key=keys[1])
    monkeypatch.setenv("TELNYX_PUBLIC_KEY", keys[1])
    bare.verify_signature(PAYLOAD, headers)
    with pytest.raises(WebhookVerificationError):
        bare.verify_signature(PAYLOAD, headers, key=wrong)  # argument wins
    # PEM keys work too.
    pem = (
        keys[0]
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    bare.verify_signature(PAYLOAD, headers, key=pem)


@pytest.mark.parametrize(
    ("headers", "match"),
    [
        ({}, "Missing telnyx-signature-ed25519"),
        ({"telnyx-signature-ed25519": "AAAA"}, "Missing telnyx-timestamp"),
        ({"telnyx-signature-ed25519": "AAAA", "telnyx-timestamp": "soon"}, "not an integer"),
        ({"telnyx-signature-ed25519": "***", "telnyx-timestamp": "NOW"}, "not base64"),
    ],
)
def test_malformed_headers(webhooks: Webhooks, headers: dict[str, str], match: str) -> None:
    headers = {k: str(int(time.time())) if v == "NOW" else v for k, v in headers.items()}
    with pytest.raises(WebhookVerificationError, match=match):
        webhooks.verify_signature(PAYLOAD, headers)


def test_bad_key_material(keys: tuple[Ed25519PrivateKey, str]) -> None:
    headers = sign(keys[0], PAYLOAD, int(time.time()))
    hooks = Webhooks(Client(api_key=API_KEY))
    for bad in ("not base64!!", base64.b64encode(b"short").decode()):
        with pytest.raises(WebhookVerificationError, match=r"[Pp]ublic key"):
            hooks.verify_signature(PAYLOAD, headers, key=bad)


def test_async_webhooks(keys: tuple[Ed25519PrivateKey, str]) -> None:
    hooks = AsyncWebhooks(AsyncClient(api_key=API_KEY, public_key=keys[1]))
    headers = sign(keys[0], PAYLOAD, int(time.time()))
    assert hooks.unwrap(PAYLOAD, headers)["data"]["event_type"] == "call.initiated"


def test_only_webhook_clients_take_a_public_key(
    keys: tuple[Ed25519PrivateKey, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELNYX_PUBLIC_KEY", keys[1])
    client = Client(api_key=API_KEY, max_retries=1)
    assert (client.public_key, client.max_retries) == (keys[1], 1)
    copy = client.with_options(public_key="other", max_retries=3)
    assert (copy.public_key, copy.max_retries, copy.api_key) == ("other", 3, API_KEY)
    assert client.with_options(timeout=5.0).public_key == keys[1]
    assert AsyncClient(api_key=API_KEY, public_key="k2").with_options().public_key == "k2"
    plain = SyncAPIClient(api_key=API_KEY)
    assert not hasattr(plain, "public_key")
    with pytest.raises(TypeError, match="public_key"):
        cast(Any, SyncAPIClient)(api_key=API_KEY, public_key=keys[1])
    with pytest.raises(TypeError, match="public_key"):
        cast(Any, plain).with_options(public_key=keys[1])
