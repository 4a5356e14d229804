"""Sections (specs/sections.yaml: section -> tags) -> the operations to generate."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import EXIT_USAGE, GeneratorError

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Section:
    name: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class SectionsConfig:
    sections: dict[str, Section]
    default: tuple[str, ...]


@dataclass(frozen=True)
class Selection:
    operations: tuple[tuple[str, str], ...]  # (path, method) in document order
    sections: tuple[str, ...]
    unsectioned: tuple[tuple[str, str], ...]  # operations no section's tags name


def load_sections(path: Path) -> SectionsConfig:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise GeneratorError(f"cannot read sections: {error}", file=str(path)) from None
    raw = data.get("sections") or {}
    sections = {
        str(name): Section(str(name), tuple(str(t) for t in (body or {}).get("tags", [])))
        for name, body in raw.items()
    }
    raw_default = data.get("default") or list(sections)
    default = ("all",) if raw_default == "all" else tuple(str(n) for n in raw_default)
    return SectionsConfig(sections, default)


def all_operations(document: dict[str, Any]) -> list[tuple[str, str, tuple[str, ...]]]:
    result = []
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                tags = tuple(t for t in op.get("tags", []) or [] if isinstance(t, str))
                result.append((path, method, tags))
    return result


def select_operations(
    document: dict[str, Any], config: SectionsConfig, names: list[str] | None
) -> Selection:
    """`names` None: the default sections; ["all"]: every operation whatever its tags."""
    ops = all_operations(document)
    known_tags = {t for s in config.sections.values() for t in s.tags}
    unsectioned = tuple((p, m) for p, m, tags in ops if not set(tags) & known_tags)
    if names is None and config.default == ("all",):
        names = ["all"]
    if names == ["all"]:
        return Selection(tuple((p, m) for p, m, _ in ops), ("all",), unsectioned)
    wanted = list(names) if names is not None else list(config.default)
    unknown = [n for n in wanted if n not in config.sections]
    if unknown:
        raise GeneratorError(
            f"unknown section {', '.join(map(repr, unknown))}; known sections: "
            f"{', '.join(sorted(config.sections))} (or 'all')",
            exit_code=EXIT_USAGE,
        )
    tags = {t for n in wanted for t in config.sections[n].tags}
    chosen = tuple((p, m) for p, m, op_tags in ops if set(op_tags) & tags)
    return Selection(chosen, tuple(wanted), unsectioned)
