"""Sections (specs/sections.yaml: section -> tags) -> the operations to generate."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import EXIT_USAGE, GeneratorError
from .load import yaml_error
from .schema.document import declared_tags, operations_with_tags

ALL = "all"  # the pseudo-section: every operation, whatever its tags

OperationKey = tuple[str, str]  # (path, method)


@dataclass(frozen=True)
class Section:
    name: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class SectionsConfig:
    sections: dict[str, Section]
    default: tuple[str, ...]  # ("all",) or section names


@dataclass(frozen=True)
class Selection:
    operations: tuple[OperationKey, ...]  # in document order: paths, then HTTP_METHODS order
    sections: tuple[str, ...]  # the names asked for, or ("all",)
    unsectioned: tuple[OperationKey, ...]  # operations whose tags no section names

    @property
    def untagged_or_unsectioned(self) -> tuple[OperationKey, ...]:
        return self.unsectioned


def load_sections(path: Path) -> SectionsConfig:
    where = str(path)
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise GeneratorError(f"cannot read sections: {error.strerror}", file=where) from None
    except yaml.YAMLError as error:
        raise yaml_error(error, where) from None
    raw = data.get("sections") if isinstance(data, dict) else None
    if not isinstance(raw, dict):
        raise GeneratorError("`sections` must be a mapping of name -> {tags: [...]}", file=where)
    sections: dict[str, Section] = {}
    for name, body in raw.items():
        tags = body.get("tags") if isinstance(body, dict) else None
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise GeneratorError(
                "`tags` must be a list of tag names", file=where, pointer=f"/sections/{name}"
            )
        if str(name) == ALL:
            raise GeneratorError(f"{ALL!r} is reserved", file=where, pointer=f"/sections/{name}")
        sections[str(name)] = Section(str(name), tuple(tags))
    raw_default = data.get("default") or list(sections)
    default = (ALL,) if raw_default == ALL else tuple(str(n) for n in raw_default or [])
    unknown = [n for n in default if n != ALL and n not in sections]
    if unknown:
        raise GeneratorError(
            f"default names unknown sections: {', '.join(unknown)}", file=where, pointer="/default"
        )
    return SectionsConfig(sections, default)


def all_operations(document: dict[str, Any]) -> list[tuple[str, str, tuple[str, ...]]]:
    """(path, method, tags) of every operation, in document order."""
    return operations_with_tags(document)


def uses_section_tags(document: dict[str, Any], config: SectionsConfig) -> bool:
    """Whether `document` declares or uses a tag of `config`'s sections: if not, it is
    another API, whose tags mean nothing to `specs/sections.yaml`."""
    tags = declared_tags(document)
    tags.update(t for _, _, op_tags in all_operations(document) for t in op_tags)
    known = {tag for section in config.sections.values() for tag in section.tags}
    return bool(tags & known)


def select_operations(
    document: dict[str, Any], config: SectionsConfig, names: list[str] | None
) -> Selection:
    """`names` None: the config's default; any name "all": every operation whatever its tags."""
    ops = all_operations(document)
    known_tags = {t for s in config.sections.values() for t in s.tags}
    unsectioned = tuple((p, m) for p, m, tags in ops if not set(tags) & known_tags)
    wanted = list(dict.fromkeys(names if names is not None else config.default))
    if not wanted:
        raise GeneratorError("no sections given", exit_code=EXIT_USAGE)
    if ALL in wanted:
        return Selection(tuple((p, m) for p, m, _ in ops), (ALL,), unsectioned)
    check_names(wanted, config)
    tags = {t for n in wanted for t in config.sections[n].tags}
    chosen = tuple((p, m) for p, m, op_tags in ops if set(op_tags) & tags)
    return Selection(chosen, tuple(wanted), unsectioned)


def check_names(names: list[str], config: SectionsConfig) -> None:
    """An unknown section name is a usage error (before the spec is even loaded)."""
    unknown = [n for n in names if n not in config.sections and n != ALL]
    if unknown:
        raise GeneratorError(_unknown_message(unknown, config), exit_code=EXIT_USAGE)


def _unknown_message(unknown: list[str], config: SectionsConfig) -> str:
    hints = []
    for name in unknown:
        close = difflib.get_close_matches(name, list(config.sections), n=1)
        hints.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    return (
        f"unknown section {', '.join(hints)}; known sections: "
        f"{', '.join(sorted(config.sections))} (or {ALL!r})"
    )
