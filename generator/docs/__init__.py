"""What a reader sees: docstrings, the API reference and per-section guides."""
