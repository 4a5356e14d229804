"""select: sections (groups of tags) -> operations, in document order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import ROOT, pin
from generator.errors import EXIT_USAGE, GeneratorError
from generator.load import load_spec
from generator.select import (
    Section,
    SectionsConfig,
    all_operations,
    load_sections,
    select_operations,
    uses_section_tags,
)

CONFIG = SectionsConfig(
    {
        "a": Section("a", ("Tag A",)),
        "b": Section("b", ("Tag B",)),
        "c": Section("c", ("Tag C", "Tag A")),
    },
    ("a",),
)
DOC = {
    "paths": {
        "/x": {"get": {"tags": ["Tag A"]}, "post": {"tags": ["Tag B"]}, "parameters": []},
        "/y": {"get": {}, "delete": {"tags": ["Tag C"]}},
        "/z": {"put": {"tags": ["Other", "Tag B"]}},
    }
}


def test_default_sections() -> None:
    selection = select_operations(DOC, CONFIG, None)
    assert selection.operations == (("/x", "get"),)
    assert selection.sections == ("a",)


def test_explicit_list_keeps_document_order() -> None:
    selection = select_operations(DOC, CONFIG, ["b", "c"])
    assert selection.operations == (("/x", "get"), ("/x", "post"), ("/y", "delete"), ("/z", "put"))
    assert selection.sections == ("b", "c")


def test_all_takes_every_operation_tagged_or_not() -> None:
    everything = select_operations(DOC, CONFIG, ["all"])
    assert everything.operations == (
        ("/x", "get"),
        ("/x", "post"),
        ("/y", "get"),
        ("/y", "delete"),
        ("/z", "put"),
    )
    assert everything.unsectioned == (("/y", "get"),)
    assert everything.sections == ("all",)


def test_default_all() -> None:
    config = SectionsConfig(CONFIG.sections, ("all",))
    assert len(select_operations(DOC, config, None).operations) == 5


@pytest.mark.parametrize("names", [["nope"], ["a", "nope", "zz"], ["ALL"]])
def test_unknown_section_is_a_usage_error_listing_the_known_ones(names: list[str]) -> None:
    with pytest.raises(GeneratorError) as info:
        select_operations(DOC, CONFIG, names)
    assert info.value.exit_code == EXIT_USAGE
    message = str(info.value)
    for name in names:
        if name not in CONFIG.sections:
            assert repr(name) in message
    assert "known sections: a, b, c" in message and "'all'" in message


def test_load_sections(tmp_path: Path) -> None:
    path = tmp_path / "sections.yaml"
    path.write_text("default: [b]\nsections:\n  a: {tags: [A]}\n  b:\n    tags: [B, 'C D']\n")
    config = load_sections(path)
    assert config.default == ("b",)
    assert config.sections["b"] == Section("b", ("B", "C D"))
    path.write_text("default: all\nsections:\n  a: {tags: [A]}\n")
    assert load_sections(path).default == ("all",)
    path.write_text("sections:\n  a: {tags: [A]}\n  b: {tags: [B]}\n")
    assert load_sections(path).default == ("a", "b")


def test_unreadable_sections_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    with pytest.raises(GeneratorError) as info:
        load_sections(missing)
    assert info.value.file == str(missing) and "\n" not in str(info.value)
    bad = tmp_path / "bad.yaml"
    bad.write_text("sections: [\n")
    with pytest.raises(GeneratorError) as info:
        load_sections(bad)
    assert info.value.file == str(bad)


def test_invalid_sections_yaml_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("sections: [\n")
    with pytest.raises(GeneratorError) as info:
        load_sections(bad)
    assert "\n" not in str(info.value)


def test_the_repository_sections_file_loads() -> None:
    from generator.pipeline import SECTIONS_FILE

    config = load_sections(SECTIONS_FILE)
    assert config.sections
    assert all(name == "all" or name in config.sections for name in config.default)


def test_all_among_other_names_means_everything() -> None:
    assert select_operations(DOC, CONFIG, ["a", "all"]).sections == ("all",)


def test_repeated_names_count_once() -> None:
    assert select_operations(DOC, CONFIG, ["b", "b"]).sections == ("b",)


def test_unknown_section_suggests_a_close_name() -> None:
    with pytest.raises(GeneratorError, match=r"'bb' \(did you mean 'b'\?\)"):
        select_operations(DOC, CONFIG, ["bb"])


def test_untagged_or_unsectioned() -> None:
    selection = select_operations(DOC, CONFIG, ["a"])
    assert selection.untagged_or_unsectioned == selection.unsectioned == (("/y", "get"),)


def check_tags(document: dict[str, Any], config: SectionsConfig) -> dict[str, list[str]]:
    """Mismatches between the sections file and a spec.

    "missing": section tags no operation of the spec uses (a typo, or a tag the
    API dropped); "unsectioned": tags operations use that no section names;
    "duplicated": tags named by more than one section.
    """
    used = {t for _, _, tags in all_operations(document) for t in tags}
    named: dict[str, int] = {}
    for section in config.sections.values():
        for tag in section.tags:
            named[tag] = named.get(tag, 0) + 1
    return {
        "missing": sorted(t for t in named if t not in used),
        "unsectioned": sorted(t for t in used if t not in named),
        "duplicated": sorted(t for t, n in named.items() if n > 1),
    }


def test_check_tags() -> None:
    config = SectionsConfig(
        {"a": Section("a", ("Tag A", "Gone")), "b": Section("b", ("Tag B", "Tag A"))}, ("a",)
    )
    assert check_tags(DOC, config) == {
        "missing": ["Gone"],
        "unsectioned": ["Other", "Tag C"],
        "duplicated": ["Tag A"],
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sections: [a, b]\n", "must be a mapping"),
        ("sections:\n  a: {tags: A}\n", "list of tag names"),
        ("sections:\n  all: {tags: [A]}\n", "reserved"),
        ("default: [zz]\nsections:\n  a: {tags: [A]}\n", "unknown sections: zz"),
    ],
)
def test_malformed_sections_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "sections.yaml"
    path.write_text(text)
    with pytest.raises(GeneratorError, match=message) as info:
        load_sections(path)
    assert info.value.file == str(path)


def test_sections_file_matches_the_pinned_spec() -> None:
    """Every section tag exists, every tag has one section; the seed sections and `all`
    select what tests/pinned_spec.yaml (refreshed by update-spec) says."""
    try:
        path = pin.default_spec()
    except GeneratorError as error:
        pytest.skip(str(error))
    facts = yaml.safe_load((ROOT / "tests" / "pinned_spec.yaml").read_text())
    assert facts["sha256"] == pin.read_pin().sha256, "run `make update-spec` to refresh the facts"
    document = load_spec(path).document
    config = load_sections(ROOT / "specs" / "sections.yaml")
    assert check_tags(document, config) == {"missing": [], "unsectioned": [], "duplicated": []}
    seeds = select_operations(document, config, facts["seed_sections"])
    assert len(seeds.operations) == facts["seed_sections_operations"]
    assert len(select_operations(document, config, ["all"]).operations) == facts["operations"]


def test_a_document_uses_section_tags_if_it_declares_or_uses_one() -> None:
    assert uses_section_tags(DOC, CONFIG)
    declared_only = {"tags": [{"name": "Tag B"}], "paths": {"/q": {"get": {"tags": ["Q"]}}}}
    assert uses_section_tags(declared_only, CONFIG)
    other_api = {"tags": [{"name": "Q"}], "paths": {"/q": {"get": {"tags": ["Q"]}}}}
    assert not uses_section_tags(other_api, CONFIG)
