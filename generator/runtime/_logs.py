"""Opt-in request logging controlled by the ``TELNYX_LOG`` env var (the client's
``_log_env``: ``<CLIENT>_LOG`` for another API).

The logger is named after the top-level package (``telnyx_client`` once
generated) so users can configure it like any other library logger.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping

__all__ = ["LOG_ENV", "logger", "redact_headers", "setup_logging"]

LOG_ENV = "TELNYX_LOG"

logger = logging.getLogger(__name__.split(".")[0])

_SENSITIVE = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"}
)
_handler: logging.Handler | None = None


def setup_logging(env: str = LOG_ENV) -> None:
    """Apply ``TELNYX_LOG=info|debug`` (or ``env``); a no-op when unset so app config wins."""
    global _handler
    level = {"debug": logging.DEBUG, "info": logging.INFO}.get(
        os.environ.get(env, "").strip().lower()
    )
    if level is None:
        return
    logger.setLevel(level)
    if _handler is None:
        _handler = logging.StreamHandler()
        _handler.setFormatter(logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s"))
        logger.addHandler(_handler)


def redact_headers(
    headers: Iterable[tuple[str, str]], secrets: Iterable[str] = ()
) -> Mapping[str, str]:
    """Copy of ``headers`` with credentials (and any known secret) masked."""
    secret_values = [s for s in secrets if s]
    out: dict[str, str] = {}
    for name, value in headers:
        if name.lower() in _SENSITIVE or any(s in value for s in secret_values):
            value = "<redacted>"
        out[name] = value
    return out
