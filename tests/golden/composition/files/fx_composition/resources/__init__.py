"""Resources of the Composition Fixture client."""
