"""Spec descriptions as plain text: HTML turned into Markdown, paragraphs wrapped.

Spec descriptions are Markdown with bits of HTML (`<code>`, `<br />`, lists,
links). Only those known tags are rewritten; anything else in angle brackets
(`<API_KEY>`, `<voice_id>`) is text a reader is meant to see.
"""

from __future__ import annotations

import html
import re
import textwrap

_LINK = re.compile(r'<a\s[^>]*?href\s*=\s*["\']([^"\']*)["\'][^>]*>(.*?)</a\s*>', re.I | re.S)
_CODE = re.compile(r"<(code|tt|kbd)\s*>(.*?)</\1\s*>", re.I | re.S)
_BREAK = re.compile(r"<br\s*/?>", re.I)
_ITEM = re.compile(r"<li\s*>\s*", re.I)
_BLOCK_HTML = re.compile(r"<(br|li|ul|ol|p)\b", re.I)
_PARAGRAPH = re.compile(r"</?(p|ul|ol|div)\s*/?>", re.I)
_EMPHASIS = re.compile(r"</?(b|strong|i|em|u|span)\s*>", re.I)
_END_ITEM = re.compile(r"</li\s*>", re.I)
# A line that starts a list item or is not prose to reflow (code, table, heading, quote).
_ITEM_START = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+")
_VERBATIM = re.compile(r"^(\s{4,}|\s*[|#>]|\s*```)")


def plain(text: str) -> str:
    """`text` with its HTML as Markdown: code in backticks, links as `[text](url)`,
    list items as `- ` lines, line breaks as new lines; entities decoded."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _BLOCK_HTML.search(text):  # whitespace in HTML is layout, not an indented block
        text = "\n".join(line.strip() for line in text.split("\n"))
    text = _LINK.sub(lambda m: f"[{_inline(m.group(2))}]({m.group(1)})", text)
    text = _CODE.sub(lambda m: f"`{_inline(m.group(2))}`", text)
    text = _BREAK.sub("\n", text)
    text = _ITEM.sub("\n- ", text)
    text = _END_ITEM.sub("", text)
    text = _PARAGRAPH.sub("\n\n", text)
    text = _EMPHASIS.sub("", text)
    text = html.unescape(text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _inline(text: str) -> str:
    return " ".join(_EMPHASIS.sub("", text).split())


def first_sentence(text: str) -> str:
    """The first line of `plain(text)` (for one-line summaries in tables)."""
    line = plain(text).split("\n", 1)[0].strip()
    return line


def wrap(text: str, width: int, indent: str = "", first: str | None = None) -> list[str]:
    """Plain text (see `plain`) as lines of at most `width` characters (`indent`
    included); the very first line is indented by `first` instead when given.

    Paragraphs and list items reflow; code blocks, tables and indented lines stay
    as they are. A single word longer than the width (a URL) keeps its own line.
    """
    lines: list[str] = []
    for kind, block in _blocks(text):
        if kind == "break":
            if lines and lines[-1] != "":
                lines.append("")
        elif kind == "verbatim" and len(indent + block) > width and block.strip():
            # Code or a table row too long for the width: broken at spaces, the rest
            # indented under it (a reader sees it whole; the line length holds).
            lead = indent + block[: len(block) - len(block.lstrip())]
            lines += textwrap.wrap(
                block.strip(),
                width=max(width, len(lead) + 20),
                initial_indent=lead,
                subsequent_indent=lead + "    ",
                break_long_words=False,
                break_on_hyphens=False,
            )
        elif kind == "verbatim":
            lines.append((indent + block).rstrip())
        else:
            item = _ITEM_START.match(block)
            hanging = " " * len(item.group(0)) if item else ""
            lines += textwrap.wrap(
                block,
                width=max(width, len(indent) + 20),
                initial_indent=indent,
                subsequent_indent=indent + hanging,
                break_long_words=False,
                break_on_hyphens=False,
            )
    while lines and lines[-1] == "":
        lines.pop()
    if first is not None and lines:
        lines[0] = first + lines[0].removeprefix(indent)
    return lines


def _blocks(text: str) -> list[tuple[str, str]]:
    """Units to wrap: ("prose", a paragraph or list item, its lines joined),
    ("verbatim", a line of code, a table or an indented block), ("break", "")."""
    out: list[tuple[str, str]] = []
    fenced = False
    for raw in text.split("\n"):
        line = raw.rstrip()
        if line.lstrip().startswith("```"):
            fenced = not fenced
            out.append(("verbatim", line))
        elif fenced or _VERBATIM.match(line):
            out.append(("verbatim", line))
        elif not line.strip():
            out.append(("break", ""))
        elif out and out[-1][0] == "prose" and not _ITEM_START.match(line):
            out[-1] = ("prose", out[-1][1] + " " + line.strip())
        else:
            out.append(("prose", line if _ITEM_START.match(line) else line.strip()))
    return out


def summary_and_body(summary: str, description: str) -> tuple[str, str]:
    """The summary, and what the description says beyond it (Markdown): "" when it
    only repeats the summary, the rest when its first sentence is the summary; a
    short description that extends the summary's sentence replaces the summary."""
    title, body = plain(summary), plain(description)
    if not title:
        return body, ""
    if same_text(body, title):
        return title, ""
    if body.lower().startswith(title.lower()):
        rest = body[len(title) :]
        if rest.startswith("."):
            return title, rest[1:].strip()
        if not rest[:1].isalnum() and "\n" not in body and len(body) <= 200:
            return body, ""  # "Create a thing for a user": the longer one
    return title, body


def same_text(a: str, b: str) -> bool:
    """Whether two spec texts say the same (case, spacing and end punctuation aside)."""
    return _norm(a) == _norm(b)


def _norm(text: str) -> str:
    return " ".join(plain(text).lower().split()).rstrip(".!: ")


def readable(annotation: str) -> str:
    """A type annotation as documentation shows it: `Annotated[X, <metadata>]` is `X`
    (the metadata, e.g. how a union picks its variant, is the runtime's business)."""
    while (start := annotation.find("Annotated[")) >= 0:
        depth, comma, end = 0, -1, -1
        for i in range(start + len("Annotated["), len(annotation)):
            char = annotation[i]
            if char in "[(":
                depth += 1
            elif char in "])":
                if depth == 0:
                    end = i
                    break
                depth -= 1
            elif char == "," and depth == 0 and comma < 0:
                comma = i
        if end < 0 or comma < 0:
            break
        inner = annotation[start + len("Annotated[") : comma]
        annotation = annotation[:start] + inner + annotation[end + 1 :]
    return annotation
