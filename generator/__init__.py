"""OpenAPI -> typed Python client generator (load, validate, select, IR, render, format, write)."""
