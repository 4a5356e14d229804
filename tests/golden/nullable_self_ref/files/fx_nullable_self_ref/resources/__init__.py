"""Resources of the Nullable Self Ref Fixture client."""
