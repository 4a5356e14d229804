"""JSON pointers (RFC 6901): the one escaping helper every stage uses.

Pointers name places in the spec in error messages and are the keys of
`names.lock`, so they must be spelled the same way wherever they are built.
"""

from __future__ import annotations


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer(*tokens: object) -> str:
    """The pointer of the path `tokens` from the document root ("" is the root)."""
    return "".join("/" + escape(str(t)) for t in tokens)


def child(at: str, *tokens: object) -> str:
    """The pointer `tokens` below `at`."""
    return at + pointer(*tokens)
