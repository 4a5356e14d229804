"""Benchmarks against the peers: `python -m bench` or `make bench`.

Sections, one module each:

- `generation`: the full Telnyx spec, ours (cold and warm cache) vs openapi-python-client
- `imports`: import + construct + touch one resource, ours vs the official `telnyx` SDK
- `overhead`: per-request overhead against a local server, ours vs SDK vs raw httpx
- `scale`: generation time and output size against the number of operations
- `regen`: regenerating after a spec update, into the same output directory

`python -m bench --smoke` runs every section once on tiny inputs (used by
tests/test_bench_smoke.py); peers whose virtualenv is not installed are skipped
there. Scratch files, virtualenvs and downloads live in `.bench/` (git-ignored).
"""
