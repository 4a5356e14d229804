"""Dispatch over the IR's type kinds is checked by mypy: forgetting a kind fails."""

from __future__ import annotations

import textwrap

from mypy import api

CHECK = textwrap.dedent("""
    from typing import assert_never

    from generator.ir.model import (
        TAny, TFile, TList, TLiteral, TMap, TNullable, TPrim, TTuple, TUnion, TypeExpr,
    )

    def kind(t: TypeExpr) -> str:
        match t:
            case TPrim() | TAny() | TFile() | TList() | TTuple() | TMap() | TLiteral():
                return "leaf or container"
            case TUnion() | TNullable():
                return "combined"
            case _:
                assert_never(t)  # TRef is missing
    """)


def test_a_forgotten_kind_is_a_mypy_error() -> None:
    out, _, status = api.run(["--strict", "--no-incremental", "-c", CHECK])
    assert status == 1, out
    assert 'has incompatible type "TRef"' in out


def test_every_kind_handled_passes() -> None:
    complete = CHECK.replace("TUnion() | TNullable()", "TUnion() | TNullable() | TRef()")
    complete = complete.replace("TPrim, TTuple,", "TPrim, TRef, TTuple,")
    out, _, status = api.run(["--strict", "--no-incremental", "-c", complete])
    assert status == 0, out
