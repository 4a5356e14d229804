"""Hand-written runtime copied verbatim into every generated client package.

Each ``_*.py`` module here becomes ``<package>/_*.py``; they import each other
only relatively so the same files work as ``generator.runtime._x`` in tests.
"""
