"""The typed, resolved view of an OpenAPI document that the IR builders read.

`pointer` escapes JSON pointer tokens (the one place that does); `node` holds the
frozen `Schema` node; `reader` turns the loaded document's schemas into nodes and
follows `$ref`s; `document` gives operations, parameters, bodies, responses and
webhooks as nodes. Nothing outside this package looks at the raw dicts.
"""
