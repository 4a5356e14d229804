"""Resources of the Enums Fixture client."""
