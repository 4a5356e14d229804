"""What changed for users between two API snapshots (api_snapshot.py), as a changelog.

Each change is classed by what it does to code written against the old client:
- breaking: such code may stop working or type-checking (a method, parameter,
  type or field gone; a parameter newly required; a type changed) - a major bump;
- additive: new things only - a minor bump;
- compatible: the Python surface is the same but the wire or metadata is not (a
  parameter sent as a header instead of in the body, a page style, a deprecation)
  - a patch bump, still listed because the requests the client sends differ.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .api_snapshot import Snapshot

Impact = Literal["breaking", "additive", "compatible"]
_ORDER: dict[Impact, int] = {"breaking": 0, "additive": 1, "compatible": 2}
_HEADINGS: dict[Impact, str] = {
    "breaking": "Breaking changes",
    "additive": "Additions",
    "compatible": "Other changes (same Python signatures)",
}


@dataclass(frozen=True, order=True)
class Change:
    impact: Impact
    subject: str  # "method `a.b`", "type `X`", "servers"
    message: str


def compare(old: Snapshot, new: Snapshot) -> list[Change]:
    """Every user-visible change from `old` to `new`, breaking first, then by subject."""
    changes = [*_servers(old, new), *_methods(old, new), *_types(old, new)]
    return sorted(changes, key=lambda c: (_ORDER[c.impact], c.subject, c.message))


def bump(changes: list[Change]) -> Literal["major", "minor", "patch", "none"]:
    impacts = {c.impact for c in changes}
    if "breaking" in impacts:
        return "major"
    if "additive" in impacts:
        return "minor"
    return "patch" if impacts else "none"


def next_version(version: str, level: str) -> str:
    """Semver `version` bumped by `level`; before 1.0 a breaking change bumps the minor."""
    parts = version.split("+")[0].split("-")[0].split(".")
    major, minor, patch = (int(p) if p.isdigit() else 0 for p in [*parts, "0", "0", "0"][:3])
    if level == "major" and major == 0:
        level = "minor"
    match level:
        case "major":
            return f"{major + 1}.0.0"
        case "minor":
            return f"{major}.{minor + 1}.0"
        case "patch":
            return f"{major}.{minor}.{patch + 1}"
        case _:
            return version


def markdown(changes: list[Change], *, title: str) -> str:
    """A CHANGELOG.md section: `title` as its heading, changes grouped by impact."""
    lines = [f"## {title}", ""]
    if not changes:
        lines += ["No changes to the API.", ""]
    for impact in ("breaking", "additive", "compatible"):
        group = [c for c in changes if c.impact == impact]
        if group:
            lines += [f"### {_HEADINGS[impact]}", ""]
            lines += [f"- {c.subject}: {c.message}" for c in group]
            lines.append("")
    return "\n".join(lines)


# ---- servers ----------------------------------------------------------------------


def _servers(old: Snapshot, new: Snapshot) -> Iterator[Change]:
    before, after = old.get("servers") or [], new.get("servers") or []
    if before != after:
        yield Change(
            "breaking",
            "servers",
            f"the default server changed from {_list(before)} to {_list(after)}",
        )


def _list(urls: list[str]) -> str:
    return ", ".join(f"`{u}`" for u in urls) or "(none)"


# ---- methods ----------------------------------------------------------------------


def _methods(old: Snapshot, new: Snapshot) -> Iterator[Change]:
    before: Mapping[str, Any] = old["methods"]
    after: Mapping[str, Any] = new["methods"]
    for name in sorted(before.keys() - after.keys()):
        yield Change("breaking", f"method `{name}`", f"removed ({before[name]['http']})")
    for name in sorted(after.keys() - before.keys()):
        yield Change("additive", f"method `{name}`", f"added ({after[name]['http']})")
    for name in sorted(before.keys() & after.keys()):
        yield from _method(f"method `{name}`", before[name], after[name])


def _method(subject: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    if old["http"] != new["http"]:
        yield Change("compatible", subject, f"now `{new['http']}` (was `{old['http']}`)")
    if old.get("server") != new.get("server"):
        yield Change(
            "breaking",
            subject,
            f"server changed from {old.get('server') or 'the default'} "
            f"to {new.get('server') or 'the default'}",
        )
    yield from _params(subject, old["params"], new["params"])
    if old.get("body") != new.get("body"):
        yield Change(
            "compatible",
            subject,
            f"request body media types {old.get('body') or 'none'} -> {new.get('body') or 'none'}",
        )
    if old["returns"] != new["returns"]:
        yield Change("breaking", subject, f"returns `{new['returns']}` (was `{old['returns']}`)")
    was, now = old.get("pagination"), new.get("pagination")
    if was != now:
        if was is None or now is None:
            yield Change(
                "breaking",
                subject,
                "now paginated" + f" ({now})" if now else f"no longer paginated (was {was})",
            )
        else:
            yield Change("compatible", subject, f"pagination {was} -> {now}")
    if not old.get("deprecated") and new.get("deprecated"):
        yield Change("compatible", subject, "deprecated")


def _params(subject: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    for name in sorted(old.keys() - new.keys()):
        yield Change("breaking", subject, f"parameter `{name}` removed")
    for name in sorted(new.keys() - old.keys()):
        p = new[name]
        if p["required"]:
            yield Change("breaking", subject, f"required parameter `{name}` ({p['in']}) added")
        else:
            yield Change("additive", subject, f"optional parameter `{name}` ({p['in']}) added")
    for name in sorted(old.keys() & new.keys()):
        was, now = old[name], new[name]
        if was["required"] != now["required"]:
            if now["required"]:
                yield Change("breaking", subject, f"parameter `{name}` is now required")
            else:
                yield Change("additive", subject, f"parameter `{name}` is now optional")
        if was["type"] != now["type"]:
            yield _type_change(subject, f"parameter `{name}`", was["type"], now["type"])
        if was["in"] != now["in"] or was["wire"] != now["wire"]:
            yield Change(
                "compatible",
                subject,
                f"parameter `{name}` is sent as {now['in']} `{now['wire']}` "
                f"(was {was['in']} `{was['wire']}`); the Python signature is unchanged",
            )


# ---- types ------------------------------------------------------------------------


def _types(old: Snapshot, new: Snapshot) -> Iterator[Change]:
    before: Mapping[str, Any] = old.get("types") or {}
    after: Mapping[str, Any] = new.get("types") or {}
    for name in sorted(before.keys() - after.keys()):
        yield Change("breaking", f"type `{name}`", "removed")
    for name in sorted(after.keys() - before.keys()):
        yield Change("additive", f"type `{name}`", f"added ({after[name]['kind']})")
    for name in sorted(before.keys() & after.keys()):
        yield from _type(f"type `{name}`", before[name], after[name])


def _type(subject: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    if old["module"] != new["module"]:
        yield Change(
            "breaking", subject, f"moved from `types.{old['module']}` to `types.{new['module']}`"
        )
    if old["kind"] != new["kind"]:
        yield Change("breaking", subject, f"is now a {new['kind']} (was a {old['kind']})")
        return
    if "values" in old and "values" in new:
        yield from _values(subject, old["values"], new["values"])
    elif old.get("type") != new.get("type"):
        yield _type_change(subject, "definition", old.get("type"), new.get("type"))
    if "fields" in old and "fields" in new:
        yield from _fields(subject, new["kind"], old["fields"], new["fields"])


def _fields(
    subject: str, kind: str, old: Mapping[str, Any], new: Mapping[str, Any]
) -> Iterator[Change]:
    # A model is read (a new field is harmless); a TypedDict is written (a new
    # required key breaks every literal that builds one).
    request = kind == "typeddict"
    for name in sorted(old.keys() - new.keys()):
        yield Change("breaking", subject, f"field `{name}` removed")
    for name in sorted(new.keys() - old.keys()):
        required = new[name]["required"]
        impact: Impact = "breaking" if request and required else "additive"
        which = "required" if required else "optional"
        yield Change(impact, subject, f"{which} field `{name}: {new[name]['type']}` added")
    for name in sorted(old.keys() & new.keys()):
        was, now = old[name], new[name]
        if was["required"] != now["required"]:
            # Required -> optional makes a model's attribute Optional (breaking for
            # readers); optional -> required breaks writers of a TypedDict.
            breaking = now["required"] == request
            yield Change(
                "breaking" if breaking else "additive",
                subject,
                f"field `{name}` is now {'required' if now['required'] else 'optional'}",
            )
        if was["type"] != now["type"]:
            yield _type_change(
                subject, f"field `{name}`", was["type"], now["type"], read=not request
            )
        if was["wire"] != now["wire"]:
            yield Change(
                "compatible",
                subject,
                f"field `{name}` is `{now['wire']}` on the wire (was `{was['wire']}`)",
            )


def _values(subject: str, old: list[Any], new: list[Any]) -> Iterator[Change]:
    gone = [v for v in old if v not in new]
    added = [v for v in new if v not in old]
    if len(gone) == 1 and len(added) == 1:
        yield Change("breaking", subject, f"enum value {gone[0]!r} renamed to {added[0]!r}")
        return
    if gone:
        yield Change("breaking", subject, f"enum values removed: {_values_text(gone)}")
    if added:
        yield Change("additive", subject, f"enum values added: {_values_text(added)}")


def _values_text(values: list[Any]) -> str:
    return ", ".join(repr(v) for v in values)


def _type_change(subject: str, what: str, old: Any, new: Any, *, read: bool = False) -> Change:
    """A changed annotation. Between two `Literal[...]` in the same place it is the
    values that changed; a widened input (`str` -> `Optional[str]`, one more union
    member) or a narrowed output (`Optional[X]` -> `X` for a value read) is additive."""
    before, after = _literal(old), _literal(new)
    if before is not None and after is not None and before[0] == after[0]:
        changes = list(_values(subject, before[1], after[1]))
        if len(changes) == 1:
            return Change(changes[0].impact, subject, f"{what}: {changes[0].message}")
    message = f"{what} is `{new}` (was `{old}`)"
    widened = isinstance(old, str) and isinstance(new, str) and _accepts(new, old)
    narrowed = isinstance(old, str) and isinstance(new, str) and _accepts(old, new)
    if narrowed if read else widened:
        return Change("additive", subject, message)
    return Change("breaking", subject, message)


def _literal(annotation: Any) -> tuple[str, list[Any]] | None:
    """(the annotation with its one `Literal[...]` blanked, the literal's values)."""
    if not isinstance(annotation, str) or annotation.count("Literal[") != 1:
        return None
    start = annotation.index("Literal[")
    end = _closing(annotation, start + len("Literal"))
    if end < 0:
        return None
    try:
        values = ast.literal_eval(f"({annotation[start + len('Literal['):end]},)")
    except (ValueError, SyntaxError):
        return None
    return annotation[:start] + "Literal[...]" + annotation[end + 1 :], list(values)


def _accepts(wide: str, narrow: str) -> bool:
    """Every value of annotation `narrow` is one of `wide` (as far as the text shows)."""
    wide, narrow = _key_type(wide), _key_type(narrow)
    if wide == narrow:
        return True
    literal = _literal(narrow)
    if wide == "str" and literal and literal[0] == "Literal[...]":
        return all(isinstance(v, str) for v in literal[1])
    wide_members, narrow_members = _members(wide), _members(narrow)
    if len(wide_members) > 1 or len(narrow_members) > 1:
        return all(any(_accepts(w, n) for w in wide_members) for n in narrow_members)
    for container in ("List[", "Dict[str, "):
        if wide.startswith(container) and narrow.startswith(container):
            return _accepts(wide[len(container) : -1], narrow[len(container) : -1])
    return False


def _members(annotation: str) -> list[str]:
    """The alternatives of a top-level Optional[...] / Union[...], else the annotation."""
    for prefix, extra in (("Optional[", ["None"]), ("Union[", [])):
        if (
            annotation.startswith(prefix)
            and _closing(annotation, len(prefix) - 1) == len(annotation) - 1
        ):
            inner = annotation[len(prefix) : -1]
            return [m for part in _split(inner) for m in _members(part)] + extra
    return [annotation]


def _split(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def _closing(text: str, open_at: int) -> int:
    """Index of the `]` matching the `[` at `open_at` (-1: none)."""
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _key_type(annotation: str) -> str:
    """A TypedDict key's `Required[X]` is X: being required is compared on its own."""
    if annotation.startswith("Required[") and annotation.endswith("]"):
        return annotation[len("Required[") : -1]
    return annotation
