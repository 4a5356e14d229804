"""List the GET operations that look like paged lists but got no pager.

    python -m generator.pagination_audit [--spec PATH]

A candidate is a GET whose JSON result is a list, or a model with a list field,
and that takes a page-like query parameter (page, size, limit, cursor, token...),
yet `Operation.pagination` is None. Each candidate the generator leaves alone on
purpose is listed in `LEFT_UNPAGINATED` with the reason; the command prints every
candidate with its reason and exits 1 if one has none (a detection rule missed it,
or the spec grew a new list shape: paginate it or record why not).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .ir.annotate import strip_null
from .ir.model import IR, ModelDef, Operation, TList, TRef, TUnion

# python method -> why it stays a plain call (checked against spec3.yml).
LEFT_UNPAGINATED: dict[str, str] = {
    "ai.conversations.list": (
        "`limit` only: no page number or cursor to ask for the next page with"
    ),
    "email_blocks.list": (
        "answers one of two envelopes (offset: meta.page_number/total_pages, or cursor: "
        "meta.next_cursor/has_next) depending on which page params the caller sends; "
        "one PageSpec cannot follow both"
    ),
}

_PAGE_LIKE = re.compile(r"page|limit|cursor|offset|after|before|token|records", re.IGNORECASE)


def candidates(ir: IR) -> list[tuple[Operation, tuple[str, ...], tuple[str, ...]]]:
    """(operation, its page-like query params, its list fields) of every unpaginated
    GET that looks pageable; a bare list result is the field `[]`; a union result
    counts the list fields of its variants."""
    models = {d.name: d for m in ir.type_modules for d in m.definitions if isinstance(d, ModelDef)}
    found = []
    for op in ir.operations:
        if op.http_method != "get" or op.pagination is not None or op.response_kind != "json":
            continue
        params = tuple(
            p.wire for p in op.params if p.location == "query" and _PAGE_LIKE.search(p.wire)
        )
        result = strip_null(op.returns_type)
        variants = result.variants if isinstance(result, TUnion) else (result,)
        lists: tuple[str, ...] = ()
        for variant in variants:
            if isinstance(variant, TList):
                lists += ("[]",)
            elif isinstance(variant, TRef) and variant.name in models:
                fields = models[variant.name].fields
                lists += tuple(f.wire for f in fields if isinstance(strip_null(f.type), TList))
        lists = tuple(dict.fromkeys(lists))
        if params and lists:
            found.append((op, params, lists))
    return found


def main(argv: list[str] | None = None) -> int:
    from .pipeline import Options, Progress, build

    parser = argparse.ArgumentParser(prog="python -m generator.pagination_audit")
    parser.add_argument("--spec", type=Path, help="default: the pinned Telnyx spec")
    args = parser.parse_args(argv)
    ir = build(Options(spec=args.spec, sections=["all"]), Progress(quiet=True))
    paginated = sum(1 for op in ir.operations if op.pagination is not None)
    print(f"{paginated} of {len(ir.operations)} operations paginated")
    unexplained = 0
    for op, params, lists in candidates(ir):
        reason = LEFT_UNPAGINATED.get(op.python_method)
        unexplained += reason is None
        print(f"{op.python_method}  GET {op.path}  params={list(params)} lists={list(lists)}")
        print(f"    {reason or 'UNEXPLAINED: paginate it or add it to LEFT_UNPAGINATED'}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
