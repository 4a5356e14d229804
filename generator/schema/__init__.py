"""The typed, resolved view of an OpenAPI document that the IR builders read.

`pointer` escapes JSON pointer tokens (the one place that does); `node` holds the
frozen `Schema` node; `reader` turns the loaded document's schemas into nodes and
follows `$ref`s; `document` gives operations, parameters, bodies, responses and
webhooks as nodes; `values` makes example values that validate against a raw
schema (the guides' examples and the contract tests' calls). Nothing outside
this package looks at the raw dicts, except `refs.py` and `validate.py`, which
resolve and validate the document before any node exists.
"""
