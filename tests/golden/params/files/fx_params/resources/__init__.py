"""Resources of the Params Fixture client."""
