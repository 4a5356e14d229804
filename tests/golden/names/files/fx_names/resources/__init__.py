"""Resources of the Names Fixture client."""
