"""Resources of the Responses Fixture client."""
