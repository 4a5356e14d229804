"""The client's defaults, in one place: the client, the timeout module and the
generated README (which the generator renders from these names) all read them.

No imports: the generator reads this module without loading httpx.
"""

from __future__ import annotations

__all__ = ["DEFAULT_CONNECT_TIMEOUT", "DEFAULT_MAX_RETRIES", "DEFAULT_TOTAL_TIMEOUT"]

DEFAULT_MAX_RETRIES = 2
# Seconds one attempt may take in total, and at most to connect.
DEFAULT_TOTAL_TIMEOUT = 60.0
DEFAULT_CONNECT_TIMEOUT = 5.0
