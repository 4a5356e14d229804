"""Resources of the Resource Type Clash Fixture client."""
