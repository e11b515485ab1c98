"""API routes per domain app, included by api/urls.py under /api/v1/."""
