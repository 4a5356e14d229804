"""Resources of the Docs Fixture client."""
