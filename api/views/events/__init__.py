"""API views for events: thin adapters over events.selectors and events.services."""
