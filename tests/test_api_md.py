"""generated/api.md names every method of the client, and every name it shows resolves."""

from __future__ import annotations

import json
import re

from tests.conftest import GENERATED, run_python

API_MD = GENERATED / "api.md"
# `, <media type>` after the link: a route with more methods (specs/overrides.yaml `twins`).
_METHOD = re.compile(
    r"^- `client\.([\w.]+)\((.*?)\) -> (.+?)` \(\[`(\w+) (\S+)`\]\((\S+)\)(?:, ([^)]+))?\)$",
    re.M,
)

# In a fresh interpreter: run every import block of api.md, then resolve every
# method on a client and every name of every return annotation.
CHECK = r"""
import builtins, json, re, sys, typing
import telnyx_client
text = open("api.md", encoding="utf-8").read()
namespace = {}
for block in re.findall(r"^```python\n(.*?)^```", text, re.S | re.M):
    exec(block, namespace)
client = telnyx_client.Telnyx(api_key="k")
missing = []
for dotted, returns in json.loads(sys.argv[1]):
    target = client
    for part in dotted.split("."):
        target = getattr(target, part, None)
    if not callable(target):
        missing.append(dotted)
    for name in re.findall(r"[A-Za-z_]\w*", returns):
        if name not in namespace and not hasattr(builtins, name) and not hasattr(typing, name):
            missing.append(f"{dotted} -> {name}")
print(json.dumps(missing))
"""


def _methods() -> list[tuple[str, ...]]:
    return _METHOD.findall(API_MD.read_text(encoding="utf-8"))


def test_every_operation_is_listed_once_with_its_route() -> None:
    operations = json.loads((GENERATED / "operations.json").read_text(encoding="utf-8"))
    listed = {m[0]: (m[3], m[4]) for m in _methods()}
    assert len(_methods()) == len(listed) == len(operations)
    assert listed == {
        op["python_method"]: (op["http_method"].upper(), op["path"]) for op in operations
    }


def test_the_methods_of_one_route_say_what_their_body_goes_as() -> None:
    sends = {m[0]: m[6] for m in _methods() if m[6]}
    assert sends == {
        "media.upload": "application/json",
        "media.upload_file": "multipart/form-data",
        "pronunciation_dicts.create": "application/json",
        "pronunciation_dicts.create_from_file": "multipart/form-data",
    }


def test_every_linked_file_exists() -> None:
    assert all((GENERATED / m[5]).is_file() for m in _methods())


def test_every_name_resolves() -> None:
    pairs = [(m[0], m[2]) for m in _methods()]
    proc = run_python("-c", CHECK, json.dumps(pairs), cwd=GENERATED)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []
