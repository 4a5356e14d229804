"""Resources of the Telnyx API client."""
