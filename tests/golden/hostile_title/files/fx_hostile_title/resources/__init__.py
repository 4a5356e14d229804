"""Resources of the Evil \"\"\" {{ x }} {% raw %} API \\ client."""
