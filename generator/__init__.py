"""OpenAPI -> typed Python client generator (load, validate, select, IR, render, format, write)."""

from pathlib import Path

# The project checkout: templates/, specs/ and the default generated/ live here.
ROOT = Path(__file__).resolve().parent.parent
