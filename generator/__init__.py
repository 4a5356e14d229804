"""OpenAPI -> typed Python client generator (load, validate, select, IR, render, format, write)."""

from pathlib import Path

# The generator's release: pyproject.toml reads it from here, generated packages
# record it in _version.py, and the drift check compares it.
__version__ = "0.1.0"

# The project checkout: templates/, specs/ and the default generated/ live here.
ROOT = Path(__file__).resolve().parent.parent
