"""Retry policy: which failures to retry and how long to wait."""

from __future__ import annotations

import math
import random
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx


__all__ = [
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
    "is_retryable_method",
    "parse_retry_after",
    "retry_delay",
    "should_retry",
]

INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0  # never sleep longer than this on a server's say-so

_RETRY_STATUSES = frozenset({408, 409, 429})


def is_retryable_method(method: str, headers: httpx.Headers) -> bool:
    """POST/PATCH may only be replayed when an Idempotency-Key dedupes them."""
    if method.upper() in ("POST", "PATCH"):
        return "idempotency-key" in headers
    return True


def should_retry(response: httpx.Response) -> bool:
    # The server may explicitly opt in or out of a retry.
    explicit = response.headers.get("x-should-retry", "").strip().lower()
    if explicit == "true":
        return True
    if explicit == "false":
        return False
    status = response.status_code
    return status in _RETRY_STATUSES or status >= 500


def _usable(seconds: float) -> float | None:
    # nan, inf (also "1e400") and negative waits are nonsense: treated as no header.
    return seconds if math.isfinite(seconds) and seconds >= 0.0 else None


def parse_retry_after(headers: httpx.Headers) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``Retry-After`` (delta or date).

    A number that is not finite and non-negative (``nan``, ``inf``, ``-5``) counts
    as absent, so the normal backoff applies; a huge one is capped by
    ``retry_delay`` (``MAX_RETRY_AFTER``). A date in the past means now (0).
    """
    value = headers.get("retry-after-ms")
    if value is not None:
        try:
            seconds = _usable(float(value) / 1000.0)
        except ValueError:
            seconds = None
        if seconds is not None:
            return seconds
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return _usable(float(value))
    except ValueError:
        pass
    # Imported lazily: only needed for the rare HTTP-date form.
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


def retry_delay(
    retries_done: int, *, retry_after: float | None = None, scale: float = 1.0
) -> float:
    """Seconds to sleep before retry number ``retries_done + 1``.

    ``scale`` multiplies every wait, including a server-sent ``Retry-After``;
    it exists so tests (and impatient batch jobs) can shrink waits.
    """
    if retry_after is not None and _usable(retry_after) is not None:
        return min(retry_after, MAX_RETRY_AFTER) * scale
    delay = min(INITIAL_RETRY_DELAY * 2.0**retries_done, MAX_RETRY_DELAY)
    # Up to 25% jitter spreads out clients that failed at the same moment.
    return delay * (1.0 - 0.25 * random.random()) * scale
