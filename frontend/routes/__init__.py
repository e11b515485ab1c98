"""Page routes per domain app, included by frontend/urls.py."""
