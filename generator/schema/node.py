"""The frozen node a JSON Schema becomes: every fact the IR reads, typed.

A node keeps its `$ref` as a string; `SchemaReader.deref` follows it, so
recursive schemas are plain data here and cycles are the reader's concern.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

Scalar = Union[str, int, float, bool, None]

# Keywords that describe a schema without constraining its shape: a schema made
# of these (and a `$ref`) is the referenced type, annotated.
ANNOTATION_KEYS = frozenset(
    {
        "description",
        "title",
        "example",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "externalDocs",
        "xml",
        "$comment",
        "summary",
    }
)


@dataclass(frozen=True, slots=True, eq=False)
class Schema:
    """One schema object. Identity is the node (the reader makes one per spec object)."""

    at: str  # JSON pointer of the first place the reader met it
    keys: frozenset[str] = frozenset()  # every keyword present
    # Not a JSON object (a boolean schema, a list, a scalar): constrains nothing.
    opaque: bool = False
    ref: str | None = None
    types: tuple[str, ...] = ()  # declared types, "null" left out (see `nullable`)
    # Admits null beside its type: 3.0 `nullable: true`, `null` in a 3.1 type
    # array, or a null member of its `oneOf`/`anyOf`.
    nullable: bool = False
    # Admits only null: `type: null`, `enum: [null]`, `const: null`.
    null_only: bool = False
    format: str = ""
    enum: tuple[Scalar, ...] | None = None  # the scalar values, in order; None: no enum
    const: tuple[object, ...] = ()  # (value,) when `const` is present
    properties: tuple[tuple[str, Schema], ...] | None = None  # None: no properties map
    required: tuple[str, ...] = ()
    items: Schema | None = None
    prefix_items: tuple[Schema, ...] | None = None
    additional_properties: Schema | None = None  # a non-empty schema; else None
    all_of: tuple[Schema, ...] | None = None
    one_of: tuple[Schema, ...] | None = None
    any_of: tuple[Schema, ...] | None = None
    discriminator: str | None = None  # the discriminator's propertyName
    mapping: tuple[tuple[str, str], ...] = ()  # discriminator mapping: (tag, target)
    title: str = ""
    description: str = ""  # stripped
    read_only: bool = False
    write_only: bool = False
    default: tuple[object, ...] = ()  # (value,) when present
    example: tuple[object, ...] = ()  # (value,) when present

    @property
    def structural(self) -> frozenset[str]:
        """The keywords that constrain the shape (annotations left out)."""
        return self.keys - ANNOTATION_KEYS

    def member_groups(self) -> tuple[tuple[str, tuple[Schema, ...]], ...]:
        """(`oneOf`|`anyOf`, members) for each present, in that order."""
        groups = (("oneOf", self.one_of), ("anyOf", self.any_of))
        return tuple((k, m) for k, m in groups if m is not None)

    def enum_values(self) -> tuple[tuple[Scalar, ...], bool] | None:
        """The distinct non-null enum values, and whether null is one; None: no enum.

        `1` and `True` are equal in Python but distinct enum values.
        """
        if self.enum is None:
            return None
        unique = dict.fromkeys((type(v), v) for v in self.enum if v is not None)
        return tuple(v for _, v in unique), None in self.enum
