"""Retries, backoff, Retry-After handling and idempotency keys."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest

from generator.runtime._endpoint import Endpoint
from generator.runtime._exceptions import (
    APIConnectionError,
    APIStatusError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)
from generator.runtime._retries import parse_retry_after, retry_delay

from .support import API_KEY, Client, Reply, ScriptedServer, json_reply

post: Endpoint[Any] = Endpoint("post", "/calls", Any)


def gaps(server: ScriptedServer) -> list[float]:
    times = [r.at for r in server.requests]
    return [b - a for a, b in itertools.pairwise(times)]


def test_500_500_200_succeeds_on_third_attempt(server: ScriptedServer, client: Client) -> None:
    server.queue(Reply(500), Reply(502), json_reply({"data": {"id": "ok"}}))
    assert client.documents.retrieve("d1").data.id == "ok"
    assert len(server.requests) == 3
    # backoff_scale=0.01: waits are ~5 ms and ~10 ms, never the real 0.5 s/1 s.
    assert all(gap < 0.3 for gap in gaps(server))


def test_gives_up_after_max_retries(server: ScriptedServer, client: Client) -> None:
    server.default = Reply(503, "busy")
    with pytest.raises(InternalServerError) as info:
        client.documents.retrieve("d1")
    assert len(server.requests) == 3
    assert info.value.status_code == 503


def test_connection_reset_is_retried(server: ScriptedServer, client: Client) -> None:
    server.queue(Reply(reset=True), Reply(reset=True), json_reply({"data": {"id": "x"}}))
    assert client.documents.retrieve("d1").data.id == "x"
    assert len(server.requests) == 3


def test_connection_reset_exhausts_into_connection_error(
    server: ScriptedServer, client: Client
) -> None:
    server.default = Reply(reset=True)
    with pytest.raises(APIConnectionError) as info:
        client.with_options(max_retries=1).documents.retrieve("d1")
    assert len(server.requests) == 2
    assert API_KEY not in str(info.value)


def test_connection_refused() -> None:
    with (
        Client(api_key=API_KEY, base_url="http://127.0.0.1:9/v2", max_retries=0) as c,
        pytest.raises(APIConnectionError),
    ):
        c.documents.retrieve("d1")


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_client_errors_are_not_retried(server: ScriptedServer, client: Client, status: int) -> None:
    server.default = Reply(status)
    with pytest.raises(APIStatusError) as info:
        client.documents.retrieve("d1")
    assert info.value.status_code == status
    assert len(server.requests) == 1


@pytest.mark.parametrize("status", [408, 409, 429])
def test_retryable_4xx(server: ScriptedServer, client: Client, status: int) -> None:
    server.queue(Reply(status), json_reply({"data": {"id": "x"}}))
    client.documents.retrieve("d1")
    assert len(server.requests) == 2


def test_x_should_retry_header_overrides(server: ScriptedServer, client: Client) -> None:
    server.queue(Reply(404, headers={"x-should-retry": "true"}), json_reply({"data": {"id": "x"}}))
    client.documents.retrieve("d1")
    assert len(server.requests) == 2
    server.reset_state()
    server.default = Reply(500, headers={"x-should-retry": "false"})
    with pytest.raises(InternalServerError):
        client.documents.retrieve("d1")
    assert len(server.requests) == 1


def test_with_options_max_retries_zero_sends_once(server: ScriptedServer, client: Client) -> None:
    server.default = Reply(500)
    with pytest.raises(InternalServerError):
        client.with_options(max_retries=0).request(post, body={"a": 1})
    assert len(server.requests) == 1


# -- Retry-After ----------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Retry-After": "30"},
        {"retry-after-ms": "30000"},
        {"Retry-After": "HTTP-DATE"},
    ],
    ids=["seconds", "ms", "http-date"],
)
def test_429_retry_after_is_honoured(
    server: ScriptedServer, client: Client, headers: dict[str, str]
) -> None:
    if headers.get("Retry-After") == "HTTP-DATE":
        when = datetime.now(UTC) + timedelta(seconds=31)
        headers = {"Retry-After": format_datetime(when, usegmt=True)}
    server.queue(Reply(429, headers=headers), json_reply({"data": {"id": "x"}}))
    client.documents.retrieve("d1")
    # 30 s scaled by backoff_scale=0.01 -> ~0.3 s: far above the ~5 ms default
    # backoff, so the header was used, but still bounded.
    (gap,) = gaps(server)
    assert 0.25 <= gap < 1.0


@pytest.mark.parametrize(
    "headers",
    [
        {"Retry-After": "nan"},
        {"Retry-After": "inf"},
        {"Retry-After": "1e400"},  # overflows to inf
        {"Retry-After": "-5"},
        {"retry-after-ms": "NaN"},
        {"retry-after-ms": "-inf"},
    ],
)
def test_nonsense_retry_after_falls_back_to_backoff(
    server: ScriptedServer, client: Client, headers: dict[str, str]
) -> None:
    server.queue(Reply(503, headers=headers), json_reply({"data": {"id": "x"}}))
    assert client.documents.retrieve("d1").data.id == "x"
    # The ~5 ms scaled backoff, not a crash (nan) nor the 0.6 s scaled cap (inf).
    (gap,) = gaps(server)
    assert gap < 0.25
    assert parse_retry_after(httpx.Headers(headers)) is None


def test_retry_after_nonsense_values_are_ignored_but_huge_ones_capped() -> None:
    for value in ("nan", "inf", "-inf", "-0.5", "1e400"):
        assert parse_retry_after(httpx.Headers({"retry-after": value})) is None
        assert parse_retry_after(httpx.Headers({"retry-after-ms": value})) is None
    # An unusable retry-after-ms does not hide a usable Retry-After.
    assert parse_retry_after(httpx.Headers({"retry-after-ms": "nan", "retry-after": "2"})) == 2.0
    assert parse_retry_after(httpx.Headers({"retry-after": "1e9"})) == 1e9
    assert retry_delay(0, retry_after=1e9) == 60.0
    for bad in (float("nan"), float("inf"), -1.0):
        assert 0.375 <= retry_delay(0, retry_after=bad) <= 0.5  # the normal first backoff


def test_backoff_scale_must_be_finite() -> None:
    for bad in (float("nan"), float("inf"), -1.0):
        with pytest.raises(ValueError, match="backoff_scale"):
            Client(api_key=API_KEY, backoff_scale=bad)


def test_retry_after_is_capped() -> None:
    assert retry_delay(0, retry_after=3600.0) == 60.0
    assert retry_delay(0, retry_after=3600.0, scale=0.5) == 30.0


def test_rate_limit_error_after_retries(server: ScriptedServer, client: Client) -> None:
    server.default = Reply(
        429, '{"errors":[{"code":"10011","title":"Too many"}]}', {"retry-after-ms": "1"}
    )
    with pytest.raises(RateLimitError) as info:
        client.documents.retrieve("d1")
    assert len(server.requests) == 3
    assert info.value.errors[0].code == "10011"


def test_parse_retry_after_forms() -> None:
    assert parse_retry_after(httpx.Headers({"retry-after-ms": "250"})) == 0.25
    assert parse_retry_after(httpx.Headers({"retry-after": "2"})) == 2.0
    assert parse_retry_after(httpx.Headers({"retry-after": "garbage"})) is None
    assert parse_retry_after(httpx.Headers({})) is None
    past = format_datetime(datetime(2000, 1, 1, tzinfo=UTC), usegmt=True)
    assert parse_retry_after(httpx.Headers({"retry-after": past})) == 0.0


def test_backoff_grows_exponentially_with_jitter_and_cap() -> None:
    for attempt, base in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (9, 8.0)]:
        delays = [retry_delay(attempt) for _ in range(50)]
        assert all(0.75 * base <= d <= base for d in delays)
        assert len(set(delays)) > 1  # jittered
    assert retry_delay(3, scale=0.0) == 0.0


def test_backoff_scale_is_applied_to_real_waits(server: ScriptedServer) -> None:
    server.queue(Reply(500), json_reply({"data": {"id": "x"}}))
    with Client(api_key=API_KEY, base_url=server.base_url, backoff_scale=0.4) as c:
        started = time.monotonic()
        c.documents.retrieve("d1")
    # First retry waits 0.5 s * (0.75..1) * 0.4 = 0.15..0.2 s.
    assert 0.14 <= time.monotonic() - started < 1.0


# -- idempotency ----------------------------------------------------------------


def test_post_retries_reuse_one_idempotency_key(server: ScriptedServer, client: Client) -> None:
    server.queue(Reply(500), Reply(reset=True), json_reply({}))
    client.request(post, body={"a": 1})
    keys = [r.headers.get("idempotency-key") for r in server.requests]
    assert len(keys) == 3 and keys[0] and len(set(keys)) == 1
    # A new logical call gets a new key.
    client.request(post, body={"a": 1})
    assert server.requests[-1].headers["idempotency-key"] != keys[0]


def test_user_supplied_idempotency_key(server: ScriptedServer, client: Client) -> None:
    server.queue(Reply(500), json_reply({}))
    client.request(post, body={}, headers={"Idempotency-Key": "my-key"})
    assert [r.headers["idempotency-key"] for r in server.requests] == ["my-key"] * 2
    client.request(post, body={}, options={"extra_headers": {"Idempotency-Key": "k2"}})
    assert server.requests[-1].headers["idempotency-key"] == "k2"


def test_idempotency_key_in_default_headers_is_sent_as_is(server: ScriptedServer) -> None:
    """A key the user put in default_headers is theirs: never replaced by a generated one."""
    with Client(
        api_key=API_KEY,
        base_url=server.base_url,
        backoff_scale=0.01,
        default_headers={"idempotency-KEY": "fixed"},
    ) as c:
        server.queue(Reply(500), json_reply({}))
        c.request(post, body={})  # retried: the key allows it
        c.request(post, body={})  # a later call: still the user's key
        assert [r.headers["idempotency-key"] for r in server.requests] == ["fixed"] * 3
        # A per-call key (extra_headers) still wins over the default one.
        c.request(post, body={}, options={"extra_headers": {"Idempotency-Key": "call"}})
        assert server.requests[-1].headers["idempotency-key"] == "call"
        # with_options keeps (or replaces) it like any default header.
        c.with_options(default_headers={"Idempotency-Key": "site"}).request(post, body={})
        assert server.requests[-1].headers["idempotency-key"] == "site"
        c.with_options(max_retries=1).request(post, body={})
        assert server.requests[-1].headers["idempotency-key"] == "fixed"
    # None in default_headers: no key at all, so POSTs are not retried.
    server.reset_state()
    server.default = Reply(500)
    with (
        Client(
            api_key=API_KEY,
            base_url=server.base_url,
            default_headers={"Idempotency-Key": None},  # type: ignore[dict-item]
        ) as c,
        pytest.raises(InternalServerError),
    ):
        c.request(post, body={})
    assert len(server.requests) == 1
    assert "idempotency-key" not in server.requests[0].headers


def test_post_without_idempotency_key_is_not_retried(
    server: ScriptedServer, client: Client
) -> None:
    server.default = Reply(500)
    with pytest.raises(InternalServerError):
        client.request(post, body={}, options={"extra_headers": {"Idempotency-Key": None}})
    assert len(server.requests) == 1
    assert "idempotency-key" not in server.requests[0].headers


def test_get_and_delete_have_no_key_but_retry(server: ScriptedServer, client: Client) -> None:
    server.queue(Reply(500), Reply(204))
    client.documents.delete("d1")
    assert len(server.requests) == 2
    assert "idempotency-key" not in server.requests[0].headers


def test_conflict_409_on_post_is_retried_with_same_key(
    server: ScriptedServer, client: Client
) -> None:
    server.default = Reply(409)
    with pytest.raises(ConflictError):
        client.request(post, body={})
    assert len({r.headers["idempotency-key"] for r in server.requests}) == 1
    assert len(server.requests) == 3


def test_not_found_body_text(server: ScriptedServer, client: Client) -> None:
    server.default = Reply(404, "nope")
    with pytest.raises(NotFoundError, match=r"^HTTP 404 Not Found: nope$"):
        client.documents.retrieve("d1")
