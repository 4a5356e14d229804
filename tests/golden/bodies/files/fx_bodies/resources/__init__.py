"""Resources of the Bodies Fixture client."""
