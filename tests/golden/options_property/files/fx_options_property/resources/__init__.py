"""Resources of the Options Property Fixture client."""
