"""The guides (generated/docs/<section>.md) cover their sections: each seed section's
guide has an entry for every operation of the seed table, with its route, required
and optional parameters, an example call and the returned fields."""

from __future__ import annotations

import csv
import re

import pytest

from tests.conftest import GENERATED, SEEDS_TSV

if not SEEDS_TSV.is_file():
    pytest.skip(f"seed table not found at {SEEDS_TSV}", allow_module_level=True)


# Returned fields the seed documents list that the pinned spec's response model lacks.
ABSENT_FROM_SPEC = {
    ("requirements.list", "requirements_types"),
    ("requirements.retrieve", "requirements_types"),
    ("credential_connections.actions.check_registration_status", "registration_status"),
    (
        "credential_connections.actions.check_registration_status",
        "registration_status_updated_at",
    ),
}


def _rows() -> list[dict[str, str]]:
    with SEEDS_TSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _entries(section: str) -> dict[str, str]:
    """Route ("GET /path") -> the text of its entry in the section's guide."""
    text = (GENERATED / "docs" / f"{section}.md").read_text(encoding="utf-8")
    entries = {}
    for entry in re.split(r"^## ", text, flags=re.M)[1:]:
        route = re.search(r"^`([A-Z]+ \S+)` - `client\.", entry, re.M)
        if route:
            entries[route.group(1)] = entry
    return entries


@pytest.mark.parametrize("section", sorted({row["section"] for row in _rows()}))
def test_seed_section_guide_covers_every_operation(section: str) -> None:
    entries = _entries(section)
    rows = [row for row in _rows() if row["section"] == section]
    assert rows
    for row in rows:
        entry = entries.get(f"{row['http_method']} {row['path']}")
        assert entry is not None, f"{section}: no entry for {row['http_method']} {row['path']}"
        assert "```python\n" in entry
        required = entry.split("Optional parameters:")[0].split("```python")[0]
        for name in filter(None, row["required"].split(",")):
            assert f"- `{name}` (" in required, f"{row['python_method']}: {name}"
        fields = entry.split("fields: ")[-1] if "fields: " in entry else ""
        for name in filter(None, row["returns"].split(",")):
            if (row["python_method"], name) not in ABSENT_FROM_SPEC:
                assert f"`{name}` (" in fields, f"{row['python_method']} returns {name}"
