"""Every Python example of every guide (generated/docs/*.md) runs against Prism.

A guide's blocks run in order in one namespace, like a reader's session: the setup
block makes `client` (from TELNYX_API_KEY, pointed at Prism through
TELNYX_BASE_URL), the rest call it. Prism rejects a request that does not match the
spec (422, which raises), and the answer must parse into the declared model. The
operations Prism cannot serve, or serves a misfitting static answer for, are the
contract test's exceptions (each covered there).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator.ir.model import IR
from tests.conftest import GENERATED
from tests.contract.test_contract import DYNAMIC, STATIC_RESPONSE_MISFITS, UNSERVABLE

pytestmark = pytest.mark.contract

GUIDES = sorted((GENERATED / "docs").glob("*.md"))
_CALL = re.compile(r"client\.([\w.]+)\(")


def blocks(guide: Path) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", guide.read_text(encoding="utf-8"), re.S | re.M)


def test_every_operation_has_a_guide_example(ir_and_doc: tuple[IR, dict[str, Any]]) -> None:
    ir, _ = ir_and_doc
    shown = {m for guide in GUIDES for block in blocks(guide) for m in _CALL.findall(block)}
    in_guides = {name for g in ir.guides for name in g.operations}
    assert {g.section for g in ir.guides} == {p.stem for p in GUIDES}
    assert in_guides - shown == set()


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.stem)
def test_examples_run(
    guide: Path, prism_url: str, package: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELNYX_API_KEY", "KEY_GUIDE_TEST")
    monkeypatch.setenv("TELNYX_BASE_URL", prism_url)
    namespace: dict[str, Any] = {"print": lambda *args, **kwargs: None}
    failures, ran = [], 0
    for number, block in enumerate(blocks(guide), 1):
        called = _CALL.findall(block)
        if any(name in UNSERVABLE for name in called):
            continue
        client = namespace.get("client")
        if client is not None and any(name in STATIC_RESPONSE_MISFITS for name in called):
            namespace["client"] = client.with_options(default_headers=DYNAMIC)
        try:
            exec(compile(block, f"{guide.name} python block {number}", "exec"), namespace)
            ran += 1
        except Exception as exc:
            failures.append(f"block {number}: {type(exc).__name__}: {exc}\n{block}")
        finally:
            if client is not None:
                namespace["client"] = client
    assert not failures, f"{len(failures)} examples of {guide.name} failed:\n" + "\n\n".join(
        failures
    )
    assert ran >= 3
