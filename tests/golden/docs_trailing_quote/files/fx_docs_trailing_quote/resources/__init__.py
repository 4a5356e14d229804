"""Resources of the Docs Trailing Quote Fixture client."""
