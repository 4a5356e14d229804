"""Docstrings of the generated resources, as `help()` and editors show them.

A method's docstring is its summary, the description when it says more, which
media types the body goes as where the route has more methods (`twins`), then an
`Args:` section (every parameter, in signature order) and a `Returns:` line, all
wrapped to fit the generated code's line length at the method's indentation.
"""

from __future__ import annotations

from ..ir.model import Operation, Resource
from ..signature import signature
from .text import plain, readable, summary_and_body, wrap

LINE_LENGTH = 88  # black's line length for the generated package
METHOD_INDENT = 8
CLASS_INDENT = 4
ARG_INDENT = "  "


def returns(op: Operation) -> str:
    """What the method returns, as its signature says."""
    if op.pagination is not None:
        return f"SyncPage[{readable(op.pagination.item_annotation)}]"
    return readable(op.returns)


def method_docstring(op: Operation) -> str:
    """The text of `op`'s docstring (lines relative to the method's indentation)."""
    width = LINE_LENGTH - METHOD_INDENT - len('"""')
    summary, body = summary_and_body(op.summary, op.description)
    lines = wrap(summary, width) or [op.python_method]
    if body:
        lines += ["", *wrap(body, width)]
    if op.twins:
        lines += ["", *wrap(twins_note(op), width)]
    if op.deprecated:
        lines += ["", "Deprecated."]
    if op.params:
        lines += ["", "Args:"]
        sig = signature(op)
        for number, p in enumerate(sig.positional + sig.keyword):
            if number:
                lines.append("")
            text = f"{p.name}: {plain(p.description)}" if plain(p.description) else p.name
            # Later lines hang under the name, as in Google-style docstrings.
            lines += wrap(text, width, ARG_INDENT * 2, first=ARG_INDENT)
    lines += ["", "Returns:", *wrap(returns(op), width, ARG_INDENT * 2, first=ARG_INDENT)]
    return "\n".join(lines)


def twins_note(op: Operation) -> str:
    """How the methods of `op`'s route share its body's media types."""
    own = ", ".join(c.media_type for c in op.body.contents) if op.body else "nothing"
    others = "; ".join(
        f"`{t.python_method}` sends it as {', '.join(t.media_types)}" for t in op.twins
    )
    return f"The body goes as {own}; {others}."


def class_docstring(resource: Resource) -> str:
    dotted = ".".join(resource.path)
    if not plain(resource.description):
        return f"Operations on `{dotted}`."
    # Room for the quotes on both sides: a one-line docstring closes on its line.
    return "\n".join(wrap(plain(resource.description), LINE_LENGTH - CLASS_INDENT - 2 * len('"""')))
